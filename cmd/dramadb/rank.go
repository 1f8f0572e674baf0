package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"time"

	"github.com/dramadb/dramadb/internal/ranking"
)

// addRankingFlags adds the ranking settings shared by serve and rank.
func addRankingFlags(env *environment, fs *flag.FlagSet) func() (ranking.Options, error) {
	minVotes := fs.String("rank-min-votes", envOr(env, "DRAMADB_RANK_MIN_VOTES", strconv.Itoa(ranking.DefaultMinVotes)),
		"minimum votes m of the top-rated list's weighted rating (env DRAMADB_RANK_MIN_VOTES)")
	halfLife := fs.String("trending-half-life", envOr(env, "DRAMADB_TRENDING_HALF_LIFE", ranking.DefaultHalfLife.String()),
		"how long until an event's weight in trending halves (env DRAMADB_TRENDING_HALF_LIFE)")
	every := fs.String("rank-every", envOr(env, "DRAMADB_RANK_EVERY", ranking.DefaultEvery.String()),
		"how often serve recomputes the rankings (env DRAMADB_RANK_EVERY)")
	return func() (ranking.Options, error) {
		var opt ranking.Options
		var err error
		if opt.MinVotes, err = strconv.ParseFloat(*minVotes, 64); err != nil || opt.MinVotes <= 0 || opt.MinVotes > 1e9 {
			return opt, fmt.Errorf("--rank-min-votes: %q is not a positive number", *minVotes)
		}
		if opt.HalfLife, err = time.ParseDuration(*halfLife); err != nil || opt.HalfLife < time.Minute {
			return opt, fmt.Errorf("--trending-half-life: %q is not a duration of at least a minute, like 168h", *halfLife)
		}
		if opt.Every, err = time.ParseDuration(*every); err != nil || opt.Every < 10*time.Second {
			return opt, fmt.Errorf("--rank-every: %q is not a duration of at least 10s, like 10m", *every)
		}
		return opt, nil
	}
}

func runRank(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "rank", "rank [--rank-min-votes N] [--trending-half-life D] [--data DIR | --database-url URL]\n\n"+
		"Recomputes the rankings now (serve also does so every --rank-every) and prints each stage.")
	d := addDataFlags(env, fs)
	rankOpts := addRankingFlags(env, fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	opt, err := rankOpts()
	if err != nil {
		return err
	}
	log, err := newLogger(env, "warn")
	if err != nil {
		return err
	}
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	opt.Log = log
	s := ranking.NewService(db, opt)
	fmt.Fprintf(env.stderr, "Computing rankings in %s (m = %g, trending half-life %s)\n", db.Where, opt.MinVotes, opt.HalfLife)
	res, err := s.Compute(ctx, func(stage string, took time.Duration) {
		fmt.Fprintf(env.stderr, "  %-24s %s\n", stage, took.Round(time.Millisecond))
	})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return errors.New("interrupted: the rankings were left as they were")
		}
		return err
	}
	fmt.Fprintf(env.stdout, "Ranked %s titles (%s rated, %s ratings, prior mean %.3f, %s recent events) in %s\n",
		thousands(res.Titles), thousands(res.Rated), thousands(res.Ratings), res.PriorMean, thousands(res.Events),
		res.Elapsed.Round(time.Millisecond))
	return nil
}
