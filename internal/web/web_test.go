package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/app"

	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
	"github.com/dramadb/dramadb/internal/web"
)

// fixture is a server on a fresh database with the demo catalog and an
// admin token.
type fixture struct {
	srv   *httptest.Server
	token string
}

func newFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.LoadIfEmpty(ctx, catalog.NewService(db, catalog.Options{})); err != nil {
		t.Fatal(err)
	}
	tok, err := auth.NewTokens(db, nil).Create(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	// Posts are published at once here; moderation_test.go runs the check.
	a := app.New(db, app.Options{Params: accounttest.Fast, MaxStale: time.Millisecond, Unscreened: true})
	h, err := web.New(a.Config)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, token: tok}
}

// scenario is one HTTP exchange and what the answer must (not) contain.
type scenario struct {
	name        string
	method      string
	path        string
	body        string
	token       string // "" none, "admin" the fixture's token, else as given
	status      int
	contentType string
	contains    []string
	notContains []string
}

func (f *fixture) run(t *testing.T, sc scenario) string {
	t.Helper()
	method := sc.method
	if method == "" {
		method = http.MethodGet
	}
	var body io.Reader
	if sc.body != "" {
		body = strings.NewReader(sc.body)
	}
	req, err := http.NewRequest(method, f.srv.URL+sc.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if sc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch sc.token {
	case "":
	case "admin":
		req.Header.Set("Authorization", "Bearer "+f.token)
	default:
		req.Header.Set("Authorization", sc.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	got := string(b)
	if resp.StatusCode != sc.status {
		t.Errorf("%s %s: status %d, want %d\n%s", method, sc.path, resp.StatusCode, sc.status, truncate(got))
	}
	if sc.contentType != "" && !strings.HasPrefix(resp.Header.Get("Content-Type"), sc.contentType) {
		t.Errorf("%s %s: Content-Type %q, want %q", method, sc.path, resp.Header.Get("Content-Type"), sc.contentType)
	}
	for _, c := range sc.contains {
		if !strings.Contains(got, c) {
			t.Errorf("%s %s: body lacks %q\n%s", method, sc.path, c, truncate(got))
		}
	}
	for _, c := range sc.notContains {
		if strings.Contains(got, c) {
			t.Errorf("%s %s: body contains %q", method, sc.path, c)
		}
	}
	return got
}

func truncate(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}

const problemJSON = "application/problem+json"

func TestAPIReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		for _, sc := range []scenario{
			{name: "title", path: "/api/v1/titles/crash-landing-on-you", status: 200, contentType: "application/json",
				contains: []string{`"title": "Crash Landing on You"`, `"original_title": "사랑의 불시착"`, `"사랑의 不時着"`, `"CLOY"`,
					`"time_zone": "Asia/Seoul"`, `"person_native_name": "현빈"`, `"air_date": "2019-12-14"`, `"parental_guide"`, `"where_to_watch"`, `"faq"`}},
			{name: "title include", path: "/api/v1/titles/crash-landing-on-you?include=genres,seasons", status: 200,
				contains: []string{`"genres"`, `"seasons"`, `"episode_count": 16`}, notContains: []string{`"cast"`, `"faq"`, `"air_date"`}},
			{name: "title include none", path: "/api/v1/titles/crash-landing-on-you?include=", status: 200,
				contains: []string{`"slug": "crash-landing-on-you"`}},
			{name: "title include unknown", path: "/api/v1/titles/crash-landing-on-you?include=gossip", status: 400, contentType: problemJSON,
				contains: []string{`"field": "include"`}},
			{name: "title unknown", path: "/api/v1/titles/no-such-drama", status: 404, contentType: problemJSON, contains: []string{`"status": 404`}},
			{name: "season", path: "/api/v1/titles/crash-landing-on-you/seasons/1", status: 200,
				contains: []string{`"number": 16`, `"air_date": "2020-02-16"`, `"title_ref"`}},
			{name: "season 2", path: "/api/v1/titles/crash-landing-on-you/seasons/2", status: 200, contains: []string{`"episode_count": 12`}},
			{name: "season missing", path: "/api/v1/titles/crash-landing-on-you/seasons/7", status: 404, contentType: problemJSON},
			{name: "season not a number", path: "/api/v1/titles/crash-landing-on-you/seasons/one", status: 404, contentType: problemJSON},
			{name: "titles list", path: "/api/v1/titles?per_page=2", status: 200, contains: []string{`"per_page": 2`, `"total"`, `"items"`}},
			{name: "titles filter", path: "/api/v1/titles?network=tvn&year=2019&country=kr", status: 200, contains: []string{`"crash-landing-on-you"`}},
			{name: "titles by tag", path: "/api/v1/titles?tag=fake-engagement", status: 200, contains: []string{`"crash-landing-on-you"`}},
			{name: "titles by unused tag", path: "/api/v1/titles?tag=no-such-tag", status: 200, contains: []string{`"total": 0`}},
			{name: "titles bad page", path: "/api/v1/titles?page=0", status: 400, contentType: problemJSON, contains: []string{`"field": "page"`}},
			{name: "titles bad per_page", path: "/api/v1/titles?per_page=1000", status: 400, contains: []string{`"field": "per_page"`}},
			{name: "titles bad year", path: "/api/v1/titles?year=soon", status: 400, contains: []string{`"field": "year"`}},
			{name: "titles bad kind", path: "/api/v1/titles?kind=opera", status: 400, contains: []string{`"field": "kind"`}},
			{name: "person", path: "/api/v1/people/hyun-bin", status: 200, contains: []string{`"native_name": "현빈"`, `"filmography"`, `"crash-landing-on-you"`}},
			{name: "person unknown", path: "/api/v1/people/nobody-at-all", status: 404, contentType: problemJSON},
			{name: "people", path: "/api/v1/people?per_page=3", status: 200, contains: []string{`"per_page": 3`}},
			{name: "character", path: "/api/v1/characters/ri-jeong-hyeok", status: 200, contains: []string{`"played_by"`, `"hyun-bin"`}},
			{name: "character unknown", path: "/api/v1/characters/nobody", status: 404, contentType: problemJSON},
			{name: "genres", path: "/api/v1/genres", status: 200, contains: []string{`"romance"`}},
			{name: "networks", path: "/api/v1/networks", status: 200, contains: []string{`"tvn"`}},
			{name: "countries", path: "/api/v1/countries", status: 200, contains: []string{`"KR"`}},
			{name: "years", path: "/api/v1/years", status: 200, contains: []string{`"2019"`}},
			{name: "unknown route", path: "/api/v1/nothing", status: 404, contentType: problemJSON},
			{name: "unsupported method", method: "PATCH", path: "/api/v1/titles/crash-landing-on-you", status: 404, contentType: problemJSON},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		html := "text/html"
		for _, sc := range []scenario{
			{name: "home", path: "/", status: 200, contentType: html, contains: []string{"Crash Landing on You", `href="/browse?genre=`}},
			{name: "title", path: "/titles/crash-landing-on-you", status: 200, contentType: html,
				contains: []string{"<h1", "Crash Landing on You", `lang="ko"`, "사랑의 불시착", "사랑의 不時着", "CLOY", "현빈",
					`href="/people/hyun-bin"`, `href="/characters/ri-jeong-hyeok"`, "Parental guide", "Where to watch", "Quotes",
					"Frequently asked questions", "Filming locations", "Related titles", `application/ld+json`, `"@type":"TVSeries"`,
					"14 Dec 2019", "21:00", `id="characters"`, "Also called Capt Ri", "Played by"},
				notContains: []string{"<script>", "{{"}},
			{name: "movie title has Movie JSON-LD", path: "/titles/parasite", status: 200, contains: []string{`"@type":"Movie"`}},
			{name: "season", path: "/titles/crash-landing-on-you/seasons/1", status: 200, contentType: html,
				contains: []string{"Season 1", "16 Feb 2020", `href="/titles/crash-landing-on-you"`}},
			{name: "season missing", path: "/titles/crash-landing-on-you/seasons/9", status: 404, contentType: html, contains: []string{"Page not found"}},
			{name: "season not a number", path: "/titles/crash-landing-on-you/seasons/first", status: 404, contentType: html},
			{name: "title missing", path: "/titles/not-a-drama", status: 404, contentType: html, contains: []string{"Page not found", `href="/browse"`}},
			{name: "person", path: "/people/son-ye-jin", status: 200, contentType: html, contains: []string{"Son Ye-jin", "손예진", "Crash Landing on You"}},
			{name: "person missing", path: "/people/nobody-here", status: 404, contentType: html},
			{name: "people", path: "/people", status: 200, contentType: html, contains: []string{`href="/people/hyun-bin"`}},
			{name: "character", path: "/characters/yoon-se-ri", status: 200, contentType: html, contains: []string{"Yoon Se-ri", "윤세리", "Son Ye-jin"}},
			{name: "character missing", path: "/characters/nobody", status: 404, contentType: html},
			{name: "browse", path: "/browse", status: 200, contentType: html, contains: []string{"Crash Landing on You"}},
			{name: "browse by genre", path: "/browse?genre=romance", status: 200, contains: []string{"Crash Landing on You"}},
			{name: "browse by country", path: "/browse?country=KR", status: 200, contains: []string{"Crash Landing on You"}},
			{name: "browse by year", path: "/browse?year=2019", status: 200, contains: []string{"Crash Landing on You"}, notContains: []string{"Descendants of the Sun"}},
			{name: "browse by network", path: "/browse?network=tvn", status: 200, contains: []string{"Crash Landing on You"}},
			{name: "browse by tag", path: "/browse?tag=enemies-to-lovers", status: 200,
				contains: []string{"Crash Landing on You", "tagged “Enemies to lovers”", "Trope"}},
			{name: "browse by unknown tag", path: "/browse?tag=no-such-trope", status: 404},
			{name: "title tags link to browse", path: "/titles/crash-landing-on-you", status: 200, contains: []string{`href="/browse?tag=enemies-to-lovers"`}},
			{name: "browse past the last page", path: "/browse?page=99", status: 404},
			{name: "browse bad year", path: "/browse?year=someday", status: 404},
			{name: "unknown page", path: "/no/such/page", status: 404, contentType: html, contains: []string{"Page not found"}},
			{name: "healthz", path: "/healthz", status: 200},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

const newTitle = `{"kind": "series", "title": "Reply 1988", "original_title": "응답하라 1988", "first_aired": "2015-11-06",
 "alternative_titles": [{"name": "응답하라 1988", "type": "native", "language": "ko", "script": "Hang"}],
 "genres": [{"name": "Comedy"}, {"name": "Family"}],
 "networks": [{"name": "tvN", "role": "original"}],
 "characters": [{"name": "Sung Deok-sun", "native_name": "성덕선"}],
 "cast": [{"person": "hyun-bin", "character": "sung-deok-sun", "role": "guest"}],
 "seasons": [{"number": 1, "episodes": [{"number": 1, "air_date": "2015-11-06"}]}]}`

func TestAPIWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		for _, sc := range []scenario{
			{name: "no token", method: "POST", path: "/api/v1/titles", body: newTitle, status: 401, contentType: problemJSON},
			{name: "wrong token", method: "POST", path: "/api/v1/titles", body: newTitle, token: "Bearer ddb_wrong", status: 401},
			{name: "not bearer", method: "POST", path: "/api/v1/titles", body: newTitle, token: "Basic YWRtaW46YWRtaW4=", status: 401},
			{name: "delete without token", method: "DELETE", path: "/api/v1/titles/crash-landing-on-you", status: 401},
			{name: "create", method: "POST", path: "/api/v1/titles", body: newTitle, token: "admin", status: 201,
				contains: []string{`"slug": "reply-1988"`, `"character_native_name": "성덕선"`}},
			{name: "create again conflicts", method: "POST", path: "/api/v1/titles", token: "admin", status: 409, contentType: problemJSON,
				body: `{"kind": "series", "title": "Whatever", "slug": "reply-1988"}`, contains: []string{`"field": "slug"`}},
			{name: "read created", path: "/api/v1/titles/reply-1988", status: 200, contains: []string{`"응답하라 1988"`}},
			{name: "person shows new credit", path: "/api/v1/people/hyun-bin", status: 200, contains: []string{`"reply-1988"`}},
			{name: "invalid fields all named", method: "POST", path: "/api/v1/titles", token: "admin", status: 400, contentType: problemJSON,
				body:     `{"kind": "soap", "title": "", "first_aired": "2019-02-30", "countries": ["Korea"], "cast": [{"person": "", "role": "star"}]}`,
				contains: []string{`"field": "kind"`, `"field": "title"`, `"field": "first_aired"`, `"field": "countries[0]"`, `"field": "cast[0].person"`, `"field": "cast[0].role"`}},
			{name: "unknown field", method: "POST", path: "/api/v1/titles", token: "admin", status: 400,
				body: `{"kind": "series", "title": "X", "rating": 10}`, contains: []string{`"field": "rating"`}},
			{name: "wrong type", method: "POST", path: "/api/v1/titles", token: "admin", status: 400,
				body: `{"kind": "series", "title": "X", "runtime_minutes": "long"}`, contains: []string{`"field": "runtime_minutes"`}},
			{name: "broken JSON", method: "POST", path: "/api/v1/titles", token: "admin", status: 400, body: `{"kind": "series",`, contains: []string{`"field": "body"`}},
			{name: "empty body", method: "POST", path: "/api/v1/titles", token: "admin", status: 400, contains: []string{`"field": "body"`}},
			{name: "trailing data", method: "POST", path: "/api/v1/titles", token: "admin", status: 400, body: `{"kind": "series", "title": "X"} {}`},
			{name: "dangling person", method: "POST", path: "/api/v1/titles", token: "admin", status: 400,
				body: `{"kind": "movie", "title": "Lonely", "cast": [{"person": "nobody-known", "role": "main"}]}`, contains: []string{`"field": "cast[0].person"`}},
			{name: "nothing half written", path: "/api/v1/titles/lonely", status: 404},
			{name: "update", method: "PUT", path: "/api/v1/titles/reply-1988", token: "admin", status: 200,
				body:     `{"kind": "series", "title": "Reply 1988", "logline": "Five families share one alley in Ssangmun-dong.", "first_aired": "2015-11-06"}`,
				contains: []string{`"logline": "Five families`, `"Comedy"`, `"episodes"`}},
			{name: "update unknown", method: "PUT", path: "/api/v1/titles/no-such", token: "admin", status: 404,
				body: `{"kind": "series", "title": "X"}`},
			{name: "update to taken slug", method: "PUT", path: "/api/v1/titles/reply-1988", token: "admin", status: 409,
				body: `{"kind": "series", "title": "Reply 1988", "slug": "crash-landing-on-you"}`},
			{name: "put season creates", method: "PUT", path: "/api/v1/titles/reply-1988/seasons/2", token: "admin", status: 201,
				body: `{"episodes": [{"number": 1, "title": "둘째 날 🌸"}]}`, contains: []string{`"둘째 날 🌸"`}},
			{name: "put season replaces", method: "PUT", path: "/api/v1/titles/reply-1988/seasons/2", token: "admin", status: 200,
				body: `{"number": 2, "episodes": [{"number": 1}, {"number": 2}]}`, contains: []string{`"number": 2`}},
			{name: "put season number mismatch", method: "PUT", path: "/api/v1/titles/reply-1988/seasons/2", token: "admin", status: 400,
				body: `{"number": 3}`, contains: []string{`"field": "number"`}},
			{name: "put season bad episode", method: "PUT", path: "/api/v1/titles/reply-1988/seasons/3", token: "admin", status: 400,
				body: `{"episodes": [{"number": 0, "audience_share": 140}]}`, contains: []string{`"field": "episodes[0].number"`, `"field": "episodes[0].audience_share"`}},
			{name: "delete season", method: "DELETE", path: "/api/v1/titles/reply-1988/seasons/2", token: "admin", status: 204},
			{name: "delete season again", method: "DELETE", path: "/api/v1/titles/reply-1988/seasons/2", token: "admin", status: 404},
			{name: "create person", method: "POST", path: "/api/v1/people", token: "admin", status: 201,
				body: `{"name": "Lee Hye-ri", "native_name": "이혜리", "names": [{"name": "Hyeri", "type": "variant"}]}`, contains: []string{`"slug": "lee-hye-ri"`}},
			{name: "create person invalid", method: "POST", path: "/api/v1/people", token: "admin", status: 400,
				body: `{"name": "", "birth_date": "1994-02-31"}`, contains: []string{`"field": "name"`, `"field": "birth_date"`}},
			{name: "update person", method: "PUT", path: "/api/v1/people/lee-hye-ri", token: "admin", status: 200,
				body: `{"name": "Lee Hye-ri", "native_name": "이혜리", "birth_date": "1994-06-09"}`, contains: []string{`"birth_date": "1994-06-09"`, `"Hyeri"`}},
			{name: "delete person with credits", method: "DELETE", path: "/api/v1/people/hyun-bin", token: "admin", status: 409, contentType: problemJSON},
			{name: "delete person", method: "DELETE", path: "/api/v1/people/lee-hye-ri", token: "admin", status: 204},
			{name: "create character", method: "POST", path: "/api/v1/titles/reply-1988/characters", token: "admin", status: 201,
				body:     `{"name": "Choi Taek", "native_name": "최택", "names": [{"name": "Taek-i", "type": "nickname"}]}`,
				contains: []string{`"slug": "choi-taek"`, `"slug": "reply-1988"`}},
			{name: "create character without token", method: "POST", path: "/api/v1/titles/reply-1988/characters", status: 401, body: `{"name": "X"}`},
			{name: "create character on unknown title", method: "POST", path: "/api/v1/titles/nope/characters", token: "admin", status: 404, body: `{"name": "X"}`},
			{name: "create character taken slug", method: "POST", path: "/api/v1/titles/reply-1988/characters", token: "admin", status: 409,
				body: `{"name": "Another", "slug": "ri-jeong-hyeok"}`},
			{name: "update character", method: "PUT", path: "/api/v1/characters/choi-taek", token: "admin", status: 200,
				body: `{"name": "Choi Taek", "native_name": "최택", "description": "A baduk prodigy."}`, contains: []string{`"A baduk prodigy."`, `"Taek-i"`}},
			{name: "update character invalid", method: "PUT", path: "/api/v1/characters/choi-taek", token: "admin", status: 400,
				body: `{"name": ""}`, contains: []string{`"field": "name"`}},
			{name: "delete character", method: "DELETE", path: "/api/v1/characters/sung-deok-sun", token: "admin", status: 204},
			{name: "credit keeps the person, role unspecified", path: "/api/v1/titles/reply-1988?include=credits", status: 200,
				contains: []string{`"person": "hyun-bin"`}, notContains: []string{`"character": "sung-deok-sun"`}},
			{name: "delete title", method: "DELETE", path: "/api/v1/titles/reply-1988", token: "admin", status: 204},
			{name: "deleted title is gone", path: "/api/v1/titles/reply-1988", status: 404},
			{name: "deleted title's character is gone", path: "/api/v1/characters/sung-deok-sun", status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestCatalogTextIsEscaped(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	body := `{"kind": "series", "title": "Evil ` + strings.ReplaceAll(evil, `"`, `\"`) + `", "slug": "evil",
	  "synopsis": "` + strings.ReplaceAll(evil, `"`, `\"`) + `", "logline": "</script><script>alert(3)</script>",
	  "external_links": [{"site": "official", "url": "https://example.com/\"><script>alert(4)</script>"}],
	  "characters": [{"name": "` + strings.ReplaceAll(evil, `"`, `\"`) + `", "slug": "evil-character"}]}`
	f.run(t, scenario{method: "POST", path: "/api/v1/titles", token: "admin", body: body, status: 201})
	for _, path := range []string{"/titles/evil", "/characters/evil-character", "/browse", "/"} {
		f.run(t, scenario{path: path, status: 200,
			notContains: []string{"<script>alert", "<img src=x", "</script><script>"}})
	}
	// A javascript: URL is refused at the edge.
	f.run(t, scenario{method: "PUT", path: "/api/v1/titles/evil", token: "admin", status: 400,
		body:     `{"kind": "series", "title": "Evil", "external_links": [{"site": "other", "url": "javascript:alert(5)"}]}`,
		contains: []string{`"field": "external_links[0].url"`}})
}

func TestAPIRefusesHugeBodies(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	huge := `{"kind": "series", "title": "` + strings.Repeat("가", 3<<20) + `"}`
	f.run(t, scenario{method: "POST", path: "/api/v1/titles", token: "admin", body: huge, status: 400, contains: []string{"larger than"}})
	long := `{"kind": "series", "title": "` + strings.Repeat("가", 400) + `"}`
	f.run(t, scenario{method: "POST", path: "/api/v1/titles", token: "admin", body: long, status: 400, contains: []string{`"field": "title"`, "longer than"}})
}

func TestProblemBodyShape(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	body := f.run(t, scenario{method: "POST", path: "/api/v1/people", token: "admin", body: `{"name": ""}`, status: 400, contentType: problemJSON})
	var p struct {
		Type, Title, Detail string
		Status              int
		Errors              []struct{ Field, Message string }
	}
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 400 || p.Title != "Bad Request" || len(p.Errors) != 1 || p.Errors[0].Field != "name" || p.Errors[0].Message == "" {
		t.Errorf("problem = %+v", p)
	}
}

func TestTitleAPIRevalidates(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	get := func(etag string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/titles/crash-landing-on-you", nil)
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
	etag := first.Header.Get("ETag")
	if first.StatusCode != 200 || etag == "" {
		t.Fatalf("status %d, ETag %q", first.StatusCode, etag)
	}
	if again := get(etag); again.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the current ETag: %d, want 304", again.StatusCode)
	}
	// A write changes the title, so the old ETag no longer matches.
	f.run(t, scenario{method: "PUT", path: "/api/v1/titles/crash-landing-on-you/seasons/3", token: "admin", body: `{"episode_count": 8}`, status: 201})
	if after := get(etag); after.StatusCode != 200 || after.Header.Get("ETag") == etag {
		t.Errorf("after a write: %d with ETag %q (was %q)", after.StatusCode, after.Header.Get("ETag"), etag)
	}
}

func TestTitlePageGzip(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	get := func(enc, etag string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/titles/crash-landing-on-you", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc) // set by hand: the client then leaves the body as sent
		}
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	plainResp, plain := get("identity", "")
	gzResp, gz := get("gzip, br", "")
	if plainResp.Header.Get("Content-Encoding") != "" || gzResp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings: %q and %q", plainResp.Header.Get("Content-Encoding"), gzResp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if !bytes.Equal(unzipped, plain) || len(gz) >= len(plain)/2 {
		t.Errorf("gzip body: %d bytes for %d plain; equal after inflating: %v", len(gz), len(plain), bytes.Equal(unzipped, plain))
	}
	if gzResp.Header.Get("ETag") == plainResp.Header.Get("ETag") {
		t.Error("the gzip and plain bodies share an ETag")
	}
	if r, _ := get("gzip", gzResp.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidating the gzip body: %d", r.StatusCode)
	}
	if r, _ := get("gzip;q=0", ""); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client that refused it")
	}
}

func TestBaseURL(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	svc := catalog.NewService(db, catalog.Options{})
	if _, err := demo.LoadIfEmpty(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"dramadb.example", "ftp://dramadb.example", "https://dramadb.example/?x=1"} {
		if _, err := web.New(web.Config{Catalog: svc, Ping: db.Ping, BaseURL: bad}); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
	h, err := web.New(web.Config{Catalog: svc, Ping: db.Ping, BaseURL: "https://dramadb.example/"})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/titles/crash-landing-on-you", nil))
	for _, want := range []string{`<link rel="canonical" href="https://dramadb.example/titles/crash-landing-on-you">`,
		`<meta property="og:url" content="https://dramadb.example/titles/crash-landing-on-you">`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestFavicon(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	f.run(t, scenario{path: "/favicon.ico", status: 200, contentType: "image/svg+xml"})
}

func TestHealthz(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	f := newFixture(t, db)
	f.run(t, scenario{path: "/healthz", status: 200, contains: []string{"ok"}})
	db.Close()
	f.run(t, scenario{path: "/healthz", status: 503})
}
