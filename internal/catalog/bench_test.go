package catalog

import (
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// BenchmarkLoadTitle measures reading a full title from the database, the
// work behind every read-cache miss.
func BenchmarkLoadTitle(b *testing.B) {
	raw, err := os.ReadFile("../demo/catalog.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			var doc Document
			if err := json.Unmarshal(raw, &doc); err != nil {
				b.Fatal(err)
			}
			svc := NewService(dbtest.Open(b, e), Options{})
			ctx := context.Background()
			if err := svc.Import(ctx, &doc); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := svc.store.loadTitle(ctx, "crash-landing-on-you", allSections); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBrowseLarge measures browse queries (filters and sorts, the
// count and the page) on an existing large database, such as one made by
// `dramadb generate --titles 1000000` and ranked by `dramadb rank`. Set
// DRAMADB_BENCH_DATA to its folder (SQLite) or DRAMADB_BENCH_URL to a
// PostgreSQL URL; without either it is skipped. Each iteration reads a
// page chosen from the first 20 straight from the store, past the read
// cache, and the p50 and p95 latencies are reported.
func BenchmarkBrowseLarge(b *testing.B) {
	cfg := database.Config{DataDir: os.Getenv("DRAMADB_BENCH_DATA"), URL: os.Getenv("DRAMADB_BENCH_URL")}
	if cfg.DataDir == "" && cfg.URL == "" {
		b.Skip("set DRAMADB_BENCH_DATA or DRAMADB_BENCH_URL to a large generated database")
	}
	ctx := context.Background()
	db, err := database.Open(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	st := NewStore(db)
	for _, c := range []struct {
		name string
		f    TitleFilter
	}{
		{"newest", TitleFilter{}},
		{"genre+country", TitleFilter{Genre: "romance", Country: "KR"}},
		{"genre+years+status", TitleFilter{Genre: "thriller", YearFrom: 2010, YearTo: 2019, Status: StatusEnded}},
		{"provider+region", TitleFilter{Provider: "Netflix", Region: "KR"}},
		{"by-title", TitleFilter{Sort: SortTitle}},
		{"by-score", TitleFilter{Sort: SortScore}},
		{"by-popularity+genre", TitleFilter{Sort: SortPopularity, Genre: "comedy"}},
		{"score-range+genre", TitleFilter{ScoreMin: 7, ScoreMax: 9, Genre: "romance", Sort: SortScore}},
		{"network+years", TitleFilter{Network: "tvn", YearFrom: 2015, YearTo: 2020}},
	} {
		b.Run(c.name, func(b *testing.B) {
			var took []time.Duration
			for i := 0; b.Loop(); i++ {
				f := c.f
				f.Page = 1 + i%20
				if err := NormalizeFilter(&f); err != nil {
					b.Fatal(err)
				}
				f.PerPage = 36
				start := time.Now()
				if _, err := st.listTitles(ctx, f); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
