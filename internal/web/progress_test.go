package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestProgressAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		reader := memberToken(t, f, db, "reader", "read")
		title := "/api/v1/titles/crash-landing-on-you"
		ep := title + "/seasons/1/episodes/3/seen"
		for _, sc := range []scenario{
			{name: "no token", method: "PUT", path: ep, status: 401},
			{name: "read-only token", method: "PUT", path: ep, token: reader, status: 403},
			{name: "nothing yet", path: title + "/progress", token: seri, status: 200, contains: []string{`"entry": null`, `"episodes_marked": 0`, `"episodes": 16`}},
			{name: "mark", method: "PUT", path: ep, token: seri, status: 200,
				contains: []string{`"status": "watching"`, `"episodes_seen": 1`, `"seen": [` + "\n" + `        3`}},
			{name: "mark again", method: "PUT", path: ep, token: seri, status: 200, contains: []string{`"episodes_marked": 1`}},
			{name: "missing episode", method: "PUT", path: title + "/seasons/1/episodes/99/seen", token: seri, status: 404},
			{name: "missing season", method: "PUT", path: title + "/seasons/7/seen", token: seri, status: 404},
			{name: "bad episode number", method: "PUT", path: title + "/seasons/1/episodes/x/seen", token: seri, status: 404},
			{name: "season", method: "PUT", path: title + "/seasons/1/seen", token: seri, status: 200, contains: []string{`"episodes_marked": 16`}},
			{name: "watch entry agrees", path: title + "/watch", token: seri, status: 200, contains: []string{`"episodes_seen": 16`}},
			{name: "unmark one", method: "DELETE", path: ep, token: seri, status: 200, contains: []string{`"episodes_marked": 15`}},
			{name: "unmark season", method: "DELETE", path: title + "/seasons/1/seen", token: seri, status: 200, contains: []string{`"episodes_marked": 0`, `"seen": []`}},
			{name: "reader reads", path: title + "/progress", token: reader, status: 200, contains: []string{`"entry": null`}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestSeasonPageRatingsAndMarks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		page := "/titles/crash-landing-on-you/seasons/1"
		visitor := f.browser(t)
		_, body := visitor.do("GET", page, nil)
		if !strings.Contains(body, "Sign in to rate episodes") || strings.Contains(body, "Mark seen") {
			t.Error("a visitor's season page is wrong")
		}
		if resp, _ := visitor.do("POST", page+"/episodes/1/seen", url.Values{"seen": {"1"}}); resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("a visitor's mark: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}

		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		_, body = m.do("GET", page, nil)
		if !strings.Contains(body, "0 of 16</strong> episodes seen") || strings.Count(body, ">Mark seen</button>") != 16 {
			t.Fatal("a member sees no progress or no seen buttons")
		}
		resp, _ := m.do("POST", page+"/episodes/2/seen", url.Values{"seen": {"1"}})
		if resp.StatusCode != 303 || resp.Header.Get("Location") != page+"#episode-2" {
			t.Fatalf("mark: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := m.do("POST", page+"/episodes/2/rating", url.Values{"score": {"9.5"}}); resp.StatusCode != 303 {
			t.Fatalf("episode rating: %d", resp.StatusCode)
		}
		if resp, _ := m.do("POST", page+"/episodes/2/rating", url.Values{"score": {"10.5"}}); resp.StatusCode != 400 {
			t.Errorf("episode rating 10.5: %d", resp.StatusCode)
		}
		if resp, _ := m.do("POST", page+"/rating", url.Values{"score": {"8"}}); resp.StatusCode != 303 || resp.Header.Get("Location") != page+"#season-you" {
			t.Fatalf("season rating: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		time.Sleep(5 * time.Millisecond) // aggregates on pages may be 1ms old here
		_, body = m.do("GET", page, nil)
		for _, want := range []string{"1 of 16</strong> episodes seen", "✓ Seen", "★ 9.5 · 1 rating", "★ 8</span>", `<option value="9.5" selected>`, `<option value="8" selected>`} {
			if !strings.Contains(body, want) {
				t.Errorf("after marking and rating, the season page lacks %q", want)
			}
		}
		_, body = visitor.do("GET", page, nil)
		if !strings.Contains(body, "★ 9.5 · 1 rating") || strings.Contains(body, "✓ Seen") || strings.Contains(body, `value="9.5" selected`) {
			t.Error("a visitor sees the averages wrong or the member's own marks")
		}
		m.do("POST", page+"/seen", url.Values{"seen": {"1"}})
		if _, body := m.do("GET", page, nil); !strings.Contains(body, "16 of 16</strong>") || !strings.Contains(body, "Unmark the whole season") {
			t.Error("marking the season did not mark every episode")
		}
		m.do("POST", page+"/episodes/2/rating", url.Values{"remove": {"1"}})
		time.Sleep(5 * time.Millisecond)
		if _, body := m.do("GET", page, nil); strings.Contains(body, "★ 9.5") {
			t.Error("a removed episode rating still shows")
		}
	})
}
