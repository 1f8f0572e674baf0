// Package ranking computes the catalog's rankings: top rated by a Bayesian
// weighted rating, most popular by members tracking, and trending by recent
// activity with exponential decay, overall and per genre and per country.
//
// The numbers are derived in the background (Service.Run, or Compute from
// the `dramadb rank` command) with a few set-based statements, never while
// a page is served; pages read the stored ranks.
//
// The weighted rating is IMDb's:
//
//	WR = v/(v+m)·R + m/(v+m)·C
//
// where v is a title's number of ratings, R their mean, m the minimum
// votes (Options.MinVotes) and C the mean of every rating on the instance,
// so a title with few ratings is pulled towards what this instance's
// members usually give.
package ranking

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
)

// Lists.
const (
	Top      = "top"
	Popular  = "popular"
	Trending = "trending"
)

// Lists names every list, in the order pages show them.
var Lists = []string{Top, Popular, Trending}

// Defaults.
const (
	DefaultMinVotes = 25
	DefaultHalfLife = 7 * 24 * time.Hour
	DefaultEvery    = 10 * time.Minute
)

// Options tune a Service.
type Options struct {
	// MinVotes is m in the weighted rating (DefaultMinVotes when zero).
	MinVotes float64
	// HalfLife is how long it takes an event's weight in trending to halve
	// (DefaultHalfLife when zero).
	HalfLife time.Duration
	// Every is how often Run recomputes (DefaultEvery when zero).
	Every time.Duration
	// MaxStale bounds how long this server keeps ranks after another
	// server recomputed them (default 5s); its own computations are seen
	// at once.
	MaxStale time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	Log *slog.Logger
}

// Service computes and reads rankings.
type Service struct {
	db  *database.DB
	opt Options

	mu      sync.Mutex
	gen     int64
	checked time.Time
	cache   map[string]any
}

// maxCached bounds the read cache; an entry is one title's ranks or one
// page of a list.
const maxCached = 20000

