package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestReviewAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		admin := memberToken(t, f, db, "firstmember", "write") // the first account is an admin
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		reader := memberToken(t, f, db, "reader", "read")
		base := "/api/v1/titles/crash-landing-on-you"
		review := `{"score": 9, "story_score": 9.5, "headline": "Borders and a piano", "body": "Spoilers: **everyone** lives.",
			"pros": ["Chemistry", "배경음악"], "cons": ["Length"], "spoiler": true, "episodes_seen": 16, "episodes_total": 16}`
		body := f.run(t, scenario{method: "POST", path: base + "/reviews", token: seri, body: review, status: 201,
			contains: []string{`"id":`, `"username": "seri"`, `\u003cstrong\u003eeveryone`, `"spoiler": true`, `"episodes_seen": 16`}, notContains: []string{"@example.com"}})
		var created struct{ ID int64 }
		json.Unmarshal([]byte(body), &created)
		// The title page shows it, its body behind a spoiler warning.
		page := f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200,
			contains: []string{`id="reviews"`, `<a href="#reviews">Reviews</a>`, `<a href="#discussions">Discussions</a>`, "Borders and a piano", `href="/members/seri"`, "16 of 16 episodes seen", "Story 9.5", "배경음악"}})
		i, j := strings.Index(page, `<details class="spoiler">`), strings.Index(page, "<strong>everyone</strong>")
		if i < 0 || j < i || strings.Contains(page, `<details class="spoiler" open`) {
			t.Error("the spoiler review's body is not hidden behind a closed <details>")
		}
		id := "/api/v1/reviews/" + itoa(created.ID)
		for _, sc := range []scenario{
			{name: "no token", method: "POST", path: base + "/reviews", body: review, status: 401},
			{name: "read token", method: "POST", path: base + "/reviews", body: review, token: reader, status: 403},
			{name: "sent twice is one review", method: "POST", path: base + "/reviews", body: review, token: seri, status: 201,
				contains: []string{`"id": ` + itoa(created.ID) + ","}},
			{name: "one per member", method: "POST", path: base + "/reviews", body: strings.Replace(review, "a piano", "a radio", 1), token: seri, status: 409},
			{name: "season review", method: "POST", path: base + "/seasons/1/reviews", body: review, token: seri, status: 201},
			{name: "missing season", method: "POST", path: base + "/seasons/8/reviews", body: review, token: seri, status: 404},
			{name: "invalid", method: "POST", path: base + "/reviews", token: dan, status: 400,
				body:     `{"score": 0, "headline": "", "body": "", "cons": ["a\nb"]}`,
				contains: []string{`"field": "score"`, `"field": "headline"`, `"field": "body"`, `"field": "cons[0]"`}},
			{name: "get", path: id, status: 200, contains: []string{`"headline": "Borders and a piano"`}},
			{name: "missing", path: "/api/v1/reviews/999999", status: 404},
			{name: "not a number", path: "/api/v1/reviews/abc", status: 404},
			{name: "vote own", method: "PUT", path: id + "/helpful", token: seri, status: 403},
			{name: "vote", method: "PUT", path: id + "/helpful", token: dan, status: 200, contains: []string{`"helpful": 1`}},
			{name: "vote twice counts once", method: "PUT", path: id + "/helpful", token: dan, status: 200, contains: []string{`"helpful": 1`}},
			{name: "list by helpfulness", path: base + "/reviews?sort=helpful", status: 200, contains: []string{`"total": 1`, `"helpful": 1`}},
			{name: "list by date", path: base + "/reviews?sort=date", status: 200},
			{name: "bad sort", path: base + "/reviews?sort=random", status: 400, contains: []string{`"field": "sort"`}},
			{name: "season list", path: base + "/seasons/1/reviews", status: 200, contains: []string{`"total": 1`}},
			{name: "other member edits", method: "PUT", path: id, token: dan, body: review, status: 403},
			{name: "author edits", method: "PUT", path: id, token: seri, status: 200,
				body: `{"score": 10, "headline": "Even better twice", "body": "Rewatched."}`, contains: []string{`"edited_at":`, `"score": 10`}},
			{name: "other member deletes", method: "DELETE", path: id, token: dan, status: 403},
			{name: "unvote", method: "DELETE", path: id + "/helpful", token: dan, status: 200, contains: []string{`"helpful": 0`}},
			{name: "moderator deletes", method: "DELETE", path: id, token: admin, status: 204},
			{name: "gone", path: id, status: 404},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestReviewFromThePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		visitor := f.browser(t)
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you/reviews", nil); !strings.Contains(page, "to write a review") || strings.Contains(page, `name="headline"`) {
			t.Error("a visitor is offered the review form")
		}
		m := f.browser(t)
		m.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		resp, page := m.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9"}, "headline": {""}, "body": {"Short but <b>sweet</b>"}, "pros": {"Cast"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "is required") || !strings.Contains(page, "Short but &lt;b&gt;sweet&lt;/b&gt;") || !strings.Contains(page, `value="9" selected`) {
			t.Fatalf("invalid review form: %d", resp.StatusCode)
		}
		resp, _ = m.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9.5"}, "headline": {"The finale 🪂"},
			"body": {"She *survives* the shooting."}, "pros": {"Cast\n\nMusic"}, "cons": {"Length"}, "spoiler": {"on"}, "episodes_seen": {"16"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("review: %d", resp.StatusCode)
		}
		_, page = visitor.do("GET", "/titles/crash-landing-on-you/reviews?sort=date", nil)
		if !strings.Contains(page, "The finale 🪂") || !strings.Contains(page, `<details class="spoiler">`) || !strings.Contains(page, "16 of 28 episodes seen") {
			t.Errorf("the reviews page lacks the new review:\n%s", page)
		}
		// A double-submitted form lands where the first did, with one review.
		resp, _ = m.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9.5"}, "headline": {"The finale 🪂"},
			"body": {"She *survives* the shooting."}, "pros": {"Cast\n\nMusic"}, "cons": {"Length"}, "spoiler": {"on"}, "episodes_seen": {"16"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the same review sent again: %d; want the redirect of the first", resp.StatusCode)
		}
		if _, page := visitor.do("GET", "/titles/crash-landing-on-you/reviews", nil); strings.Count(page, "The finale 🪂</a>") != 1 {
			t.Error("a double-submitted review form made two reviews")
		}
		if resp, page := m.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"5"}, "headline": {"Again"}, "body": {"Again."}}); resp.StatusCode != 409 || !strings.Contains(page, "already reviewed") {
			t.Errorf("a second review: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/titles/crash-landing-on-you/reviews?page=5", nil); resp.StatusCode != 404 {
			t.Errorf("a page past the end: %d", resp.StatusCode)
		}
	})
}

func TestCriticReviewAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		member := memberToken(t, f, db, "firstone", "write") // an admin: the first account
		plain := memberToken(t, f, db, "plain", "write")
		base := "/api/v1/titles/crash-landing-on-you/critic-reviews"
		for _, sc := range []scenario{
			{name: "member may not", method: "POST", path: base, token: plain, body: `{"publication": "X", "score": "9/10"}`, status: 403},
			{name: "no token", method: "POST", path: base, body: `{"publication": "X", "score": "9/10"}`, status: 401},
			{name: "unreadable score", method: "POST", path: base, token: "admin", body: `{"publication": "X", "score": "loved it"}`, status: 400, contains: []string{`"field": "score"`}},
			{name: "stars", method: "POST", path: base, token: "admin", body: `{"publication": "Drama Weekly", "score": "★★★★☆", "published_on": "2020-02-18"}`, status: 201, contains: []string{`"normalized_score": 80`}},
			{name: "grade by an admin member", method: "POST", path: base, token: member, body: `{"publication": "The Grade", "score": "A−", "url": "https://example.com/r"}`, status: 201, contains: []string{`"normalized_score": 91`}},
			{name: "list", path: base, status: 200, contains: []string{`"average": 85.5`, `"count": 2`, `"score": "★★★★☆"`}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
		time.Sleep(5 * time.Millisecond)
		f.run(t, scenario{path: "/api/v1/titles/crash-landing-on-you", status: 200, contains: []string{`"critic_score": {`, `"average": 85.5`}})
		f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200, contains: []string{`id="critics"`, "Critics 85.5", "★★★★☆", "Drama Weekly", `href="https://example.com/r"`}})
	})
}

func TestCommentAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		admin := memberToken(t, f, db, "firstone", "write")
		seri := memberToken(t, f, db, "seri", "write")
		dan := memberToken(t, f, db, "dan", "write")
		body := f.run(t, scenario{method: "POST", path: "/api/v1/titles/crash-landing-on-you/reviews", token: seri, status: 201,
			body: `{"score": 9, "headline": "Good", "body": "Good."}`})
		var rv struct{ ID int64 }
		json.Unmarshal([]byte(body), &rv)
		thread := "/api/v1/reviews/" + itoa(rv.ID) + "/comments"
		body = f.run(t, scenario{method: "POST", path: thread, token: dan, body: `{"body": "Agreed, *entirely*."}`, status: 201,
			contains: []string{`"username": "dan"`, `\u003cem\u003eentirely`}})
		var c struct{ ID int64 }
		json.Unmarshal([]byte(body), &c)
		comment := "/api/v1/comments/" + itoa(c.ID)
		for _, sc := range []scenario{
			{name: "no token", method: "POST", path: thread, body: `{"body": "x"}`, status: 401},
			{name: "empty", method: "POST", path: thread, token: dan, body: `{"body": ""}`, status: 400, contains: []string{`"field": "body"`}},
			{name: "missing review", method: "POST", path: "/api/v1/reviews/99999/comments", token: dan, body: `{"body": "x"}`, status: 404},
			{name: "bad reply_to", method: "POST", path: thread, token: dan, body: `{"body": "x", "reply_to": 99999}`, status: 400, contains: []string{`"field": "reply_to"`}},
			{name: "reply", method: "POST", path: thread, token: seri, body: `{"body": "Thanks!", "reply_to": ` + itoa(c.ID) + `}`, status: 201},
			{name: "thread", path: thread, status: 200, contains: []string{`"total": 2`, `"replies": [`, `"Thanks!"`}, notContains: []string{"@example.com"}},
			{name: "dan sees the reply", path: "/api/v1/me/replies", token: dan, status: 200, contains: []string{`"Thanks!"`, `"review_headline": "Good"`}},
			{name: "seri sees dan's comment", path: "/api/v1/me/replies", token: seri, status: 200, contains: []string{`"Agreed, *entirely*."`}},
			{name: "other member edits", method: "PUT", path: comment, token: seri, body: `{"body": "mine now"}`, status: 403},
			{name: "author edits", method: "PUT", path: comment, token: dan, body: `{"body": "Agreed."}`, status: 200, contains: []string{`"edited_at":`}},
			{name: "other member deletes", method: "DELETE", path: comment, token: seri, status: 403},
			{name: "moderator deletes", method: "DELETE", path: comment, token: admin, status: 204},
			{name: "deleted keeps its place", path: thread, status: 200, contains: []string{`"deleted": true`, `"Thanks!"`}, notContains: []string{"Agreed."}},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}

func TestCommentsOnThePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri := f.browser(t)
		seri.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		seri.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9"}, "headline": {"A bridge in Switzerland"}, "body": {"Lovely."}})
		_, page := seri.do("GET", "/titles/crash-landing-on-you/reviews", nil)
		i := strings.Index(page, `href="/reviews/`)
		if i < 0 {
			t.Fatal("the reviews page links to no review")
		}
		reviewPath := page[i+len(`href="`) : i+strings.Index(page[i:], `">`)]

		visitor := f.browser(t)
		if resp, page := visitor.do("GET", reviewPath, nil); resp.StatusCode != 200 || !strings.Contains(page, "to comment") || !strings.Contains(page, "A bridge in Switzerland") {
			t.Fatalf("review page for a visitor: %d", resp.StatusCode)
		}
		dan := f.browser(t)
		dan.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})
		if resp, page := dan.do("POST", reviewPath+"/comments", url.Values{"body": {"  "}}); resp.StatusCode != 400 || !strings.Contains(page, "is required") {
			t.Errorf("empty comment: %d", resp.StatusCode)
		}
		form := url.Values{"body": {"I was there too <img src=x onerror=alert(1)> 🎻"}, "once": {"3f9a1c"}}
		dan.do("POST", reviewPath+"/comments", form)
		resp, _ := dan.do("POST", reviewPath+"/comments", form) // sent twice: one comment
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "#comment-") {
			t.Fatalf("comment: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		loc := resp.Header.Get("Location")
		commentID := loc[strings.Index(loc, "#comment-")+len("#comment-"):]
		resp, _ = seri.do("POST", reviewPath+"/comments", url.Values{"body": {"Then you know the bridge!"}, "reply_to": {commentID}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d", resp.StatusCode)
		}
		_, page = visitor.do("GET", reviewPath, nil)
		if n := strings.Count(page, "I was there too"); n != 1 {
			t.Errorf("a form sent twice shows %d comments", n)
		}
		if !strings.Contains(page, "I was there too") || !strings.Contains(page, "Then you know the bridge!") || strings.Contains(page, "<img src=x") ||
			strings.Index(page, "I was there too") > strings.Index(page, "Then you know the bridge!") {
			t.Error("the thread does not show the comment and its reply in order, safely")
		}
		if _, page := dan.do("GET", "/replies", nil); !strings.Contains(page, "Then you know the bridge!") || !strings.Contains(page, "A bridge in Switzerland") {
			t.Error("dan does not see seri's reply")
		}
		if resp, _ := visitor.do("GET", "/replies", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("replies for a visitor: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("GET", "/reviews/99999", nil); resp.StatusCode != 404 {
			t.Errorf("missing review page: %d", resp.StatusCode)
		}
	})
}
