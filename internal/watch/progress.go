package watch

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Episode marks and the watch entry agree as follows:
//
//   - Marking an episode of a title the member does not track starts
//     tracking it as "watching" (started today); a "plan to watch" entry
//     becomes "watching".
//   - episodes_seen is never below the number of episodes marked seen.
//     Members who do not mark single episodes may still set the number by
//     hand (Set raises it to the marks when lower); a mark raises it to the
//     number of marks, an unmark lowers it by the marks removed.
//   - When every listed episode is marked, a watching, planned or on-hold
//     entry becomes "completed" (finished today unless a date is set).
//     Unmarking an episode of a completed title makes it "watching" again.
//     A dropped entry keeps its status.
//   - Removing the entry forgets the title's marks too.

// SeasonProgress is which episodes of one season a member has seen.
type SeasonProgress struct {
	Season int   `json:"season"`
	Seen   []int `json:"seen"` // episode numbers, ascending
}

// Progress is a member's episode marks for one title.
type Progress struct {
	EpisodesSeen int              `json:"episodes_seen"` // marks, over all seasons
	Seasons      []SeasonProgress `json:"seasons"`
}

// Of returns the episodes seen in season n (nil when none).
func (p *Progress) Of(n int) []int {
	for _, s := range p.Seasons {
		if s.Season == n {
			return s.Seen
		}
	}
	return nil
}

// MarkEpisode records that the member has (seen true) or has not seen one
// episode of a title with the given number of episodes, and returns the
// member's entry after the change. Marking twice changes nothing.
func (s *Service) MarkEpisode(ctx context.Context, userID, titleID int64, episodes int, episodeID int64, seen bool) (*Entry, error) {
	return s.mark(ctx, userID, titleID, episodes, "e.id = ?", episodeID, seen)
}

// MarkSeason marks (or unmarks) every listed episode of one season.
func (s *Service) MarkSeason(ctx context.Context, userID, titleID int64, episodes int, seasonID int64, seen bool) (*Entry, error) {
	return s.mark(ctx, userID, titleID, episodes, "e.season_id = ?", seasonID, seen)
}

func (s *Service) mark(ctx context.Context, userID, titleID int64, episodes int, cond string, arg int64, seen bool) (*Entry, error) {
	var entry *Entry
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "watch:"+itoa(userID)+":"+itoa(titleID)); err != nil {
			return err
		}
		// The episode (or season) must belong to the title.
		var n int
		if err := q.QueryRow(ctx, `SELECT COUNT(*) FROM episodes e JOIN seasons s ON s.id = e.season_id
			WHERE s.title_id = ? AND `+cond, titleID, arg).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Errorf(apperr.NotFound, "There is no such episode.")
		}
		now := s.now().UTC()
		var res sql.Result
		var err error
		if seen {
			res, err = q.Exec(ctx, `INSERT INTO episodes_seen (user_id, episode_id, title_id, seen_at)
				SELECT ?, e.id, s.title_id, ? FROM episodes e JOIN seasons s ON s.id = e.season_id
				WHERE s.title_id = ? AND `+cond+` ON CONFLICT (user_id, episode_id) DO NOTHING`, userID, now, titleID, arg)
		} else {
			res, err = q.Exec(ctx, `DELETE FROM episodes_seen WHERE user_id = ? AND episode_id IN (
				SELECT e.id FROM episodes e JOIN seasons s ON s.id = e.season_id WHERE s.title_id = ? AND `+cond+`)`, userID, titleID, arg)
		}
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		entry, err = s.settle(ctx, q, userID, titleID, episodes, now, seen, int(changed))
		return err
	})
	if database.IsForeignKeyViolation(err) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no such title.")
	}
	return entry, err
}

