// Package trend reads how a title's audience has moved: ratings given per
// month with the running average, and the audience score of each episode.
// The title page draws them as charts and the API returns the numbers.
//
// Both come from queries over the rating tables, so a title's values are
// kept and handed out unchanged until they are refreshed: once older than
// MaxStale, or when the caller knows the title's number of ratings has
// moved. Refreshes run in the background from Run (started by 'dramadb
// serve'), so only a title's first read waits for the query.
package trend

import (
	"context"
	"database/sql"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// Month is the ratings first given in one calendar month (UTC).
type Month struct {
	Month string `json:"month"` // 2020-01
	Count int64  `json:"count"`
	// Average is the mean of every rating given up to the end of the
	// month, each at its current score (a changed rating counts where it
	// was first given).
	Average float64 `json:"average"`
}

// Episode is an episode's audience score.
type Episode struct {
	Season  int     `json:"season"`
	Episode int     `json:"episode"`
	Average float64 `json:"average"`
	Count   int64   `json:"count"`
}

// Trends is one title's audience over time. A value handed out is shared
// and never changed.
type Trends struct {
	// Months runs from the first rating's month to the latest without
	// gaps: a month without ratings has Count 0 and the average so far.
	Months []Month `json:"ratings_by_month"`
	// Episodes lists rated episodes by season and number.
	Episodes []Episode `json:"episodes"`
}

// Ratings is the number of title ratings the months add up to.
func (t *Trends) Ratings() int64 {
	var n int64
	for _, m := range t.Months {
		n += m.Count
	}
	return n
}

func (t *Trends) equal(u *Trends) bool {
	return slices.Equal(t.Months, u.Months) && slices.Equal(t.Episodes, u.Episodes)
}

// Options tune a Service.
type Options struct {
	Now func() time.Time
	// MaxStale bounds how old a title's trends may be (default 30s). The
	// months are history and the episodes change slowly; a title whose
	// count of ratings the caller sees move is refreshed at once.
	MaxStale time.Duration
}

// Service reads and keeps titles' trends.
type Service struct {
	db       *database.DB
	now      func() time.Time
	maxStale time.Duration
	// running is set while Run refreshes in the background; without it,
	// the reader that finds a value out of date refreshes it.
	running atomic.Bool
	wake    chan struct{}

	mu    sync.Mutex
	cache map[int64]*entry
}

type entry struct {
	t  *Trends
	at time.Time
	// ratings is the count the caller reported when t was read; the
	// aggregate it comes from may lag the query by a moment, so comparing
	// with t's own count would refresh again until it caught up.
	ratings int64
	// want is the latest count a reader reported, when a refresh is due.
	want       int64
	due        bool
	refreshing bool
}

// NewService returns a trend service on db.
func NewService(db *database.DB, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, maxStale: opt.MaxStale, cache: map[int64]*entry{}, wake: make(chan struct{}, 1)}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxStale <= 0 {
		s.maxStale = 30 * time.Second
	}
	return s
}

// Title returns the trends of the title with id titleID. ratings is how
// many ratings the caller knows the title has (its audience aggregate's
// count); a kept value made from another number is out of date. The same
// value comes back while nothing changed, so pages built from it can be
// kept.
//
// Only a title's first read waits for the query. Later, while Run is
// going, an out-of-date value is still returned and Run refreshes it;
// without Run, one reader refreshes it while the others get the old value.
func (s *Service) Title(ctx context.Context, titleID, ratings int64) (*Trends, error) {
	s.mu.Lock()
	e, ok := s.cache[titleID]
	if ok {
		fresh := s.now().Sub(e.at) < s.maxStale && e.ratings == ratings
		if fresh || e.refreshing {
			s.mu.Unlock()
			return e.t, nil
		}
		if s.running.Load() {
			e.due, e.want = true, ratings
			s.mu.Unlock()
			select {
			case s.wake <- struct{}{}:
			default:
			}
			return e.t, nil
		}
		e.refreshing = true
	}
	s.mu.Unlock()
	return s.refresh(ctx, titleID, ratings)
}

