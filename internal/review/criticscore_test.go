package review

import (
	"testing"

	"github.com/dramadb/dramadb/internal/apperr"
)

func TestParseCriticScore(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want float64
	}{
		{"4.5/5", 90}, {"9/10", 90}, {"88/100", 88}, {"3.5 / 4", 87.5}, {"4,5/5", 90},
		{"4.5 out of 5", 90}, {"7 of 10", 70}, {"92%", 92}, {"0/10", 0}, {"10/10", 100},
		{"★★★★☆", 80}, {"★★★★½", 90}, {"★★★☆☆", 60}, {"★★★★★", 100}, {"★★½☆☆", 50}, {"☆☆☆☆☆", 0},
		{"❤️❤️❤️❤️❤️", 100}, {"♥♥♥♡♡", 60},
		{"five hearts", 100}, {"Four stars", 80}, {"3 stars", 60}, {"three and a half stars", 70},
		{"4 stars out of 5", 80}, {"8 points of 10", 80},
		{"A", 100}, {"A−", 91}, {"A-", 91}, {"B+", 83}, {"c", 50}, {"F", 0}, {" B ", 75},
	} {
		got, err := ParseCriticScore(tc.raw)
		if err != nil || got.Normalized != tc.want {
			t.Errorf("ParseCriticScore(%q) = %v, %v; want %v", tc.raw, got.Normalized, err, tc.want)
		}
	}
	for _, bad := range []string{"", "great", "8", "11/10", "5/0", "G", "★★★x", "-3/10", "six stars", "A++", "1e3/10"} {
		if _, err := ParseCriticScore(bad); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("ParseCriticScore(%q) accepted", bad)
		}
	}
	got, _ := ParseCriticScore("  4.5/5 ")
	if got.Raw != "4.5/5" {
		t.Errorf("raw kept as %q", got.Raw)
	}
}
