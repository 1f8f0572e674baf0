// Package rating keeps members' ratings of titles, seasons and episodes
// (10-point scale, half steps) and their aggregates: average, count and the
// distribution over the twenty possible scores, exact under concurrent
// rating because every write adjusts the counts in its own transaction.
package rating

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Kinds of rated things.
const (
	Title   Kind = "title"
	Season  Kind = "season"
	Episode Kind = "episode"
)

// Kind names what is rated; it selects the tables.
type Kind string

func (k Kind) tables() (ratings, counts string) {
	switch k {
	case Title:
		return "title_ratings", "title_rating_counts"
	case Season:
		return "season_ratings", "season_rating_counts"
	case Episode:
		return "episode_ratings", "episode_rating_counts"
	}
	panic("rating: unknown kind " + string(k))
}

// Target is one rated thing.
type Target struct {
	Kind Kind
	ID   int64
}

// Aggregate summarizes a target's ratings. Distribution lists how many
// ratings each score got, from 0.5 to 10 in half steps (20 entries).
type Aggregate struct {
	Average      float64   `json:"average"`
	Count        int64     `json:"count"`
	Distribution [20]int64 `json:"distribution"`
}

// Score returns the distribution entry's score (0.5 … 10).
func ScoreOf(i int) float64 { return float64(i+1) / 2 }

// Options tune a Service.
type Options struct {
	Now func() time.Time
	// MaxStale bounds how old a cached aggregate shown on pages may be
	// (default 2s). Writes answer with the exact, fresh aggregate.
	MaxStale time.Duration
}

// Service records ratings and reads aggregates.
type Service struct {
	db       *database.DB
	now      func() time.Time
	maxStale time.Duration

	mu    sync.Mutex
	cache map[Target]cached
}

type cached struct {
	agg *Aggregate
	at  time.Time
}

// NewService returns a rating service on db.
func NewService(db *database.DB, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, maxStale: opt.MaxStale, cache: map[Target]cached{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxStale <= 0 {
		s.maxStale = 2 * time.Second
	}
	return s
}

// halves turns a score into its stored form, or reports it invalid.
func halves(score float64) (int, error) {
	h := score * 2
	if math.IsNaN(h) || h < 1 || h > 20 || h != math.Trunc(h) {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "The score is invalid.",
			Fields: []apperr.FieldError{{Field: "score", Message: "must be between 0.5 and 10 in steps of 0.5"}}}
	}
	return int(h), nil
}

// Rate sets the member's score for t and returns t's exact aggregate.
func (s *Service) Rate(ctx context.Context, userID int64, t Target, score float64) (*Aggregate, error) {
	h, err := halves(score)
	if err != nil {
		return nil, err
	}
	ratings, counts := t.Kind.tables()
	var agg *Aggregate
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		// One member rating one thing twice at once must not count twice.
		if err := q.Serialize(ctx, ratings+":"+itoa(userID)+":"+itoa(t.ID)); err != nil {
			return err
		}
		var old int
		err := q.QueryRow(ctx, "SELECT score FROM "+ratings+" WHERE user_id = ? AND target_id = ?", userID, t.ID).Scan(&old)
		now := s.now().UTC()
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := q.Exec(ctx, "INSERT INTO "+ratings+" (user_id, target_id, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
				userID, t.ID, h, now, now); err != nil {
				return err
			}
			old = 0
		case err != nil:
			return err
		case old != h:
			if _, err := q.Exec(ctx, "UPDATE "+ratings+" SET score = ?, updated_at = ? WHERE user_id = ? AND target_id = ?", h, now, userID, t.ID); err != nil {
				return err
			}
		}
		if old != h {
			if err := adjust(ctx, q, counts, t.ID, old, h); err != nil {
				return err
			}
		}
		agg, err = aggregate(ctx, q, counts, t.ID)
		return err
	})
	if database.IsForeignKeyViolation(err) {
		return nil, apperr.Errorf(apperr.NotFound, "There is nothing to rate there.")
	}
	if err == nil {
		s.remember(t, agg)
	}
	return agg, err
}

