package watch_test

import (
	"context"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/watch"
)

func setup(t *testing.T, db *database.DB, n int) (int64, []int64) {
	t.Helper()
	return accounttest.Title(t, db, "Signal").ID, accounttest.Members(t, db, n)
}

func TestWatchEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 2)
		s := watch.NewService(db, nil)
		_, err := s.Set(ctx, users[0], title, 16, watch.Entry{Status: "binging", EpisodesSeen: 17, Rewatches: -1, StartedOn: "2020-02-30", FinishedOn: "x"})
		if e, _ := apperr.As(err); e == nil || len(e.Fields) != 5 {
			t.Errorf("invalid entry: %v", err)
		}
		c, err := s.Set(ctx, users[0], title, 16, watch.Entry{Status: "watching", EpisodesSeen: 3, StartedOn: "2020-01-04", Note: "비밀 메모"})
		if err != nil || c.Total != 1 || c.ByStatus["watching"] != 1 {
			t.Fatalf("set: %+v %v", c, err)
		}
		c, err = s.Set(ctx, users[0], title, 16, watch.Entry{Status: "completed", Rewatches: 3, StartedOn: "2020-01-04", FinishedOn: "2020-02-16"})
		if err != nil || c.Total != 1 || c.ByStatus["completed"] != 1 || c.ByStatus["watching"] != 0 {
			t.Fatalf("change: %+v %v", c, err)
		}
		e, err := s.Get(ctx, users[0], title)
		if err != nil || e.EpisodesSeen != 16 || e.Rewatches != 3 {
			t.Errorf("completed entry: %+v %v (completing marks every episode seen)", e, err)
		}
		if _, err := s.Get(ctx, users[1], title); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("untracked: %v", err)
		}
		if err := s.Remove(ctx, users[0], title); err != nil {
			t.Fatal(err)
		}
		if err := s.Remove(ctx, users[0], title); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("second removal: %v", err)
		}
		if _, err := s.Set(ctx, users[0], 99999, 0, watch.Entry{Status: "watching"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("missing title: %v", err)
		}
	})
}

func TestWatchCountsAreExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 30)
		s := watch.NewService(db, nil)
		var wg sync.WaitGroup
		for i, u := range users {
			for _, st := range []string{"plan_to_watch", "watching", watch.Statuses[i%len(watch.Statuses)]} {
				wg.Go(func() {
					if _, err := s.Set(ctx, u, title, 16, watch.Entry{Status: st}); err != nil {
						t.Error(err)
					}
				})
			}
		}
		wg.Wait()
		want := map[string]int64{}
		for _, u := range users {
			e, err := s.Get(ctx, u, title)
			if err != nil {
				t.Fatal(err)
			}
			want[e.Status]++
		}
		c, err := s.Set(ctx, users[0], title, 16, watch.Entry{Status: func() string { e, _ := s.Get(ctx, users[0], title); return e.Status }()})
		if err != nil {
			t.Fatal(err)
		}
		if c.Total != int64(len(users)) {
			t.Errorf("total %d, want %d", c.Total, len(users))
		}
		for st, n := range want {
			if c.ByStatus[st] != n {
				t.Errorf("%s: %d, want %d", st, c.ByStatus[st], n)
			}
		}
	})
}