// NewService returns a Service over db.
func NewService(db *database.DB, opt Options) *Service {
	if opt.MinVotes <= 0 {
		opt.MinVotes = DefaultMinVotes
	}
	if opt.HalfLife <= 0 {
		opt.HalfLife = DefaultHalfLife
	}
	if opt.Every <= 0 {
		opt.Every = DefaultEvery
	}
	if opt.MaxStale <= 0 {
		opt.MaxStale = 5 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	return &Service{db: db, opt: opt, gen: -1, cache: map[string]any{}}
}

// WeightedRating is IMDb's formula: the mean r of v ratings pulled towards
// the prior mean c as if m more ratings of c had been given.
func WeightedRating(v, r, m, c float64) float64 {
	if v <= 0 {
		return 0
	}
	return v/(v+m)*r + m/(v+m)*c
}

// Result reports a computation.
type Result struct {
	Titles    int64         `json:"titles"`     // titles with a stats row
	Rated     int64         `json:"rated"`      // titles with at least one rating
	Ratings   int64         `json:"ratings"`    // ratings on the instance
	PriorMean float64       `json:"prior_mean"` // C
	MinVotes  float64       `json:"min_votes"`  // m
	Events    int64         `json:"events"`     // recent activity counted for trending
	Elapsed   time.Duration `json:"elapsed"`
}

// Compute recomputes every title's stats and every rank in one
// transaction, so readers see the old ranks or the new ones, never a mix.
// On SQLite it holds the one writer for its whole length (seconds for a
// catalog of a million titles; see docs/benchmarks.md).
// step, when not nil, is told as each stage ends.
func (s *Service) Compute(ctx context.Context, step func(stage string, took time.Duration)) (Result, error) {
	start := time.Now()
	last := start
	done := func(stage string) {
		if step != nil {
			step(stage, time.Since(last))
		}
		last = time.Now()
	}
	now := s.opt.Now().UTC()
	res := Result{MinVotes: s.opt.MinVotes}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		// Bumping first serializes two servers computing at once on
		// PostgreSQL (the row stays locked until commit).
		if _, err := q.Exec(ctx, "UPDATE ranking_state SET generation = generation + 1 WHERE id = 1"); err != nil {
			return err
		}
		if q.Engine() == database.SQLite {
			// Rewriting the rank indexes touches pages all over them; a
			// larger cache on the one write connection keeps that in
			// memory. Put back before the transaction ends.
			var old int64
			if err := q.QueryRow(ctx, "PRAGMA cache_size").Scan(&old); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, "PRAGMA cache_size = -524288"); err != nil { // 512 MiB
				return err
			}
			defer q.Exec(context.WithoutCancel(ctx), "PRAGMA cache_size = "+strconv.FormatInt(old, 10))
		}
		var sum, n sql.NullFloat64
		if err := q.QueryRow(ctx, "SELECT CAST(SUM(score * count) AS DOUBLE PRECISION), CAST(SUM(count) AS DOUBLE PRECISION) FROM title_rating_counts").Scan(&sum, &n); err != nil {
			return err
		}
		if n.Float64 > 0 {
			res.PriorMean = sum.Float64 / n.Float64 / 2 // scores are stored doubled
			res.Ratings = int64(n.Float64)
		}
		done("prior mean")

		events, err := s.trending(ctx, q, now)
		if err != nil {
			return fmt.Errorf("trending: %w", err)
		}
		res.Events = events
		done("trending")

		// Every title gets a row: browse sorts and filters by these
		// columns. Rows whose numbers did not move are left alone, which
		// spares their index entries.
		if _, err := q.Exec(ctx, `INSERT INTO title_stats (title_id, ratings, mean, weighted, popularity, trending)
			SELECT t.id, COALESCE(r.v, 0), COALESCE(r.total / (2.0 * r.v), 0),
				CASE WHEN r.v > 0 THEN (r.total / 2.0 + CAST(? AS DOUBLE PRECISION) * CAST(? AS DOUBLE PRECISION)) / (r.v + CAST(? AS DOUBLE PRECISION)) ELSE 0 END,
				COALESCE(w.n, 0), COALESCE(tr.score, 0)
			FROM titles t
			LEFT JOIN (SELECT target_id, SUM(count) AS v, SUM(score * count) AS total FROM title_rating_counts
				GROUP BY target_id HAVING SUM(count) > 0) r ON r.target_id = t.id
			LEFT JOIN (SELECT title_id, SUM(count) AS n FROM watch_counts GROUP BY title_id) w ON w.title_id = t.id
			LEFT JOIN ranking_trend tr ON tr.title_id = t.id
			WHERE 1 = 1
			ON CONFLICT (title_id) DO UPDATE SET ratings = excluded.ratings, mean = excluded.mean,
				weighted = excluded.weighted, popularity = excluded.popularity, trending = excluded.trending
			WHERE title_stats.ratings <> excluded.ratings OR title_stats.mean <> excluded.mean OR title_stats.weighted <> excluded.weighted
				OR title_stats.popularity <> excluded.popularity OR title_stats.trending <> excluded.trending`,
			s.opt.MinVotes, res.PriorMean, s.opt.MinVotes); err != nil {
			return fmt.Errorf("title stats: %w", err)
		}
		done("title stats")

		if err := swapRanks(ctx, q, done); err != nil {
			return err
		}
		if err := q.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ratings > 0 THEN 1 ELSE 0 END), 0) FROM title_stats").Scan(&res.Titles, &res.Rated); err != nil {
			return err
		}
		_, err = q.Exec(ctx, "UPDATE ranking_state SET computed_at = ?, min_votes = ?, prior_mean = ? WHERE id = 1",
			now.Truncate(time.Microsecond), s.opt.MinVotes, res.PriorMean)
		return err
	})
	if err != nil {
		return res, err
	}
	s.mu.Lock()
	s.gen, s.checked, s.cache = -1, time.Time{}, map[string]any{}
	s.mu.Unlock()
	res.Elapsed = time.Since(start)
	return res, nil
}