// remember keeps a fresh aggregate, so this server's pages show a rating as
// soon as it is made.
func (s *Service) remember(t Target, agg *Aggregate) {
	s.mu.Lock()
	s.cache[t] = cached{agg: agg, at: s.now()}
	s.mu.Unlock()
}

// Unrate removes the member's rating of t, if any.
func (s *Service) Unrate(ctx context.Context, userID int64, t Target) (*Aggregate, error) {
	ratings, counts := t.Kind.tables()
	var agg *Aggregate
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, ratings+":"+itoa(userID)+":"+itoa(t.ID)); err != nil {
			return err
		}
		var old int
		err := q.QueryRow(ctx, "SELECT score FROM "+ratings+" WHERE user_id = ? AND target_id = ?", userID, t.ID).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "You have not rated this.")
		}
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "DELETE FROM "+ratings+" WHERE user_id = ? AND target_id = ?", userID, t.ID); err != nil {
			return err
		}
		if err := adjust(ctx, q, counts, t.ID, old, 0); err != nil {
			return err
		}
		agg, err = aggregate(ctx, q, counts, t.ID)
		return err
	})
	if err == nil {
		s.remember(t, agg)
	}
	return agg, err
}

// adjust moves one rating of a target from score from to score to (0 for
// none). Count rows are always locked in ascending score order, so two
// members changing scores in opposite directions cannot deadlock.
func adjust(ctx context.Context, q *database.Q, counts string, id int64, from, to int) error {
	dec := func() error {
		_, err := q.Exec(ctx, "UPDATE "+counts+" SET count = count - 1 WHERE target_id = ? AND score = ?", id, from)
		return err
	}
	inc := func() error {
		_, err := q.Exec(ctx, "INSERT INTO "+counts+" (target_id, score, count) VALUES (?, ?, 1) ON CONFLICT (target_id, score) DO UPDATE SET count = "+counts+".count + 1",
			id, to)
		return err
	}
	steps := []func() error{dec, inc}
	switch {
	case from == 0:
		steps = []func() error{inc}
	case to == 0:
		steps = []func() error{dec}
	case to < from:
		steps = []func() error{inc, dec}
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// Mine returns the member's score for t, or NotFound.
func (s *Service) Mine(ctx context.Context, userID int64, t Target) (float64, error) {
	ratings, _ := t.Kind.tables()
	var h int
	err := s.db.Reader().QueryRow(ctx, "SELECT score FROM "+ratings+" WHERE user_id = ? AND target_id = ?", userID, t.ID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.Errorf(apperr.NotFound, "You have not rated this.")
	}
	return float64(h) / 2, err
}

// Aggregate returns t's aggregate as of at most MaxStale ago. The same
// value is returned until it is refreshed, so pages built from it can be
// kept.
func (s *Service) Aggregate(ctx context.Context, t Target) (*Aggregate, error) {
	s.mu.Lock()
	c, ok := s.cache[t]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < s.maxStale {
		return c.agg, nil
	}
	_, counts := t.Kind.tables()
	agg, err := aggregate(ctx, s.db.Reader(), counts, t.ID)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if ok && *c.agg == *agg {
		agg = c.agg // unchanged: keep the old value so kept pages stay valid
	}
	if len(s.cache) > 50000 {
		clear(s.cache)
	}
	s.cache[t] = cached{agg: agg, at: s.now()}
	s.mu.Unlock()
	return agg, nil
}

func aggregate(ctx context.Context, q *database.Q, counts string, id int64) (*Aggregate, error) {
	rows, err := q.Query(ctx, "SELECT score, count FROM "+counts+" WHERE target_id = ? AND count > 0", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := &Aggregate{}
	var sum int64
	for rows.Next() {
		var score int
		var n int64
		if err := rows.Scan(&score, &n); err != nil {
			return nil, err
		}
		if score >= 1 && score <= 20 {
			a.Distribution[score-1] = n
			a.Count += n
			sum += int64(score) * n
		}
	}
	if a.Count > 0 {
		a.Average = math.Round(float64(sum)/float64(a.Count)/2*100) / 100
	}
	return a, rows.Err()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