// settle brings the watch entry in line with the marks, following the
// rules above, and moves the title's status counts.
// changed is how many marks were added (marked) or removed.
func (s *Service) settle(ctx context.Context, q *database.Q, userID, titleID int64, episodes int, now time.Time, marked bool, changed int) (*Entry, error) {
	var seen int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM episodes_seen WHERE user_id = ? AND title_id = ?", userID, titleID).Scan(&seen); err != nil {
		return nil, err
	}
	// Listed episodes may exceed an announced count; never refuse a mark.
	episodes = max(episodes, seen)
	e := &Entry{}
	err := q.QueryRow(ctx, `SELECT status, episodes_seen, rewatch_count, started_on, finished_on, note FROM watch_entries
		WHERE user_id = ? AND title_id = ?`, userID, titleID).Scan(&e.Status, &e.EpisodesSeen, &e.Rewatches, &e.StartedOn, &e.FinishedOn, &e.Note)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if !exists && (!marked || seen == 0) {
		return nil, nil // unmarking an untracked title leaves it untracked
	}
	old := e.Status
	today := now.Format("2006-01-02")
	if !exists || e.Status == "plan_to_watch" {
		e.Status = "watching"
		if e.StartedOn == "" {
			e.StartedOn = today
		}
	}
	if marked {
		e.EpisodesSeen = max(e.EpisodesSeen, seen)
	} else {
		e.EpisodesSeen = max(e.EpisodesSeen-changed, seen)
	}
	allSeen := episodes > 0 && e.EpisodesSeen >= episodes
	switch {
	case allSeen && (e.Status == "watching" || e.Status == "on_hold"):
		e.Status = "completed"
		if e.FinishedOn == "" && e.StartedOn <= today {
			e.FinishedOn = today
		}
	case !allSeen && e.Status == "completed" && !marked:
		e.Status = "watching"
	}
	if exists {
		_, err = q.Exec(ctx, `UPDATE watch_entries SET status = ?, episodes_seen = ?, started_on = ?, finished_on = ?, updated_at = ?
			WHERE user_id = ? AND title_id = ?`, e.Status, e.EpisodesSeen, e.StartedOn, e.FinishedOn, now, userID, titleID)
	} else {
		old = ""
		_, err = q.Exec(ctx, `INSERT INTO watch_entries (user_id, title_id, status, episodes_seen, rewatch_count, started_on, finished_on, note, created_at, updated_at)
			VALUES (?, ?, ?, ?, 0, ?, ?, '', ?, ?)`, userID, titleID, e.Status, e.EpisodesSeen, e.StartedOn, e.FinishedOn, now, now)
	}
	if err != nil {
		return nil, err
	}
	if err := move(ctx, q, titleID, old, e.Status); err != nil {
		return nil, err
	}
	// The next read of the title's counts goes to the database.
	s.forget(titleID)
	return e, nil
}

func (s *Service) forget(titleID int64) {
	s.mu.Lock()
	delete(s.cache, titleID)
	s.mu.Unlock()
}

// Progress returns the member's episode marks for a title.
func (s *Service) Progress(ctx context.Context, userID, titleID int64) (*Progress, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT s.number, e.number FROM episodes_seen x
		JOIN episodes e ON e.id = x.episode_id JOIN seasons s ON s.id = e.season_id
		WHERE x.user_id = ? AND x.title_id = ? ORDER BY s.number, e.number`, userID, titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p := &Progress{Seasons: []SeasonProgress{}}
	for rows.Next() {
		var sn, en int
		if err := rows.Scan(&sn, &en); err != nil {
			return nil, err
		}
		if len(p.Seasons) == 0 || p.Seasons[len(p.Seasons)-1].Season != sn {
			p.Seasons = append(p.Seasons, SeasonProgress{Season: sn})
		}
		last := &p.Seasons[len(p.Seasons)-1]
		last.Seen = append(last.Seen, en)
		p.EpisodesSeen++
	}
	sort.Slice(p.Seasons, func(i, j int) bool { return p.Seasons[i].Season < p.Seasons[j].Season })
	return p, rows.Err()
}
