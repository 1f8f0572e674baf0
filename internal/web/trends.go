package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/chart"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/trend"
	"github.com/dramadb/dramadb/internal/watch"
)

// The title page's "Audience trends": each chart is drawn as SVG from the
// same numbers its table lists, and both come from values the services
// hand out unchanged (the title, its audience aggregate, watch counts and
// trends), so the page stays kept.

// trendChart is one chart of the section with its numbers as a table.
type trendChart struct {
	ID      string
	Heading string
	Note    string
	SVG     template.HTML
	Columns []string
	Rows    [][]string
}

// trendsDocument is GET /api/v1/titles/{slug}/trends: the numbers behind
// the title page's charts.
type trendsDocument struct {
	Title             string           `json:"title"`
	Ratings           int64            `json:"ratings"`
	Average           float64          `json:"average"`
	ScoreDistribution []scoreCount     `json:"score_distribution"`
	RatingsByMonth    []trend.Month    `json:"ratings_by_month"`
	WatchStatus       map[string]int64 `json:"watch_status"`
	Episodes          []episodeTrend   `json:"episodes"`
}

type scoreCount struct {
	Score float64 `json:"score"`
	Count int64   `json:"count"`
}

// episodeTrend is one episode of the catalog with its audience score (when
// rated) and broadcast share (when known).
type episodeTrend struct {
	Season        int      `json:"season"`
	Episode       int      `json:"episode"`
	Average       *float64 `json:"average,omitempty"`
	Ratings       int64    `json:"ratings"`
	AudienceShare *float64 `json:"audience_share,omitempty"`
}

// titleTrends reads what the section is made from; every part is nil when
// its service is not wired in.
func (s *Server) titleTrends(r *http.Request, t *catalog.Title, audience *rating.Aggregate) (*trend.Trends, error) {
	if s.trends == nil {
		return nil, nil
	}
	var n int64
	if audience != nil {
		n = audience.Count
	}
	return s.trends.Title(r.Context(), t.ID, n)
}

func newTrendsDocument(t *catalog.Title, audience *rating.Aggregate, tracking *watch.Counts, tr *trend.Trends) *trendsDocument {
	d := &trendsDocument{Title: t.Slug, ScoreDistribution: make([]scoreCount, 20), RatingsByMonth: []trend.Month{},
		WatchStatus: map[string]int64{}, Episodes: []episodeTrend{}}
	for i := range d.ScoreDistribution {
		d.ScoreDistribution[i].Score = rating.ScoreOf(i)
	}
	if audience != nil {
		d.Ratings, d.Average = audience.Count, audience.Average
		for i, n := range audience.Distribution {
			d.ScoreDistribution[i].Count = n
		}
	}
	for _, st := range watch.Statuses {
		d.WatchStatus[st] = 0
		if tracking != nil {
			d.WatchStatus[st] = tracking.ByStatus[st]
		}
	}
	scores := map[[2]int]trend.Episode{}
	if tr != nil {
		d.RatingsByMonth = tr.Months
		for _, e := range tr.Episodes {
			scores[[2]int{e.Season, e.Episode}] = e
		}
	}
	for _, se := range t.Seasons {
		for _, ep := range se.Episodes {
			row := episodeTrend{Season: se.Number, Episode: ep.Number, AudienceShare: ep.AudienceShare}
			if sc, ok := scores[[2]int{se.Number, ep.Number}]; ok {
				avg := sc.Average
				row.Average, row.Ratings = &avg, sc.Count
			}
			d.Episodes = append(d.Episodes, row)
		}
	}
	return d
}

