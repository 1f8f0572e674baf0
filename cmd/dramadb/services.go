package main

import (
	"log/slog"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/watch"
	"github.com/dramadb/dramadb/internal/web"
)

// services builds every service on db, wired to one another, as both the
// server and the operator commands use them.
func services(db *database.DB, log *slog.Logger) web.Config {
	ratings := rating.NewService(db, rating.Options{})
	reviews := review.NewService(db, review.Options{})
	tracking := watch.NewService(db, nil)
	// Every part that keeps something about a member takes part in
	// deleting their account.
	accounts := account.NewService(db, account.Options{Erasers: []account.Eraser{ratings, reviews, tracking}})
	return web.Config{
		Catalog:  catalog.NewService(db, catalog.Options{}),
		Accounts: accounts,
		Ratings:  ratings,
		Reviews:  reviews,
		Watch:    tracking,
		Tokens:   auth.NewTokens(db, nil),
		Log:      log,
		Ping:     db.Ping,
	}
}
