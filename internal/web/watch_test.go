package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestWatchAPIAndPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		base := "/api/v1/titles/crash-landing-on-you/watch"
		for _, sc := range []scenario{
			{name: "no token", method: "PUT", path: base, body: `{"status": "watching"}`, status: 401},
			{name: "not tracked", path: base, token: seri, status: 404},
			{name: "bad status", method: "PUT", path: base, token: seri, body: `{"status": "binging", "episodes_seen": 40}`, status: 400,
				contains: []string{`"field": "status"`, `"field": "episodes_seen"`}},
			{name: "watching", method: "PUT", path: base, token: seri, body: `{"status": "watching", "episodes_seen": 4, "note": "비밀"}`, status: 200,
				contains: []string{`"watching": 1`, `"total": 1`}},
			{name: "completed fills episodes", method: "PUT", path: base, token: seri, body: `{"status": "completed", "rewatch_count": 3}`, status: 200,
				contains: []string{`"episodes_seen": 28`, `"rewatch_count": 3`, `"completed": 1`}},
			{name: "mine", path: base, token: seri, status: 200, contains: []string{`"status": "completed"`}},
			{name: "remove", method: "DELETE", path: base, token: seri, status: 204},
			{name: "remove again", method: "DELETE", path: base, token: seri, status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})
		_, page := m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `<option value="" selected>`) && !strings.Contains(page, `id="watch-status"`) {
			t.Fatal("a member sees no watch form")
		}
		if resp, _ := m.do("POST", "/titles/crash-landing-on-you/watch", url.Values{"status": {"watching"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("watch form: %d", resp.StatusCode)
		}
		_, page = m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `value="watching" selected`) || !strings.Contains(page, "1 member tracks this title") {
			t.Error("after choosing Watching, the page shows neither the status nor the count")
		}
		if _, page := f.browser(t).do("GET", "/titles/crash-landing-on-you", nil); strings.Contains(page, `id="watch-status"`) || !strings.Contains(page, "1 member tracks") {
			t.Error("a visitor's page is wrong")
		}
		m.do("POST", "/titles/crash-landing-on-you/watch", url.Values{"status": {""}})
		if _, page := m.do("GET", "/titles/crash-landing-on-you", nil); strings.Contains(page, "member tracks") {
			t.Error("the count outlived the only entry")
		}
	})
}
