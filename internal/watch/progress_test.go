package watch_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/watch"
)

// series makes a title with two seasons of n episodes each.
func series(t *testing.T, db *database.DB, name string, n int) *catalog.Title {
	t.Helper()
	in := &catalog.Title{Kind: catalog.KindSeries, Name: name, Runtime: 60}
	for s := 1; s <= 2; s++ {
		se := catalog.Season{Number: s}
		for e := 1; e <= n; e++ {
			se.Episodes = append(se.Episodes, catalog.Episode{Number: e})
		}
		in.Seasons = append(in.Seasons, se)
	}
	title, err := catalog.NewService(db, catalog.Options{}).CreateTitle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return title
}

func fixedNow() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func TestEpisodeMarks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title := series(t, db, "두 번째 스무살", 3)
		other := series(t, db, "Other", 1)
		users := accounttest.Members(t, db, 2)
		u := users[0]
		s := watch.NewService(db, fixedNow)
		s1, s2 := title.Seasons[0], title.Seasons[1]

		// The first mark starts tracking the title as watching.
		e, err := s.MarkEpisode(ctx, u, title.ID, 6, s1.Episodes[1].ID, true)
		if err != nil || e.Status != "watching" || e.EpisodesSeen != 1 || e.StartedOn != "2026-03-01" {
			t.Fatalf("first mark: %+v %v", e, err)
		}
		// Marking again changes nothing.
		if e, err = s.MarkEpisode(ctx, u, title.ID, 6, s1.Episodes[1].ID, true); err != nil || e.EpisodesSeen != 1 {
			t.Fatalf("second mark: %+v %v", e, err)
		}
		// An episode of another title is not this title's.
		if _, err := s.MarkEpisode(ctx, u, title.ID, 6, other.Seasons[0].Episodes[0].ID, true); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("foreign episode: %v", err)
		}
		if e, err = s.MarkSeason(ctx, u, title.ID, 6, s1.ID, true); err != nil || e.EpisodesSeen != 3 || e.Status != "watching" {
			t.Fatalf("season: %+v %v", e, err)
		}
		p, err := s.Progress(ctx, u, title.ID)
		if err != nil || p.EpisodesSeen != 3 || !slices.Equal(p.Of(1), []int{1, 2, 3}) || p.Of(2) != nil {
			t.Fatalf("progress: %+v %v", p, err)
		}
		// Every episode seen completes the title.
		if e, err = s.MarkSeason(ctx, u, title.ID, 6, s2.ID, true); err != nil || e.Status != "completed" || e.EpisodesSeen != 6 || e.FinishedOn != "2026-03-01" {
			t.Fatalf("all seen: %+v %v", e, err)
		}
		counts, err := s.Counts(ctx, title.ID)
		if err != nil || counts.ByStatus["completed"] != 1 || counts.Total != 1 {
			t.Errorf("counts after completing: %+v %v", counts, err)
		}
		// Unmarking one makes it watching again; the stored entry agrees.
		if e, err = s.MarkEpisode(ctx, u, title.ID, 6, s2.Episodes[2].ID, false); err != nil || e.Status != "watching" || e.EpisodesSeen != 5 {
			t.Fatalf("unmark: %+v %v", e, err)
		}
		if got, err := s.Get(ctx, u, title.ID); err != nil || got.EpisodesSeen != 5 || got.Status != "watching" {
			t.Errorf("stored entry: %+v %v", got, err)
		}
		if e, err = s.MarkSeason(ctx, u, title.ID, 6, s1.ID, false); err != nil || e.EpisodesSeen != 2 {
			t.Fatalf("unmark season: %+v %v", e, err)
		}
		p, _ = s.Progress(ctx, u, title.ID)
		if !slices.Equal(p.Of(2), []int{1, 2}) || p.Of(1) != nil {
			t.Errorf("progress after unmarking: %+v", p)
		}
		// A hand-set count never falls below the marks.
		if _, err := s.Set(ctx, u, title.ID, 6, watch.Entry{Status: "on_hold", EpisodesSeen: 0}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Get(ctx, u, title.ID); got.EpisodesSeen != 2 || got.Status != "on_hold" {
			t.Errorf("hand-set count below the marks: %+v", got)
		}
		// Unmarking on an untracked title leaves it untracked.
		if e, err := s.MarkEpisode(ctx, users[1], title.ID, 6, s1.Episodes[0].ID, false); err != nil || e != nil {
			t.Errorf("unmark untracked: %+v %v", e, err)
		}
		if _, err := s.Get(ctx, users[1], title.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unmarking started tracking: %v", err)
		}
		// Removing the entry forgets the marks.
		if err := s.Remove(ctx, u, title.ID); err != nil {
			t.Fatal(err)
		}
		if p, _ := s.Progress(ctx, u, title.ID); p.EpisodesSeen != 0 {
			t.Errorf("marks outlived the entry: %+v", p)
		}
	})
}

func TestEpisodeMarksAreExactUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		const n = 16
		title := series(t, db, "Concurrent", n)
		u := accounttest.Members(t, db, 1)[0]
		s := watch.NewService(db, fixedNow)
		var wg sync.WaitGroup
		// Every episode of season one marked twice at once, season two
		// marked and unmarked as a whole meanwhile.
		for _, ep := range title.Seasons[0].Episodes {
			for range 2 {
				wg.Go(func() {
					if _, err := s.MarkEpisode(ctx, u, title.ID, 2*n, ep.ID, true); err != nil {
						t.Error(err)
					}
				})
			}
		}
		wg.Go(func() {
			if _, err := s.MarkSeason(ctx, u, title.ID, 2*n, title.Seasons[1].ID, true); err != nil {
				t.Error(err)
			}
		})
		wg.Wait()
		if _, err := s.MarkSeason(ctx, u, title.ID, 2*n, title.Seasons[1].ID, false); err != nil {
			t.Fatal(err)
		}
		p, err := s.Progress(ctx, u, title.ID)
		if err != nil || p.EpisodesSeen != n || len(p.Of(1)) != n {
			t.Fatalf("progress: %+v %v", p, err)
		}
		e, err := s.Get(ctx, u, title.ID)
		if err != nil || e.EpisodesSeen != n || e.Status != "watching" {
			t.Errorf("entry: %+v %v", e, err)
		}
		c, err := s.Counts(ctx, title.ID)
		if err != nil || c.Total != 1 || c.ByStatus["watching"] != 1 {
			t.Errorf("counts: %+v %v", c, err)
		}
	})
}
