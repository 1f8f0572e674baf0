package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/search"
)

// searchFixture is the demo server with its search index built, as
// 'dramadb serve' builds it on first start.
func searchFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	f := newFixture(t, db)
	if _, err := search.NewService(db).Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSearchAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := searchFixture(t, db)
		for _, sc := range []scenario{
			{name: "abbreviation", path: "/api/v1/search?q=CLOY", status: 200, contentType: "application/json",
				contains: []string{`"kind": "title"`, `"slug": "crash-landing-on-you"`, `"name": "Crash Landing on You"`, `"url": "/titles/crash-landing-on-you"`}},
			{name: "Hangul", path: "/api/v1/search?q=" + url.QueryEscape("불시"), status: 200, contains: []string{`"slug": "crash-landing-on-you"`}},
			{name: "kind filter", path: "/api/v1/search?q=ri&kind=character&limit=2", status: 200, contains: []string{`"kind": "character"`}, notContains: []string{`"kind": "title"`, `"kind": "person"`}},
			{name: "nothing found", path: "/api/v1/search?q=zzzzqqqq", status: 200, contains: []string{`"results": []`}},
			{name: "suggest", path: "/api/v1/search/suggest?q=hyun", status: 200, contains: []string{`"slug": "hyun-bin"`}},
			{name: "empty q", path: "/api/v1/search?q=", status: 400, contentType: "application/problem+json", contains: []string{`"q"`}},
			{name: "missing q", path: "/api/v1/search", status: 400, contains: []string{`"q"`}},
			{name: "long q", path: "/api/v1/search?q=" + strings.Repeat("a", 201), status: 400, contains: []string{`"q"`, "200"}},
			{name: "bad kind", path: "/api/v1/search?q=cloy&kind=episode", status: 400, contains: []string{`"kind"`}},
			{name: "bad limit", path: "/api/v1/search?q=cloy&limit=0", status: 400, contains: []string{`"limit"`}},
			{name: "huge limit", path: "/api/v1/search?q=cloy&limit=5000", status: 400, contains: []string{`"limit"`}},
			{name: "suggest empty", path: "/api/v1/search/suggest?q=", status: 400, contains: []string{`"q"`}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestSearchAPIRankOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := searchFixture(t, db)
		for q, want := range map[string]string{
			"Sarang-ŭi pulshich'ak": "title/crash-landing-on-you",
			"ㅅㄹㅇ ㅂㅅㅊ":               "title/crash-landing-on-you",
			"jeonghyeok ri":         "character/ri-jeong-hyeok",
			"Hyeon Bin":             "person/hyun-bin",
			"crash landng on yu":    "title/crash-landing-on-you",
		} {
			resp, err := http.Get(f.srv.URL + "/api/v1/search?q=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Results []struct{ Kind, Slug, Name string }
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(body.Results) == 0 || body.Results[0].Kind+"/"+body.Results[0].Slug != want {
				t.Errorf("%q: got %+v, want %s first", q, body.Results, want)
			}
		}
	})
}

func TestSearchPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := searchFixture(t, db)
		for _, sc := range []scenario{
			{name: "box on every page", path: "/titles/crash-landing-on-you", status: 200,
				contains: []string{`role="search" action="/search"`, `name="q"`, "/static/search."}},
			{name: "empty page", path: "/search", status: 200, contains: []string{"<h1>Search</h1>", `id="search-page-q"`}, notContains: []string{"Nothing matches"}},
			{name: "results labelled", path: "/search?q=" + url.QueryEscape("Ri Jung Hyuk"), status: 200,
				contains: []string{"Character", `href="/characters/ri-jeong-hyeok"`, "in Crash Landing on You", `value="Ri Jung Hyuk"`}},
			{name: "Hangul", path: "/search?q=" + url.QueryEscape("현빈"), status: 200, contains: []string{"Person", `href="/people/hyun-bin"`}},
			{name: "nothing", path: "/search?q=zzzzqqqq", status: 200, contains: []string{"Nothing matches"}},
			{name: "too long", path: "/search?q=" + strings.Repeat("b", 300), status: 400, contains: []string{"aria-invalid", "at most 200"}},
			{name: "escaped", path: "/search?q=" + url.QueryEscape(`<script>alert(1)</script>`), status: 200, notContains: []string{"<script>alert"}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}
