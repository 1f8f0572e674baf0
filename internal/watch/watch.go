// Package watch keeps what members watch: a status per title (plan to
// watch, watching, completed, on hold, dropped) with episodes seen,
// rewatches, dates and a private note, and how many members track each
// title.
package watch

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Statuses, in the order lists show them.
var Statuses = []string{"watching", "completed", "on_hold", "dropped", "plan_to_watch"}

// Entry is a member's record of one title.
type Entry struct {
	Status       string `json:"status"`
	EpisodesSeen int    `json:"episodes_seen"`
	Rewatches    int    `json:"rewatch_count"`
	StartedOn    string `json:"started_on,omitempty"`  // 2020-01-04
	FinishedOn   string `json:"finished_on,omitempty"` // 2020-02-16
	Note         string `json:"note,omitempty"`        // private to the member
}

// Counts is how many members have each status for a title.
type Counts struct {
	ByStatus map[string]int64 `json:"by_status"`
	Total    int64            `json:"total"`
}

// Service records watch entries.
type Service struct {
	db  *database.DB
	now func() time.Time

	mu    sync.Mutex
	cache map[int64]cachedCounts
}

type cachedCounts struct {
	c  *Counts
	at time.Time
}

// NewService returns a watch service; now may be nil for time.Now.
func NewService(db *database.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, now: now, cache: map[int64]cachedCounts{}}
}

func (e *Entry) validate(episodes int) error {
	var v apperr.Validation
	if !slices.Contains(Statuses, e.Status) {
		v.Add("status", "must be one of %s", strings.Join(Statuses, ", "))
	}
	if e.EpisodesSeen < 0 || (episodes > 0 && e.EpisodesSeen > episodes) {
		v.Add("episodes_seen", "must be between 0 and %d", episodes)
	}
	if e.Rewatches < 0 || e.Rewatches > 1000 {
		v.Add("rewatch_count", "must be between 0 and 1000")
	}
	for field, d := range map[string]string{"started_on": e.StartedOn, "finished_on": e.FinishedOn} {
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				v.Add(field, "must be a date like 2020-02-16")
			}
		}
	}
	if e.StartedOn != "" && e.FinishedOn != "" && e.FinishedOn < e.StartedOn {
		v.Add("finished_on", "is before started_on")
	}
	if !utf8.ValidString(e.Note) || utf8.RuneCountInString(e.Note) > 2000 {
		v.Add("note", "must be text of at most 2,000 characters")
	}
	return v.Err()
}

