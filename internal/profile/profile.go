// Package profile gathers what a member's profile shows: what they watch by
// status, their recent ratings and reviews, and statistics drawn from them.
// It only reads; the watch, rating and review packages own the data.
package profile

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/watch"
)

// Title names a title on a profile.
type Title struct {
	Slug string `json:"slug"`
	Name string `json:"title"`
}

// Watched is one title a member tracks.
type Watched struct {
	Title        Title  `json:"title"`
	EpisodesSeen int    `json:"episodes_seen"`
	Rewatches    int    `json:"rewatch_count,omitempty"`
	FinishedOn   string `json:"finished_on,omitempty"`
}

// Group is the titles with one watch status, most recently changed first.
type Group struct {
	Status string    `json:"status"`
	Titles []Watched `json:"titles"`
}

// Rated is one of the member's title ratings.
type Rated struct {
	Title   Title     `json:"title"`
	Score   float64   `json:"score"`
	RatedAt time.Time `json:"rated_at"`
}

// Reviewed is one of the member's published reviews.
type Reviewed struct {
	ID       int64     `json:"id"`
	Title    Title     `json:"title"`
	Season   int       `json:"season,omitempty"`
	Headline string    `json:"headline"`
	Score    float64   `json:"score"`
	Written  time.Time `json:"created_at"`
}

