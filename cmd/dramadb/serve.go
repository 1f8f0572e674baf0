package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/app"

	"github.com/dramadb/dramadb/internal/demo"
	"github.com/dramadb/dramadb/internal/web"
)

func newLogger(env *environment, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %q is not one of debug, info, warn, error", level)
	}
	return slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: l})), nil
}

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "serve", "serve [--demo] [--addr HOST:PORT] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	addr := fs.String("addr", envOr(env, "DRAMADB_ADDR", "127.0.0.1:8080"), "address to listen on (env DRAMADB_ADDR)")
	withDemo := fs.Bool("demo", false, "load the demo catalog when the catalog is empty")
	baseURL := fs.String("base-url", env.getenv("DRAMADB_BASE_URL"), "public address for absolute canonical links, e.g. https://dramadb.example (env DRAMADB_BASE_URL)")
	recsEvery := fs.Duration("recommend-every", time.Hour, "how often to rebuild recommendations in the background")
	rankOpts := addRankingFlags(env, fs)
	level := fs.String("log-level", envOr(env, "DRAMADB_LOG_LEVEL", "info"), "debug (logs every request), info, warn or error (env DRAMADB_LOG_LEVEL)")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	log, err := newLogger(env, *level)
	if err != nil {
		return err
	}
	rankOpt, err := rankOpts()
	if err != nil {
		return err
	}
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if *recsEvery <= 0 {
		return errors.New("serve: --recommend-every must be positive")
	}
	a := app.New(db, app.Options{Log: log, RecommendEvery: *recsEvery, Ranking: rankOpt})
	a.BaseURL = *baseURL
	if *withDemo {
		loaded, err := demo.LoadIfEmpty(ctx, a.Catalog)
		if err != nil {
			return err
		}
		if loaded {
			log.Info("loaded the demo catalog")
		}
	}
	// A database from before the search index (or written by the
	// generator) is indexed once, before serving.
	if empty, err := a.Search.Empty(ctx); err != nil {
		return err
	} else if empty {
		log.Info("building the search index")
		p, err := a.Search.Reindex(ctx, nil)
		if err != nil {
			return err
		}
		log.Info("built the search index", "entities", p.Entities, "keys", p.Terms, "elapsed", p.Elapsed.Round(time.Millisecond))
	}
	// The spam filter starts from the built-in labelled comments, then
	// learns from moderators' decisions.
	if seeded, err := a.Spam.SeedIfUntrained(ctx); err != nil {
		return err
	} else if seeded {
		log.Info("trained the spam filter on the built-in comments")
	}
	srv, err := web.New(a.Config)
	if err != nil {
		return err
	}
	// Recommendations, rankings and audience trends are rebuilt in the
	// background, never in a request; all stop, and are waited for,
	// before the database closes.
	bg, stopBg := context.WithCancel(ctx)
	var background sync.WaitGroup
	background.Go(func() { a.Recommend.Run(bg) })
	background.Go(func() { a.Rankings.Run(bg) })
	background.Go(func() { a.Trends.Run(bg) })
	defer func() {
		stopBg()
		background.Wait()
	}()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// The address line is printed on stdout so scripts and tests can read
	// the real port when --addr ends in :0.
	fmt.Fprintf(env.stdout, "dramadb listening on http://%s (database: %s, %s)\n", ln.Addr(), db.Where, db.Engine())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
