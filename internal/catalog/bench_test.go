package catalog

import (
	"context"
	"encoding/json"
	"os"
	"testing"

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
