// Package chart draws small bar and line charts as inline SVG for pages
// that work without JavaScript.
//
// A chart is an image with a name and a description (role="img",
// aria-labelledby pointing at its <title> and <desc>), so a screen reader
// announces what it shows; the page is expected to give the numbers as a
// table too. Colours come from CSS classes (chart__bar, chart__s0 …
// chart__s5, chart__axis, chart__grid, chart__text), so the site's
// stylesheet decides them and dark mode works; nothing uses inline styles,
// which the Content-Security-Policy forbids. Every piece of text is
// escaped, so labels taken from the catalog or members cannot inject
// markup. Values that are NaN or infinite are treated as missing (no bar,
// a gap in a line) and negative values are drawn at zero.
//
// The output is a pure function of the chart's fields: the same chart
// always renders the same bytes, which keeps pages built from it cacheable
// and lets tests compare against golden files.
package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Size of the drawing in user units; the stylesheet scales it to the page.
// Text is 12 units high, which stays readable down to a 28rem-wide chart.
const (
	width     = 560
	height    = 240
	fontSize  = 12
	charWidth = 7 // average advance of a 12-unit sans-serif character
	left      = 48
	right     = 12
	top       = 28
	bottom    = 44
	plotW     = width - left - right
	plotH     = height - top - bottom
	maxSeries = 6 // colour classes chart__s0 … chart__s5, then they repeat
)

// Bar is a vertical bar chart: one bar per label, growing from zero.
type Bar struct {
	// ID is unique on the page; the chart's title and description take
	// their ids from it.
	ID    string
	Title string
	// Desc describes the chart for screen readers; when empty, one is
	// written from the data (how many bars, the range, the largest).
	Desc   string
	XLabel string // under the labels, e.g. "Score"
	YLabel string // above the value axis, e.g. "Ratings"
	Labels []string
	Values []float64 // one per label; missing ones count as no value
	// Integer keeps the value axis on whole numbers (counts).
	Integer bool
}

// Series is one line of a Line chart.
type Series struct {
	Name   string
	Values []float64 // one per label of the chart; NaN leaves a gap
}

// Line is a line chart over categories (months, episodes): each series
// has a value per label, drawn as points joined by a line.
type Line struct {
	ID      string
	Title   string
	Desc    string
	XLabel  string
	YLabel  string
	Labels  []string
	Series  []Series
	Integer bool
	// YMax, when positive, is the top of the value axis (10 for scores);
	// otherwise it is a round number above the largest value.
	YMax float64
}

// SVG renders the bar chart.
func (c Bar) SVG() template.HTML {
	vals := make([]float64, len(c.Labels))
	for i := range vals {
		vals[i] = math.NaN()
		if i < len(c.Values) {
			vals[i] = clean(c.Values[i])
		}
	}
	hi := 0.0
	for _, v := range vals {
		if !math.IsNaN(v) {
			hi = max(hi, v)
		}
	}
	ax := newAxis(hi, 0, c.Integer)
	var b builder
	desc := c.Desc
	if desc == "" {
		desc = describeBars(c.Labels, vals, c.YLabel)
	}
	b.open(c.ID, c.Title, desc)
	b.grid(ax)
	if len(vals) == 0 {
		b.empty()
	} else {
		slot := float64(plotW) / float64(len(vals))
		bw := max(slot*0.8, 1)
		b.WriteString(`<g class="chart__bar">`)
		for i, v := range vals {
			if math.IsNaN(v) {
				continue
			}
			y := ax.y(v)
			x := float64(left) + slot*float64(i) + (slot-bw)/2
			fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s"><title>%s: %s</title></rect>`,
				num(x), num(y), num(bw), num(float64(top+plotH)-y), esc(c.Labels[i]), esc(formatValue(v)))
		}
		b.WriteString(`</g>`)
		b.xLabels(c.Labels, func(i int) float64 { return float64(left) + slot*(float64(i)+0.5) }, slot)
	}
	b.frame(c.XLabel, c.YLabel)
	return b.close()
}

