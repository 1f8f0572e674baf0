package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestListAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		reader := memberToken(t, f, db, "reader", "read")
		for _, sc := range []scenario{
			{name: "no token", method: "POST", path: "/api/v1/me/lists", body: `{"name": "x"}`, status: 401},
			{name: "read-only token", method: "POST", path: "/api/v1/me/lists", body: `{"name": "x"}`, token: reader, status: 403},
			{name: "invalid", method: "POST", path: "/api/v1/me/lists", body: `{"name": " ", "description": "` + strings.Repeat("x", 2001) + `"}`, token: seri, status: 400,
				contains: []string{`"field": "name"`, `"field": "description"`}},
			{name: "unknown field", method: "POST", path: "/api/v1/me/lists", body: `{"name": "x", "colour": "red"}`, token: seri, status: 400},
			{name: "create", method: "POST", path: "/api/v1/me/lists", body: `{"name": "최애 💕", "description": "Comfort shows"}`, token: seri, status: 201,
				contains: []string{`"id": 1`, `"name": "최애 💕"`, `"public": true`, `"owner": "seri"`}},
			{name: "create private", method: "POST", path: "/api/v1/me/lists", body: `{"name": "Guilty", "public": false}`, token: seri, status: 201, contains: []string{`"id": 2`}},
			{name: "add", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "crash-landing-on-you", "note": "처음"}`, token: seri, status: 201,
				contains: []string{`"position": 1`, `"note": "처음"`}},
			{name: "add second at top", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "vincenzo", "position": 1}`, token: seri, status: 201, contains: []string{`"position": 1`}},
			{name: "add third", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "iris"}`, token: seri, status: 201, contains: []string{`"position": 3`}},
			{name: "add twice", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "iris"}`, token: seri, status: 409},
			{name: "add missing title", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "nope"}`, token: seri, status: 404},
			{name: "add without title", method: "POST", path: "/api/v1/lists/1/entries", body: `{}`, token: seri, status: 400, contains: []string{`"field": "title"`}},
			{name: "huge note", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "parasite", "note": "` + strings.Repeat("가", 1001) + `"}`, token: seri, status: 400, contains: []string{`"field": "note"`}},
			{name: "others cannot add", method: "POST", path: "/api/v1/lists/1/entries", body: `{"title": "parasite"}`, token: dan, status: 404},
			{name: "move", method: "PUT", path: "/api/v1/lists/1/entries/iris", body: `{"position": 1, "note": "best"}`, token: seri, status: 200, contains: []string{`"position": 1`, `"note": "best"`}},
			{name: "move out of range", method: "PUT", path: "/api/v1/lists/1/entries/iris", body: `{"position": 9}`, token: seri, status: 400, contains: []string{`"field": "position"`}},
			{name: "read in order", path: "/api/v1/lists/1", status: 200},
			{name: "private to visitors", path: "/api/v1/lists/2", status: 404},
			{name: "private to others", path: "/api/v1/lists/2", token: dan, status: 404},
			{name: "private to its owner", path: "/api/v1/lists/2", token: seri, status: 200, contains: []string{`"public": false`}},
			{name: "member lists for others", path: "/api/v1/members/seri/lists", token: dan, status: 200, notContains: []string{"Guilty"}},
			{name: "member lists for the owner", path: "/api/v1/members/seri/lists", token: seri, status: 200, contains: []string{"Guilty", "최애"}},
			{name: "my lists", path: "/api/v1/me/lists", token: seri, status: 200, contains: []string{"Guilty"}},
			{name: "rename", method: "PUT", path: "/api/v1/lists/2", body: `{"name": "Not guilty"}`, token: seri, status: 200, contains: []string{`"name": "Not guilty"`, `"public": false`}},
			{name: "others cannot rename", method: "PUT", path: "/api/v1/lists/1", body: `{"name": "Mine now"}`, token: dan, status: 404},
			{name: "remove entry", method: "DELETE", path: "/api/v1/lists/1/entries/vincenzo", token: seri, status: 204},
			{name: "remove entry again", method: "DELETE", path: "/api/v1/lists/1/entries/vincenzo", token: seri, status: 404},
			{name: "delete list", method: "DELETE", path: "/api/v1/lists/2", token: seri, status: 204},
			{name: "deleted", path: "/api/v1/lists/2", token: seri, status: 404},
			{name: "bad id", path: "/api/v1/lists/abc", status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
		var l struct {
			Entries []struct {
				Position int
				Title    struct{ Slug string }
			}
		}
		if err := json.Unmarshal([]byte(f.run(t, scenario{path: "/api/v1/lists/1", status: 200})), &l); err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, e := range l.Entries {
			if e.Position != i+1 {
				t.Errorf("position %d at %d", e.Position, i)
			}
			got = append(got, e.Title.Slug)
		}
		if strings.Join(got, ",") != "iris,crash-landing-on-you" {
			t.Errorf("order %v", got)
		}
	})
}

func TestListPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		_, page := m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, "Make a list to collect titles") {
			t.Error("a member without lists is not invited to make one")
		}
		// A blank name is shown back with the field's message.
		resp, page := m.do("POST", "/lists", url.Values{"name": {" "}, "description": {"kept"}, "once": {"a1"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "field__error") || !strings.Contains(page, ">kept</textarea>") {
			t.Errorf("blank name: %d", resp.StatusCode)
		}
		resp, _ = m.do("POST", "/lists", url.Values{"name": {"Private picks 🤫"}, "once": {"b2"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/lists/1" {
			t.Fatalf("create: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// The same form sent again makes no second list.
		if resp, _ := m.do("POST", "/lists", url.Values{"name": {"Private picks 🤫"}, "once": {"b2"}}); resp.Header.Get("Location") != "/lists/1" {
			t.Errorf("double submit went to %s", resp.Header.Get("Location"))
		}
		_, page = m.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `<option value="1">Private picks 🤫</option>`) {
			t.Fatal("the title page has no Add to list form")
		}
		if _, page := f.browser(t).do("GET", "/titles/crash-landing-on-you", nil); strings.Contains(page, "Private picks") || strings.Contains(page, "Add to list") {
			t.Error("a visitor's title page shows a member's lists")
		}
		for _, slug := range []string{"crash-landing-on-you", "vincenzo", "iris"} {
			if resp, _ := m.do("POST", "/titles/"+slug+"/lists", url.Values{"list": {"1"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("add %s: %d", slug, resp.StatusCode)
			}
		}
		// Adding again is harmless.
		if resp, _ := m.do("POST", "/titles/iris/lists", url.Values{"list": {"1"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("add again: %d", resp.StatusCode)
		}
		m.do("POST", "/lists/1", url.Values{"action": {"move"}, "title": {"iris"}, "position": {"1"}})
		m.do("POST", "/lists/1", url.Values{"action": {"note"}, "title": {"iris"}, "note": {"잊지 마"}})
		m.do("POST", "/lists/1", url.Values{"action": {"remove"}, "title": {"vincenzo"}})
		m.do("POST", "/lists/1", url.Values{"action": {"save"}, "name": {"Picks"}, "description": {"Mine."}})
		_, page = m.do("GET", "/lists/1", nil)
		iris, crash := strings.Index(page, `id="entry-iris"`), strings.Index(page, `id="entry-crash-landing-on-you"`)
		if iris < 0 || crash < iris || strings.Contains(page, `id="entry-vincenzo"`) || !strings.Contains(page, `value="잊지 마"`) || !strings.Contains(page, "private") {
			t.Errorf("the list page after edits is wrong: iris %d, crash %d", iris, crash)
		}
		if resp, _ := m.do("POST", "/lists/1", url.Values{"action": {"note"}, "title": {"iris"}, "note": {strings.Repeat("x", 1001)}}); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("huge note from the page: %d", resp.StatusCode)
		}
		// Unticked "Anyone may see" saved it private: others get 404.
		for _, who := range []*browser{f.browser(t), func() *browser {
			b := f.browser(t)
			b.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})
			return b
		}()} {
			if resp, _ := who.do("GET", "/lists/1", nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("someone else reads a private list: %d", resp.StatusCode)
			}
			if resp, _ := who.do("POST", "/lists/1", url.Values{"action": {"delete"}}); resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusSeeOther {
				t.Errorf("someone else deletes a list: %d", resp.StatusCode)
			}
			if _, page := who.do("GET", "/members/seri/lists", nil); strings.Contains(page, "Picks") {
				t.Error("a private list is listed to others")
			}
		}
		m.do("POST", "/lists/1", url.Values{"action": {"save"}, "name": {"Picks"}, "public": {"on"}})
		if _, page := f.browser(t).do("GET", "/lists/1", nil); !strings.Contains(page, "잊지 마") || strings.Contains(page, "Save note") {
			t.Error("a visitor sees a public list wrong")
		}
		if resp, _ := m.do("POST", "/lists/1", url.Values{"action": {"delete"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", resp.StatusCode)
		}
		if resp, _ := m.do("GET", "/lists/1", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleted list: %d", resp.StatusCode)
		}
	})
}

func TestProfileShowsActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "read")
		for _, sc := range []scenario{
			{method: "PUT", path: "/api/v1/titles/crash-landing-on-you/seasons/1/seen", token: seri, status: 200},
			{method: "PUT", path: "/api/v1/titles/crash-landing-on-you/rating", body: `{"score": 9.5}`, token: seri, status: 200},
			{method: "PUT", path: "/api/v1/titles/parasite/watch", body: `{"status": "plan_to_watch"}`, token: seri, status: 200},
			{method: "POST", path: "/api/v1/me/lists", body: `{"name": "Open list"}`, token: seri, status: 201},
			{method: "POST", path: "/api/v1/me/lists", body: `{"name": "Hidden list", "public": false}`, token: seri, status: 201},
		} {
			f.run(t, sc)
		}
		api := f.run(t, scenario{path: "/api/v1/members/seri", token: dan, status: 200,
			contains: []string{`"private": false`, `"episodes_seen": 16`, `"mean_score": 9.5`, `"status": "plan_to_watch"`, `"Open list"`}, notContains: []string{"Hidden list"}})
		if !strings.Contains(api, `"favourite_genres": [`) {
			t.Error("no favourite genres")
		}
		f.run(t, scenario{path: "/api/v1/members/nobody", status: 404})

		visitor := f.browser(t)
		_, page := visitor.do("GET", "/members/seri", nil)
		for _, want := range []string{"Statistics", "Titles completed", "Hours watched", "Favourite genres", "Plan to watch", "Parasite", "★ 9.5", "Open list"} {
			if !strings.Contains(page, want) {
				t.Errorf("the profile lacks %q", want)
			}
		}
		if strings.Contains(page, "Hidden list") {
			t.Error("the profile shows a private list to a visitor")
		}

		// A private profile shows none of it to others, all of it to its owner.
		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"quiet"}, "email": {"quiet@example.com"}, "password": {"a long enough passphrase"}})
		m.do("POST", "/settings/profile", url.Values{"display_name": {"Q"}})
		if _, page := visitor.do("GET", "/members/quiet", nil); strings.Contains(page, "Statistics") || !strings.Contains(page, "keeps their profile private") {
			t.Error("a private profile shows its statistics to a visitor")
		}
		if _, page := m.do("GET", "/members/quiet", nil); !strings.Contains(page, "Statistics") {
			t.Error("a private profile hides the statistics from their owner")
		}
		f.run(t, scenario{path: "/api/v1/members/quiet", status: 200, contains: []string{`"private": true`}, notContains: []string{"statistics"}})
	})
}
