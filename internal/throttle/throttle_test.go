package throttle

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestRateBurstThenSteady(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	r := NewRate(5, time.Minute, c.now)
	for i := range 5 {
		if ok, _ := r.Allow("a"); !ok {
			t.Fatalf("event %d of a burst of 5 refused", i+1)
		}
	}
	ok, wait := r.Allow("a")
	if ok || wait != 12*time.Second {
		t.Fatalf("sixth event: ok=%v wait=%v, want refused for 12s", ok, wait)
	}
	if ok, _ := r.Allow("b"); !ok {
		t.Fatal("another key is limited by a's events")
	}
	c.t = c.t.Add(12 * time.Second)
	if ok, _ := r.Allow("a"); !ok {
		t.Fatal("refused after waiting as told")
	}
	if ok, _ := r.Allow("a"); ok {
		t.Fatal("a second event allowed one interval after the burst")
	}
	c.t = c.t.Add(time.Minute)
	for i := range 5 {
		if ok, _ := r.Allow("a"); !ok {
			t.Fatalf("after a quiet minute, event %d refused", i+1)
		}
	}
}

func TestRateAddWaitReset(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	r := NewRate(3, time.Minute, c.now)
	for range 100 {
		r.Add("k")
	}
	if w := r.Wait("k"); w <= 0 || w > time.Minute {
		t.Fatalf("after 100 failures wait is %v, want within one window", w)
	}
	c.t = c.t.Add(time.Minute)
	if w := r.Wait("k"); w != 0 {
		t.Fatalf("a window after the last failure wait is %v", w)
	}
	r.Add("k")
	r.Add("k")
	r.Add("k")
	if r.Wait("k") == 0 {
		t.Fatal("three failures of three allowed do not block")
	}
	r.Reset("k")
	if w := r.Wait("k"); w != 0 {
		t.Fatalf("after Reset wait is %v", w)
	}
}

func TestRateUnlimited(t *testing.T) {
	r := NewRate(0, time.Minute, nil)
	for range 1000 {
		if ok, _ := r.Allow("x"); !ok {
			t.Fatal("a rate of 0 limits")
		}
	}
}

func TestRateConcurrentAndSwept(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return c.t }
	r := NewRate(10, time.Second, now)
	var wg sync.WaitGroup
	var allowed sync.Map
	for g := range 8 {
		wg.Go(func() {
			n := 0
			for range 100 {
				if ok, _ := r.Allow("shared"); ok {
					n++
				}
				r.Allow(fmt.Sprint("key", g))
			}
			allowed.Store(g, n)
		})
	}
	wg.Wait()
	total := 0
	allowed.Range(func(_, v any) bool { total += v.(int); return true })
	if total != 10 {
		t.Fatalf("8 goroutines got %d events of a burst of 10 on one key", total)
	}
	mu.Lock()
	c.t = c.t.Add(time.Hour)
	mu.Unlock()
	r.Allow("fresh")
	r.mu.Lock()
	n := len(r.tat)
	r.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d keys kept after an hour, want only the fresh one", n)
	}
}
