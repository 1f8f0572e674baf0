package review

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/markup"
	"github.com/dramadb/dramadb/internal/moderation"
)

// Input is what a member writes. Scores are 0.5–10 in half steps; the
// sub-scores are optional.
type Input struct {
	Score         float64  `json:"score"`
	Story         *float64 `json:"story_score,omitempty"`
	Acting        *float64 `json:"acting_score,omitempty"`
	Music         *float64 `json:"music_score,omitempty"`
	Rewatch       *float64 `json:"rewatch_score,omitempty"`
	Headline      string   `json:"headline"`
	Body          string   `json:"body"` // Markdown
	Pros          []string `json:"pros,omitempty"`
	Cons          []string `json:"cons,omitempty"`
	Spoiler       bool     `json:"spoiler"`
	EpisodesSeen  *int     `json:"episodes_seen,omitempty"`
	EpisodesTotal *int     `json:"episodes_total,omitempty"`
	// Honeypot is the form field hidden from people, for the spam check.
	Honeypot string `json:"-"`
}

// Author is who wrote a review; never their e-mail address.
type Author struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name,omitempty"`
}

// Review is a stored review.
type Review struct {
	ID       int64  `json:"id"`
	Author   Author `json:"author"`
	UserID   int64  `json:"-"`
	TitleID  int64  `json:"-"`
	SeasonID *int64 `json:"-"`
	Input
	BodyHTML string `json:"body_html"`
	Helpful  int64  `json:"helpful"`
	// Status is published, or held while it waits for a moderator (only
	// its author is shown a held review).
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	EditedAt  *time.Time `json:"edited_at,omitempty"`
}

// Limits on what a review holds.
const (
	maxHeadline = 200
	maxBody     = 20000
	maxItems    = 20
	maxItem     = 200
)

func halves(field string, v float64, v2 *apperr.Validation) int {
	h := v * 2
	if math.IsNaN(h) || h < 1 || h > 20 || h != math.Trunc(h) {
		v2.Add(field, "must be between 0.5 and 10 in steps of 0.5")
		return 0
	}
	return int(h)
}

func optHalves(field string, v *float64, val *apperr.Validation) any {
	if v == nil {
		return nil
	}
	return halves(field, *v, val)
}

func (in *Input) validate() error {
	var v apperr.Validation
	halves("score", in.Score, &v)
	for name, s := range map[string]*float64{"story_score": in.Story, "acting_score": in.Acting, "music_score": in.Music, "rewatch_score": in.Rewatch} {
		if s != nil {
			halves(name, *s, &v)
		}
	}
	in.Headline = strings.TrimSpace(in.Headline)
	markup.CheckText(&v, "headline", in.Headline, true, maxHeadline)
	markup.CheckText(&v, "body", in.Body, true, maxBody)
	for name, list := range map[string][]string{"pros": in.Pros, "cons": in.Cons} {
		if len(list) > maxItems {
			v.Add(name, "has more than %d entries", maxItems)
		}
		for i, item := range list {
			f := fmt.Sprintf("%s[%d]", name, i)
			markup.CheckText(&v, f, item, true, maxItem)
			if strings.ContainsAny(item, "\r\n") {
				v.Add(f, "must be one line")
			}
		}
	}
	if in.EpisodesSeen != nil && *in.EpisodesSeen < 0 {
		v.Add("episodes_seen", "must not be negative")
	}
	if in.EpisodesTotal != nil && (*in.EpisodesTotal < 1 || (in.EpisodesSeen != nil && *in.EpisodesSeen > *in.EpisodesTotal)) {
		v.Add("episodes_total", "must be at least 1 and at least episodes_seen")
	}
	return v.Err()
}

// Service stores reviews and helpful votes.
type Service struct {
	db       *database.DB
	now      func() time.Time
	maxStale time.Duration

	mu     sync.Mutex
	top    map[int64]topEntry // title id → its most helpful reviews
	screen moderation.ScreenFunc
}

