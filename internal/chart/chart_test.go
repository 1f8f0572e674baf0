package chart

import (
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func scores() []string {
	var l []string
	for i := 1; i <= 20; i++ {
		l = append(l, fmt.Sprint(float64(i)/2))
	}
	return l
}

// cases are the golden charts: each renders to testdata/NAME.svg.
func cases() map[string]string {
	dist := []float64{0, 0, 0, 1, 0, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597}
	nan := math.NaN()
	return map[string]string{
		"distribution": string(Bar{ID: "dist", Title: "Score distribution", XLabel: "Score", YLabel: "Ratings",
			Labels: scores(), Values: dist, Integer: true}.SVG()),
		"bar-empty": string(Bar{ID: "empty", Title: "Nothing", Integer: true}.SVG()),
		"bar-zeros": string(Bar{ID: "zeros", Title: "All zero", YLabel: "Members", Integer: true,
			Labels: []string{"Watching", "Completed", "On hold", "Dropped", "Plan to watch"}, Values: make([]float64, 5)}.SVG()),
		"bar-huge": string(Bar{ID: "huge", Title: "Huge counts", YLabel: "Ratings", Integer: true,
			Labels: []string{"2019-12", "2020-01", "2020-02"}, Values: []float64{1_234_567, 9_876_543_210, 42}}.SVG()),
		"line-seasons": string(Line{ID: "share", Title: "Audience share per episode", XLabel: "Episode", YLabel: "Share (%)",
			Labels: []string{"1", "2", "3", "4", "5", "6"},
			Series: []Series{
				{Name: "Season 1", Values: []float64{6.1, 6.8, nan, 9.9, 11.4, 14.2}},
				{Name: "Season 2", Values: []float64{8.5, 7.25, 9}},
			}}.SVG()),
		"line-one-point": string(Line{ID: "one", Title: "One month", YLabel: "Average", YMax: 10,
			Labels: []string{"2026-11"}, Series: []Series{{Name: "Average", Values: []float64{8.5}}}}.SVG()),
		"line-empty": string(Line{ID: "none", Title: "No scores", YMax: 10,
			Labels: []string{"1", "2"}, Series: []Series{{Name: "Season 1", Values: []float64{nan, nan}}}}.SVG()),
	}
}

func TestGolden(t *testing.T) {
	for name, svg := range cases() {
		t.Run(name, func(t *testing.T) {
			// One element a line, so a change reads as a small diff.
			svg = strings.ReplaceAll(svg, "><", ">\n<")
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(svg+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if svg+"\n" != string(want) {
				t.Errorf("%s differs from %s (run go test -update after checking the change):\n%s", name, path, svg)
			}
		})
	}
}

// Every chart is well-formed XML an assistive reader can name: role img,
// labelled by its own title and description.
func TestWellFormedAndLabelled(t *testing.T) {
	for name, svg := range cases() {
		t.Run(name, func(t *testing.T) {
			ids := wellFormed(t, svg)
			for _, want := range []string{`role="img"`, `aria-labelledby="`, `<title id="`, `<desc id="`} {
				if !strings.Contains(svg, want) {
					t.Errorf("missing %s", want)
				}
			}
			start := strings.Index(svg, `aria-labelledby="`) + len(`aria-labelledby="`)
			for _, id := range strings.Fields(svg[start : start+strings.IndexByte(svg[start:], '"')]) {
				if !ids[id] {
					t.Errorf("aria-labelledby names %q, which is not in the chart", id)
				}
			}
			for _, bad := range []string{"NaN", "Inf", "style="} {
				if strings.Contains(svg, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
		})
	}
}

// wellFormed parses svg strictly and returns the ids it declares.
func wellFormed(t *testing.T, svg string) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ids
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Local == "id" {
					ids[a.Value] = true
				}
			}
		}
	}
}

func TestTextIsEscaped(t *testing.T) {
	evil := `<script>alert("x")</script>&amp;'`
	for _, svg := range []string{
		string(Bar{ID: `x" onload="alert(1)`, Title: evil, Desc: evil, XLabel: evil, YLabel: evil,
			Labels: []string{evil, "ok\x00\x1b[31m"}, Values: []float64{1, 2}}.SVG()),
		string(Line{ID: "<svg>", Title: evil, XLabel: evil, YLabel: evil, Labels: []string{evil, "\xff"},
			Series: []Series{{Name: evil, Values: []float64{1, 2}}, {Name: "b", Values: []float64{2, 1}}}}.SVG()),
	} {
		wellFormed(t, svg)
		for _, bad := range []string{"<script", `onload="`, "<svg>", "\x00", "\x1b", "\xff"} {
			if strings.Contains(svg, bad) {
				t.Errorf("%q is not inert in\n%s", bad, svg)
			}
		}
		if !strings.Contains(svg, "&lt;script&gt;") {
			t.Errorf("label text lost instead of escaped:\n%s", svg)
		}
	}
}

