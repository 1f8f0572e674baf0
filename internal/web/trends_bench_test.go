package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dramadb/dramadb/internal/app"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/web"
)

// BenchmarkTitlePageTrends compares the title page with every community
// service but the audience trends against the full page, on a title with
// 100,000 ratings and as many members tracking it, in one run so both
// sides share the machine's load.
func BenchmarkTitlePageTrends(b *testing.B) {
	const path = "/titles/crash-landing-on-you"
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := dbtest.Open(b, e)
			handlerOn(b, db, false) // loads the demo catalog
			loadCrowd(b, db, "crash-landing-on-you", 100_000, 0)
			handler := func(trends bool) *web.Server {
				cfg := app.New(db, app.Options{}).Config
				if !trends {
					cfg.Trends = nil
				}
				h, err := web.New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				// Warm: the first read of the trends waits for the query
				// over 100,000 ratings, which is not what is measured.
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("warm-up: %d", w.Code)
				}
				return h
			}
			without, with := handler(false), handler(true)
			// Rounds alternate which side goes first, so neither always
			// follows the other.
			for round := range 4 {
				if round%2 == 0 {
					b.Run("without-trends", func(b *testing.B) { benchGet(b, without, path) })
					b.Run("with-trends", func(b *testing.B) { benchGet(b, with, path) })
				} else {
					b.Run("with-trends", func(b *testing.B) { benchGet(b, with, path) })
					b.Run("without-trends", func(b *testing.B) { benchGet(b, without, path) })
				}
			}
		})
	}
}
