package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
)

// rankedFixture is the demo server after members rated Crash Landing on
// You 10 and Parasite 7 and the rankings were computed.
func rankedFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	f := newFixture(t, db)
	ctx := context.Background()
	cat := catalog.NewService(db, catalog.Options{})
	ratings := rating.NewService(db, rating.Options{})
	for _, u := range accounttest.BulkMembers(t, db, 3) {
		for slug, score := range map[string]float64{"crash-landing-on-you": 10, "parasite": 7} {
			tt, err := cat.Title(ctx, slug)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ratings.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: tt.ID}, score); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := ranking.NewService(db, ranking.Options{}).Compute(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRankingsAndBrowseHTTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := rankedFixture(t, db)
		for _, sc := range []scenario{
			{name: "top rated", path: "/rankings", status: 200, contentType: "text/html; charset=utf-8",
				contains: []string{"<h1>Top rated</h1>", `<li value="1"><span class="ranking__n">#1</span> <a href="/titles/crash-landing-on-you">`, "#2", "Parasite"}},
			{name: "top rated in a genre", path: "/rankings?genre=romance", status: 200,
				contains: []string{"Top rated: Romance", "crash-landing-on-you"}, notContains: []string{"/titles/parasite"}},
			{name: "top rated in a country", path: "/rankings?country=KR", status: 200, contains: []string{"from South Korea", "crash-landing-on-you"}},
			{name: "nobody tracks anything yet", path: "/rankings/popular", status: 200, contains: []string{"Nothing is ranked here yet"}},
			{name: "trending: the ratings are recent", path: "/rankings/trending", status: 200, contains: []string{"crash-landing-on-you", "parasite"}},
			{name: "bad country", path: "/rankings?country=Korea", status: 400},
			{name: "title page ranks", path: "/titles/crash-landing-on-you", status: 200,
				contains: []string{`<a href="/rankings">#1 top rated</a>`, `<a href="/rankings?genre=romance">#1 in Romance</a>`}},
			{name: "rankings API", path: "/api/v1/rankings?list=top&per_page=1", status: 200,
				contains: []string{`"rank": 1`, `"slug": "crash-landing-on-you"`, `"votes": 3`, `"total": 2`}},
			{name: "rankings API page 2", path: "/api/v1/rankings?per_page=1&page=2", status: 200, contains: []string{`"rank": 2`, `"slug": "parasite"`}},
			{name: "rankings API bad list", path: "/api/v1/rankings?list=best", status: 400, contentType: problemJSON, contains: []string{`"field": "list"`}},
			{name: "rankings API bad page", path: "/api/v1/rankings?page=0", status: 400, contains: []string{`"field": "page"`}},

			{name: "titles by score", path: "/api/v1/titles?sort=score&per_page=2", status: 200,
				contains: []string{`"slug": "crash-landing-on-you"`, `"slug": "parasite"`}},
			{name: "titles by score range", path: "/api/v1/titles?score_min=6&score_max=8", status: 200,
				contains: []string{`"total": 1`, `"slug": "parasite"`}},
			{name: "titles on a provider in a region", path: "/api/v1/titles?provider=Netflix&region=us", status: 200,
				contains: []string{`"slug": "crash-landing-on-you"`}},
			{name: "titles by status and years", path: "/api/v1/titles?status=released&year_from=2019&year_to=2019", status: 200,
				contains: []string{`"slug": "parasite"`}, notContains: []string{`"crash-landing-on-you"`}},
			{name: "unknown sort", path: "/api/v1/titles?sort=best", status: 400, contentType: problemJSON, contains: []string{`"field": "sort"`}},
			{name: "years the wrong way round", path: "/api/v1/titles?year_from=2020&year_to=2019", status: 400, contains: []string{`"field": "year_to"`}},
			{name: "every bad field at once", path: "/api/v1/titles?score_min=high&score_max=11&status=done&region=Korea", status: 400,
				contains: []string{`"field": "score_min"`, `"field": "score_max"`, `"field": "status"`, `"field": "region"`}},

			{name: "browse by score", path: "/browse?sort=score", status: 200, contains: []string{"Sorted by", "Top rated"}},
			{name: "browse with a bad range shows the form again", path: "/browse?year_from=2020&year_to=2019", status: 400,
				contains: []string{"must not be before year_from", `name="year_from" type="number" min="1850" max="2200" inputmode="numeric" value="2020"`}},
			{name: "browse by provider and region", path: "/browse?provider=Netflix&region=US", status: 200,
				contains: []string{"Crash Landing on You", "Watch on", "Watch in"}},
			{name: "browse not a number", path: "/browse?score_min=lots", status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) {
				body := f.run(t, sc)
				if sc.name == "top rated" && strings.Index(body, "crash-landing-on-you") > strings.Index(body, "/titles/parasite") {
					t.Error("Parasite is listed before Crash Landing on You")
				}
			})
		}
		// A form sent with empty fields is redirected to the one short address.
		resp, _ := f.browser(t).do("GET", "/browse?genre=romance&sort=date&status=&year_from=&region=", nil)
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusFound || loc != "/browse?genre=romance" {
			t.Errorf("redirected to %q", loc)
		}
		resp, _ = f.browser(t).do("GET", "/rankings/popular?country=kr&genre=", nil)
		if loc := resp.Header.Get("Location"); loc != "/rankings/popular?country=KR" {
			t.Errorf("rankings redirected to %q", loc)
		}
	})
}
