package main

import (
	"log/slog"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/profile"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/spam"
	"github.com/dramadb/dramadb/internal/watch"
	"github.com/dramadb/dramadb/internal/web"
)

// app is every service on one database, wired to one another, as both the
// server and the operator commands use them.
type app struct {
	web.Config
	spam *spam.Filter
}

func services(db *database.DB, log *slog.Logger) *app {
	filter := spam.NewFilter(db, nil)
	mod := moderation.NewService(db, moderation.SpamChecker{Filter: filter}, nil)
	// Members' posts pass the spam check; moderators' decisions reach the
	// service that owns each kind of post.
	reviews := review.NewService(db, review.Options{Screen: mod.Screen})
	comments := comment.NewService(db, comment.Options{Screen: mod.Screen})
	// Threads hang under reviews and discussions; discussions register
	// themselves as a parent when made.
	comments.Register(comment.OnReview, reviews)
	discussions := discussion.NewService(db, comments, discussion.Options{Screen: mod.Screen})
	mod.Register("review", reviews)
	mod.Register("comment", comments)
	mod.Register("discussion", discussions)

	ratings := rating.NewService(db, rating.Options{})
	tracking := watch.NewService(db, nil)
	lists := list.NewService(db, nil)
	// Every part that keeps something about a member takes part in
	// deleting their account.
	accounts := account.NewService(db, account.Options{Erasers: []account.Eraser{
		ratings, reviews, comments, discussions, tracking, lists, mod}})
	return &app{spam: filter, Config: web.Config{
		Catalog:     catalog.NewService(db, catalog.Options{}),
		Accounts:    accounts,
		Ratings:     ratings,
		Reviews:     reviews,
		Comments:    comments,
		Discussions: discussions,
		Watch:       tracking,
		Lists:       lists,
		Profiles:    profile.NewService(db),
		Moderation:  mod,
		Tokens:      auth.NewTokens(db, nil),
		Log:         log,
		Ping:        db.Ping,
	}}
}
