package limits

import (
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	for in, want := range map[string]Rate{
		"10/m": {10, time.Minute}, "100/h": {100, time.Hour}, "5/15m": {5, 15 * time.Minute},
		"1/d": {1, 24 * time.Hour}, "0": {}, "unlimited": {}, " 3/s ": {3, time.Second},
	} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10", "ten/m", "-1/m", "10/fortnight", "10/-5m", "10/0s"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
	if s := (Rate{10, time.Minute}).String(); s != "10/m" {
		t.Errorf("String = %q", s)
	}
}

func TestDefaultCoversEveryAction(t *testing.T) {
	c := Default()
	for _, a := range Actions {
		p, ok := c.Posting[a]
		if !ok || p.Member.N <= 0 || p.NewMember.N <= 0 || p.NewMember.N > p.Member.N {
			t.Errorf("%s: %+v; want a rate, tighter for new members", a, p)
		}
	}
	if c.Hashers() < 1 {
		t.Error("no hashing slot")
	}
}
