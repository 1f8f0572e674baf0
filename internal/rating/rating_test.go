package rating_test

import (
	"context"
	"math"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/rating"
)

// setup makes a title with a season and an episode, and n members.
func setup(t testing.TB, db *database.DB, n int) (*catalog.Title, []int64) {
	t.Helper()
	return accounttest.Title(t, db, "Signal"), accounttest.Members(t, db, n)
}

func TestRateChangeAndRemove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 3)
		s := rating.NewService(db, rating.Options{})
		target := rating.Target{Kind: rating.Title, ID: title.ID}
		for _, bad := range []float64{0, 0.25, 10.5, -1, 9.3, math.NaN(), math.Inf(1)} {
			if _, err := s.Rate(ctx, users[0], target, bad); apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("score %v: %v", bad, err)
			}
		}
		if _, err := s.Rate(ctx, users[0], target, 9); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rate(ctx, users[1], target, 7.5); err != nil {
			t.Fatal(err)
		}
		agg, err := s.Rate(ctx, users[0], target, 10) // a change, not a second rating
		if err != nil {
			t.Fatal(err)
		}
		if agg.Count != 2 || agg.Average != 8.75 || agg.Distribution[19] != 1 || agg.Distribution[14] != 1 || agg.Distribution[17] != 0 {
			t.Fatalf("aggregate %+v", agg)
		}
		if mine, err := s.Mine(ctx, users[0], target); err != nil || mine != 10 {
			t.Errorf("mine = %v, %v", mine, err)
		}
		agg, err = s.Unrate(ctx, users[1], target)
		if err != nil || agg.Count != 1 || agg.Average != 10 {
			t.Fatalf("after removal %+v, %v", agg, err)
		}
		if _, err := s.Unrate(ctx, users[1], target); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("second removal: %v", err)
		}
		// Seasons and episodes are rated on their own.
		ep := rating.Target{Kind: rating.Episode, ID: title.Seasons[0].Episodes[0].ID}
		if agg, err := s.Rate(ctx, users[2], ep, 0.5); err != nil || agg.Count != 1 || agg.Distribution[0] != 1 {
			t.Errorf("episode: %+v, %v", agg, err)
		}
		if agg, err := s.Rate(ctx, users[2], rating.Target{Kind: rating.Season, ID: title.Seasons[0].ID}, 8); err != nil || agg.Count != 1 {
			t.Errorf("season: %+v, %v", agg, err)
		}
		if _, err := s.Rate(ctx, users[2], rating.Target{Kind: rating.Title, ID: 999999}, 8); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("missing title: %v", err)
		}
		// Deleting the title takes its ratings and counts with it.
		if err := catalog.NewService(db, catalog.Options{}).DeleteTitle(ctx, title.Slug); err != nil {
			t.Fatal(err)
		}
		var n int
		db.Reader().QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM title_ratings) + (SELECT COUNT(*) FROM title_rating_counts) + (SELECT COUNT(*) FROM episode_ratings)").Scan(&n)
		if n != 0 {
			t.Errorf("%d rating rows outlived their title", n)
		}
	})
}

func TestConcurrentRatingsAreExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 40)
		s := rating.NewService(db, rating.Options{})
		target := rating.Target{Kind: rating.Title, ID: title.ID}
		var wg sync.WaitGroup
		// Every member rates three times at once, ending on a known score;
		// some also remove and re-add theirs.
		for i, u := range users {
			wg.Go(func() {
				for _, sc := range []float64{1, 5.5, float64(i%20+1) / 2} {
					if _, err := s.Rate(ctx, u, target, sc); err != nil {
						t.Error(err)
					}
				}
			})
			wg.Go(func() {
				if _, err := s.Rate(ctx, u, target, float64(i%20+1)/2); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var want rating.Aggregate
		var sum float64
		for _, u := range users {
			mine, err := s.Mine(ctx, u, target)
			if err != nil {
				t.Fatal(err)
			}
			want.Count++
			want.Distribution[int(mine*2)-1]++
			sum += mine
		}
		want.Average = math.Round(sum/float64(want.Count)*100) / 100
		got, err := s.Unrate(ctx, users[0], target) // also a fresh, exact read
		if err != nil {
			t.Fatal(err)
		}
		mine0 := float64(0%20+1) / 2
		want.Count--
		want.Distribution[int(mine0*2)-1]--
		want.Average = math.Round((sum-mine0)/float64(want.Count)*100) / 100
		if *got != want {
			t.Errorf("aggregate %+v\nwant      %+v", *got, want)
		}
	})
}
