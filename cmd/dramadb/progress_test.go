package main

import (
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

// at sets the clock to d after its start.
func (c *fakeClock) at(d time.Duration) { c.t = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(d) }

func newTestProgress(terminal bool) (*progress, *strings.Builder, *fakeClock) {
	var b strings.Builder
	c := &fakeClock{}
	c.at(0)
	return newProgressClock(&b, terminal, c.now), &b, c
}

func TestProgressRateAndETA(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sec := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	for _, c := range []struct {
		name  string
		ph    phaseRun
		done  int64
		at    time.Time
		rate  float64
		known bool
	}{
		{"since the first report", phaseRun{startAt: t0, firstAt: sec(10), firstDone: 100}, 600, sec(12), 250, true},
		{"one report: since the phase could start", phaseRun{startAt: sec(1), firstAt: sec(3), firstDone: 50}, 50, sec(3), 25, true},
		{"one report after a phase that only marked its start", phaseRun{firstAt: sec(3), firstDone: 50}, 50, sec(3), 0, false},
		{"nothing done yet", phaseRun{startAt: t0, firstAt: sec(1)}, 0, sec(1), 0, true},
	} {
		rate, known := c.ph.rate(c.done, c.at)
		if rate != c.rate || known != c.known {
			t.Errorf("%s: rate = %v, %v; want %v, %v", c.name, rate, known, c.rate, c.known)
		}
	}
	for _, c := range []struct {
		done, total int64
		rate        float64
		want        time.Duration
		known       bool
	}{
		{250, 1000, 250, 3 * time.Second, true},
		{0, 1000, 3, 5*time.Minute + 33*time.Second, true}, // 333.3s, rounded
		{1000, 1000, 0, 0, true},
		{1200, 1000, 10, 0, true},
		{10, 1000, 0, 0, false},
	} {
		if d, ok := eta(c.done, c.total, c.rate); d != c.want || ok != c.known {
			t.Errorf("eta(%d, %d, %v) = %v, %v; want %v, %v", c.done, c.total, c.rate, d, ok, c.want, c.known)
		}
	}
	if got := perSecond(120611, 700*time.Millisecond); got != "172,301" {
		t.Errorf("perSecond = %s", got)
	}
}

func TestProgressLogCadence(t *testing.T) {
	p, out, clock := newTestProgress(false)
	report := func(at time.Duration, phase string, done, total int64) {
		clock.at(at)
		p.update(step{phase: phase, done: done, total: total, extra: []string{thousands(done*40) + " rows"}})
	}
	ms := time.Millisecond
	report(100*ms, "titles", 100, 1000)  // a phase's first report: shown
	report(1000*ms, "titles", 500, 1000) // under 2s since the last line: held
	report(1500*ms, "titles", 600, 1000) // held, in place of the one before
	report(2200*ms, "titles", 700, 1000) // 2.1s since the last line: shown
	report(2500*ms, "titles", 650, 1000) // late from another worker: dropped
	report(3000*ms, "titles", 800, 1000) // held …
	report(3500*ms, "people", 10, 100)   // … and shown before the next phase
	report(4000*ms, "people", 100, 100)  // a phase's end: shown
	clock.at(4200 * ms)
	p.finish("Generated it all")
	want := []string{
		// Rate of a phase's first report: since the phase could start.
		"titles   100 / 1,000   10.0%  1,000 titles/s  4,000 rows  elapsed 0s  ETA 1s",
		// Later: since the phase's first report, 600 in 2.1s.
		"titles   700 / 1,000   70.0%  285 titles/s  28,000 rows  elapsed 2s  ETA 1s",
		"titles   800 / 1,000   80.0%  241 titles/s  32,000 rows  elapsed 3s  ETA 1s",
		// The people phase began with the last titles report, at 3s.
		"people   10 / 100   10.0%  20 people/s  400 rows  elapsed 4s  ETA 5s",
		"people   100 / 100  100.0%  180 people/s  4,000 rows  elapsed 4s  ETA 0s",
		"Generated it all",
	}
	if got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if strings.Contains(out.String(), "\r") {
		t.Error("carriage returns in a log")
	}

	// Steady reports every 100ms for 10s: a line every 2s, and the end.
	p, out, clock = newTestProgress(false)
	for i := int64(1); i <= 100; i++ {
		clock.at(time.Duration(i) * 100 * ms)
		p.update(step{phase: "similar", done: i, total: 100, unit: "titles"})
	}
	p.finish("")
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	var shown []string
	for _, l := range lines {
		shown = append(shown, strings.Fields(l)[1])
	}
	if got := strings.Join(shown, " "); got != "1 21 41 61 81 100" {
		t.Errorf("lines at done = %s, want 1 21 41 61 81 100:\n%s", got, out)
	}
	if !strings.HasPrefix(lines[0], "similar  1 / 100 titles    1.0%  10 titles/s") {
		t.Errorf("first line %q", lines[0])
	}
}

func TestProgressTerminal(t *testing.T) {
	p, out, clock := newTestProgress(true)
	clock.at(0)
	p.update(step{phase: "load"}) // a phase without a count marks its start
	clock.at(3 * time.Second)
	p.update(step{phase: "similar", done: 1, total: 10000, unit: "titles"})
	clock.at(3100 * time.Millisecond)
	p.update(step{phase: "similar", done: 20, total: 10000, unit: "titles"}) // held: under 500ms
	clock.at(3600 * time.Millisecond)
	p.update(step{phase: "similar", done: 5000, total: 10000, unit: "titles"})
	clock.at(4 * time.Second)
	p.update(step{phase: "similar", done: 10000, total: 10000, unit: "titles"})
	p.finish("Built")
	lines := strings.Split(out.String(), "\n")
	if len(lines) != 4 || lines[3] != "" {
		t.Fatalf("want three lines, got %q", out)
	}
	if lines[0] != "\rload     elapsed 0s" {
		t.Errorf("load line %q", lines[0])
	}
	// One line rewritten in place, each version padded over the longer one
	// before it; the load phase's time is not counted in the rate.
	similar := strings.Split(lines[1], "\r")[1:]
	want := []string{
		"similar  1 / 10,000 titles    0.0%  ? titles/s  elapsed 3s  ETA ?",
		"similar  5,000 / 10,000 titles   50.0%  8,331 titles/s  elapsed 4s  ETA 1s",
		"similar  10,000 / 10,000 titles  100.0%  9,999 titles/s  elapsed 4s  ETA 0s",
	}
	if len(similar) != len(want) {
		t.Fatalf("similar rewritten %d times, want %d: %q", len(similar), len(want), lines[1])
	}
	for i, s := range similar {
		if strings.TrimRight(s, " ") != want[i] {
			t.Errorf("version %d: %q, want %q", i, s, want[i])
		}
		if i > 0 && len(s) < len(similar[i-1]) {
			t.Errorf("version %d is shorter than the one it overwrites: %q", i, s)
		}
	}
	if lines[2] != "Built" {
		t.Errorf("summary %q", lines[2])
	}
}
