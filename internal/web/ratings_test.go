package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// memberToken signs a member up through the pages and returns a personal
// token of theirs with the given scope.
func memberToken(t *testing.T, f *fixture, db *database.DB, name, scope string) string {
	t.Helper()
	f.browser(t).do("POST", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {"a long enough passphrase"}})
	ctx := context.Background()
	u, err := account.NewService(db, account.Options{}).ByUsername(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := auth.NewTokens(db, nil).CreatePersonal(ctx, u.ID, "test", scope)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + tok
}

func TestRatingAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		reader := memberToken(t, f, db, "reader", "read")
		title := "/api/v1/titles/crash-landing-on-you"
		for _, sc := range []scenario{
			{name: "no token", method: "PUT", path: title + "/rating", body: `{"score": 9}`, status: 401, contentType: problemJSON},
			{name: "admin token", method: "PUT", path: title + "/rating", body: `{"score": 9}`, token: "admin", status: 403},
			{name: "read-only token", method: "PUT", path: title + "/rating", body: `{"score": 9}`, token: reader, status: 403},
			{name: "not rated yet", path: title + "/rating", token: seri, status: 404},
			{name: "bad score", method: "PUT", path: title + "/rating", body: `{"score": 9.25}`, token: seri, status: 400, contains: []string{`"field": "score"`}},
			{name: "score too high", method: "PUT", path: title + "/rating", body: `{"score": 11}`, token: seri, status: 400},
			{name: "no score", method: "PUT", path: title + "/rating", body: `{}`, token: seri, status: 400, contains: []string{`"field": "score"`}},
			{name: "score as text", method: "PUT", path: title + "/rating", body: `{"score": "nine"}`, token: seri, status: 400},
			{name: "unknown title", method: "PUT", path: "/api/v1/titles/nope/rating", body: `{"score": 9}`, token: seri, status: 404},
			{name: "rate", method: "PUT", path: title + "/rating", body: `{"score": 9}`, token: seri, status: 200,
				contains: []string{`"score": 9`, `"count": 1`, `"average": 9`}},
			{name: "rate again changes", method: "PUT", path: title + "/rating", body: `{"score": 10}`, token: seri, status: 200, contains: []string{`"count": 1`, `"average": 10`}},
			{name: "second member", method: "PUT", path: title + "/rating", body: `{"score": 7.5}`, token: dan, status: 200, contains: []string{`"count": 2`, `"average": 8.75`}},
			{name: "mine", path: title + "/rating", token: seri, status: 200, contains: []string{`"score": 10`}},
			{name: "read token reads", path: title + "/rating", token: reader, status: 404},
			{name: "season", method: "PUT", path: title + "/seasons/1/rating", body: `{"score": 8}`, token: seri, status: 200, contains: []string{`"count": 1`}},
			{name: "episode", method: "PUT", path: title + "/seasons/1/episodes/16/rating", body: `{"score": 10}`, token: seri, status: 200},
			{name: "missing episode", method: "PUT", path: title + "/seasons/1/episodes/17/rating", body: `{"score": 10}`, token: seri, status: 404},
			{name: "missing season", method: "PUT", path: title + "/seasons/9/rating", body: `{"score": 10}`, token: seri, status: 404},
			{name: "title JSON has the audience score", path: title, status: 200,
				contains: []string{`"audience_score": {`, `"average": 8.75`, `"count": 2`, `"distribution": [`}},
			{name: "remove", method: "DELETE", path: title + "/rating", token: dan, status: 204},
			{name: "remove again", method: "DELETE", path: title + "/rating", token: dan, status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) {
				if sc.name == "title JSON has the audience score" || sc.name == "remove" {
					// Reads of the aggregate may be up to MaxStale (1ms here) old.
					time.Sleep(5 * time.Millisecond)
				}
				f.run(t, sc)
			})
		}
		time.Sleep(5 * time.Millisecond)
		page := f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200, contains: []string{"Audience score", "★ 10", "1 rating", "<meter"}})
		if strings.Contains(page, "8.75") {
			t.Error("the title page shows a removed rating")
		}
	})
}

func TestRateFromTheTitlePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		visitor := f.browser(t)
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you", nil); !strings.Contains(page, "Sign in to rate") {
			t.Error("a visitor is not invited to sign in to rate")
		}
		if resp, _ := visitor.do("POST", "/titles/crash-landing-on-you/rating", url.Values{"score": {"9"}}); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("a visitor's rating: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		_, page := m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `<option value="" selected>`) || !strings.Contains(page, ">Rate</button>") {
			t.Error("a member who has not rated sees no rating form")
		}
		if resp, _ := m.do("POST", "/titles/crash-landing-on-you/rating", url.Values{"score": {"11"}}); resp.StatusCode != 400 {
			t.Errorf("score 11: %d", resp.StatusCode)
		}
		resp, _ := m.do("POST", "/titles/crash-landing-on-you/rating", url.Values{"score": {"9.5"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/titles/crash-landing-on-you#audience" {
			t.Fatalf("rate: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `<option value="9.5" selected>`) || !strings.Contains(page, "★ 9.5") || !strings.Contains(page, "Remove my rating") {
			t.Error("after rating, the page shows neither the member's score nor the audience score")
		}
		// Another visitor sees the score but not seri's form.
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you", nil); !strings.Contains(page, "★ 9.5") || strings.Contains(page, `value="9.5" selected`) {
			t.Error("a visitor's page is wrong after a rating")
		}
		m.do("POST", "/titles/crash-landing-on-you/rating", url.Values{"remove": {"1"}})
		if _, page := m.do("GET", "/titles/crash-landing-on-you", nil); strings.Contains(page, "★ 9.5") || strings.Contains(page, `selected>9.5`) {
			t.Error("a removed rating still shows")
		}
	})
}