// swapRanks builds the ranks into a new table, indexes it once it is
// full (a sort, far cheaper than keeping five indexes while inserting and
// deleting every row) and puts it in place of the old one. Readers keep
// seeing the old table until the transaction commits.
func swapRanks(ctx context.Context, q *database.Q, done func(string)) error {
	var gen int64
	if err := q.QueryRow(ctx, "SELECT generation FROM ranking_state WHERE id = 1").Scan(&gen); err != nil {
		return err
	}
	for _, stmt := range []string{
		"DROP TABLE IF EXISTS title_ranks_next",
		`CREATE TABLE title_ranks_next (
			scope TEXT NOT NULL,
			title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
			top_rank INTEGER,
			popular_rank INTEGER,
			trending_rank INTEGER)`,
	} {
		if _, err := q.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	for _, sc := range scopes {
		if _, err := q.Exec(ctx, rankInsert(sc)); err != nil {
			return fmt.Errorf("ranks %s: %w", sc.name, err)
		}
		done("ranks " + sc.name)
	}
	// Index names carry the generation: the old table's names are in use
	// until it is dropped.
	g := strconv.FormatInt(gen, 10)
	for _, stmt := range []string{
		"CREATE UNIQUE INDEX title_ranks_key_" + g + " ON title_ranks_next (scope, title_id)",
		"CREATE INDEX title_ranks_top_" + g + " ON title_ranks_next (scope, top_rank)",
		"CREATE INDEX title_ranks_popular_" + g + " ON title_ranks_next (scope, popular_rank)",
		"CREATE INDEX title_ranks_trending_" + g + " ON title_ranks_next (scope, trending_rank)",
		"CREATE INDEX title_ranks_by_title_" + g + " ON title_ranks_next (title_id)",
	} {
		if _, err := q.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	done("rank indexes")
	for _, stmt := range []string{"DROP TABLE title_ranks", "ALTER TABLE title_ranks_next RENAME TO title_ranks"} {
		if _, err := q.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	done("swap")
	return nil
}

// scope is a family of ranked lists: the whole catalog, each genre, each
// country.
type scope struct {
	name string
	key  string // SQL for the scope column
	from string // joins after title_stats s
	part string // PARTITION BY, or empty
}

var scopes = []scope{
	{name: "overall", key: "''"},
	{name: "per genre", key: "'genre:' || g.slug", from: " JOIN title_genres tg ON tg.title_id = s.title_id JOIN genres g ON g.id = tg.genre_id", part: "g.id"},
	{name: "per country", key: "'country:' || c.country", from: " JOIN title_countries c ON c.title_id = s.title_id", part: "c.country"},
}

// rankInsert numbers titles 1…n in each list of a scope with window
// functions; a title outside a list (no ratings, nobody tracking, nothing
// recent) sorts after the others and gets NULL, so ranks stay dense.
func rankInsert(sc scope) string {
	over := func(cond, order string) string {
		p := ""
		if sc.part != "" {
			p = "PARTITION BY " + sc.part + " "
		}
		return "CASE WHEN " + cond + " THEN ROW_NUMBER() OVER (" + p + "ORDER BY CASE WHEN " + cond + " THEN 0 ELSE 1 END, " + order + ") END"
	}
	return "INSERT INTO title_ranks_next (scope, title_id, top_rank, popular_rank, trending_rank) SELECT " + sc.key + ", s.title_id, " +
		over("s.ratings > 0", "s.weighted DESC, s.ratings DESC, s.title_id") + ", " +
		over("s.popularity > 0", "s.popularity DESC, s.ratings DESC, s.title_id") + ", " +
		over("s.trending > 0", "s.trending DESC, s.title_id") +
		" FROM title_stats s" + sc.from + " WHERE s.ratings > 0 OR s.popularity > 0 OR s.trending > 0"
}

// trendingSources are the kinds of activity that make a title trend, each
// as (title, time) since a cutoff.
var trendingSources = []string{
	"SELECT target_id, updated_at FROM title_ratings WHERE updated_at >= ?",
	"SELECT title_id, updated_at FROM watch_entries WHERE updated_at >= ?",
	"SELECT title_id, created_at FROM reviews WHERE status = 'published' AND created_at >= ?",
	"SELECT title_id, created_at FROM discussions WHERE title_id IS NOT NULL AND status = 'published' AND created_at >= ?",
	`SELECT r.title_id, c.created_at FROM comments c JOIN reviews r ON r.id = c.parent_id
		WHERE c.parent_type = 'review' AND c.status = 'published' AND c.created_at >= ?`,
	`SELECT d.title_id, c.created_at FROM comments c JOIN discussions d ON d.id = c.parent_id
		WHERE c.parent_type = 'discussion' AND d.title_id IS NOT NULL AND c.status = 'published' AND c.created_at >= ?`,
}

// trendWindow is how many half-lives back activity is read; older events
// would weigh under 0.1%.
const trendWindow = 10

// trending sums each title's recent activity, every event weighing
// 2^(−age/half-life), and stores the sums in ranking_trend. The decay is computed here
// rather than in SQL because the engines disagree on time arithmetic.
func (s *Service) trending(ctx context.Context, q *database.Q, now time.Time) (int64, error) {
	if _, err := q.Exec(ctx, "DELETE FROM ranking_trend"); err != nil {
		return 0, err
	}
	since := now.Add(-trendWindow * s.opt.HalfLife)
	scores := map[int64]float64{}
	var events int64
	for _, query := range trendingSources {
		rows, err := q.Query(ctx, query, since)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var id int64
			var at time.Time
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return 0, err
			}
			scores[id] += Decay(now.Sub(at), s.opt.HalfLife)
			events++
		}
		if err := rows.Close(); err != nil {
			return 0, err
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	// Many rows per statement: a round trip per batch, not per title.
	const batch = 400
	ids := make([]int64, 0, len(scores))
	for id := range scores {
		ids = append(ids, id)
	}
	for len(ids) > 0 {
		n := min(batch, len(ids))
		var b strings.Builder
		b.WriteString("INSERT INTO ranking_trend (title_id, score) VALUES ")
		args := make([]any, 0, 2*n)
		for i, id := range ids[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?)")
			args = append(args, id, scores[id])
		}
		if _, err := q.Exec(ctx, b.String(), args...); err != nil {
			return 0, err
		}
		ids = ids[n:]
	}
	return events, nil
}

// Decay is the weight of an event age old: 1 now, ½ one half-life ago.
// Events from the future (clock skew between servers) weigh 1.
func Decay(age, halfLife time.Duration) float64 {
	if age <= 0 {
		return 1
	}
	return math.Exp2(-float64(age) / float64(halfLife))
}

// Run recomputes the rankings now and then every Options.Every until ctx
// ends. When another server sharing the database computed them recently,
// a turn is skipped. Errors are logged; the next turn tries again.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.opt.Every)
	defer t.Stop()
	for {
		if err := s.runOnce(ctx); err != nil && ctx.Err() == nil {
			s.opt.Log.Error("computing rankings failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) runOnce(ctx context.Context) error {
	var at sql.NullTime
	if err := s.db.Reader().QueryRow(ctx, "SELECT computed_at FROM ranking_state WHERE id = 1").Scan(&at); err != nil {
		return err
	}
	if at.Valid && s.opt.Now().Sub(at.Time) < s.opt.Every*9/10 {
		return nil
	}
	res, err := s.Compute(ctx, nil)
	if err != nil {
		return err
	}
	s.opt.Log.Info("computed rankings", "titles", res.Titles, "rated", res.Rated, "prior_mean", res.PriorMean,
		"min_votes", res.MinVotes, "events", res.Events, "elapsed", res.Elapsed.Round(time.Millisecond))
	return nil
}

// State is what the last computation used.
type State struct {
	Generation int64     `json:"generation"`
	ComputedAt time.Time `json:"computed_at,omitzero"`
	MinVotes   float64   `json:"min_votes"`
	PriorMean  float64   `json:"prior_mean"`
}

// State reads what the last computation used.
func (s *Service) State(ctx context.Context) (State, error) {
	var st State
	var at sql.NullTime
	err := s.db.Reader().QueryRow(ctx, "SELECT generation, computed_at, min_votes, prior_mean FROM ranking_state WHERE id = 1").
		Scan(&st.Generation, &at, &st.MinVotes, &st.PriorMean)
	st.ComputedAt = at.Time
	return st, err
}

// Generation returns the generation of the stored ranks, checked against
// the database at most every MaxStale. Browse results that depend on the
// stats carry it in their cache key.
func (s *Service) Generation(ctx context.Context) (int64, error) {
	s.mu.Lock()
	fresh := s.gen >= 0 && time.Since(s.checked) <= s.opt.MaxStale
	gen := s.gen
	s.mu.Unlock()
	if fresh {
		return gen, nil
	}
	if err := s.db.Reader().QueryRow(ctx, "SELECT generation FROM ranking_state WHERE id = 1").Scan(&gen); err != nil {
		return 0, err
	}
	s.mu.Lock()
	if gen != s.gen {
		s.gen, s.cache = gen, map[string]any{}
	}
	s.checked = time.Now()
	s.mu.Unlock()
	return gen, nil
}

// cached returns the value kept under key for the current generation, or
// loads and keeps it. Callers get the same value until the ranks change.
func (s *Service) cached(ctx context.Context, key string, load func() (any, error)) (any, error) {
	gen, err := s.Generation(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	v, ok := s.cache[key]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err = load()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.gen == gen {
		if len(s.cache) >= maxCached {
			for k := range s.cache { // random eviction, as map order is random
				delete(s.cache, k)
				break
			}
		}
		s.cache[key] = v
	}
	s.mu.Unlock()
	return v, nil
}

// Ranks are a title's places on the lists; 0 means not on the list.
type Ranks struct {
	Top      int `json:"top,omitempty"`
	Popular  int `json:"popular,omitempty"`
	Trending int `json:"trending,omitempty"`
}

// TitleRanks are a title's places overall, in each of its genres (by genre
// slug) and in each of its countries.
type TitleRanks struct {
	Overall   Ranks            `json:"overall"`
	Genres    map[string]Ranks `json:"genres,omitempty"`
	Countries map[string]Ranks `json:"countries,omitempty"`
}

// TitleRanks returns a title's ranks. The value is shared and stays the
// same until the rankings are recomputed, so pages made from it can be
// kept; callers must not modify it.
func (s *Service) TitleRanks(ctx context.Context, titleID int64) (*TitleRanks, error) {
	v, err := s.cached(ctx, "t:"+strconv.FormatInt(titleID, 10), func() (any, error) {
		tr := &TitleRanks{}
		rows, err := s.db.Reader().Query(ctx, "SELECT scope, top_rank, popular_rank, trending_rank FROM title_ranks WHERE title_id = ?", titleID)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var sc string
			var top, pop, tr2 sql.NullInt64
			if err := rows.Scan(&sc, &top, &pop, &tr2); err != nil {
				return nil, err
			}
			r := Ranks{Top: int(top.Int64), Popular: int(pop.Int64), Trending: int(tr2.Int64)}
			switch {
			case sc == "":
				tr.Overall = r
			case strings.HasPrefix(sc, "genre:"):
				if tr.Genres == nil {
					tr.Genres = map[string]Ranks{}
				}
				tr.Genres[sc[len("genre:"):]] = r
			case strings.HasPrefix(sc, "country:"):
				if tr.Countries == nil {
					tr.Countries = map[string]Ranks{}
				}
				tr.Countries[sc[len("country:"):]] = r
			}
		}
		return tr, rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return v.(*TitleRanks), nil
}

// Entry is one title on a list with the numbers it was ranked by.
type Entry struct {
	Rank       int              `json:"rank"`
	Title      catalog.TitleRef `json:"title"`
	Score      float64          `json:"score"`           // mean rating, 0 when unrated
	Votes      int64            `json:"votes"`           // number of ratings
	Weighted   float64          `json:"weighted_rating"` // WR, 0 when unrated
	Popularity int64            `json:"popularity"`      // members tracking
	Trending   float64          `json:"trending"`        // decayed recent activity
}

// Query selects a page of a list.
type Query struct {
	List    string // top, popular or trending; top when empty
	Genre   string // genre slug
	Country string // ISO 3166-1 alpha-2
	Page    int    // 1-based
	PerPage int
}

// MaxPage bounds how deep a list can be paged.
const MaxPage = 10000

// Normalize fills defaults and checks q, naming every invalid field.
func (q *Query) Normalize() error {
	var v apperr.Validation
	if q.List == "" {
		q.List = Top
	}
	q.Country = strings.ToUpper(strings.TrimSpace(q.Country))
	q.Genre = strings.TrimSpace(q.Genre)
	switch q.List {
	case Top, Popular, Trending:
	default:
		v.Add("list", "must be one of top, popular, trending")
	}
	v.Check(len(q.Genre) <= 100, "genre", "is too long")
	v.Check(q.Country == "" || validCountry(q.Country), "country", "must be a two-letter country code like KR")
	if q.Page == 0 {
		q.Page = 1
	}
	v.Check(q.Page >= 1 && q.Page <= MaxPage, "page", fmt.Sprintf("must be between 1 and %d", MaxPage))
	if q.PerPage == 0 {
		q.PerPage = 50
	}
	v.Check(q.PerPage >= 1 && q.PerPage <= catalog.MaxPerPage, "per_page", fmt.Sprintf("must be between 1 and %d", catalog.MaxPerPage))
	return v.Err()
}

func validCountry(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

var rankColumn = map[string]string{Top: "top_rank", Popular: "popular_rank", Trending: "trending_rank"}

// List returns a page of a list. A list of one scope (overall, a genre or
// a country) is a range of stored ranks; a genre in a country is the
// genre's list keeping the country's titles, numbered by their place in it.
func (s *Service) List(ctx context.Context, q Query) (catalog.Page[Entry], error) {
	if err := q.Normalize(); err != nil {
		return catalog.Page[Entry]{}, err
	}
	key := "l:" + q.List + "\x00" + q.Genre + "\x00" + q.Country + "\x00" + strconv.Itoa(q.Page) + "\x00" + strconv.Itoa(q.PerPage)
	v, err := s.cached(ctx, key, func() (any, error) { return s.list(ctx, q) })
	if err != nil {
		return catalog.Page[Entry]{}, err
	}
	return v.(catalog.Page[Entry]), nil
}

const entryColumns = "t.id, t.slug, t.kind, t.name, t.original_title, t.start_year, t.logline, s.mean, s.ratings, s.weighted, s.popularity, s.trending"

func (s *Service) list(ctx context.Context, q Query) (catalog.Page[Entry], error) {
	db := s.db.Reader()
	col := "r." + rankColumn[q.List]
	page := catalog.Page[Entry]{Page: q.Page, PerPage: q.PerPage, Items: []Entry{}}
	sc := ""
	switch {
	case q.Genre != "":
		sc = "genre:" + q.Genre
	case q.Country != "":
		sc = "country:" + q.Country
	}
	from := " FROM title_ranks r JOIN titles t ON t.id = r.title_id JOIN title_stats s ON s.title_id = r.title_id"
	offset := (q.Page - 1) * q.PerPage
	var query string
	var args []any
	if q.Genre != "" && q.Country != "" {
		cond := " WHERE r.scope = ? AND " + col + " IS NOT NULL AND r.title_id IN (SELECT title_id FROM title_countries WHERE country = ?)"
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM title_ranks r"+cond, sc, q.Country).Scan(&page.Total); err != nil {
			return page, err
		}
		query = "SELECT " + col + ", " + entryColumns + from + cond + " ORDER BY " + col + " LIMIT ? OFFSET ?"
		args = []any{sc, q.Country, q.PerPage, offset}
	} else {
		// Ranks are dense, so the last one is the list's length and a page
		// is a range found through the index.
		if err := db.QueryRow(ctx, "SELECT COALESCE(MAX("+col+"), 0) FROM title_ranks r WHERE r.scope = ?", sc).Scan(&page.Total); err != nil {
			return page, err
		}
		query = "SELECT " + col + ", " + entryColumns + from + " WHERE r.scope = ? AND " + col + " > ? AND " + col + " <= ? ORDER BY " + col
		args = []any{sc, offset, offset + q.PerPage}
	}
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for i := 0; rows.Next(); i++ {
		var e Entry
		var year sql.NullInt64
		var rank int
		if err := rows.Scan(&rank, &e.Title.ID, &e.Title.Slug, &e.Title.Kind, &e.Title.Name, &e.Title.NativeName, &year, &e.Title.Logline,
			&e.Score, &e.Votes, &e.Weighted, &e.Popularity, &e.Trending); err != nil {
			return page, err
		}
		e.Title.Year = int(year.Int64)
		e.Rank = rank
		if q.Genre != "" && q.Country != "" {
			e.Rank = offset + i + 1
		}
		page.Items = append(page.Items, e)
	}
	return page, rows.Err()
}
