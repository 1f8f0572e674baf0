package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/search"
)

func runSearch(ctx context.Context, env *environment, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "reindex":
		return runReindex(ctx, env, args[1:])
	case "bench":
		return runSearchBench(ctx, env, args[1:])
	case "-h", "--help":
		fmt.Fprintln(env.stdout, "Usage: dramadb search reindex | bench [--data DIR | --database-url URL]")
		return nil
	}
	return errors.New("search: want a subcommand: reindex or bench")
}

// runReindex rebuilds the search index from the catalog with progress.
func runReindex(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "search reindex", "search reindex [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	db, _, err := d.openLogged(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(env.stderr, "Rebuilding the search index of %s\n", db.Where)
	pr := newProgress(env.stderr)
	p, err := search.NewService(db).Reindex(ctx, func(r search.Progress) {
		pr.update(step{phase: r.Phase, done: r.Done, total: r.Total, unit: r.Unit,
			extra: []string{thousands(int64(r.Entities)) + " entities", thousands(int64(r.Terms)) + " keys"}})
	})
	if err != nil {
		pr.finish("")
		return err
	}
	pr.finish(fmt.Sprintf("Indexed %s titles, people and characters with %s keys in %s (%s entities/s)",
		thousands(int64(p.Entities)), thousands(int64(p.Terms)), p.Elapsed.Round(100*time.Millisecond),
		perSecond(int64(p.Entities), p.Elapsed)))
	return nil
}

// benchQueries is the fixed mixed list the search benchmark runs: English
// words and prefixes, Hangul words and syllables, romanizations, initials,
// Korean names in several spellings and typos. docs/benchmarks.md records
// it with the figures.
var benchQueries = []string{
	"love", "the last", "secret garden", "crash landng", "my lovly", "doctor",
	"사랑", "사랑의", "불", "비밀", "의사", "ㅅㄹ", "ㅂㅁ ㅈㅇ",
	"sarangui", "salang", "bimil", "uisa",
	"kim ji", "lee min", "park seo jun", "jung hae in", "Yoon Se-ri", "Ri Jung Hyuk", "minho lee",
	"김지", "이민호", "박서준",
	"kingdm of", "hosptal playlist", "reply 1988",
}

// runSearchBench runs the fixed query list against a database and prints
// latency percentiles of top-20 searches.
func runSearchBench(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "search bench", "search bench [--rounds N] [--each] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	rounds := fs.Int("rounds", 20, "times to run the query list")
	each := fs.Bool("each", false, "print every query's median and how its first result matched")
	if err := parse(env, fs, args); err != nil {
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
	s := search.NewService(db)
	// One warm-up round: prepared statements and the page cache.
	for _, q := range benchQueries {
		if _, err := s.Search(ctx, q, nil, 20); err != nil {
			return fmt.Errorf("%q: %w", q, err)
		}
	}
	var all []time.Duration
	perQuery := map[string][]time.Duration{}
	for range *rounds {
		for _, q := range benchQueries {
			t0 := time.Now()
			if _, err := s.Search(ctx, q, nil, 20); err != nil {
				return fmt.Errorf("%q: %w", q, err)
			}
			d := time.Since(t0)
			all = append(all, d)
			perQuery[q] = append(perQuery[q], d)
		}
	}
	pct := func(ds []time.Duration, p float64) time.Duration {
		s := slices.Clone(ds)
		slices.Sort(s)
		return s[min(len(s)-1, int(float64(len(s))*p))]
	}
	fmt.Fprintf(env.stdout, "%s on %s: %d searches (top 20), %d queries × %d rounds\n", db.Engine(), db.Where, len(all), len(benchQueries), *rounds)
	fmt.Fprintf(env.stdout, "p50 %s  p95 %s  p99 %s  max %s\n", pct(all, 0.5).Round(10*time.Microsecond), pct(all, 0.95).Round(10*time.Microsecond),
		pct(all, 0.99).Round(10*time.Microsecond), pct(all, 1).Round(10*time.Microsecond))
	if *each {
		for _, q := range benchQueries {
			rs, err := s.Search(ctx, q, nil, 20)
			if err != nil {
				return err
			}
			first := "no result"
			if len(rs) > 0 {
				first = rs[0].Match + " " + rs[0].Kind + " " + rs[0].Name
			}
			fmt.Fprintf(env.stdout, "  %-20q p50 %-9s %d results, first: %s\n", q, pct(perQuery[q], 0.5).Round(10*time.Microsecond), len(rs), first)
		}
	}
	var slow []string
	for _, q := range benchQueries {
		if p := pct(perQuery[q], 0.5); p > 10*time.Millisecond {
			slow = append(slow, fmt.Sprintf("%q %s", q, p.Round(100*time.Microsecond)))
		}
	}
	if len(slow) > 0 {
		fmt.Fprintf(env.stdout, "queries with a median over 10ms: %s\n", strings.Join(slow, ", "))
	}
	return nil
}