// newTrendCharts draws the section's charts from its document, leaving out
// those without data; nil when there is nothing to show.
func newTrendCharts(d *trendsDocument, tracked bool) []trendChart {
	var out []trendChart
	if d.Ratings > 0 {
		c := chart.Bar{ID: "trend-scores", Title: "Score distribution", XLabel: "Score", YLabel: "Ratings", Integer: true}
		tc := trendChart{ID: "trend-scores", Heading: "Score distribution", Columns: []string{"Score", "Ratings", "Share"}}
		for _, sc := range d.ScoreDistribution {
			label := strconv.FormatFloat(sc.Score, 'f', -1, 64)
			c.Labels = append(c.Labels, label)
			c.Values = append(c.Values, float64(sc.Count))
			tc.Rows = append(tc.Rows, []string{label, trendCount(sc.Count), trendPercent(float64(sc.Count) / float64(d.Ratings) * 100)})
		}
		tc.SVG = c.SVG()
		out = append(out, tc)
	}
	if len(d.RatingsByMonth) > 0 {
		bars := chart.Bar{ID: "trend-months", Title: "Ratings per month", XLabel: "Month", YLabel: "Ratings", Integer: true}
		line := chart.Line{ID: "trend-average", Title: "Average score over time", XLabel: "Month", YLabel: "Average score", YMax: 10,
			Series: []chart.Series{{Name: "Average"}}}
		tc := trendChart{ID: "trend-months", Heading: "Ratings over time", Columns: []string{"Month", "New ratings", "Average so far"},
			Note: "Each rating counts in the month it was first given, at its current score."}
		for _, m := range d.RatingsByMonth {
			bars.Labels = append(bars.Labels, m.Month)
			bars.Values = append(bars.Values, float64(m.Count))
			line.Labels = append(line.Labels, m.Month)
			line.Series[0].Values = append(line.Series[0].Values, m.Average)
			tc.Rows = append(tc.Rows, []string{m.Month, trendCount(m.Count), trendScore(m.Average)})
		}
		tc.SVG = bars.SVG() + line.SVG()
		out = append(out, tc)
	}
	if tracked {
		c := chart.Bar{ID: "trend-status", Title: "Members by watch status", XLabel: "Status", YLabel: "Members", Integer: true}
		tc := trendChart{ID: "trend-status", Heading: "Watch status", Columns: []string{"Status", "Members"}}
		for _, st := range watch.Statuses {
			label := statusLabel(st)
			c.Labels = append(c.Labels, label)
			c.Values = append(c.Values, float64(d.WatchStatus[st]))
			tc.Rows = append(tc.Rows, []string{label, trendCount(d.WatchStatus[st])})
		}
		tc.SVG = c.SVG()
		out = append(out, tc)
	}
	if tc, ok := episodeChart(d, "trend-episodes", "Episode scores", "Average score", 10,
		[]string{"Season", "Episode", "Average score", "Ratings"},
		func(e episodeTrend) (float64, []string, bool) {
			if e.Average == nil {
				return 0, nil, false
			}
			return *e.Average, []string{trendScore(*e.Average), trendCount(e.Ratings)}, true
		}); ok {
		out = append(out, tc)
	}
	if tc, ok := episodeChart(d, "trend-share", "Broadcast audience share", "Share (%)", 0,
		[]string{"Season", "Episode", "Audience share"},
		func(e episodeTrend) (float64, []string, bool) {
			if e.AudienceShare == nil {
				return 0, nil, false
			}
			return *e.AudienceShare, []string{trendPercent(*e.AudienceShare)}, true
		}); ok {
		tc.Note = "The nationwide audience share of each episode's first broadcast, where known."
		out = append(out, tc)
	}
	return out
}

// episodeChart draws one line per season over episode numbers, from the
// value pick finds for each episode; false when no episode has one.
func episodeChart(d *trendsDocument, id, heading, yLabel string, yMax float64, columns []string,
	pick func(episodeTrend) (float64, []string, bool)) (trendChart, bool) {
	tc := trendChart{ID: id, Heading: heading, Columns: columns}
	c := chart.Line{ID: id, Title: heading, XLabel: "Episode", YLabel: yLabel, YMax: yMax}
	last := 0
	season := map[int]int{} // season number → series index
	for _, e := range d.Episodes {
		v, cells, ok := pick(e)
		if !ok || e.Episode < 1 || e.Episode > 1000 {
			continue
		}
		i, seen := season[e.Season]
		if !seen {
			i = len(c.Series)
			season[e.Season] = i
			c.Series = append(c.Series, chart.Series{Name: "Season " + strconv.Itoa(e.Season)})
		}
		vals := c.Series[i].Values
		for len(vals) < e.Episode {
			vals = append(vals, math.NaN())
		}
		vals[e.Episode-1] = v
		c.Series[i].Values = vals
		last = max(last, e.Episode)
		tc.Rows = append(tc.Rows, append([]string{strconv.Itoa(e.Season), strconv.Itoa(e.Episode)}, cells...))
	}
	if len(tc.Rows) == 0 {
		return tc, false
	}
	for n := 1; n <= last; n++ {
		c.Labels = append(c.Labels, strconv.Itoa(n))
	}
	tc.SVG = c.SVG()
	return tc, true
}

func trendCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func trendScore(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func trendPercent(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" }

// apiTitleTrends answers with the numbers behind the title page's charts.
func (s *Server) apiTitleTrends(w http.ResponseWriter, r *http.Request) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	audience, err := s.audience(r, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var tracking *watch.Counts
	if s.watch != nil {
		if tracking, err = s.watch.Counts(r.Context(), t.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	tr, err := s.titleTrends(r, t, audience)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newTrendsDocument(t, audience, tracking, tr))
}
