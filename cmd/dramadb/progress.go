package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// step is one report of a long job's progress.
type step struct {
	phase       string   // what is being done: "titles", "similar", "write"…
	done, total int64    // how far the phase is; a total of 0 only marks its start
	unit        string   // what done counts, where the phase name does not say ("ids", "rows")
	extra       []string // further counts, formatted: "161,234 rows"
}

// progress shows how far a long command has come on stderr: one line
// rewritten in place on a terminal (at most every half second), else a line
// every few seconds for logs. Each phase's first report and its end are
// always shown, and each phase keeps its last line. Reports may come from
// several goroutines.
type progress struct {
	w        io.Writer
	terminal bool
	every    time.Duration
	now      func() time.Time

	mu    sync.Mutex
	start time.Time
	prev  time.Time // of the latest report
	shown time.Time // when a line was last written
	width int       // of the line on a terminal, 0 when none is open
	cur   phaseRun
	// pending is the latest report not yet shown, and when it came.
	pending   *step
	pendingAt time.Time
}

// phaseRun is what progress remembers of the current phase.
type phaseRun struct {
	name             string
	startAt, firstAt time.Time // when it could have started (zero: unknown); its first report
	firstDone        int64
	maxDone, total   int64 // of its latest report
}

func newProgress(w io.Writer) *progress {
	return newProgressClock(w, isTerminal(w), time.Now)
}

// newProgressClock is newProgress with the terminal decided and the clock
// given, for tests.
func newProgressClock(w io.Writer, terminal bool, now func() time.Time) *progress {
	p := &progress{w: w, terminal: terminal, every: 2 * time.Second, now: now}
	if terminal {
		p.every = 500 * time.Millisecond
	}
	p.start = now()
	p.prev = p.start
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// update takes a report; it is shown now or held back until the next
// line is due.
func (p *progress) update(s step) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	first := s.phase != p.cur.name
	if first {
		p.flush()
		p.endLine()
		startAt := p.prev
		if p.cur.name != "" && p.cur.total == 0 {
			// The previous phase reported only its start, so when it
			// ended and this one began is unknown.
			startAt = time.Time{}
		}
		p.cur = phaseRun{name: s.phase, startAt: startAt, firstAt: t, firstDone: s.done}
	} else if s.done < p.cur.maxDone {
		return // an earlier report from another worker, arriving late
	}
	p.cur.maxDone, p.cur.total, p.prev = s.done, s.total, t
	if first || s.done == s.total || t.Sub(p.shown) >= p.every {
		p.show(s, t)
		return
	}
	p.pending, p.pendingAt = &s, t
}

// finish shows the report held back, ends the line and writes summary
// (when not empty) on a line of its own.
func (p *progress) finish(summary string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flush()
	p.endLine()
	if summary != "" {
		fmt.Fprintln(p.w, summary)
	}
}

func (p *progress) flush() {
	if p.pending != nil {
		p.show(*p.pending, p.pendingAt)
	}
}

// endLine ends the line being rewritten on a terminal.
func (p *progress) endLine() {
	if p.width > 0 {
		fmt.Fprintln(p.w)
		p.width = 0
	}
}

func (p *progress) show(s step, t time.Time) {
	p.pending, p.shown = nil, p.now()
	line := p.line(s, t)
	if !p.terminal {
		fmt.Fprintln(p.w, line)
		return
	}
	pad := ""
	if n := len(line); n < p.width {
		pad = strings.Repeat(" ", p.width-n) // clears the end of a longer line
	}
	p.width = len(line)
	fmt.Fprint(p.w, "\r"+line+pad)
}

// line formats a report of the current phase made at t:
// "titles   4,000 / 10,000  40.0%  2,000 titles/s  161,234 rows  elapsed 2s  ETA 3s".
func (p *progress) line(s step, t time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s", s.phase)
	if s.total > 0 {
		unit := s.unit
		if unit == "" {
			unit = s.phase
		}
		fmt.Fprintf(&b, " %s / %s", thousands(s.done), thousands(s.total))
		if s.unit != "" {
			b.WriteString(" " + s.unit)
		}
		r, known := p.cur.rate(s.done, t)
		rs := "?"
		if known {
			rs = thousands(int64(r))
		}
		fmt.Fprintf(&b, "  %5.1f%%  %s %s/s", percent(s.done, s.total), rs, unit)
		for _, e := range s.extra {
			b.WriteString("  " + e)
		}
		b.WriteString("  elapsed " + t.Sub(p.start).Round(time.Second).String())
		if d, ok := eta(s.done, s.total, r); ok {
			b.WriteString("  ETA " + d.String())
		} else {
			b.WriteString("  ETA ?")
		}
		return b.String()
	}
	for _, e := range s.extra {
		b.WriteString(" " + e)
	}
	b.WriteString(" elapsed " + t.Sub(p.start).Round(time.Second).String())
	return b.String()
}

// rate is how many a second the phase gets done, reported done at t:
// since its first report where there are later ones, which leaves out
// whatever ran before its work began, else since the report before its
// first one. false when it cannot be told.
func (ph *phaseRun) rate(done int64, t time.Time) (float64, bool) {
	if n, d := done-ph.firstDone, t.Sub(ph.firstAt); n > 0 && d > 0 {
		return float64(n) / d.Seconds(), true
	}
	if d := t.Sub(ph.startAt); !ph.startAt.IsZero() && d > 0 {
		return float64(done) / d.Seconds(), true
	}
	return 0, false
}

// eta is how long the rest of a phase takes at rate; false when unknown.
func eta(done, total int64, rate float64) (time.Duration, bool) {
	if done >= total {
		return 0, true
	}
	if rate <= 0 {
		return 0, false
	}
	return time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second), true
}

// perSecond formats n per d: "2,716".
func perSecond(n int64, d time.Duration) string {
	return thousands(int64(float64(n) / max(d.Seconds(), 1e-9)))
}

func percent(n, total int64) float64 {
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
