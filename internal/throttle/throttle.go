// Package throttle limits how often a key (a client address, a member, an
// account) may do something. Rate is the generic cell rate algorithm: one
// timestamp per key, so a million keys cost a few tens of megabytes, and a
// denied attempt says exactly how long to wait.
package throttle

import (
	"sync"
	"time"
)

// Rate allows N events per Per, in bursts of up to N.
type Rate struct {
	mu       sync.Mutex
	interval time.Duration // Per / N: the steady spacing of events
	burst    time.Duration // Per - interval: how far ahead a key may run
	tat      map[string]time.Time
	now      func() time.Time
	sweepAt  time.Time
}

// NewRate returns a limiter of n events per per; n < 1 allows everything.
// now is time.Now when nil.
func NewRate(n int, per time.Duration, now func() time.Time) *Rate {
	if now == nil {
		now = time.Now
	}
	r := &Rate{tat: map[string]time.Time{}, now: now}
	if n >= 1 && per > 0 {
		r.interval = per / time.Duration(n)
		r.burst = per - r.interval
	}
	return r
}

// Allow records an event for key if it is within the rate and reports
// whether it was; when not, wait is how long until it would be.
func (r *Rate) Allow(key string) (ok bool, wait time.Duration) {
	if r.interval == 0 {
		return true, 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.sweep(now)
	tat := r.tat[key]
	if tat.Before(now) {
		tat = now
	}
	if ahead := tat.Sub(now); ahead > r.burst {
		return false, ahead - r.burst
	}
	r.tat[key] = tat.Add(r.interval)
	return true, 0
}

// Wait reports how long until key may have an event, without recording one.
func (r *Rate) Wait(key string) time.Duration {
	if r.interval == 0 {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ahead := r.tat[key].Sub(r.now()); ahead > r.burst {
		return ahead - r.burst
	}
	return 0
}

// Add records an event for key whether or not it is within the rate, as
// for a failure that already happened.
func (r *Rate) Add(key string) {
	if r.interval == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	r.sweep(now)
	tat := r.tat[key]
	if tat.Before(now) {
		tat = now
	}
	// A key hammered far beyond its rate waits at most one window more.
	if max := now.Add(r.burst + r.interval); tat.Add(r.interval).After(max) {
		r.tat[key] = max
		return
	}
	r.tat[key] = tat.Add(r.interval)
}

// Reset forgets key's events.
func (r *Rate) Reset(key string) {
	r.mu.Lock()
	delete(r.tat, key)
	r.mu.Unlock()
}

// sweep drops keys whose events have all expired, at most once a window.
func (r *Rate) sweep(now time.Time) {
	if now.Before(r.sweepAt) {
		return
	}
	r.sweepAt = now.Add(r.burst + r.interval)
	for k, t := range r.tat {
		if !t.After(now) {
			delete(r.tat, k)
		}
	}
}