// refresh reads a title's trends and keeps them, reusing the kept value
// when nothing changed.
func (s *Service) refresh(ctx context.Context, titleID, ratings int64) (*Trends, error) {
	fresh, err := Compute(ctx, s.db.Reader(), titleID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.cache[titleID]
	if ok {
		e.refreshing = false
	}
	if err != nil {
		return nil, err
	}
	if ok && e.t.equal(fresh) {
		fresh = e.t // unchanged: the same value keeps kept pages valid
	}
	if len(s.cache) > 50000 {
		clear(s.cache)
	}
	s.cache[titleID] = &entry{t: fresh, at: s.now(), ratings: ratings}
	return fresh, nil
}

// Run refreshes out-of-date trends that readers asked for, in the
// background, until ctx ends; 'dramadb serve' runs it so no page waits for
// a refresh.
func (s *Service) Run(ctx context.Context) {
	s.running.Store(true)
	defer s.running.Store(false)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-s.wake:
		}
		s.RefreshDue(ctx)
	}
}

// RefreshDue refreshes every title a reader found out of date, one after
// the other, and returns how many it refreshed. A title that fails stays
// due and is tried again on the next call.
func (s *Service) RefreshDue(ctx context.Context) int {
	type job struct{ id, ratings int64 }
	var jobs []job
	s.mu.Lock()
	for id, e := range s.cache {
		if e.due && !e.refreshing {
			e.refreshing = true
			jobs = append(jobs, job{id, e.want})
		}
	}
	s.mu.Unlock()
	done := 0
	for _, j := range jobs {
		if ctx.Err() != nil {
			s.mu.Lock()
			if e, ok := s.cache[j.id]; ok {
				e.refreshing = false
			}
			s.mu.Unlock()
			continue
		}
		if _, err := s.refresh(ctx, j.id, j.ratings); err == nil {
			done++
		}
	}
	return done
}

// Compute reads a title's trends from the database.
func Compute(ctx context.Context, q *database.Q, titleID int64) (*Trends, error) {
	months, err := months(ctx, q, titleID)
	if err != nil {
		return nil, err
	}
	episodes, err := database.All(ctx, q, `SELECT s.number, e.number, SUM(c.count), SUM(c.score * c.count)
		FROM episode_rating_counts c JOIN episodes e ON e.id = c.target_id JOIN seasons s ON s.id = e.season_id
		WHERE s.title_id = ? AND c.count > 0
		GROUP BY s.number, e.number ORDER BY s.number, e.number`, scanEpisode, titleID)
	if err != nil {
		return nil, err
	}
	return &Trends{Months: months, Episodes: episodes}, nil
}

func scanEpisode(rows *sql.Rows) (Episode, error) {
	var e Episode
	var sum int64
	if err := rows.Scan(&e.Season, &e.Episode, &e.Count, &sum); err != nil {
		return e, err
	}
	e.Average = mean(sum, e.Count)
	return e, nil
}

// months groups the title's ratings by the month they were first given.
func months(ctx context.Context, q *database.Q, titleID int64) ([]Month, error) {
	// The one difference between the engines: how a timestamp names its
	// month. SQLite keeps timestamps as text starting 2006-01-02.
	month := "substr(created_at, 1, 7)"
	if q.Engine() == database.Postgres {
		month = "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	rows, err := q.Query(ctx, "SELECT "+month+" AS m, COUNT(*), SUM(score) FROM title_ratings WHERE target_id = ? GROUP BY m ORDER BY m", titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Month
	var count, sum int64
	for rows.Next() {
		var m string
		var n, s int64
		if err := rows.Scan(&m, &n, &s); err != nil {
			return nil, err
		}
		cur, err := time.Parse("2006-01", m)
		if err != nil {
			continue // not a timestamp this package wrote; nothing to place
		}
		// Months without ratings keep the line continuous.
		if len(out) > 0 {
			last, _ := time.Parse("2006-01", out[len(out)-1].Month)
			for next := last.AddDate(0, 1, 0); next.Before(cur); next = next.AddDate(0, 1, 0) {
				out = append(out, Month{Month: next.Format("2006-01"), Average: mean(sum, count)})
			}
		}
		count += n
		sum += s
		out = append(out, Month{Month: m, Count: n, Average: mean(sum, count)})
	}
	return out, rows.Err()
}

// mean turns a sum of doubled scores into an average on the 10-point
// scale, to two decimals like the audience score.
func mean(sum, n int64) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(sum)/float64(n)/2*100) / 100
}
