package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dramadb/dramadb/internal/generate"
)

func runGenerate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "generate", "generate [--titles N] [--people N] [--seed N] [--batch N] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	titles := fs.Int("titles", 10000, "number of titles to generate")
	people := fs.Int("people", 0, "size of the person pool credits draw from (default: as many as --titles)")
	seed := fs.Int64("seed", 1, "random seed; the same seed and counts give the same catalog")
	batch := fs.Int("batch", generate.DefaultBatchSize, "titles per transaction")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	if *titles < 0 || *people < 0 || *batch <= 0 {
		return errors.New("generate: --titles and --people must not be negative, --batch must be positive")
	}
	db, _, err := d.openLogged(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()

	opt := generate.Options{Titles: *titles, People: *people, Seed: *seed, BatchSize: *batch}
	if opt.People == 0 {
		opt.People = opt.Titles
	}
	fmt.Fprintf(env.stderr, "Generating %s titles and %s people into %s (seed %d)\n",
		thousands(int64(opt.Titles)), thousands(int64(opt.People)), db.Where, opt.Seed)
	pr := newProgress(env.stderr)
	st, err := generate.Generate(ctx, db, opt, func(g generate.Progress) {
		s := step{phase: g.Phase, done: int64(g.Titles), total: int64(g.Total), extra: []string{thousands(g.Rows) + " rows"}}
		if g.Phase == "people" {
			s.done, s.total = int64(g.People), int64(g.PeopleTotal)
		}
		pr.update(s)
	})
	if err != nil {
		pr.finish("")
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: %s of %s titles and %s people were committed and stay in the database",
				thousands(int64(st.Titles)), thousands(int64(opt.Titles)), thousands(int64(st.People)))
		}
		return err
	}
	pr.finish(fmt.Sprintf("Generated %s titles, %s people, %s seasons, %s episodes, %s characters, %s credits: %s rows in %s (%s rows/s, %s titles/s)",
		thousands(int64(st.Titles)), thousands(int64(st.People)), thousands(st.Seasons), thousands(st.Episodes),
		thousands(st.Characters), thousands(st.CastCredits+st.CrewCredits), thousands(st.Rows),
		st.Elapsed.Round(100*time.Millisecond), perSecond(st.Rows, st.Elapsed), perSecond(int64(st.Titles), st.Elapsed)))
	return nil
}
