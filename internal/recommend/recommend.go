// Package recommend suggests titles: "Similar titles" for every title and
// "For you" for every member with a history.
//
// Similar titles blend two measures. Content similarity is the cosine of
// sparse feature vectors (genres, tags, leading cast and key crew,
// countries), each feature weighted by its kind and by IDF, so a shared
// rare tag or actor says more than a shared genre. Collaborative similarity
// is the cosine of the titles' vectors of member preferences (a rating
// measured against the member's own mean, else the watch status), shrunk
// towards zero for titles few members share. The more members a title has,
// the more the collaborative part counts. A member's recommendations add up
// the neighbours of the titles they liked, weighted by how much, leave out
// everything they rated or tracked, and name the title that contributed
// most ("because you liked …"); popular titles fill the rest. Editorial
// recommendations (catalog relations of kind "recommendation") always come
// first: see WithEditorial.
//
// Everything is computed in memory from rows streamed once (Build), never
// in a request: Run rebuilds periodically, and `dramadb recommend build`
// on demand. Results are written under a new build number, a batch per
// transaction, and readers switch to the new build at once when it is
// complete. Evaluate measures the model against popularity on held-out
// interactions; Plant makes members with planted tastes to measure it on.
package recommend

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
)

// Options tune the service; zero values take the defaults.
type Options struct {
	// Every is how often Run rebuilds (default one hour).
	Every time.Duration
	// MaxStale bounds how long a reader may keep using a build after
	// another server switched to a newer one (default 30 seconds).
	MaxStale time.Duration
	// SimilarK is the number of similar titles kept per title (default
	// 20), PersonalK the number of recommendations per member (default 50).
	SimilarK, PersonalK int
	Log                 *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Item is one recommended title.
type Item struct {
	Title catalog.TitleRef `json:"title"`
	// Score orders computed items; editorial ones have none.
	Score     float64 `json:"score,omitempty"`
	Editorial bool    `json:"editorial,omitempty"`
	// Note is the editors' reason for an editorial recommendation.
	Note string `json:"note,omitempty"`
	// Because is the member's title that led here most.
	Because *catalog.TitleRef `json:"because,omitempty"`
}

// Similar are the computed titles most like one title, best first.
type Similar struct {
	Items   []Item
	BuiltAt time.Time
}

// Personal are a member's recommendations, best first.
type Personal struct {
	Items []Item `json:"items"`
	// Popular is set when the last build had no history of the member to
	// go on and the items are simply the titles most members like.
	Popular bool      `json:"popular,omitempty"`
	BuiltAt time.Time `json:"built_at,omitzero"`
}

// Service computes and serves recommendations.
type Service struct {
	db  *database.DB
	opt Options
	now func() time.Time
	log *slog.Logger

	mu        sync.Mutex
	build     int64
	builtAt   time.Time
	checkedAt time.Time
	similar   map[int64]*cachedSimilar
}

type cachedSimilar struct {
	v     *Similar
	build int64
	at    time.Time
}

// NewService returns the recommendation service over db.
func NewService(db *database.DB, opt Options) *Service {
	if opt.Every <= 0 {
		opt.Every = time.Hour
	}
	if opt.MaxStale <= 0 {
		opt.MaxStale = 30 * time.Second
	}
	if opt.SimilarK <= 0 {
		opt.SimilarK = 20
	}
	if opt.PersonalK <= 0 {
		opt.PersonalK = 50
	}
	s := &Service{db: db, opt: opt, now: opt.Now, log: opt.Log, similar: map[int64]*cachedSimilar{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s
}

// current returns the build readers use, read again from the database at
// most every MaxStale.
func (s *Service) current(ctx context.Context) (int64, time.Time, error) {
	s.mu.Lock()
	b, at, checked := s.build, s.builtAt, s.checkedAt
	s.mu.Unlock()
	if !checked.IsZero() && s.now().Sub(checked) < s.opt.MaxStale {
		return b, at, nil
	}
	var built sql.NullTime
	if err := s.db.Reader().QueryRow(ctx, "SELECT build, built_at FROM recommend_state WHERE id = 1").Scan(&b, &built); err != nil {
		return 0, time.Time{}, err
	}
	s.mu.Lock()
	if b >= s.build {
		s.build, s.builtAt = b, built.Time
	}
	s.checkedAt = s.now()
	b, at = s.build, s.builtAt
	s.mu.Unlock()
	return b, at, nil
}

// switched tells readers in this process about a build at once.
func (s *Service) switched(build int64) {
	s.mu.Lock()
	if build > s.build {
		s.build, s.builtAt = build, s.now().UTC()
	}
	s.checkedAt = s.now()
	s.mu.Unlock()
}

const refColumns = "t.id, t.slug, t.kind, t.name, t.original_title, t.start_year, t.logline"

func scanRef(ref *catalog.TitleRef, year *sql.NullInt64) []any {
	return []any{&ref.ID, &ref.Slug, &ref.Kind, &ref.Name, &ref.NativeName, year, &ref.Logline}
}

// Similar returns the computed titles most like a title. The same value
// comes back until a new build or a change to one of its titles, so a page
// made from it can be kept.
func (s *Service) Similar(ctx context.Context, titleID int64) (*Similar, error) {
	build, builtAt, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	c := s.similar[titleID]
	s.mu.Unlock()
	if c != nil && c.build == build && s.now().Sub(c.at) < s.opt.MaxStale {
		return c.v, nil
	}
	fresh := &Similar{Items: []Item{}, BuiltAt: builtAt}
	rows, err := s.db.Reader().Query(ctx, "SELECT "+refColumns+`, s.score FROM title_similar s JOIN titles t ON t.id = s.similar_id
		WHERE s.title_id = ? AND s.build = ? ORDER BY s.rank`, titleID, build)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var year sql.NullInt64
		if err := rows.Scan(append(scanRef(&it.Title, &year), &it.Score)...); err != nil {
			return nil, err
		}
		it.Title.Year = int(year.Int64)
		fresh.Items = append(fresh.Items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Re-read after MaxStale to pick up renamed titles, but hand out the
	// value already kept when nothing changed.
	if c != nil && c.v.BuiltAt.Equal(fresh.BuiltAt) && slices.Equal(c.v.Items, fresh.Items) {
		fresh = c.v
	}
	s.mu.Lock()
	if len(s.similar) > 50000 {
		clear(s.similar)
	}
	s.similar[titleID] = &cachedSimilar{v: fresh, build: build, at: s.now()}
	s.mu.Unlock()
	return fresh, nil
}

// WithEditorial returns what a title page shows as similar titles: the
// editors' recommendations first, with their notes, then the computed ones
// not already named, at most limit in all.
func WithEditorial(t *catalog.Title, sim *Similar, limit int) []Item {
	var out []Item
	seen := map[string]bool{t.Slug: true}
	for _, rel := range t.Related {
		if rel.Relation != catalog.RelRecommendation || rel.Ref == nil || seen[rel.Title] || len(out) >= limit {
			continue
		}
		seen[rel.Title] = true
		out = append(out, Item{Title: *rel.Ref, Editorial: true, Note: rel.Note})
	}
	if sim != nil {
		for _, it := range sim.Items {
			if len(out) >= limit {
				break
			}
			if !seen[it.Title.Slug] {
				seen[it.Title.Slug] = true
				out = append(out, it)
			}
		}
	}
	return out
}

// ForMember returns up to limit recommendations for a member, leaving out
// what they have rated or tracked since the build. A member without a
// history gets the most popular titles they have not seen.
func (s *Service) ForMember(ctx context.Context, userID int64, limit int) (*Personal, error) {
	build, builtAt, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), s.opt.PersonalK)
	const unseen = ` AND NOT EXISTS (SELECT 1 FROM title_ratings x WHERE x.user_id = ? AND x.target_id = t.id)
		AND NOT EXISTS (SELECT 1 FROM watch_entries w WHERE w.user_id = ? AND w.title_id = t.id)`
	p := &Personal{Items: []Item{}, BuiltAt: builtAt}
	rows, err := s.db.Reader().Query(ctx, "SELECT "+refColumns+`, r.score, b.slug, b.kind, b.name, b.original_title
		FROM member_recommendations r JOIN titles t ON t.id = r.title_id LEFT JOIN titles b ON b.id = r.because_id
		WHERE r.user_id = ? AND r.build = ?`+unseen+` ORDER BY r.rank LIMIT ?`, userID, build, userID, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var year sql.NullInt64
		var bSlug, bKind, bName, bNative sql.NullString
		if err := rows.Scan(append(scanRef(&it.Title, &year), &it.Score, &bSlug, &bKind, &bName, &bNative)...); err != nil {
			return nil, err
		}
		it.Title.Year = int(year.Int64)
		if bSlug.Valid {
			it.Because = &catalog.TitleRef{Slug: bSlug.String, Kind: bKind.String, Name: bName.String, NativeName: bNative.String}
		}
		p.Items = append(p.Items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(p.Items) > 0 {
		return p, nil
	}
	// Popular titles stand in; they are "popular" to the member only when
	// the build had nothing for them (not when they have seen it all since).
	var stored int
	if err := s.db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM member_recommendations WHERE user_id = ? AND build = ?", userID, build).Scan(&stored); err != nil {
		return nil, err
	}
	p.Popular = stored == 0
	rows, err = s.db.Reader().Query(ctx, "SELECT "+refColumns+`, r.score FROM recommend_popular r JOIN titles t ON t.id = r.title_id
		WHERE r.build = ?`+unseen+` ORDER BY r.rank LIMIT ?`, build, userID, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it Item
		var year sql.NullInt64
		if err := rows.Scan(append(scanRef(&it.Title, &year), &it.Score)...); err != nil {
			return nil, err
		}
		it.Title.Year = int(year.Int64)
		p.Items = append(p.Items, it)
	}
	return p, rows.Err()
}

// Run rebuilds whenever the last build is older than Options.Every (at
// once when there is none), until ctx ends. A failed build is logged and
// tried again at the next check.
func (s *Service) Run(ctx context.Context) {
	check := min(s.opt.Every, 5*time.Minute)
	for {
		if due, err := s.due(ctx); err != nil {
			if ctx.Err() == nil {
				s.log.Error("recommendations: reading the last build", "err", err)
			}
		} else if due {
			st, err := s.Build(ctx, nil)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				s.log.Error("recommendations: build failed", "err", err)
			default:
				s.log.Info("recommendations built", "build", st.Build, "titles", st.Titles, "members", st.Members,
					"rows", st.Rows, "elapsed", st.Elapsed.Round(time.Millisecond))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(check):
		}
	}
}

// due says whether the last build (by any server) is older than Every.
func (s *Service) due(ctx context.Context) (bool, error) {
	var built sql.NullTime
	if err := s.db.Reader().QueryRow(ctx, "SELECT built_at FROM recommend_state WHERE id = 1").Scan(&built); err != nil {
		return false, err
	}
	return !built.Valid || s.now().Sub(built.Time) >= s.opt.Every, nil
}

// EraseMember deletes a member's recommendations with their account.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, _ account.PostsChoice) error {
	_, err := q.Exec(ctx, "DELETE FROM member_recommendations WHERE user_id = ?", userID)
	return err
}

var _ account.Eraser = (*Service)(nil)

// errNoData is returned by Evaluate when no member has enough history.
var errNoData = errors.New("recommend: no member has two or more positive interactions to hold one out")
