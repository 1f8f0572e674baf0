// Package app wires every dramadb service on one database the way the
// server runs them. The binary, the operator commands and the tests share
// it, so what is tested is what runs.
package app

import (
	"log/slog"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/profile"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/recommend"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/search"
	"github.com/dramadb/dramadb/internal/spam"
	"github.com/dramadb/dramadb/internal/trend"
	"github.com/dramadb/dramadb/internal/watch"
	"github.com/dramadb/dramadb/internal/web"
)

// Options tune the services.
type Options struct {
	Log *slog.Logger
	// Params hash passwords; account.DefaultParams when nil.
	Params *account.Params
	// MaxStale bounds how old cached aggregates on pages may be when
	// another server wrote the change (each service's default when zero).
	MaxStale time.Duration
	// Unscreened publishes members' posts without the spam check, for an
	// instance moderated by reports alone (and tests of other behaviour);
	// reports, the queue and decisions still work.
	Unscreened bool
	// RecommendEvery is how often the server rebuilds recommendations
	// (recommend.Options.Every; an hour when zero).
	RecommendEvery time.Duration
	// Ranking tunes the rankings (minimum votes, trending half-life, how
	// often they are recomputed); its Log defaults to Log.
	Ranking ranking.Options
}

// App is the server's configuration with every service filled in, plus
// the spam filter so the caller can seed it.
type App struct {
	web.Config
	Spam *spam.Filter
}

// New builds and connects every service on db.
func New(db *database.DB, opt Options) *App {
	filter := spam.NewFilter(db, nil)
	mod := moderation.NewService(db, moderation.SpamChecker{Filter: filter}, nil)
	// Members' posts pass the spam check; moderators' decisions reach the
	// service that owns each kind of post.
	screen := mod.Screen
	if opt.Unscreened {
		screen = nil
	}
	reviews := review.NewService(db, review.Options{Screen: screen, MaxStale: opt.MaxStale})
	comments := comment.NewService(db, comment.Options{Screen: screen})
	// Threads hang under reviews and discussions; discussions register
	// themselves as a parent when made.
	comments.Register(comment.OnReview, reviews)
	discussions := discussion.NewService(db, comments, discussion.Options{Screen: screen, MaxStale: opt.MaxStale})
	mod.Register("review", reviews)
	mod.Register("comment", comments)
	mod.Register("discussion", discussions)

	ratings := rating.NewService(db, rating.Options{MaxStale: opt.MaxStale})
	tracking := watch.NewService(db, nil)
	lists := list.NewService(db, nil)
	recs := recommend.NewService(db, recommend.Options{Every: opt.RecommendEvery, MaxStale: opt.MaxStale, Log: opt.Log})
	// Every part that keeps something about a member takes part in
	// deleting their account.
	accounts := account.NewService(db, account.Options{Params: opt.Params, Erasers: []account.Eraser{
		ratings, reviews, comments, discussions, tracking, lists, mod, recs}})
	// The search index is written in the transaction of every catalog write.
	finder := search.NewService(db)
	if opt.Ranking.Log == nil {
		opt.Ranking.Log = opt.Log
	}
	return &App{Spam: filter, Config: web.Config{
		Rankings:    ranking.NewService(db, opt.Ranking),
		Catalog:     catalog.NewService(db, catalog.Options{Indexer: finder}),
		Search:      finder,
		Accounts:    accounts,
		Ratings:     ratings,
		Reviews:     reviews,
		Comments:    comments,
		Discussions: discussions,
		Watch:       tracking,
		Lists:       lists,
		Profiles:    profile.NewService(db),
		Moderation:  mod,
		Recommend:   recs,
		Trends:      trend.NewService(db, trend.Options{MaxStale: opt.MaxStale}),
		Tokens:      auth.NewTokens(db, nil),
		Log:         opt.Log,
		Ping:        db.Ping,
	}}
}
