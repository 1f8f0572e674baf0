package rating_test

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/rating"
)

// BenchmarkRate measures sustained rating writes: 200 members rating one
// title and its episode with random scores, from parallel goroutines, each
// write its own transaction.
func BenchmarkRate(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := dbtest.Open(b, e)
			title, users := setup(b, db, 200)
			s := rating.NewService(db, rating.Options{})
			ctx := context.Background()
			var n atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					target := rating.Target{Kind: rating.Title, ID: title.ID}
					if i%2 == 0 {
						target = rating.Target{Kind: rating.Episode, ID: title.Seasons[0].Episodes[0].ID}
					}
					if _, err := s.Rate(ctx, users[i%int64(len(users))], target, float64(rand.IntN(20)+1)/2); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
		})
	}
}
