package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// postJSON sends a JSON body with a token and extra headers, returning the
// status and the body.
func postJSON(t *testing.T, f *fixture, path, token, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func idOf(t *testing.T, body string) string {
	t.Helper()
	var v struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &v); err != nil || v.ID == 0 {
		t.Fatalf("no id in %s", truncate(body))
	}
	return itoa(v.ID)
}

func TestDiscussionAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		moderator := memberToken(t, f, db, "firstone", "write") // the first account is an admin
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		reader := memberToken(t, f, db, "reader", "read")
		base := "/api/v1/titles/crash-landing-on-you/discussions"
		start := `{"topic": "리정혁 🎹 — the piano scene", "body": "Who else **cried**?", "spoiler": true}`
		body := f.run(t, scenario{method: "POST", path: base, token: seri, body: start, status: 201,
			contains:    []string{`"topic": "리정혁 🎹 — the piano scene"`, `\u003cstrong\u003ecried`, `"username": "seri"`, `"slug": "crash-landing-on-you"`, `"status": "published"`},
			notContains: []string{"@example.com"}})
		d := "/api/v1/discussions/" + idOf(t, body)
		general := idOf(t, f.run(t, scenario{method: "POST", path: "/api/v1/discussions", token: dan, body: `{"topic": "Hello, board", "body": "First!"}`, status: 201}))

		// The same Idempotency-Key twice starts one discussion.
		st1, b1 := postJSON(t, f, "/api/v1/discussions", dan, `{"topic": "Once", "body": "Once."}`, "Idempotency-Key", "k-1")
		st2, b2 := postJSON(t, f, "/api/v1/discussions", dan, `{"topic": "Once", "body": "Once."}`, "Idempotency-Key", "k-1")
		if st1 != 201 || st2 != 201 || idOf(t, b1) != idOf(t, b2) {
			t.Errorf("a repeated Idempotency-Key: %d %d %s %s", st1, st2, b1, b2)
		}
		huge, _ := json.Marshal(map[string]string{"topic": "Long", "body": strings.Repeat("가", 20001)})
		over, _ := json.Marshal(map[string]string{"topic": "Long", "body": strings.Repeat("a", 4<<20)})
		for _, sc := range []scenario{
			{name: "no token", method: "POST", path: base, body: start, status: 401},
			{name: "read token", method: "POST", path: base, body: start, token: reader, status: 403},
			{name: "missing title", method: "POST", path: "/api/v1/titles/no-such-title/discussions", body: start, token: seri, status: 404},
			{name: "empty", method: "POST", path: base, token: seri, body: `{"topic": " ", "body": ""}`, status: 400,
				contains: []string{`"field": "topic"`, `"field": "body"`}},
			{name: "201-character topic", method: "POST", path: base, token: seri, body: `{"topic": "` + strings.Repeat("가", 201) + `", "body": "x"}`, status: 400,
				contains: []string{`"field": "topic"`, "longer than 200"}},
			{name: "200-character topic", method: "POST", path: base, token: seri, body: `{"topic": "` + strings.Repeat("😀", 200) + `", "body": "x"}`, status: 201},
			{name: "body over the limit", method: "POST", path: base, token: seri, body: string(huge), status: 400, contains: []string{`"field": "body"`}},
			{name: "oversized request", method: "POST", path: base, token: seri, body: string(over), status: 400, contains: []string{"larger than"}},
			{name: "unknown field", method: "POST", path: base, token: seri, body: `{"topic": "x", "body": "x", "status": "published"}`, status: 400},
			{name: "pinned at the start", method: "POST", path: base, token: seri, body: `{"topic": "x", "body": "x", "pinned": true}`, status: 403},
			{name: "get", path: d, status: 200, contains: []string{`"comment_count": 0`, `"spoiler": true`}},
			{name: "missing", path: "/api/v1/discussions/999999", status: 404},
			{name: "not a number", path: "/api/v1/discussions/abc", status: 404},
			{name: "comment", method: "POST", path: d + "/comments", token: dan, body: `{"body": "Me, at 2 a.m. 😭"}`, status: 201, contains: []string{`"parent_type": "discussion"`}},
			{name: "empty comment", method: "POST", path: d + "/comments", token: dan, body: `{"body": ""}`, status: 400, contains: []string{`"field": "body"`}},
			{name: "thread", path: d + "/comments", status: 200, contains: []string{`"total": 1`, "2 a.m."}},
			{name: "bumped to the top", path: "/api/v1/discussions?per_page=2", status: 200, contains: []string{`"comment_count": 1`, `"total": 4`}},
			{name: "title list", path: base, status: 200, contains: []string{`"total": 2`, "the piano scene"}, notContains: []string{"Hello, board"}},
			{name: "bad per_page", path: base + "?per_page=0", status: 400, contains: []string{`"field": "per_page"`}},
			{name: "seri sees the comment", path: "/api/v1/me/replies", token: seri, status: 200, contains: []string{`"parent_title": "리정혁 🎹 — the piano scene"`, "2 a.m."}},
			{name: "other member edits", method: "PUT", path: d, token: dan, body: `{"topic": "mine", "body": "mine"}`, status: 403},
			{name: "author edits", method: "PUT", path: d, token: seri, body: `{"topic": "The piano scene", "body": "Edited."}`, status: 200,
				contains: []string{`"edited_at":`, `"spoiler": false`}},
			{name: "author pins", method: "PUT", path: d, token: seri, body: `{"topic": "x", "body": "x", "pinned": true}`, status: 403},
			{name: "moderator locks", method: "PUT", path: d, token: moderator, body: `{"topic": "The piano scene", "body": "Edited.", "locked": true}`, status: 200,
				contains: []string{`"locked": true`}},
			{name: "locked takes no comments", method: "POST", path: d + "/comments", token: dan, body: `{"body": "late"}`, status: 409},
			{name: "other member deletes", method: "DELETE", path: d, token: dan, status: 403},
			{name: "moderator deletes", method: "DELETE", path: d, token: moderator, status: 204},
			{name: "gone", path: d, status: 404},
			{name: "its thread is gone", path: d + "/comments", status: 404},
			{name: "board topic", path: "/api/v1/discussions/" + general, status: 200, notContains: []string{`"title":`}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestDiscussionPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		mod := f.browser(t) // the first account is an admin, so a moderator
		mod.do("POST", "/signup", url.Values{"username": {"mod"}, "email": {"mod@example.com"}, "password": {"a long enough passphrase"}})
		seri := f.browser(t)
		seri.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		dan := f.browser(t)
		dan.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})
		visitor := f.browser(t)
		list := "/titles/crash-landing-on-you/discussions"

		if _, page := visitor.do("GET", "/titles/crash-landing-on-you", nil); !strings.Contains(page, "No discussions yet.") {
			t.Error("the title page lacks its empty Discussions section")
		}
		if _, page := visitor.do("GET", "/", nil); !strings.Contains(page, `<a href="/discussions">Discussions</a>`) {
			t.Error("the site header lacks the Discussions link")
		}
		if resp, page := visitor.do("GET", list, nil); resp.StatusCode != 200 || !strings.Contains(page, "to start a discussion") || strings.Contains(page, `name="topic"`) {
			t.Errorf("a visitor's list page: %d", resp.StatusCode)
		}
		// The form comes back with what was typed and a message per field.
		resp, page := seri.do("POST", list, url.Values{"topic": {""}, "body": {"Kept <b>draft</b>"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "is required") || !strings.Contains(page, "Kept &lt;b&gt;draft&lt;/b&gt;") || !strings.Contains(page, `aria-invalid="true"`) {
			t.Errorf("an invalid discussion form: %d", resp.StatusCode)
		}
		if resp, page := seri.do("POST", list, url.Values{"topic": {strings.Repeat("가", 201)}, "body": {"x"}}); resp.StatusCode != 400 || !strings.Contains(page, "longer than 200") {
			t.Errorf("a 201-character topic: %d", resp.StatusCode)
		}
		if resp, _ := seri.do("POST", list, url.Values{"topic": {"x"}, "body": {strings.Repeat("가", 400000)}}); resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("an oversized form: %d", resp.StatusCode)
		}
		form := url.Values{"topic": {"Captain Ri's piano 🎹"}, "body": {"The *tune* again."}, "once": {"f00d"}, "website": {""}}
		resp, _ = seri.do("POST", list, form)
		again, _ := seri.do("POST", list, form) // sent twice: one discussion
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/discussions/") || again.Header.Get("Location") != loc {
			t.Fatalf("starting a discussion: %d → %s, again → %s", resp.StatusCode, loc, again.Header.Get("Location"))
		}
		// The kept title page notices the new discussion at once.
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you", nil); !strings.Contains(page, "Captain Ri&#39;s piano") {
			t.Error("the title page does not show a discussion just started")
		}
		older, _ := seri.do("POST", list, url.Values{"topic": {"Older thread"}, "body": {"Body."}})
		olderPath := older.Header.Get("Location")
		if _, page := visitor.do("GET", list, nil); strings.Count(page, "Captain Ri&#39;s piano") != 1 {
			t.Errorf("a form sent twice shows %d discussions", strings.Count(page, "Captain Ri&#39;s piano"))
		}
		_, page = dan.do("GET", loc, nil)
		for _, want := range []string{"<em>tune</em>", `name="website"`, `class="hp" aria-hidden="true"`, `tabindex="-1"`, "Leave this empty", `action="` + loc + `/comments"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the discussion page lacks %q", want)
			}
		}
		if strings.Contains(page, "Delete the discussion") {
			t.Error("another member is offered the delete button")
		}
		// A comment bumps the thread on the title page, with its count.
		resp, _ = dan.do("POST", loc+"/comments", url.Values{"body": {"Then the **bridge**."}, "once": {"c1"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "#comment-") {
			t.Fatalf("comment: %d", resp.StatusCode)
		}
		dan.do("POST", olderPath+"/comments", url.Values{"body": {"Bump."}})
		time.Sleep(5 * time.Millisecond) // past the fixture's MaxStale for other parts of the page
		_, page = visitor.do("GET", "/titles/crash-landing-on-you", nil)
		i, j := strings.Index(page, "Older thread"), strings.Index(page, "Captain Ri&#39;s piano")
		if !strings.Contains(page, `id="discussions"`) || i < 0 || j < 0 || i > j || !strings.Contains(page, "1 comment") || !strings.Contains(page, "Start a discussion") {
			t.Errorf("the title page's discussions: older at %d, piano at %d", i, j)
		}
		if _, page := seri.do("GET", "/replies", nil); !strings.Contains(page, "Then the <strong>bridge</strong>.") || !strings.Contains(page, `href="`+loc+`#comment-`) {
			t.Error("seri does not see dan's comment under her discussion")
		}
		// Only the author or a moderator edits and deletes.
		if resp, _ := dan.do("GET", loc+"/edit", nil); resp.StatusCode != 403 {
			t.Errorf("another member's edit page: %d", resp.StatusCode)
		}
		if resp, _ := dan.do("POST", loc+"/delete", nil); resp.StatusCode != 403 {
			t.Errorf("another member's delete: %d", resp.StatusCode)
		}
		if resp, page := seri.do("POST", loc+"/edit", url.Values{"topic": {""}, "body": {"Still here"}}); resp.StatusCode != 400 || !strings.Contains(page, "Still here") {
			t.Errorf("an invalid edit: %d", resp.StatusCode)
		}
		if resp, _ := seri.do("POST", loc+"/edit", url.Values{"topic": {"Captain Ri's piano, again"}, "body": {"Edited."}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the author's edit: %d", resp.StatusCode)
		}
		// The moderator locks it: no comment form, and a comment is refused.
		if resp, _ := dan.do("POST", loc+"/flags", url.Values{"locked": {"on"}}); resp.StatusCode != 403 {
			t.Errorf("a member locking: %d", resp.StatusCode)
		}
		mod.do("POST", loc+"/flags", url.Values{"locked": {"on"}})
		if _, page := dan.do("GET", loc, nil); !strings.Contains(page, "This discussion is locked") || strings.Contains(page, `name="reply_to"`) {
			t.Error("a locked discussion still offers comment forms")
		}
		if resp, page := dan.do("POST", loc+"/comments", url.Values{"body": {"late"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(page, "locked") {
			t.Errorf("a comment on a locked thread: %d", resp.StatusCode)
		}
		// Comments are edited and deleted from the page.
		_, page = dan.do("GET", olderPath, nil)
		k := strings.Index(page, `action="/comments/`)
		if k < 0 {
			t.Fatal("no edit form under dan's own comment")
		}
		commentPath := page[k+len(`action="`) : k+strings.Index(page[k:], `/edit"`)]
		if resp, _ := seri.do("POST", commentPath+"/edit", url.Values{"body": {"hijack"}}); resp.StatusCode != 403 {
			t.Errorf("another member's comment edit: %d", resp.StatusCode)
		}
		if resp, page := dan.do("POST", commentPath+"/edit", url.Values{"body": {" "}}); resp.StatusCode != 400 || !strings.Contains(page, "is required") {
			t.Errorf("an empty comment edit: %d", resp.StatusCode)
		}
		dan.do("POST", commentPath+"/edit", url.Values{"body": {"Bumped, edited."}})
		if _, page := visitor.do("GET", olderPath, nil); !strings.Contains(page, "Bumped, edited.") || !strings.Contains(page, "· edited") {
			t.Error("the edited comment is not shown as edited")
		}
		mod.do("POST", commentPath+"/delete", nil)
		if _, page := visitor.do("GET", olderPath, nil); !strings.Contains(page, "This comment was deleted.") {
			t.Error("a moderator's delete did not take")
		}
		// The board lists both kinds; a general topic starts there.
		if resp, _ := mod.do("POST", "/discussions", url.Values{"topic": {"Site news"}, "body": {"Welcome."}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a general topic: %d", resp.StatusCode)
		}
		if _, page := visitor.do("GET", "/discussions", nil); !strings.Contains(page, "Site news") || !strings.Contains(page, `<a href="/titles/crash-landing-on-you">Crash Landing on You</a>`) {
			t.Error("the board lacks a discussion or the title it is about")
		}
		if resp, _ := seri.do("POST", loc+"/delete", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the author's delete: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", loc, nil); resp.StatusCode != 404 {
			t.Errorf("a deleted discussion: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/discussions?page=9", nil); resp.StatusCode != 404 {
			t.Errorf("a page past the end: %d", resp.StatusCode)
		}
	})
}

// Many members commenting on one discussion at once through the API leave
// an exact count.
func TestConcurrentDiscussionComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		var tokens []string
		for _, name := range []string{"annie", "bobby", "cyril", "diana", "edgar", "fiona"} {
			tokens = append(tokens, memberToken(t, f, db, name, "write"))
		}
		d := "/api/v1/discussions/" + idOf(t, f.run(t, scenario{method: "POST", path: "/api/v1/discussions", token: tokens[0], body: `{"topic": "Count", "body": "Us."}`, status: 201}))
		var wg sync.WaitGroup
		for _, tok := range tokens {
			for i := range 5 {
				wg.Go(func() {
					if st, body := postJSON(t, f, d+"/comments", tok, `{"body": "댓글 `+itoa(int64(i))+`"}`); st != 201 {
						t.Errorf("comment: %d %s", st, body)
					}
				})
			}
		}
		wg.Wait()
		f.run(t, scenario{path: d, status: 200, contains: []string{`"comment_count": 30`}})
	})
}
