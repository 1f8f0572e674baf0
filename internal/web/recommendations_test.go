package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/recommend"
)

// similarSection returns the title page's "Similar titles" section.
func similarSection(page string) string {
	i := strings.Index(page, `<section id="similar"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</section>")
	return page[i : i+j]
}

func TestRecommendations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		cloy := "/api/v1/titles/crash-landing-on-you"

		// Before any build: the editors' seven recommendations, in order.
		body := f.run(t, scenario{path: cloy + "/similar", status: 200, contentType: "application/json",
			contains: []string{`"title": "crash-landing-on-you"`, `"editorial": true`, `"note": "Another story of a young woman`}})
		if i, j := strings.Index(body, `"slug": "snowdrop"`), strings.Index(body, `"slug": "the-king-2-hearts"`); i < 0 || j < i {
			t.Errorf("editorial recommendations out of order:\n%s", truncate(body))
		}
		_, page := f.browser(t).do("GET", "/titles/crash-landing-on-you", nil)
		sec := similarSection(page)
		if strings.Count(sec, "<li") != 7 || !strings.Contains(sec, "/titles/snowdrop") || !strings.Contains(page, `href="#similar"`) {
			t.Errorf("similar section before a build:\n%s", sec)
		}
		if !strings.Contains(page, "Connected titles") || strings.Contains(page, "If you liked this, try") {
			t.Error("editorial recommendations appear twice or the other relations are gone")
		}

		for _, sc := range []scenario{
			{name: "unknown title", path: "/api/v1/titles/no-such-title/similar", status: 404},
			{name: "limit zero", path: cloy + "/similar?limit=0", status: 400, contains: []string{`"field": "limit"`}},
			{name: "limit too large", path: cloy + "/similar?limit=51", status: 400, contains: []string{`"field": "limit"`}},
			{name: "limit", path: cloy + "/similar?limit=1", status: 200, contains: []string{"snowdrop"}, notContains: []string{"descendants-of-the-sun"}},
			{name: "mine without token", path: "/api/v1/me/recommendations", status: 401},
			{name: "mine bad limit", path: "/api/v1/me/recommendations?limit=x", token: seri, status: 400, contains: []string{`"field": "limit"`}},
			{name: "mine before a build", path: "/api/v1/me/recommendations", token: seri, status: 200, contains: []string{`"items": []`}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}

		// Seri rates CLOY, the recommendations are built, and her list
		// leaves CLOY out and explains itself.
		f.run(t, scenario{method: "PUT", path: cloy + "/rating", token: seri, body: `{"score": 9.5}`, status: 200})
		if _, err := recommend.NewService(db, recommend.Options{}).Build(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond) // the fixture's services look again after 1ms
		body = f.run(t, scenario{path: "/api/v1/me/recommendations?limit=5", token: seri, status: 200,
			contains: []string{`"because": {`, `"slug": "crash-landing-on-you"`}})
		if strings.Count(body, `"score"`) != 5 {
			t.Errorf("want 5 items:\n%s", truncate(body))
		}
		// CLOY may appear only as the reason, never as an item.
		if strings.Contains(strings.ReplaceAll(body, `"because": {
        "slug": "crash-landing-on-you"`, ""), `"slug": "crash-landing-on-you"`) {
			t.Errorf("a rated title is recommended:\n%s", truncate(body))
		}

		// The title page now adds computed titles after the editorial ones.
		_, page = f.browser(t).do("GET", "/titles/crash-landing-on-you", nil)
		sec = similarSection(page)
		if n := strings.Count(sec, "<li"); n <= 7 || n > 12 || !strings.HasPrefix(sec[strings.Index(sec, "<li"):], `<li class="relation"><span class="poster poster--tiny" data-tint="`) {
			t.Errorf("similar section after a build has %d items:\n%s", n, sec)
		}
		if strings.Index(sec, "/titles/snowdrop") > strings.Index(sec, "</li>") {
			t.Error("the first editorial recommendation does not lead")
		}

		// The "For you" page: members only.
		if resp, _ := f.browser(t).do("GET", "/recommendations", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a visitor gets %d, want a redirect to sign in", resp.StatusCode)
		}
		m := f.browser(t)
		m.do("POST", "/login", url.Values{"login": {"seri"}, "password": {"a long enough passphrase"}})
		resp, page := m.do("GET", "/recommendations", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Because you liked <a href=\"/titles/crash-landing-on-you\">Crash Landing on You</a>") ||
			!strings.Contains(page, `<a href="/recommendations">For you</a>`) {
			t.Errorf("For you page: %d\n%s", resp.StatusCode, truncate(page))
		}
		// A member with no history sees popular titles, said so.
		n := f.browser(t)
		n.do("POST", "/signup", url.Values{"username": {"newbie"}, "email": {"newbie@example.com"}, "password": {"a long enough passphrase"}})
		if _, page := n.do("GET", "/recommendations", nil); !strings.Contains(page, "the titles members like most") || strings.Contains(page, "Because you liked") {
			t.Errorf("newcomer's page:\n%s", truncate(page))
		}
	})
}
