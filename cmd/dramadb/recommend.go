package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dramadb/dramadb/internal/recommend"
)

const recommendUsage = `Usage: dramadb recommend build|eval|plant [flags]

  build  recompute every recommendation now (the server also does so hourly)
  eval   measure NDCG@10 and Recall@20 on held-out interactions against popularity
  plant  add members with planted tastes, to measure on generated catalogs`

func runRecommend(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(env.stdout, recommendUsage)
		if len(args) == 0 {
			return errors.New("recommend: want a subcommand: build, eval or plant")
		}
		return nil
	}
	switch args[0] {
	case "build":
		return recommendBuild(ctx, env, args[1:])
	case "eval":
		return recommendEval(ctx, env, args[1:])
	case "plant":
		return recommendPlant(ctx, env, args[1:])
	}
	fmt.Fprintln(env.stderr, recommendUsage)
	return fmt.Errorf("recommend: unknown subcommand %q", args[0])
}

func recommendBuild(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "recommend build", "recommend build [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	db, log, err := d.openLogged(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(env.stderr, "Building recommendations in %s\n", db.Where)
	pr := newProgress(env.stderr)
	st, err := recommend.NewService(db, recommend.Options{Log: log}).Build(ctx, func(r recommend.Progress) {
		pr.update(step{phase: r.Phase, done: int64(r.Done), total: int64(r.Total), unit: buildUnits[r.Phase]})
	})
	if err != nil {
		pr.finish("")
		return err
	}
	pr.finish(fmt.Sprintf("Built recommendations %d: %s titles, %s members, %s interactions; %s rows in %s (load %s, compute %s, write %s)",
		st.Build, thousands(int64(st.Titles)), thousands(int64(st.Members)), thousands(int64(st.Interactions)), thousands(st.Rows),
		st.Elapsed.Round(100*time.Millisecond), st.Load.Round(100*time.Millisecond), st.Compute.Round(100*time.Millisecond), st.Write.Round(100*time.Millisecond)))
	return nil
}

// buildUnits names what each phase of a build counts: writing counts the
// titles' and members' lists.
var buildUnits = map[string]string{"similar": "titles", "write": "lists"}

func recommendEval(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "recommend eval", "recommend eval [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	db, log, err := d.openLogged(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	ev, err := recommend.NewService(db, recommend.Options{Log: log}).Evaluate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Leave-one-out over time: each member's latest liked title held out; %s members, %s titles (%s)\n",
		thousands(int64(ev.Members)), thousands(int64(ev.Titles)), ev.Elapsed.Round(100*time.Millisecond))
	fmt.Fprintf(env.stdout, "%-12s %8s %10s\n", "", "NDCG@10", "Recall@20")
	for _, r := range []struct {
		name string
		m    recommend.Metrics
	}{{"blended", ev.Blended}, {"content", ev.Content}, {"popularity", ev.Popularity}} {
		fmt.Fprintf(env.stdout, "%-12s %8.4f %10.4f\n", r.name, r.m.NDCG10, r.m.Recall20)
	}
	return nil
}

func recommendPlant(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "recommend plant", "recommend plant [--members N] [--per-member N] [--groups N] [--seed N] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	members := fs.Int("members", 1000, "members to add")
	per := fs.Int("per-member", 30, "titles each member rates or tracks")
	groups := fs.Int("groups", 10, "taste groups the titles and members are dealt into")
	seed := fs.Int64("seed", 1, "random seed")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if *members <= 0 || *per <= 0 || *groups <= 0 {
		return errors.New("recommend plant: --members, --per-member and --groups must be positive")
	}
	db, _, err := d.openLogged(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	pr := newProgress(env.stderr)
	p, err := recommend.Plant(ctx, db, recommend.PlantOptions{Members: *members, PerMember: *per, Groups: *groups, Seed: *seed,
		Progress: func(done, total int) { pr.update(step{phase: "members", done: int64(done), total: int64(total)}) }})
	if err != nil {
		pr.finish("")
		return err
	}
	pr.finish(fmt.Sprintf("Planted %s members in %d taste groups: %s ratings, %s watch entries in %s",
		thousands(int64(p.Members)), *groups, thousands(int64(p.Ratings)), thousands(int64(p.WatchEntries)), p.Elapsed.Round(100*time.Millisecond)))
	return nil
}