func TestBadValuesAreGuarded(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	svg := string(Bar{ID: "b", Title: "t", Labels: []string{"a", "b", "c", "d", "e"},
		Values: []float64{nan, -5, inf, math.Inf(-1), 3}}.SVG())
	wellFormed(t, svg)
	// Only the finite values make bars: -5 drawn at zero and 3.
	if n := strings.Count(svg, "<rect "); n != 2 {
		t.Errorf("%d bars, want 2:\n%s", n, svg)
	}
	// Fewer values than labels leave the rest empty; more are ignored.
	svg = string(Line{ID: "l", Title: "t", Labels: []string{"1", "2", "3"},
		Series: []Series{{Name: "s", Values: []float64{1}}, {Name: "u", Values: []float64{1, 2, 3, 4, 5}}}}.SVG())
	wellFormed(t, svg)
	if n := strings.Count(svg, "<circle "); n != 4+2 { // 1 + 3 points, 2 legend marks
		t.Errorf("%d circles, want 6:\n%s", n, svg)
	}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(svg, bad) {
			t.Errorf("output contains %s", bad)
		}
	}
}

func TestAxisTicksAreRound(t *testing.T) {
	for _, c := range []struct {
		hi, fixed float64
		integer   bool
		want      string
	}{
		{0, 0, true, "0 1"},
		{1, 0, true, "0 1"},
		{3, 0, true, "0 1 2 3"},
		{7, 0, false, "0 1 2 3 4 5 6 7"},
		{9, 0, false, "0 2 4 6 8 10"},
		{1597, 0, true, "0 500 1000 1500 2000"},
		{0.37, 0, false, "0 0.1 0.2 0.3 0.4"},
		{21.683, 0, false, "0 5 10 15 20 25"},
		{8, 10, false, "0 2 4 6 8 10"},
		{9_876_543_210, 0, true, "0 2e+09 4e+09 6e+09 8e+09 1e+10"},
	} {
		a := newAxis(c.hi, c.fixed, c.integer)
		var got []string
		for _, v := range a.ticks {
			got = append(got, fmt.Sprint(v))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("axis for %v (fixed %v): ticks %v, want %s", c.hi, c.fixed, got, c.want)
		}
		if a.max < c.hi && c.fixed == 0 {
			t.Errorf("axis for %v ends at %v", c.hi, a.max)
		}
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 7: "7", 1234567: "1,234,567", 8.25: "8.25", 6.105: "6.11", 21.683: "21.68"} {
		if got := formatValue(v); got != want {
			t.Errorf("formatValue(%v) = %q, want %q", v, got, want)
		}
	}
	for _, c := range []struct {
		v, step float64
		want    string
	}{{0, 0.1, "0.0"}, {0.3, 0.1, "0.3"}, {2000, 500, "2000"}, {20000, 5000, "20k"}, {2e9, 2e9, "2B"}, {1.5e6, 5e5, "1.5M"}} {
		if got := formatTick(c.v, c.step); got != c.want {
			t.Errorf("formatTick(%v, %v) = %q, want %q", c.v, c.step, got, c.want)
		}
	}
}

// Rendering is deterministic: the same chart gives the same bytes, which
// keeps pages made from it cacheable.
func TestDeterministic(t *testing.T) {
	a, b := cases(), cases()
	for name := range a {
		if a[name] != b[name] {
			t.Errorf("%s renders differently twice", name)
		}
	}
}

// A chart of one month or one episode, as a new title's are, is described
// in words that read right: no "1 categories from 2026-11 to 2026-11".
func TestDescribeOne(t *testing.T) {
	for _, c := range []struct {
		svg  string
		want string
	}{
		{string(Bar{ID: "m", Title: "Ratings per month", YLabel: "Ratings", Integer: true,
			Labels: []string{"2026-11"}, Values: []float64{4}}.SVG()), "Ratings for one category, 2026-11: 4."},
		{string(Line{ID: "a", Title: "Average score over time", XLabel: "Month", YMax: 10,
			Labels: []string{"2026-11"}, Series: []Series{{Name: "Average", Values: []float64{9.5}}}}.SVG()), "Average: one point, 9.5 at Month 2026-11."},
		{string(Line{ID: "e", Title: "Episode scores", XLabel: "Episode", YMax: 10, Labels: []string{"1", "2"},
			Series: []Series{{Name: "Season 1", Values: []float64{8, 9}}, {Name: "Season 2", Values: []float64{math.NaN(), 7}}}}.SVG()),
			"Season 1: 2 points, lowest 8 at Episode 1, highest 9 at Episode 2. Season 2: one point, 7 at Episode 2."},
	} {
		start := strings.Index(c.svg, "<desc")
		desc := c.svg[start+strings.IndexByte(c.svg[start:], '>')+1 : strings.Index(c.svg, "</desc>")]
		if desc != c.want {
			t.Errorf("description %q, want %q", desc, c.want)
		}
	}
}
