package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// newModeratedFixture is the server as 'dramadb serve' wires it: reviews
// screened by the spam filter, the moderation queue and reports.
func newModeratedFixture(t *testing.T, db *database.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	svc := catalog.NewService(db, catalog.Options{})
	if _, err := demo.LoadIfEmpty(ctx, svc); err != nil {
		t.Fatal(err)
	}
	tokens := auth.NewTokens(db, nil)
	tok, err := tokens.Create(ctx, "test")
	if err != nil {
		t.Fatal(err)
	}
	h, err := web.New(app.New(db, app.Options{Params: accounttest.Fast, MaxStale: time.Millisecond}).Config)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, token: tok}
}

func setRole(t *testing.T, db *database.DB, username, role string) {
	t.Helper()
	ctx := context.Background()
	if err := db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE users SET role = ? WHERE username_key = ?", role, username)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestModerationAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newModeratedFixture(t, db)
		memberToken(t, f, db, "firstmember", "write") // the admin
		mod := memberToken(t, f, db, "mira", "write")
		setRole(t, db, "mira", "moderator")
		modRead := memberToken(t, f, db, "mirareads", "read")
		setRole(t, db, "mirareads", "moderator")
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		base := "/api/v1/titles/crash-landing-on-you"

		// An ordinary review is created; link spam is accepted and held.
		f.run(t, scenario{method: "POST", path: base + "/reviews", token: seri, status: 201,
			body: `{"score": 9, "headline": "국경을 넘은 사랑 🪂", "body": "리정혁 동무 최고 😭"}`, contains: []string{`"status": "published"`}})
		body := f.run(t, scenario{method: "POST", path: base + "/reviews", token: dan, status: 202,
			body:     `{"score": 10, "headline": "Watch free", "body": "All episodes at kdrama-free.xyz, dramahd.top and www.watchnow.biz"}`,
			contains: []string{`"status": "held"`}})
		var held struct{ ID int64 }
		json.Unmarshal([]byte(body), &held)
		heldPath := "/api/v1/reviews/" + itoa(held.ID)
		for _, sc := range []scenario{
			{name: "held not listed", path: base + "/reviews", status: 200, contains: []string{`"total": 1`}, notContains: []string{"kdrama-free"}},
			{name: "held not readable", path: heldPath, status: 404},
			{name: "queue needs a token", path: "/api/v1/moderation/queue", status: 401},
			{name: "queue refuses members", path: "/api/v1/moderation/queue", token: seri, status: 403, contentType: problemJSON},
			{name: "queue", path: "/api/v1/moderation/queue", token: modRead, status: 200,
				contains: []string{`"kind": "review"`, `"post_id": ` + itoa(held.ID), `"author": "dan"`, `"3 links"`, "kdrama-free.xyz"}},
			{name: "decision refuses members", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: seri, body: `{"decision": "approve"}`, status: 403},
			{name: "decision needs a write token", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: modRead, body: `{"decision": "approve"}`, status: 403},
			{name: "bad decision", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: mod, body: `{"decision": "maybe"}`, status: 400,
				contains: []string{`"field": "decision"`}},
			{name: "unknown field", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: mod, body: `{"verdict": "approve"}`, status: 400},
			{name: "missing item", method: "POST", path: "/api/v1/moderation/queue/999/decision", token: mod, body: `{"decision": "approve"}`, status: 404},
			{name: "approve", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: mod, body: `{"decision": "approve"}`, status: 200},
			{name: "decided twice", method: "POST", path: "/api/v1/moderation/queue/1/decision", token: mod, body: `{"decision": "spam"}`, status: 409},
			{name: "approved is listed", path: base + "/reviews", status: 200, contains: []string{`"total": 2`, "kdrama-free"}},
			{name: "approved is readable", path: heldPath, status: 200},
			{name: "report needs a token", method: "POST", path: "/api/v1/reports", body: `{"kind": "review", "id": ` + itoa(held.ID) + `, "reason": "links"}`, status: 401},
			{name: "report", method: "POST", path: "/api/v1/reports", token: seri, body: `{"kind": "review", "id": ` + itoa(held.ID) + `, "reason": "links"}`, status: 201},
			{name: "report twice", method: "POST", path: "/api/v1/reports", token: seri, body: `{"kind": "review", "id": ` + itoa(held.ID) + `, "reason": "links"}`, status: 409},
			{name: "report invalid", method: "POST", path: "/api/v1/reports", token: seri, body: `{"kind": "song", "id": 0, "reason": ""}`, status: 400,
				contains: []string{`"field": "kind"`, `"field": "id"`, `"field": "reason"`}},
			{name: "report missing post", method: "POST", path: "/api/v1/reports", token: seri, body: `{"kind": "review", "id": 999999, "reason": "x"}`, status: 404},
			{name: "reported in queue", path: "/api/v1/moderation/queue", token: mod, status: 200, contains: []string{`"reporter": "seri"`, `"reason": "links"`, `"held": false`}},
			{name: "ban", method: "POST", path: "/api/v1/moderation/queue/2/decision", token: mod, body: `{"decision": "ban"}`, status: 200},
			{name: "banned member's token is refused", method: "POST", path: base + "/seasons/1/reviews", token: dan, status: 401,
				body: `{"score": 1, "headline": "x", "body": "y"}`},
			{name: "spam is not listed", path: base + "/reviews", status: 200, contains: []string{`"total": 1`}, notContains: []string{"kdrama-free"}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestModerationPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newModeratedFixture(t, db)
		signUp := func(name string) *browser {
			b := f.browser(t)
			if resp, _ := b.do("POST", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {"a long enough passphrase"}}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-up of %s: %d", name, resp.StatusCode)
			}
			return b
		}
		signUp("firstmember")
		mira := signUp("mira")
		setRole(t, db, "mira", "moderator")
		seri := signUp("seri")
		bot := signUp("bot")
		visitor := f.browser(t)

		// The review form carries a honeypot field hidden from people.
		_, page := seri.do("GET", "/titles/crash-landing-on-you/reviews", nil)
		if !strings.Contains(page, `class="hp" aria-hidden="true"`) || !strings.Contains(page, `name="website" type="text" tabindex="-1"`) {
			t.Error("the review form lacks the hidden honeypot field")
		}
		// A bot fills every field: its review waits, and it is told so.
		resp, _ := bot.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"10"}, "headline": {"Great"}, "body": {"Great show."}, "website": {"http://x.example"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "held=1") {
			t.Fatalf("held review form: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = bot.do("GET", resp.Header.Get("Location"), nil)
		if !strings.Contains(page, "awaiting moderation") || strings.Contains(page, "Great show.") {
			t.Error("the author is not told the review awaits moderation, or it is shown")
		}
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you", nil); strings.Contains(page, "Great show.") {
			t.Error("the title page shows a held review")
		}
		// Seri's ordinary review is published, with a report form.
		if resp, _ := seri.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9"}, "headline": {"끝까지 최고 🪂"}, "body": {"마지막 회 보고 울었어요."}}); resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "held") {
			t.Fatalf("an ordinary review: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = visitor.do("GET", "/titles/crash-landing-on-you/reviews", nil)
		if !strings.Contains(page, "끝까지 최고 🪂") || !strings.Contains(page, `action="/reports"`) {
			t.Fatal("the published review or its report form is missing")
		}
		i := strings.Index(page, `<a href="/reviews/`) + len(`<a href="/reviews/`)
		seriID := page[i : i+strings.IndexByte(page[i:], '"')]
		// Reporting: visitors are sent to sign in, members get a
		// confirmation, a second report is refused with a message.
		report := url.Values{"kind": {"review"}, "id": {seriID}, "reason": {"Looks like an ad to me"}}
		if resp, _ := visitor.do("POST", "/reports", report); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=%2Freviews%2F"+seriID) {
			t.Errorf("a visitor's report: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, page := bot.do("POST", "/reports", report); resp.StatusCode != 200 || !strings.Contains(page, "Moderators will look") {
			t.Errorf("a report: %d", resp.StatusCode)
		}
		if resp, page := bot.do("POST", "/reports", report); resp.StatusCode != 409 || !strings.Contains(page, "already reported") {
			t.Errorf("a second report: %d", resp.StatusCode)
		}
		if resp, page := bot.do("POST", "/reports", url.Values{"kind": {"review"}, "id": {seriID}, "reason": {strings.Repeat("x", 501)}}); resp.StatusCode != 400 || !strings.Contains(page, "longer than 500") || !strings.Contains(page, `name="reason"`) {
			t.Errorf("an overlong reason: %d", resp.StatusCode)
		}
		// The queue: moderators only.
		if resp, _ := seri.do("GET", "/moderation", nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a member opens the queue: %d", resp.StatusCode)
		}
		if resp, _ := seri.do("POST", "/moderation/1/decision", url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a member decides: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/moderation", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a visitor opens the queue: %d", resp.StatusCode)
		}
		if _, page := seri.do("GET", "/", nil); strings.Contains(page, `href="/moderation"`) {
			t.Error("members see the moderation link")
		}
		if _, page := mira.do("GET", "/", nil); !strings.Contains(page, `href="/moderation"`) {
			t.Error("moderators lack the moderation link")
		}
		resp, page = mira.do("GET", "/moderation", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Great show.") || !strings.Contains(page, "honeypot") || !strings.Contains(page, "Looks like an ad to me") ||
			!strings.Contains(page, `value="ban"`) || !strings.Contains(page, `<a href="/members/bot">bot</a>`) {
			t.Fatalf("queue page: %d\n%s", resp.StatusCode, truncate(page))
		}
		// Approve seri's reported review; ban the bot.
		ids := queueIDs(page)
		if len(ids) != 2 {
			t.Fatalf("queue ids %q", ids)
		}
		if resp, _ := mira.do("POST", "/moderation/"+ids[1]+"/decision", url.Values{"decision": {"approve"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("approve: %d", resp.StatusCode)
		}
		if resp, page := mira.do("POST", "/moderation/"+ids[1]+"/decision", url.Values{"decision": {"approve"}}); resp.StatusCode != 409 || !strings.Contains(page, "already decided") {
			t.Errorf("approve twice: %d", resp.StatusCode)
		}
		if resp, _ := mira.do("POST", "/moderation/"+ids[0]+"/decision", url.Values{"decision": {"ban"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("ban: %d", resp.StatusCode)
		}
		if _, page := mira.do("GET", "/moderation?done=ban", nil); !strings.Contains(page, "Banned") || strings.Contains(page, "Great show.") {
			t.Error("the queue after the ban")
		}
		// The bot's session stopped working.
		if _, page := bot.do("GET", "/settings", nil); strings.Contains(page, "Sign out") {
			t.Error("the banned member is still signed in")
		}
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you/reviews", nil); !strings.Contains(page, "끝까지 최고 🪂") || strings.Contains(page, "Great show.") {
			t.Error("the reviews after the decisions")
		}
	})
}

// queueIDs reads the queue items' ids from the decision forms, in order.
func queueIDs(page string) []string {
	var ids []string
	for _, part := range strings.Split(page, `action="/moderation/`)[1:] {
		ids = append(ids, part[:strings.IndexByte(part, '/')])
	}
	return ids
}

// Comments and discussions pass the same check as reviews: a bot's post is
// held out of sight, waits in the queue under its own kind, and shows once
// approved; members report them from the page and land back on the post.
func TestModeratedCommentsAndDiscussions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newModeratedFixture(t, db)
		memberToken(t, f, db, "firstmember", "write") // the admin
		mod := memberToken(t, f, db, "mira", "write")
		setRole(t, db, "mira", "moderator")
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		spam := `"Cheap followers at followers-cheap.xyz, likes at likes4u.top and views at www.viewsbot.biz"`

		rv := idOf(t, f.run(t, scenario{method: "POST", path: "/api/v1/titles/crash-landing-on-you/reviews", token: seri, status: 201,
			body: `{"score": 9, "headline": "국경을 넘은 사랑", "body": "끝까지 좋았어요."}`}))
		thread := "/api/v1/reviews/" + rv + "/comments"
		f.run(t, scenario{name: "ordinary comment", method: "POST", path: thread, token: dan, status: 201, body: `{"body": "저도요 😭"}`,
			contains: []string{`"status": "published"`}})
		heldComment := idOf(t, f.run(t, scenario{name: "link spam comment", method: "POST", path: thread, token: dan, status: 202,
			body: `{"body": ` + spam + `}`, contains: []string{`"status": "held"`}}))
		heldTopic := idOf(t, f.run(t, scenario{name: "link spam discussion", method: "POST", path: "/api/v1/discussions", token: dan, status: 202,
			body: `{"topic": "Grow your channel", "body": ` + spam + `}`, contains: []string{`"status": "held"`}}))
		f.run(t, scenario{name: "held comment not in the thread", path: thread, status: 200, contains: []string{"저도요"}, notContains: []string{"followers-cheap"}})
		f.run(t, scenario{name: "held discussion not on the board", path: "/discussions", status: 200, notContains: []string{"Grow your channel"}})
		f.run(t, scenario{name: "held discussion not readable", path: "/api/v1/discussions/" + heldTopic, status: 404})
		queue := f.run(t, scenario{name: "queue", path: "/api/v1/moderation/queue", token: mod, status: 200,
			contains: []string{`"kind": "comment"`, `"post_id": ` + heldComment, `"kind": "discussion"`, `"post_id": ` + heldTopic}})
		var q struct {
			Items []struct {
				ID     int64  `json:"id"`
				Kind   string `json:"kind"`
				PostID int64  `json:"post_id"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(queue), &q); err != nil {
			t.Fatal(err)
		}
		for _, it := range q.Items {
			f.run(t, scenario{name: "approve " + it.Kind, method: "POST", path: "/api/v1/moderation/queue/" + itoa(it.ID) + "/decision", token: mod,
				body: `{"decision": "approve"}`, status: 200})
		}
		time.Sleep(5 * time.Millisecond)
		f.run(t, scenario{name: "approved comment shows", path: thread, status: 200, contains: []string{"followers-cheap"}})
		f.run(t, scenario{name: "approved discussion shows", path: "/discussions", status: 200, contains: []string{"Grow your channel"}})

		// A member reports a comment from the review page and comes back to it.
		b := f.browser(t)
		b.do("POST", "/login", url.Values{"login": {"seri"}, "password": {"a long enough passphrase"}})
		if _, page := b.do("GET", "/reviews/"+rv, nil); !strings.Contains(page, `name="kind" value="comment"`) {
			t.Error("the review page offers no report form for comments")
		}
		resp, page := b.do("POST", "/reports", url.Values{"kind": {"comment"}, "id": {heldComment}, "reason": {"광고입니다"}})
		if resp.StatusCode != 200 || !strings.Contains(page, "/reviews/"+rv+"#comment-"+heldComment) {
			t.Errorf("report of a comment: %d; want a way back to the comment", resp.StatusCode)
		}
		if _, page := b.do("GET", "/discussions/"+heldTopic, nil); !strings.Contains(page, `name="kind" value="discussion"`) {
			t.Error("the discussion page offers no report form")
		}
	})
}
