package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/watch"
	"github.com/dramadb/dramadb/internal/web"
)

// benchServer is the handler on a demo catalog with every community
// service wired in, as 'dramadb serve' runs it, called directly so the
// figures measure dramadb, not the network stack.
func benchServer(b *testing.B, engine database.Engine) http.Handler {
	return benchHandler(b, engine, true)
}

func benchHandler(b *testing.B, engine database.Engine, community bool) http.Handler {
	b.Helper()
	db := dbtest.Open(b, engine)
	svc := catalog.NewService(db, catalog.Options{})
	if _, err := demo.LoadIfEmpty(context.Background(), svc); err != nil {
		b.Fatal(err)
	}
	cfg := web.Config{Catalog: svc, Tokens: auth.NewTokens(db, nil), Ping: db.Ping}
	if community {
		cfg.Accounts = account.NewService(db, account.Options{})
		cfg.Ratings = rating.NewService(db, rating.Options{})
		cfg.Reviews = review.NewService(db, review.Options{})
		cfg.Watch = watch.NewService(db, nil)
		cfg.Comments = comment.NewService(db, comment.Options{})
		cfg.Comments.Register(comment.OnReview, cfg.Reviews)
		cfg.Discussions = discussion.NewService(db, cfg.Comments, discussion.Options{})
	}
	h, err := web.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

// BenchmarkTitlePageCommunity compares the title page of the catalog alone
// with the same page once accounts, ratings, reviews, watch counts and discussions are
// wired in (issue 3's target: within 20%).
func BenchmarkTitlePageCommunity(b *testing.B) {
	b.Run("catalog-only", func(b *testing.B) {
		benchGet(b, benchHandler(b, database.SQLite, false), "/titles/crash-landing-on-you")
	})
	b.Run("community", func(b *testing.B) {
		benchGet(b, benchHandler(b, database.SQLite, true), "/titles/crash-landing-on-you")
	})
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