// SVG renders the line chart.
func (c Line) SVG() template.HTML {
	n := len(c.Labels)
	series := make([][]float64, len(c.Series))
	hi := 0.0
	points := 0
	for s, sr := range c.Series {
		series[s] = make([]float64, n)
		for i := range n {
			v := math.NaN()
			if i < len(sr.Values) {
				v = clean(sr.Values[i])
			}
			series[s][i] = v
			if !math.IsNaN(v) {
				hi = max(hi, v)
				points++
			}
		}
	}
	ax := newAxis(hi, c.YMax, c.Integer)
	var b builder
	desc := c.Desc
	if desc == "" {
		desc = describeLines(c, series)
	}
	b.open(c.ID, c.Title, desc)
	b.grid(ax)
	// Points sit in the middle of equal slots, like bars, so a line and a
	// bar chart over the same labels line up.
	slot := float64(plotW) / float64(max(n, 1))
	xAt := func(i int) float64 { return float64(left) + slot*(float64(i)+0.5) }
	if points == 0 {
		b.empty()
	}
	for s, vals := range series {
		if !hasValue(vals) {
			continue
		}
		fmt.Fprintf(&b, `<g class="chart__s%d">`, s%maxSeries)
		var d strings.Builder
		pen := false
		for i, v := range vals {
			if math.IsNaN(v) {
				pen = false
				continue
			}
			if pen {
				d.WriteString(" L")
			} else {
				if d.Len() > 0 {
					d.WriteByte(' ')
				}
				d.WriteString("M")
			}
			d.WriteString(num(xAt(i)) + " " + num(ax.y(v)))
			pen = true
		}
		fmt.Fprintf(&b, `<path class="chart__line" d="%s"/>`, d.String())
		for i, v := range vals {
			if math.IsNaN(v) {
				continue
			}
			name := c.Labels[i]
			if len(c.Series) > 1 {
				name = c.Series[s].Name + ", " + name
			}
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3"><title>%s: %s</title></circle>`,
				num(xAt(i)), num(ax.y(v)), esc(name), esc(formatValue(v)))
		}
		b.WriteString(`</g>`)
	}
	if n > 0 {
		b.xLabels(c.Labels, xAt, slot)
	}
	if len(c.Series) > 1 {
		b.legend(c.Series)
	}
	b.frame(c.XLabel, c.YLabel)
	return b.close()
}

func hasValue(vals []float64) bool {
	for _, v := range vals {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// clean turns what cannot be drawn into a gap and clamps below zero.
func clean(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return math.NaN()
	}
	return max(v, 0)
}

// axis maps values from 0 to max onto the plot's height.
type axis struct {
	max   float64
	step  float64
	ticks []float64
}

// newAxis picks round ticks from zero to at least hi (or exactly fixed,
// when positive), about five of them.
func newAxis(hi, fixed float64, integer bool) axis {
	if fixed > 0 && !math.IsInf(fixed, 0) {
		step := niceNum(fixed/5, true)
		if integer {
			step = max(step, 1)
		}
		a := axis{max: fixed, step: step}
		for v := 0.0; v <= fixed*(1+1e-9); v += step {
			a.ticks = append(a.ticks, roundTo(v, step))
		}
		return a
	}
	if hi <= 0 {
		hi = 1 // no data or all zeros: an axis from 0 to 1
	}
	step := niceNum(hi/5, true)
	if integer {
		step = max(step, 1)
	}
	top := math.Ceil(hi/step-1e-9) * step
	a := axis{max: top, step: step}
	for i := 0.0; i*step <= top*(1+1e-9); i++ {
		a.ticks = append(a.ticks, roundTo(i*step, step))
	}
	return a
}

// niceNum is Heckbert's "nice number": 1, 2 or 5 (or 10) times a power of
// ten near x, rounded or taken from above.
func niceNum(x float64, round bool) float64 {
	if x <= 0 {
		return 1
	}
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	switch {
	case round && f < 1.5, !round && f <= 1:
		nf = 1
	case round && f < 3, !round && f <= 2:
		nf = 2
	case round && f < 7, !round && f <= 5:
		nf = 5
	default:
		nf = 10
	}
	return nf * math.Pow(10, exp)
}

// roundTo removes the floating-point dust a running sum of steps leaves.
func roundTo(v, step float64) float64 {
	d := max(0, -math.Floor(math.Log10(step))) + 1
	p := math.Pow(10, d)
	return math.Round(v*p) / p
}

func (a axis) y(v float64) float64 {
	if v > a.max {
		v = a.max
	}
	return float64(top+plotH) - v/a.max*float64(plotH)
}

type builder struct {
	strings.Builder
	id string
}

func (b *builder) open(id, title, desc string) {
	b.id = safeID(id)
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc">`,
		width, height, width, height, b.id, b.id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, b.id, esc(title), b.id, esc(desc))
}

func (b *builder) close() template.HTML {
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text was escaped on the way in
}

// grid draws the horizontal lines and value labels of the ticks.
func (b *builder) grid(a axis) {
	b.WriteString(`<g class="chart__grid">`)
	for _, t := range a.ticks {
		fmt.Fprintf(b, `<line x1="%d" x2="%d" y1="%s" y2="%s"/>`, left, left+plotW, num(a.y(t)), num(a.y(t)))
	}
	b.WriteString(`</g><g class="chart__text" text-anchor="end">`)
	for _, t := range a.ticks {
		fmt.Fprintf(b, `<text x="%d" y="%s" font-size="%d">%s</text>`, left-6, num(a.y(t)+4), fontSize, esc(formatTick(t, a.step)))
	}
	b.WriteString(`</g>`)
}

// xLabels writes the category labels under the plot, skipping some when
// they would overlap; counting back from the last, which is always shown
// (the latest month, the top score).
func (b *builder) xLabels(labels []string, x func(int) float64, slot float64) {
	widest := 0
	for _, l := range labels {
		widest = max(widest, utf8.RuneCountInString(l))
	}
	every := max(1, int(math.Ceil(float64(widest*charWidth+6)/slot)))
	b.WriteString(`<g class="chart__text" text-anchor="middle">`)
	for i, l := range labels {
		if (len(labels)-1-i)%every != 0 {
			continue
		}
		fmt.Fprintf(b, `<text x="%s" y="%d" font-size="%d">%s</text>`, num(x(i)), top+plotH+16, fontSize, esc(l))
	}
	b.WriteString(`</g>`)
}

