package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/web"
)

// benchServer is the handler on a demo catalog, with ratings, called directly
// so the figures measure dramadb, not the network stack.
func benchServer(b *testing.B, engine database.Engine) http.Handler {
	b.Helper()
	db := dbtest.Open(b, engine)
	svc := catalog.NewService(db, catalog.Options{})
	if _, err := demo.LoadIfEmpty(context.Background(), svc); err != nil {
		b.Fatal(err)
	}
	h, err := web.New(web.Config{Catalog: svc, Ratings: rating.NewService(db, rating.Options{}), Tokens: auth.NewTokens(db, nil), Ping: db.Ping})
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func benchGet(b *testing.B, h http.Handler, path string) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			if w.Code != http.StatusOK {
				b.Fatalf("GET %s: %d", path, w.Code)
			}
		}
	})
}

func BenchmarkTitlePage(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			benchGet(b, benchServer(b, e), "/titles/crash-landing-on-you")
		})
	}
}

func BenchmarkTitleAPI(b *testing.B) {
	for _, e := range dbtest.Engines {
		b.Run(string(e), func(b *testing.B) {
			benchGet(b, benchServer(b, e), "/api/v1/titles/crash-landing-on-you")
		})
	}
}

func BenchmarkSeasonPage(b *testing.B) {
	benchGet(b, benchServer(b, database.SQLite), "/titles/crash-landing-on-you/seasons/1")
}
