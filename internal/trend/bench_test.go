package trend_test

import (
	"context"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/trend"
)

// BenchmarkCompute reads the trends of a title with 100,000 ratings spread
// over five years and of its 16 episodes rated by every tenth member: the
// cost of one refresh, which a busy title pays at most once per MaxStale.
func BenchmarkCompute(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			ctx := context.Background()
			db := dbtest.Open(b, e)
			title := accounttest.Title(b, db, "Crowded")
			users := accounttest.BulkMembers(b, db, 100_000)
			start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
			err := db.WithTx(ctx, func(q *database.Q) error {
				for i, u := range users {
					at := start.Add(time.Duration(i) * 26 * time.Minute) // about five years
					if _, err := q.Exec(ctx, "INSERT INTO title_ratings (user_id, target_id, score, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
						u, title.ID, 1+i%20, at, at); err != nil {
						return err
					}
				}
				for s := 1; s <= 20; s++ {
					if _, err := q.Exec(ctx, "INSERT INTO episode_rating_counts (target_id, score, count) VALUES (?, ?, ?)",
						title.Seasons[0].Episodes[0].ID, s, 500); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				tr, err := trend.Compute(ctx, db.Reader(), title.ID)
				if err != nil || tr.Ratings() != 100_000 {
					b.Fatalf("%v, %v", tr.Ratings(), err)
				}
			}
		})
	}
}

// BenchmarkTitleKept is what every title page request pays for its trends
// once they are read: a lookup of the kept value.
func BenchmarkTitleKept(b *testing.B) {
	ctx := context.Background()
	db := dbtest.Open(b, database.SQLite)
	title := accounttest.Title(b, db, "Kept")
	s := trend.NewService(db, trend.Options{})
	first, err := s.Title(ctx, title.ID, 0)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if got, err := s.Title(ctx, title.ID, 0); err != nil || got != first {
				b.Fatalf("%v, %v", got, err)
			}
		}
	})
}
