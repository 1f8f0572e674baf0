package trend_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/trend"
)

// clock is a settable time for ratings and the cache.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// twoSeasons makes a series with two seasons of three episodes.
func twoSeasons(t *testing.T, db *database.DB) *catalog.Title {
	t.Helper()
	eps := []catalog.Episode{{Number: 1}, {Number: 2}, {Number: 3}}
	title, err := catalog.NewService(db, catalog.Options{}).CreateTitle(context.Background(), &catalog.Title{
		Kind: catalog.KindSeries, Name: "사랑의 불시착", Seasons: []catalog.Season{{Number: 1, Episodes: eps}, {Number: 2, Episodes: eps}}})
	if err != nil {
		t.Fatal(err)
	}
	return title
}

func TestMonthsAndEpisodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title := twoSeasons(t, db)
		users := accounttest.Members(t, db, 4)
		clk := &clock{}
		ratings := rating.NewService(db, rating.Options{Now: clk.now})
		rate := func(when string, user int, kind rating.Kind, id int64, score float64) {
			t.Helper()
			clk.set(at(when))
			if _, err := ratings.Rate(ctx, users[user], rating.Target{Kind: kind, ID: id}, score); err != nil {
				t.Fatal(err)
			}
		}
		s := trend.NewService(db, trend.Options{Now: clk.now})
		empty, err := s.Title(ctx, title.ID, 0)
		if err != nil || len(empty.Months) != 0 || len(empty.Episodes) != 0 {
			t.Fatalf("no ratings: %+v, %v", empty, err)
		}

		// The last half hour of December is still December in UTC.
		rate("2019-12-14T21:00:00Z", 0, rating.Title, title.ID, 8)
		rate("2019-12-31T23:30:00Z", 1, rating.Title, title.ID, 10)
		rate("2020-03-02T12:00:00Z", 2, rating.Title, title.ID, 6)
		// A changed rating stays in the month it was first given, at its
		// new score.
		rate("2020-03-05T12:00:00Z", 0, rating.Title, title.ID, 9)
		s1, s2 := title.Seasons[0].Episodes, title.Seasons[1].Episodes
		rate("2020-01-01T00:00:00Z", 0, rating.Episode, s1[0].ID, 7)
		rate("2020-01-01T00:00:00Z", 1, rating.Episode, s1[0].ID, 8.5)
		rate("2020-01-01T00:00:00Z", 3, rating.Episode, s1[2].ID, 0.5)
		rate("2020-01-01T00:00:00Z", 3, rating.Episode, s2[1].ID, 10)

		got, err := trend.Compute(ctx, db.Reader(), title.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantMonths := []trend.Month{
			{Month: "2019-12", Count: 2, Average: 9.5},
			{Month: "2020-01", Count: 0, Average: 9.5},
			{Month: "2020-02", Count: 0, Average: 9.5},
			{Month: "2020-03", Count: 1, Average: 8.33},
		}
		if !equal(got.Months, wantMonths) {
			t.Errorf("months = %+v, want %+v", got.Months, wantMonths)
		}
		wantEpisodes := []trend.Episode{
			{Season: 1, Episode: 1, Average: 7.75, Count: 2},
			{Season: 1, Episode: 3, Average: 0.5, Count: 1},
			{Season: 2, Episode: 2, Average: 10, Count: 1},
		}
		if !equal(got.Episodes, wantEpisodes) {
			t.Errorf("episodes = %+v, want %+v", got.Episodes, wantEpisodes)
		}
		if got.Ratings() != 3 {
			t.Errorf("months add up to %d ratings, want 3", got.Ratings())
		}
		// Removing an episode's only rating takes it off the list.
		if _, err := ratings.Unrate(ctx, users[3], rating.Target{Kind: rating.Episode, ID: s1[2].ID}); err != nil {
			t.Fatal(err)
		}
		if got, _ := trend.Compute(ctx, db.Reader(), title.ID); len(got.Episodes) != 2 {
			t.Errorf("after removal: %+v", got.Episodes)
		}
	})
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The service hands out one value while nothing changed, so the title
// page made from it stays kept, and refreshes when the count of ratings
// moves or the value grows old.
func TestKeptUntilChanged(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title := accounttest.Title(t, db, "Signal")
		users := accounttest.Members(t, db, 3)
		clk := &clock{t: at("2026-11-01T10:00:00Z")}
		ratings := rating.NewService(db, rating.Options{Now: clk.now})
		s := trend.NewService(db, trend.Options{Now: clk.now, MaxStale: time.Minute})
		target := rating.Target{Kind: rating.Title, ID: title.ID}

		first, err := s.Title(ctx, title.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := s.Title(ctx, title.ID, 0); again != first {
			t.Error("a second read made a new value")
		}
		if _, err := ratings.Rate(ctx, users[0], target, 9); err != nil {
			t.Fatal(err)
		}
		// The caller still sees no ratings: the kept value stays.
		if same, _ := s.Title(ctx, title.ID, 0); same != first {
			t.Error("refreshed before the count moved or the value aged")
		}
		// The count moved: refreshed at once.
		moved, err := s.Title(ctx, title.ID, 1)
		if err != nil || moved == first || len(moved.Months) != 1 || moved.Months[0].Count != 1 {
			t.Fatalf("after a rating: %+v, %v", moved, err)
		}
		// An episode rating leaves the title's count alone; it shows once
		// the value is older than MaxStale.
		ep := rating.Target{Kind: rating.Episode, ID: title.Seasons[0].Episodes[0].ID}
		if _, err := ratings.Rate(ctx, users[1], ep, 4.5); err != nil {
			t.Fatal(err)
		}
		if same, _ := s.Title(ctx, title.ID, 1); same != moved {
			t.Error("refreshed within MaxStale")
		}
		clk.set(clk.now().Add(2 * time.Minute))
		aged, err := s.Title(ctx, title.ID, 1)
		if err != nil || len(aged.Episodes) != 1 || aged.Episodes[0].Average != 4.5 {
			t.Fatalf("after MaxStale: %+v, %v", aged, err)
		}
		// Aged but unchanged: the same value again.
		clk.set(clk.now().Add(2 * time.Minute))
		if same, _ := s.Title(ctx, title.ID, 1); same != aged {
			t.Error("an unchanged refresh made a new value")
		}
	})
}

