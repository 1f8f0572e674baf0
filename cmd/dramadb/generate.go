package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
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
	pr := newProgressLine(env.stderr)
	st, err := generate.Generate(ctx, db, opt, pr.update)
	pr.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: %s of %s titles and %s people were committed and stay in the database",
				thousands(int64(st.Titles)), thousands(int64(opt.Titles)), thousands(int64(st.People)))
		}
		return err
	}
	secs := max(st.Elapsed.Seconds(), 1e-9)
	fmt.Fprintf(env.stderr, "Generated %s titles, %s people, %s seasons, %s episodes, %s characters, %s credits: %s rows in %s (%s rows/s, %s titles/s)\n",
		thousands(int64(st.Titles)), thousands(int64(st.People)), thousands(st.Seasons), thousands(st.Episodes),
		thousands(st.Characters), thousands(st.CastCredits+st.CrewCredits), thousands(st.Rows),
		st.Elapsed.Round(100*time.Millisecond), thousands(int64(float64(st.Rows)/secs)), thousands(int64(float64(st.Titles)/secs)))
	return nil
}

// progressLine shows generation progress on stderr: one line rewritten in
// place on a terminal (at most every 500ms), else a line every 2s.
type progressLine struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	last     time.Time
	width    int // of the line on screen
	pending  *generate.Progress
	// titlesFrom is when the titles phase started (after the people).
	titlesFrom time.Duration
}

func newProgressLine(w io.Writer) *progressLine {
	p := &progressLine{w: w, every: 2 * time.Second}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal, p.every = true, 500*time.Millisecond
		}
	}
	return p
}

func (p *progressLine) update(pr generate.Progress) {
	if pr.Phase == "people" {
		p.titlesFrom = pr.Elapsed
	}
	if time.Since(p.last) < p.every {
		p.pending = &pr
		return
	}
	p.show(pr)
}

func (p *progressLine) show(pr generate.Progress) {
	p.last, p.pending = time.Now(), nil
	var line string
	secs := max(pr.Elapsed.Seconds(), 1e-9)
	if pr.Phase == "people" {
		line = fmt.Sprintf("people %s / %s  %5.1f%%  %s people/s", thousands(int64(pr.People)), thousands(int64(pr.PeopleTotal)),
			percent(pr.People, pr.PeopleTotal), thousands(int64(float64(pr.People)/secs)))
	} else {
		rate := float64(pr.Titles) / max((pr.Elapsed-p.titlesFrom).Seconds(), 1e-9)
		eta := "?"
		if rate > 0 {
			eta = (time.Duration(float64(pr.Total-pr.Titles)/rate) * time.Second).Round(time.Second).String()
		}
		line = fmt.Sprintf("titles %s / %s  %5.1f%%  %s titles/s  %s rows  elapsed %s  ETA %s",
			thousands(int64(pr.Titles)), thousands(int64(pr.Total)), percent(pr.Titles, pr.Total), thousands(int64(rate)),
			thousands(pr.Rows), pr.Elapsed.Round(time.Second), eta)
	}
	if !p.terminal {
		fmt.Fprintln(p.w, line)
		return
	}
	pad := ""
	if n := len(line); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}

// finish shows the last update held back by the rate limit and ends the
// line on a terminal.
func (p *progressLine) finish() {
	if p.pending != nil {
		p.show(*p.pending)
	}
	if p.terminal && p.width > 0 {
		fmt.Fprintln(p.w)
	}
}

func percent(n, total int) float64 {
	if total == 0 {
		return 100
	}
	return 100 * float64(n) / float64(total)
}

// thousands formats n with thousands separators: 1234567 → "1,234,567".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
