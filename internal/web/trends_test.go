package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestAudienceTrends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		const title = "/titles/crash-landing-on-you"
		const api = "/api/v1" + title

		// Before anyone rates: the demo's broadcast shares are drawn, and
		// the API lists every score, status and episode with zeros.
		page := f.run(t, scenario{path: title, status: 200, contains: []string{
			`<section id="trends"`, `href="#trends"`, "Audience trends", "Broadcast audience share",
			`role="img" aria-labelledby="trend-share-title trend-share-desc"`, `<title id="trend-share-title">`,
			"as a table</summary>", "<td class=\"num\">21.7%</td>", "Season 1: 2 points, lowest 6.1 at Episode 1, highest 21.68 at Episode 16.",
		}, notContains: []string{"Score distribution", "Ratings over time", "Episode scores", "Watch status"}})
		if strings.Count(page, `<svg xmlns="http://www.w3.org/2000/svg" class="chart"`) != 1 {
			t.Errorf("want only the share chart before any rating, got %d charts", strings.Count(page, `<svg xmlns="http://www.w3.org/2000/svg" class="chart"`))
		}
		doc := trendsJSON(t, f, api+"/trends")
		if doc.Ratings != 0 || len(doc.ScoreDistribution) != 20 || doc.ScoreDistribution[19].Score != 10 ||
			len(doc.RatingsByMonth) != 0 || len(doc.WatchStatus) != 5 || doc.WatchStatus["watching"] != 0 || len(doc.Episodes) != 28 {
			t.Errorf("empty trends: %+v", doc)
		}
		if share := doc.Episodes[15].AudienceShare; share == nil || *share != 21.683 || doc.Episodes[15].Average != nil {
			t.Errorf("episode 16: %+v", doc.Episodes[15])
		}

		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		for _, sc := range []scenario{
			{method: "PUT", path: api + "/rating", body: `{"score": 10}`, token: seri, status: 200},
			{method: "PUT", path: api + "/rating", body: `{"score": 7.5}`, token: dan, status: 200},
			{method: "PUT", path: api + "/seasons/1/episodes/16/rating", body: `{"score": 9.5}`, token: seri, status: 200},
			{method: "PUT", path: api + "/seasons/1/episodes/16/rating", body: `{"score": 8.5}`, token: dan, status: 200},
			{method: "PUT", path: api + "/seasons/2/episodes/1/rating", body: `{"score": 6}`, token: dan, status: 200},
			{method: "PUT", path: api + "/watch", body: `{"status": "watching"}`, token: seri, status: 200},
			{method: "PUT", path: api + "/watch", body: `{"status": "completed"}`, token: dan, status: 200},
		} {
			f.run(t, sc)
		}
		time.Sleep(5 * time.Millisecond) // the fixture's MaxStale is 1ms
		month := time.Now().UTC().Format("2006-01")
		page = f.run(t, scenario{path: title, status: 200, contains: []string{
			"Score distribution", `aria-labelledby="trend-scores-title trend-scores-desc"`,
			"Ratings over time", `<th scope="row">` + month + `</th><td class="num">2</td><td class="num">8.75</td>`,
			"Watch status", `<th scope="row">Watching</th><td class="num">1</td>`,
			"Episode scores", `<th scope="row">1</th><td class="num">16</td><td class="num">9.00</td><td class="num">2</td>`,
			`<th scope="row">2</th><td class="num">1</td><td class="num">6.00</td><td class="num">1</td>`,
			"Season 2: one point, 6 at Episode 1.", "Ratings for one category, " + month + ": 2.",
		}})
		if n := strings.Count(page, `<svg xmlns="http://www.w3.org/2000/svg" class="chart"`); n != 6 {
			t.Errorf("%d charts, want 6 (scores, months, average, status, episodes, share)", n)
		}
		doc = trendsJSON(t, f, api+"/trends")
		if doc.Ratings != 2 || doc.Average != 8.75 || doc.ScoreDistribution[19].Count != 1 || doc.ScoreDistribution[14].Count != 1 ||
			len(doc.RatingsByMonth) != 1 || doc.RatingsByMonth[0].Month != month || doc.RatingsByMonth[0].Count != 2 ||
			doc.WatchStatus["watching"] != 1 || doc.WatchStatus["completed"] != 1 {
			t.Errorf("trends after ratings: %+v", doc)
		}
		if e := doc.Episodes[15]; e.Average == nil || *e.Average != 9 || e.Ratings != 2 {
			t.Errorf("episode 16: %+v", e)
		}
		f.run(t, scenario{path: "/api/v1/titles/nope/trends", status: 404, contentType: problemJSON})
	})
}

// The section comes from values kept while unchanged, so the title page is
// still served from its kept copy: the same ETag, and a 304 for it.
func TestTrendsKeepTitlePageKept(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	f := newFixture(t, db)
	seri := memberToken(t, f, db, "seri", "write")
	f.run(t, scenario{method: "PUT", path: "/api/v1/titles/crash-landing-on-you/rating", body: `{"score": 9}`, token: seri, status: 200})
	time.Sleep(5 * time.Millisecond)
	get := func(etag string) *http.Response {
		req, _ := http.NewRequest("GET", f.srv.URL+"/titles/crash-landing-on-you", nil)
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	first := get("")
	time.Sleep(5 * time.Millisecond) // older than MaxStale: every part is read again
	second := get("")
	if e := first.Header.Get("ETag"); e == "" || e != second.Header.Get("ETag") {
		t.Fatalf("ETags %q and %q: the page was made again though nothing changed", e, second.Header.Get("ETag"))
	}
	if resp := get(first.Header.Get("ETag")); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", resp.StatusCode)
	}
}

type trendsDoc struct {
	Title             string  `json:"title"`
	Ratings           int64   `json:"ratings"`
	Average           float64 `json:"average"`
	ScoreDistribution []struct {
		Score float64 `json:"score"`
		Count int64   `json:"count"`
	} `json:"score_distribution"`
	RatingsByMonth []struct {
		Month   string  `json:"month"`
		Count   int64   `json:"count"`
		Average float64 `json:"average"`
	} `json:"ratings_by_month"`
	WatchStatus map[string]int64 `json:"watch_status"`
	Episodes    []struct {
		Season        int      `json:"season"`
		Episode       int      `json:"episode"`
		Average       *float64 `json:"average"`
		Ratings       int64    `json:"ratings"`
		AudienceShare *float64 `json:"audience_share"`
	} `json:"episodes"`
}

func trendsJSON(t *testing.T, f *fixture, path string) trendsDoc {
	t.Helper()
	body := f.run(t, scenario{path: path, status: 200, contentType: "application/json"})
	var d trendsDoc
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, body)
	}
	return d
}