// moderationKind is the kind reviews have in the moderation queue.
const moderationKind = "review"

// moderationText is what the spam check and moderators read of a review.
func moderationText(headline, body, pros, cons string) string {
	parts := []string{headline, body}
	for _, p := range []string{pros, cons} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}

// Options tune a Service.
type Options struct {
	Now func() time.Time // time.Now when nil
	// MaxStale bounds how old the most helpful reviews shown on title pages
	// may be (default 2s).
	MaxStale time.Duration
	// Screen, when set, decides whether a new or edited review is
	// published at once or held for a moderator.
	Screen moderation.ScreenFunc
}

// NewService returns a review service on db.
func NewService(db *database.DB, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, maxStale: opt.MaxStale, screen: opt.Screen}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxStale <= 0 {
		s.maxStale = 2 * time.Second
	}
	return s
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Create stores a member's review of a title (seasonID nil) or a season.
func (s *Service) Create(ctx context.Context, userID, titleID int64, seasonID *int64, in Input) (*Review, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	html, err := markup.Render(in.Body)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	var id int64
	now := s.clock()
	// A screened review is stored held and published only once the check
	// says so, so readers never see one that has not been checked.
	status := moderation.Published
	if s.screen != nil {
		status = moderation.Held
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		return q.QueryRow(ctx, `INSERT INTO reviews (user_id, title_id, season_id, score, story_score, acting_score, music_score, rewatch_score,
			headline, body, body_html, pros, cons, spoiler, episodes_seen, episodes_total, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			userID, titleID, seasonID, halves("score", in.Score, &v), optHalves("story_score", in.Story, &v), optHalves("acting_score", in.Acting, &v),
			optHalves("music_score", in.Music, &v), optHalves("rewatch_score", in.Rewatch, &v),
			in.Headline, in.Body, html, strings.Join(in.Pros, "\n"), strings.Join(in.Cons, "\n"), in.Spoiler,
			in.EpisodesSeen, in.EpisodesTotal, status, now, now).Scan(&id)
	})
	if database.IsUniqueViolation(err) {
		// The same review sent twice (a double click, a retried request)
		// is the one already stored, not a conflict.
		var same int64
		if s.db.Reader().QueryRow(ctx, "SELECT id FROM reviews WHERE user_id = ? AND title_id = ? AND COALESCE(season_id, 0) = ? AND headline = ? AND body = ?",
			userID, titleID, seasonKey(seasonID), in.Headline, in.Body).Scan(&same) == nil {
			return s.getAny(ctx, same)
		}
		return nil, apperr.Errorf(apperr.Conflict, "You have already reviewed this; edit that review instead.")
	}
	if err != nil {
		return nil, err
	}
	if s.screen != nil {
		post := moderation.Post{Kind: moderationKind, ID: id, AuthorID: userID, Honeypot: in.Honeypot,
			Text: moderationText(in.Headline, in.Body, strings.Join(in.Pros, "\n"), strings.Join(in.Cons, "\n"))}
		if err := moderation.Admit(ctx, s.screen, s, post, func(ctx context.Context) error {
			return s.db.WithTx(ctx, func(q *database.Q) error {
				_, err := q.Exec(ctx, "DELETE FROM reviews WHERE id = ?", id)
				return err
			})
		}); err != nil {
			return nil, err
		}
	}
	return s.getAny(ctx, id)
}

func seasonKey(seasonID *int64) int64 {
	if seasonID == nil {
		return 0
	}
	return *seasonID
}

const reviewColumns = `r.id, r.user_id, CASE WHEN u.deleted_at IS NULL THEN u.username ELSE '' END, u.display_name, r.title_id, r.season_id, r.score, r.story_score, r.acting_score,
	r.music_score, r.rewatch_score, r.headline, r.body, r.body_html, r.pros, r.cons, r.spoiler, r.episodes_seen, r.episodes_total,
	r.helpful_count, r.status, r.created_at, r.updated_at, r.edited_at`

func scanReview(row interface{ Scan(...any) error }) (*Review, error) {
	r := &Review{}
	var season, seen, total sql.NullInt64
	var story, acting, music, rewatch sql.NullInt64
	var score int
	var pros, cons string
	var edited sql.NullTime
	err := row.Scan(&r.ID, &r.UserID, &r.Author.Username, &r.Author.DisplayName, &r.TitleID, &season, &score, &story, &acting,
		&music, &rewatch, &r.Headline, &r.Body, &r.BodyHTML, &pros, &cons, &r.Spoiler, &seen, &total,
		&r.Helpful, &r.Status, &r.CreatedAt, &r.UpdatedAt, &edited)
	if err != nil {
		return nil, err
	}
	r.Score = float64(score) / 2
	half := func(n sql.NullInt64) *float64 {
		if !n.Valid {
			return nil
		}
		v := float64(n.Int64) / 2
		return &v
	}
	whole := func(n sql.NullInt64) *int {
		if !n.Valid {
			return nil
		}
		v := int(n.Int64)
		return &v
	}
	r.Story, r.Acting, r.Music, r.Rewatch = half(story), half(acting), half(music), half(rewatch)
	r.EpisodesSeen, r.EpisodesTotal = whole(seen), whole(total)
	if season.Valid {
		r.SeasonID = &season.Int64
	}
	if pros != "" {
		r.Pros = strings.Split(pros, "\n")
	}
	if cons != "" {
		r.Cons = strings.Split(cons, "\n")
	}
	if edited.Valid {
		r.EditedAt = &edited.Time
	}
	return r, nil
}

// Get returns one published review.
func (s *Service) Get(ctx context.Context, id int64) (*Review, error) {
	r, err := scanReview(s.db.Reader().QueryRow(ctx, "SELECT "+reviewColumns+" FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.id = ? AND r.status = 'published'", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no review %d.", id)
	}
	return r, err
}

// getAny returns a review whatever its status, for its author's answer.
func (s *Service) getAny(ctx context.Context, id int64) (*Review, error) {
	r, err := scanReview(s.db.Reader().QueryRow(ctx, "SELECT "+reviewColumns+" FROM reviews r JOIN users u ON u.id = r.user_id WHERE r.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no review %d.", id)
	}
	return r, err
}

// ModerationPost returns a review's author and text, whatever its status,
// for the moderation queue.
func (s *Service) ModerationPost(ctx context.Context, id int64) (int64, string, error) {
	var author int64
	var headline, body, pros, cons string
	err := s.db.Reader().QueryRow(ctx, "SELECT user_id, headline, body, pros, cons FROM reviews WHERE id = ?", id).Scan(&author, &headline, &body, &pros, &cons)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", apperr.Errorf(apperr.NotFound, "There is no review %d.", id)
	}
	return author, moderationText(headline, body, pros, cons), err
}

// SetModerationStatus moves a review to a moderation status. Lists, counts
// and the most helpful reviews read only published ones, so they follow.
func (s *Service) SetModerationStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case moderation.Published, moderation.Held, moderation.Spam, moderation.Removed:
	default:
		return apperr.Errorf(apperr.Invalid, "%q is not a moderation status.", status)
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		res, err := q.Exec(ctx, "UPDATE reviews SET status = ? WHERE id = ?", status, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.NotFound, "There is no review %d.", id)
		}
		return nil
	})
	if err == nil {
		s.forgetTop()
	}
	return err
}

// forgetTop drops the kept most helpful reviews, so a change of status
// shows on title pages at once rather than after MaxStale.
func (s *Service) forgetTop() {
	s.mu.Lock()
	s.top = nil
	s.mu.Unlock()
}

// forget drops one title's kept most helpful reviews, so a member who
// votes, edits or deletes sees the change on the page they return to.
func (s *Service) forget(titleID int64) {
	s.mu.Lock()
	delete(s.top, titleID)
	s.mu.Unlock()
}

var _ moderation.Target = (*Service)(nil)

// Sort orders.
const (
	SortHelpful = "helpful"
	SortDate    = "date"
)

// List returns a page of a title's (or one season's) published reviews.
func (s *Service) List(ctx context.Context, titleID int64, seasonID *int64, sort string, page, perPage int) ([]*Review, int, error) {
	order := "r.helpful_count DESC, r.id DESC"
	if sort == SortDate {
		order = "r.created_at DESC, r.id DESC"
	}
	cond, args := listCond(titleID, seasonID)
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM reviews r WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+reviewColumns+" FROM reviews r JOIN users u ON u.id = r.user_id WHERE "+cond+" ORDER BY "+order+" LIMIT ? OFFSET ?",
		append(args, perPage, (page-1)*perPage)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*Review{}
	for rows.Next() {
		r, err := scanReview(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// listCond selects the published reviews of a title (seasonID nil) or of
// one of its seasons.
func listCond(titleID int64, seasonID *int64) (string, []any) {
	if seasonID != nil {
		return "r.title_id = ? AND r.status = 'published' AND r.season_id = ?", []any{titleID, *seasonID}
	}
	return "r.title_id = ? AND r.status = 'published' AND r.season_id IS NULL", []any{titleID}
}

// Count returns how many published reviews a title (seasonID nil) or one
// of its seasons has.
func (s *Service) Count(ctx context.Context, titleID int64, seasonID *int64) (int, error) {
	cond, args := listCond(titleID, seasonID)
	var n int
	err := s.db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM reviews r WHERE "+cond, args...).Scan(&n)
	return n, err
}

// Voted reports whether the member marked the review helpful.
func (s *Service) Voted(ctx context.Context, userID, id int64) (bool, error) {
	var n int
	err := s.db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM review_votes WHERE review_id = ? AND user_id = ?", id, userID).Scan(&n)
	return n > 0, err
}

// mayChange loads a review and checks that the member may change it: its
// author, or a moderator.
func (s *Service) mayChange(ctx context.Context, userID int64, moderator bool, id int64) (*Review, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if r.UserID != userID && !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this review.")
	}
	return r, nil
}

// Update replaces a review's contents and marks it edited.
func (s *Service) Update(ctx context.Context, userID int64, moderator bool, id int64, in Input) (*Review, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	old, err := s.mayChange(ctx, userID, moderator, id)
	if err != nil {
		return nil, err
	}
	html, err := markup.Render(in.Body)
	if err != nil {
		return nil, err
	}
	status := moderation.Published
	if s.screen != nil {
		// The check sees the edit as written by whoever edits: a
		// moderator's correction is not held.
		status, err = s.screen(ctx, moderation.Post{Kind: moderationKind, ID: id, AuthorID: userID, Honeypot: in.Honeypot,
			Text: moderationText(in.Headline, in.Body, strings.Join(in.Pros, "\n"), strings.Join(in.Cons, "\n"))})
		if err != nil {
			return nil, err
		}
	}
	var v apperr.Validation
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, `UPDATE reviews SET score = ?, story_score = ?, acting_score = ?, music_score = ?, rewatch_score = ?,
			headline = ?, body = ?, body_html = ?, pros = ?, cons = ?, spoiler = ?, episodes_seen = ?, episodes_total = ?,
			status = ?, updated_at = ?, edited_at = ? WHERE id = ?`,
			halves("score", in.Score, &v), optHalves("story_score", in.Story, &v), optHalves("acting_score", in.Acting, &v),
			optHalves("music_score", in.Music, &v), optHalves("rewatch_score", in.Rewatch, &v),
			in.Headline, in.Body, html, strings.Join(in.Pros, "\n"), strings.Join(in.Cons, "\n"), in.Spoiler,
			in.EpisodesSeen, in.EpisodesTotal, status, now, now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.forget(old.TitleID)
	return s.getAny(ctx, id)
}

// Delete removes a review.
func (s *Service) Delete(ctx context.Context, userID int64, moderator bool, id int64) error {
	r, err := s.mayChange(ctx, userID, moderator, id)
	if err != nil {
		return err
	}
	defer s.forget(r.TitleID)
	return s.db.WithTx(ctx, func(q *database.Q) error {
		// Comments name their review without a foreign key (threads hang
		// under several kinds of post), so they go explicitly.
		if _, err := q.Exec(ctx, "DELETE FROM comments WHERE parent_type = 'review' AND parent_id = ?", id); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "DELETE FROM reviews WHERE id = ?", id)
		return err
	})
}

// Vote marks a review helpful for the member (once) and returns its count.
func (s *Service) Vote(ctx context.Context, userID, id int64, helpful bool) (int64, error) {
	r, err := s.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	if r.UserID == userID {
		return 0, apperr.Errorf(apperr.Forbidden, "You cannot vote for your own review.")
	}
	var count int64
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		var res sql.Result
		var err error
		if helpful {
			res, err = q.Exec(ctx, "INSERT INTO review_votes (review_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, userID, s.clock())
		} else {
			res, err = q.Exec(ctx, "DELETE FROM review_votes WHERE review_id = ? AND user_id = ?", id, userID)
		}
		if err != nil {
			return err
		}
		// The count moves only when the vote itself changed, so it stays
		// exact however many votes arrive at once.
		if n, _ := res.RowsAffected(); n == 1 {
			delta := 1
			if !helpful {
				delta = -1
			}
			if _, err := q.Exec(ctx, "UPDATE reviews SET helpful_count = helpful_count + ? WHERE id = ?", delta, id); err != nil {
				return err
			}
		}
		return q.QueryRow(ctx, "SELECT helpful_count FROM reviews WHERE id = ?", id).Scan(&count)
	})
	if err == nil {
		s.forget(r.TitleID)
	}
	return count, err
}

// Top returns a title's most helpful reviews (not of seasons) with the
// total count, as of at most MaxStale ago. The same value comes back
// until the reviews change, so pages built from it can be kept.
func (s *Service) Top(ctx context.Context, titleID int64, n int) (*TopReviews, error) {
	s.mu.Lock()
	c, ok := s.top[titleID]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < s.maxStale {
		return c.top, nil
	}
	items, total, err := s.List(ctx, titleID, nil, SortHelpful, 1, n)
	if err != nil {
		return nil, err
	}
	critics, summary, err := s.Critics(ctx, titleID)
	if err != nil {
		return nil, err
	}
	top := &TopReviews{Items: items, Total: total, Critics: critics, CriticScore: summary}
	s.mu.Lock()
	if ok && c.top.same(top) {
		top = c.top
	}
	if s.top == nil || len(s.top) > 50000 {
		s.top = map[int64]topEntry{}
	}
	s.top[titleID] = topEntry{top: top, at: s.now()}
	s.mu.Unlock()
	return top, nil
}

// TopReviews is a title's most helpful reviews and how many it has, with
// its critic reviews and critic score.
type TopReviews struct {
	Items       []*Review
	Total       int
	Critics     []CriticReview
	CriticScore CriticSummary
}

func (t *TopReviews) same(o *TopReviews) bool {
	if t.Total != o.Total || len(t.Items) != len(o.Items) || t.CriticScore != o.CriticScore || len(t.Critics) != len(o.Critics) {
		return false
	}
	for i := range t.Critics {
		if t.Critics[i] != o.Critics[i] {
			return false
		}
	}
	for i, r := range t.Items {
		q := o.Items[i]
		if r.ID != q.ID || r.Helpful != q.Helpful || !r.UpdatedAt.Equal(q.UpdatedAt) {
			return false
		}
	}
	return true
}

type topEntry struct {
	top *TopReviews
	at  time.Time
}