// Many readers and raters at once: every read answers, and the final
// value counts every rating (run with -race).
func TestConcurrentReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title := accounttest.Title(t, db, "Moving")
		users := accounttest.Members(t, db, 8)
		ratings := rating.NewService(db, rating.Options{})
		s := trend.NewService(db, trend.Options{MaxStale: time.Nanosecond})
		var wg sync.WaitGroup
		for i, u := range users {
			wg.Go(func() {
				if _, err := ratings.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: title.ID}, float64(1+i)); err != nil {
					t.Error(err)
				}
			})
			wg.Go(func() {
				if got, err := s.Title(ctx, title.ID, int64(i)); err != nil || got == nil {
					t.Errorf("read: %v, %v", got, err)
				}
			})
		}
		wg.Wait()
		got, err := s.Title(ctx, title.ID, int64(len(users)))
		if err != nil || got.Ratings() != int64(len(users)) || got.Months[len(got.Months)-1].Average != 4.5 {
			t.Fatalf("after all: %+v, %v", got, err)
		}
	})
}

// With Run going, a reader never waits for a refresh: an out-of-date value
// comes back at once and the new one follows from the background.
func TestRunRefreshesInBackground(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title := accounttest.Title(t, db, "Background")
		users := accounttest.Members(t, db, 2)
		ratings := rating.NewService(db, rating.Options{})
		s := trend.NewService(db, trend.Options{MaxStale: time.Hour})
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { s.Run(runCtx); close(done) }()
		t.Cleanup(func() { stop(); <-done }) // before the database closes

		first, err := s.Title(ctx, title.ID, 0) // a first read waits
		if err != nil || len(first.Months) != 0 {
			t.Fatalf("first read: %+v, %v", first, err)
		}
		if _, err := ratings.Rate(ctx, users[0], rating.Target{Kind: rating.Title, ID: title.ID}, 7); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			got, err := s.Title(ctx, title.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got != first {
				if got.Ratings() != 1 || got.Months[0].Average != 7 {
					t.Fatalf("refreshed to %+v", got)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Run never refreshed the title")
			}
			time.Sleep(5 * time.Millisecond)
		}
		if n := s.RefreshDue(ctx); n != 0 {
			t.Errorf("%d titles still due after the refresh", n)
		}
	})
}