// Genre is a favourite genre with its weight (see favouriteGenres).
type Genre struct {
	Slug   string  `json:"slug"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	Titles int     `json:"titles"`
}

// Stats sums up a member's watching.
type Stats struct {
	TitlesCompleted int     `json:"titles_completed"`
	EpisodesSeen    int     `json:"episodes_seen"`
	MinutesWatched  int     `json:"minutes_watched"`
	HoursWatched    float64 `json:"hours_watched"` // one decimal
	Ratings         int     `json:"ratings"`
	MeanScore       float64 `json:"mean_score"` // of title ratings; 0 without any
	FavouriteGenres []Genre `json:"favourite_genres"`
}

// Profile is everything a profile shows besides the member's own fields.
type Profile struct {
	Watching []Group    `json:"watching"`
	Ratings  []Rated    `json:"recent_ratings"`
	Reviews  []Reviewed `json:"reviews"`
	Stats    Stats      `json:"statistics"`
}

// How much of each a profile lists.
const (
	maxWatched = 500
	maxRecent  = 20
	maxGenres  = 5
)

// Service reads profiles.
type Service struct{ db *database.DB }

// NewService returns a profile reader on db.
func NewService(db *database.DB) *Service { return &Service{db: db} }

// Of returns the profile of member userID.
func (s *Service) Of(ctx context.Context, userID int64) (*Profile, error) {
	p := &Profile{Watching: []Group{}, Ratings: []Rated{}, Reviews: []Reviewed{}}
	if err := s.watching(ctx, userID, p); err != nil {
		return nil, err
	}
	if err := s.ratings(ctx, userID, p); err != nil {
		return nil, err
	}
	if err := s.reviews(ctx, userID, p); err != nil {
		return nil, err
	}
	if err := s.stats(ctx, userID, &p.Stats); err != nil {
		return nil, err
	}
	return p, nil
}

func (s *Service) watching(ctx context.Context, userID int64, p *Profile) error {
	rows, err := s.db.Reader().Query(ctx, `SELECT w.status, t.slug, t.name, w.episodes_seen, w.rewatch_count, w.finished_on
		FROM watch_entries w JOIN titles t ON t.id = w.title_id WHERE w.user_id = ? ORDER BY w.updated_at DESC, t.id LIMIT ?`, userID, maxWatched)
	if err != nil {
		return err
	}
	defer rows.Close()
	by := map[string][]Watched{}
	for rows.Next() {
		var st string
		var w Watched
		if err := rows.Scan(&st, &w.Title.Slug, &w.Title.Name, &w.EpisodesSeen, &w.Rewatches, &w.FinishedOn); err != nil {
			return err
		}
		by[st] = append(by[st], w)
	}
	for _, st := range watch.Statuses {
		if len(by[st]) > 0 {
			p.Watching = append(p.Watching, Group{Status: st, Titles: by[st]})
		}
	}
	return rows.Err()
}

func (s *Service) ratings(ctx context.Context, userID int64, p *Profile) error {
	rows, err := s.db.Reader().Query(ctx, `SELECT t.slug, t.name, r.score, r.updated_at FROM title_ratings r JOIN titles t ON t.id = r.target_id
		WHERE r.user_id = ? ORDER BY r.updated_at DESC, t.id LIMIT ?`, userID, maxRecent)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Rated
		var h int
		if err := rows.Scan(&r.Title.Slug, &r.Title.Name, &h, &r.RatedAt); err != nil {
			return err
		}
		r.Score = float64(h) / 2
		p.Ratings = append(p.Ratings, r)
	}
	return rows.Err()
}

func (s *Service) reviews(ctx context.Context, userID int64, p *Profile) error {
	rows, err := s.db.Reader().Query(ctx, `SELECT r.id, t.slug, t.name, COALESCE(se.number, 0), r.headline, r.score, r.created_at
		FROM reviews r JOIN titles t ON t.id = r.title_id LEFT JOIN seasons se ON se.id = r.season_id
		WHERE r.user_id = ? AND r.status = 'published' ORDER BY r.created_at DESC, r.id DESC LIMIT ?`, userID, maxRecent)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r Reviewed
		var h int
		if err := rows.Scan(&r.ID, &r.Title.Slug, &r.Title.Name, &r.Season, &r.Headline, &h, &r.Written); err != nil {
			return err
		}
		r.Score = float64(h) / 2
		p.Reviews = append(p.Reviews, r)
	}
	return rows.Err()
}

// stats computes the statistics.
//
// Minutes watched: each episode marked seen counts its own runtime, or the
// title's episode runtime when the episode has none. Episodes counted in
// episodes_seen but not marked one by one count the title's runtime each.
// A completed film (no episodes) counts its runtime once. Rewatches are not
// counted: how much of a title was seen again is not known.
func (s *Service) stats(ctx context.Context, userID int64, st *Stats) error {
	q := s.db.Reader()
	type entry struct {
		kind, status     string
		seen, runtime    int
		marks, markedMin int
	}
	entries := map[int64]*entry{}
	rows, err := q.Query(ctx, `SELECT w.title_id, t.kind, w.status, w.episodes_seen, t.runtime_minutes
		FROM watch_entries w JOIN titles t ON t.id = w.title_id WHERE w.user_id = ?`, userID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		e := &entry{}
		if err := rows.Scan(&id, &e.kind, &e.status, &e.seen, &e.runtime); err != nil {
			rows.Close()
			return err
		}
		entries[id] = e
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.Query(ctx, `SELECT x.title_id, COUNT(*), COALESCE(SUM(CASE WHEN e.runtime_minutes > 0 THEN e.runtime_minutes ELSE t.runtime_minutes END), 0)
		FROM episodes_seen x JOIN episodes e ON e.id = x.episode_id JOIN titles t ON t.id = x.title_id
		WHERE x.user_id = ? GROUP BY x.title_id`, userID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var marks, minutes int
		if err := rows.Scan(&id, &marks, &minutes); err != nil {
			rows.Close()
			return err
		}
		if e := entries[id]; e != nil {
			e.marks, e.markedMin = marks, minutes
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range entries {
		if e.status == "completed" {
			st.TitlesCompleted++
		}
		st.EpisodesSeen += e.seen
		st.MinutesWatched += e.markedMin + max(0, e.seen-e.marks)*e.runtime
		if e.kind != "series" && e.seen == 0 && e.status == "completed" {
			st.MinutesWatched += e.runtime
		}
	}
	st.HoursWatched = math.Round(float64(st.MinutesWatched)/60*10) / 10

	var sum int64
	if err := q.QueryRow(ctx, "SELECT COUNT(*), COALESCE(SUM(score), 0) FROM title_ratings WHERE user_id = ?", userID).Scan(&st.Ratings, &sum); err != nil {
		return err
	}
	if st.Ratings > 0 {
		st.MeanScore = math.Round(float64(sum)/float64(st.Ratings)/2*100) / 100
	}
	st.FavouriteGenres, err = s.favouriteGenres(ctx, userID)
	return err
}

// unratedWeight is what a completed title the member did not rate counts
// for, as if rated 5 of 10.
const unratedWeight = 0.5

// favouriteGenres ranks genres over the titles a member completed or
// rated. Each such title adds its weight to each of its genres: the
// member's score divided by 10 (so a 10 counts 1, a 3 counts 0.3), or 0.5
// when completed without a rating. A genre watched often but disliked thus
// falls behind one watched less but loved; counting alone would not show
// taste. Ties go to the genre with more titles, then by name.
func (s *Service) favouriteGenres(ctx context.Context, userID int64) ([]Genre, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT g.slug, g.name, r.score
		FROM title_genres tg JOIN genres g ON g.id = tg.genre_id
		LEFT JOIN title_ratings r ON r.target_id = tg.title_id AND r.user_id = ?
		LEFT JOIN watch_entries w ON w.title_id = tg.title_id AND w.user_id = ?
		WHERE r.score IS NOT NULL OR w.status = 'completed'`, userID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	by := map[string]*Genre{}
	for rows.Next() {
		var slug, name string
		var score *int
		if err := rows.Scan(&slug, &name, &score); err != nil {
			return nil, err
		}
		g := by[slug]
		if g == nil {
			g = &Genre{Slug: slug, Name: name}
			by[slug] = g
		}
		g.Titles++
		if score != nil {
			g.Weight += float64(*score) / 20
		} else {
			g.Weight += unratedWeight
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Genre, 0, len(by))
	for _, g := range by {
		g.Weight = math.Round(g.Weight*100) / 100
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Weight != b.Weight {
			return a.Weight > b.Weight
		}
		if a.Titles != b.Titles {
			return a.Titles > b.Titles
		}
		return a.Name < b.Name
	})
	if len(out) > maxGenres {
		out = out[:maxGenres]
	}
	return out, nil
}
