package recommend_test

import (
	"os"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/recommend"
)

// BenchmarkBuild rebuilds the recommendations of an existing database,
// named by DRAMADB_BENCH_DATA (a data folder) or DRAMADB_BENCH_DATABASE_URL
// (PostgreSQL); see docs/benchmarks.md for making one.
func BenchmarkBuild(b *testing.B) {
	cfg := database.Config{DataDir: os.Getenv("DRAMADB_BENCH_DATA"), URL: os.Getenv("DRAMADB_BENCH_DATABASE_URL")}
	if cfg.DataDir == "" && cfg.URL == "" {
		b.Skip("set DRAMADB_BENCH_DATA or DRAMADB_BENCH_DATABASE_URL to a generated database with planted members")
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	s := recommend.NewService(db, recommend.Options{})
	for b.Loop() {
		st, err := s.Build(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(st.Load.Seconds(), "load-s")
		b.ReportMetric(st.Compute.Seconds(), "compute-s")
		b.ReportMetric(st.Write.Seconds(), "write-s")
	}
}