// Set records the member's entry for a title with the given number of
// episodes (0 when unknown) and returns the title's fresh counts.
func (s *Service) Set(ctx context.Context, userID, titleID int64, episodes int, e Entry) (*Counts, error) {
	if e.Status == "completed" && e.EpisodesSeen == 0 {
		e.EpisodesSeen = episodes
	}
	if err := e.validate(episodes); err != nil {
		return nil, err
	}
	var counts *Counts
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "watch:"+itoa(userID)+":"+itoa(titleID)); err != nil {
			return err
		}
		// Never fewer than the episodes marked one by one (see progress.go).
		var marks int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM episodes_seen WHERE user_id = ? AND title_id = ?", userID, titleID).Scan(&marks); err != nil {
			return err
		}
		e.EpisodesSeen = max(e.EpisodesSeen, marks)
		var old string
		err := q.QueryRow(ctx, "SELECT status FROM watch_entries WHERE user_id = ? AND title_id = ?", userID, titleID).Scan(&old)
		now := s.now().UTC()
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = q.Exec(ctx, `INSERT INTO watch_entries (user_id, title_id, status, episodes_seen, rewatch_count, started_on, finished_on, note, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, userID, titleID, e.Status, e.EpisodesSeen, e.Rewatches, e.StartedOn, e.FinishedOn, e.Note, now, now)
		case err == nil:
			_, err = q.Exec(ctx, `UPDATE watch_entries SET status = ?, episodes_seen = ?, rewatch_count = ?, started_on = ?, finished_on = ?, note = ?, updated_at = ?
				WHERE user_id = ? AND title_id = ?`, e.Status, e.EpisodesSeen, e.Rewatches, e.StartedOn, e.FinishedOn, e.Note, now, userID, titleID)
		}
		if err != nil {
			return err
		}
		if err := move(ctx, q, titleID, old, e.Status); err != nil {
			return err
		}
		counts, err = load(ctx, q, titleID)
		return err
	})
	if database.IsForeignKeyViolation(err) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no such title.")
	}
	if err == nil {
		s.remember(titleID, counts)
	}
	return counts, err
}

// Remove deletes the member's entry for a title and its episode marks.
func (s *Service) Remove(ctx context.Context, userID, titleID int64) error {
	var counts *Counts
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "watch:"+itoa(userID)+":"+itoa(titleID)); err != nil {
			return err
		}
		var old string
		err := q.QueryRow(ctx, "SELECT status FROM watch_entries WHERE user_id = ? AND title_id = ?", userID, titleID).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "You do not track this title.")
		}
		if err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "DELETE FROM watch_entries WHERE user_id = ? AND title_id = ?", userID, titleID); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "DELETE FROM episodes_seen WHERE user_id = ? AND title_id = ?", userID, titleID); err != nil {
			return err
		}
		if err := move(ctx, q, titleID, old, ""); err != nil {
			return err
		}
		counts, err = load(ctx, q, titleID)
		return err
	})
	if err == nil {
		s.remember(titleID, counts)
	}
	return err
}

// Get returns the member's entry for a title, or NotFound.
func (s *Service) Get(ctx context.Context, userID, titleID int64) (*Entry, error) {
	e := &Entry{}
	err := s.db.Reader().QueryRow(ctx, `SELECT status, episodes_seen, rewatch_count, started_on, finished_on, note FROM watch_entries
		WHERE user_id = ? AND title_id = ?`, userID, titleID).Scan(&e.Status, &e.EpisodesSeen, &e.Rewatches, &e.StartedOn, &e.FinishedOn, &e.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "You do not track this title.")
	}
	return e, err
}

// Counts returns how many members track a title, as of at most two seconds
// ago; the same value comes back while it is unchanged.
func (s *Service) Counts(ctx context.Context, titleID int64) (*Counts, error) {
	s.mu.Lock()
	c, ok := s.cache[titleID]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < 2*time.Second {
		return c.c, nil
	}
	fresh, err := load(ctx, s.db.Reader(), titleID)
	if err != nil {
		return nil, err
	}
	if ok && c.c.Total == fresh.Total && maps(c.c.ByStatus, fresh.ByStatus) {
		fresh = c.c
	}
	s.remember(titleID, fresh)
	return fresh, nil
}

func maps(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func (s *Service) remember(titleID int64, c *Counts) {
	s.mu.Lock()
	if len(s.cache) > 50000 {
		clear(s.cache)
	}
	s.cache[titleID] = cachedCounts{c: c, at: s.now()}
	s.mu.Unlock()
}

// move shifts one member from status from to status to ("" for none),
// locking count rows in a fixed order so concurrent changes cannot deadlock.
func move(ctx context.Context, q *database.Q, titleID int64, from, to string) error {
	if from == to {
		return nil
	}
	type change struct {
		status string
		delta  int
	}
	var changes []change
	if from != "" {
		changes = append(changes, change{from, -1})
	}
	if to != "" {
		changes = append(changes, change{to, 1})
	}
	slices.SortFunc(changes, func(a, b change) int { return strings.Compare(a.status, b.status) })
	for _, c := range changes {
		if _, err := q.Exec(ctx, `INSERT INTO watch_counts (title_id, status, count) VALUES (?, ?, ?)
			ON CONFLICT (title_id, status) DO UPDATE SET count = watch_counts.count + ?`, titleID, c.status, c.delta, c.delta); err != nil {
			return err
		}
	}
	return nil
}

func load(ctx context.Context, q *database.Q, titleID int64) (*Counts, error) {
	rows, err := q.Query(ctx, "SELECT status, count FROM watch_counts WHERE title_id = ? AND count > 0", titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := &Counts{ByStatus: map[string]int64{}}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		c.ByStatus[st] = n
		c.Total += n
	}
	return c, rows.Err()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