// frame draws the axis lines and their names.
func (b *builder) frame(xLabel, yLabel string) {
	fmt.Fprintf(b, `<g class="chart__axis"><line x1="%d" x2="%d" y1="%d" y2="%d"/><line x1="%d" x2="%d" y1="%d" y2="%d"/></g>`,
		left, left+plotW, top+plotH, top+plotH, left, left, top, top+plotH)
	if xLabel != "" {
		fmt.Fprintf(b, `<text class="chart__text chart__name" x="%d" y="%d" font-size="%d" text-anchor="middle">%s</text>`,
			left+plotW/2, height-8, fontSize, esc(xLabel))
	}
	if yLabel != "" {
		fmt.Fprintf(b, `<text class="chart__text chart__name" x="%d" y="%d" font-size="%d">%s</text>`, 4, 14, fontSize, esc(yLabel))
	}
}

// legend names the series at the top right, each beside its line's mark.
func (b *builder) legend(series []Series) {
	x := width - right
	b.WriteString(`<g class="chart__legend">`)
	for s := len(series) - 1; s >= 0; s-- {
		w := utf8.RuneCountInString(series[s].Name)*charWidth + 22
		x -= w
		fmt.Fprintf(b, `<g class="chart__s%d"><line class="chart__line" x1="%d" x2="%d" y1="10" y2="10"/><circle cx="%d" cy="10" r="3"/><text class="chart__text" x="%d" y="14" font-size="%d">%s</text></g>`,
			s%maxSeries, x, x+14, x+7, x+18, fontSize, esc(series[s].Name))
	}
	b.WriteString(`</g>`)
}

func (b *builder) empty() {
	fmt.Fprintf(b, `<text class="chart__text" x="%d" y="%d" font-size="%d" text-anchor="middle">No data yet</text>`,
		left+plotW/2, top+plotH/2, fontSize)
}

// describeBars says in words what a bar chart shows.
func describeBars(labels []string, vals []float64, what string) string {
	if !hasValue(vals) {
		return "No data yet."
	}
	if what == "" {
		what = "Values"
	}
	best := -1
	for i, v := range vals {
		if !math.IsNaN(v) && (best < 0 || v > vals[best]) {
			best = i
		}
	}
	if len(labels) == 1 { // "1 categories from 2026-11 to 2026-11" is what a new title's chart would say
		return fmt.Sprintf("%s for one category, %s: %s.", what, labels[best], formatValue(vals[best]))
	}
	return fmt.Sprintf("%s for %d categories from %s to %s; the highest is %s at %s.",
		what, len(labels), labels[0], labels[len(labels)-1], formatValue(vals[best]), labels[best])
}

// describeLines says in words what a line chart shows.
func describeLines(c Line, series [][]float64) string {
	var parts []string
	for s, vals := range series {
		lo, hi := -1, -1
		count := 0
		for i, v := range vals {
			if math.IsNaN(v) {
				continue
			}
			count++
			if lo < 0 || v < vals[lo] {
				lo = i
			}
			if hi < 0 || v > vals[hi] {
				hi = i
			}
		}
		if count == 0 {
			continue
		}
		name := c.Series[s].Name
		if name == "" {
			name = "Values"
		}
		at := func(i int) string { return strings.TrimSpace(c.XLabel + " " + c.Labels[i]) }
		if count == 1 {
			parts = append(parts, fmt.Sprintf("%s: one point, %s at %s.", name, formatValue(vals[lo]), at(lo)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: %d points, lowest %s at %s, highest %s at %s.",
			name, count, formatValue(vals[lo]), at(lo), formatValue(vals[hi]), at(hi)))
	}
	if len(parts) == 0 {
		return "No data yet."
	}
	return strings.Join(parts, " ")
}

// esc escapes text for SVG inside HTML: the five markup characters, and
// control characters and invalid UTF-8 dropped.
func esc(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "") {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if unicode.IsControl(r) {
				r = ' '
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// safeID keeps letters, digits, '-' and '_', so an id cannot leave its
// attribute.
func safeID(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

// num writes a coordinate with one decimal, without a trailing ".0".
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// formatValue writes a value as a reader expects it: whole numbers with
// thousands separators, others with up to two decimals.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return group(strconv.FormatInt(int64(v), 10))
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// formatTick shortens large tick values (12k, 1.5M) so they fit the margin.
func formatTick(v, step float64) string {
	switch {
	case v >= 1e9:
		return strconv.FormatFloat(v/1e9, 'f', -1, 64) + "B"
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	case v >= 1e4:
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	d := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	return strconv.FormatFloat(v, 'f', d, 64)
}

// group puts thousands separators into a run of digits.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
