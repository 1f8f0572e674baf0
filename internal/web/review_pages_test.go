package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

const cloy = "/titles/crash-landing-on-you"

// member signs a new member up in a browser of their own.
func member(t *testing.T, f *fixture, name string) *browser {
	t.Helper()
	b := f.browser(t)
	resp, _ := b.do("POST", "/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {"a long enough passphrase"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign up %s: %d", name, resp.StatusCode)
	}
	return b
}

// writeReview sends the review form and returns the new review's page.
func writeReview(t *testing.T, b *browser, base string, form url.Values) string {
	t.Helper()
	resp, page := b.do("POST", base+"/reviews", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("review form: %d\n%s", resp.StatusCode, page)
	}
	_, page = b.do("GET", resp.Header.Get("Location"), nil)
	headline := form.Get("headline")
	i := strings.Index(page, `">`+html.EscapeString(headline)+`</a>`)
	if i < 0 {
		t.Fatalf("the reviews page does not list %q", headline)
	}
	j := strings.LastIndex(page[:i], `href="`)
	return page[j+len(`href="`) : i]
}

// helpfulLine is the card's count of helpful votes.
func helpfulLine(n int) string {
	if n == 1 {
		return "1 member found this helpful"
	}
	return strconv.Itoa(n) + " members found this helpful"
}

func TestHelpfulVotesFromThePages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		member(t, f, "firstone") // the first account is an admin
		seri, dan := member(t, f, "seri"), member(t, f, "dan")
		visitor := f.browser(t)
		path := writeReview(t, seri, cloy, url.Values{"score": {"9"}, "headline": {"사랑의 불시착 💕"}, "body": {"Worth every minute."}})
		id := strings.TrimPrefix(path, "/reviews/")
		vote := func(b *browser, value, next string) *http.Response {
			resp, _ := b.do("POST", path+"/helpful", url.Values{"helpful": {value}, "next": {next}})
			return resp
		}

		// Before any vote: the title page (kept, shared by all readers)
		// shows each reader their own controls.
		if _, page := visitor.do("GET", cloy, nil); !strings.Contains(page, `href="/login?next=%2Freviews%2F`+id+`">Sign in to vote`) || strings.Contains(page, "aria-pressed") {
			t.Error("a visitor is not asked to sign in to vote")
		}
		if _, page := seri.do("GET", cloy, nil); strings.Contains(page, `action="`+path+`/helpful"`) || !strings.Contains(page, `href="`+path+`/edit">Edit your review`) {
			t.Error("the author is offered a vote for their own review, or no edit link")
		}
		if _, page := dan.do("GET", cloy, nil); !strings.Contains(page, `action="`+path+`/helpful"`) || !strings.Contains(page, `aria-pressed="false"`) {
			t.Error("another member has no Helpful button")
		}

		next := cloy + "#review-" + id + "-h"
		if resp := vote(dan, "1", next); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != next {
			t.Fatalf("vote: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		vote(dan, "1", next) // pressed twice, counted once
		for _, p := range []string{cloy, cloy + "/reviews", path} {
			if _, page := dan.do("GET", p, nil); !strings.Contains(page, `aria-pressed="true"`) || !strings.Contains(page, helpfulLine(1)) {
				t.Errorf("%s does not show dan's vote pressed and counted once", p)
			}
			if _, page := visitor.do("GET", p, nil); strings.Contains(page, "aria-pressed") || !strings.Contains(page, helpfulLine(1)) {
				t.Errorf("%s shows a visitor dan's button, or not the count", p)
			}
		}
		if resp := vote(seri, "1", next); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the author votes for their own review: %d", resp.StatusCode)
		}
		if resp := vote(visitor, "1", next); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
			t.Errorf("a visitor votes: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp := vote(dan, "yes", next); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a vote that is neither 1 nor 0: %d", resp.StatusCode)
		}
		if resp, _ := dan.do("POST", "/reviews/999999/helpful", url.Values{"helpful": {"1"}}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a vote for a missing review: %d", resp.StatusCode)
		}
		// Taking the vote back; a next that leaves the site is not followed.
		if resp := vote(dan, "0", "//evil.example/"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
			t.Errorf("unvote: %d → %s; want the review's page", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := dan.do("GET", path, nil); !strings.Contains(page, `aria-pressed="false"`) || !strings.Contains(page, helpfulLine(0)) {
			t.Error("the vote taken back still shows")
		}

		// Members voting at once are each counted once.
		voters := make([]*browser, 6)
		for i := range voters {
			voters[i] = member(t, f, "voter"+strconv.Itoa(i))
		}
		var wg sync.WaitGroup
		for _, b := range voters {
			wg.Go(func() {
				for range 2 {
					if resp := vote(b, "1", next); resp.StatusCode != http.StatusSeeOther {
						t.Errorf("concurrent vote: %d", resp.StatusCode)
					}
				}
			})
		}
		wg.Wait()
		if _, page := visitor.do("GET", cloy+"/reviews", nil); !strings.Contains(page, helpfulLine(len(voters))) {
			t.Errorf("after %d members voted twice at once the page does not say %q", len(voters), helpfulLine(len(voters)))
		}
	})
}

func TestEditAndDeleteReviewFromThePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		member(t, f, "firstone")
		seri, dan, mod := member(t, f, "seri"), member(t, f, "dan"), member(t, f, "mod")
		setRole(t, db, "mod", "moderator")
		path := writeReview(t, seri, cloy, url.Values{"score": {"9"}, "story_score": {"9.5"}, "headline": {"Borders & a piano"},
			"body": {"Lovely <b>ending</b>."}, "pros": {"Cast\nMusic"}, "cons": {"Length"}, "spoiler": {"on"}, "episodes_seen": {"16"}})

		// The form holds the stored review, escaped.
		resp, page := seri.do("GET", path+"/edit", nil)
		for _, want := range []string{`<option value="9" selected>`, `<option value="9.5" selected>`, `value="Borders &amp; a piano"`,
			"Lovely &lt;b&gt;ending&lt;/b&gt;.</textarea>", "Cast\nMusic</textarea>", "Length</textarea>", `name="spoiler" checked`, `value="16"`} {
			if !strings.Contains(page, want) {
				t.Errorf("edit form (%d) lacks %s", resp.StatusCode, want)
			}
		}
		// Bad input: every field named, the member's text kept.
		resp, page = seri.do("POST", path+"/edit", url.Values{"score": {"11"}, "acting_score": {"0.3"}, "headline": {" "},
			"body": {"Kept 🪂 <i>text</i>"}, "pros": {"Fine\n" + strings.Repeat("가", 201)}, "episodes_seen": {"99"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("invalid edit: %d", resp.StatusCode)
		}
		for _, want := range []string{`id="f-score-note">must be between 0.5 and 10`, `id="f-acting_score-note">must be between 0.5 and 10`,
			`id="f-headline-note">is required`, "line 2 ", `id="f-episodes_seen-note">must not be more than the episodes there are`,
			"Kept 🪂 &lt;i&gt;text&lt;/i&gt;</textarea>"} {
			if !strings.Contains(page, want) {
				t.Errorf("the invalid edit form lacks %s", want)
			}
		}
		if _, page := seri.do("GET", path, nil); !strings.Contains(page, "Borders &amp; a piano") || strings.Contains(page, " · edited") {
			t.Error("a refused edit changed the review")
		}
		resp, _ = seri.do("POST", path+"/edit", url.Values{"score": {"10"}, "headline": {"끝까지 최고"}, "body": {"Even better twice."}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path {
			t.Fatalf("edit: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := dan.do("GET", path, nil); !strings.Contains(page, "끝까지 최고") || !strings.Contains(page, " · edited") || strings.Contains(page, "Story 9.5") {
			t.Error("the edited review does not show its new text marked edited")
		}
		if _, page := dan.do("GET", cloy, nil); !strings.Contains(page, "끝까지 최고") {
			t.Error("the title page does not show the edit")
		}

		// Only the author and moderators may change it.
		for _, try := range []struct{ method, path string }{{"GET", path + "/edit"}, {"POST", path + "/edit"}, {"POST", path + "/delete"}} {
			if resp, _ := dan.do(try.method, try.path, url.Values{"score": {"1"}, "headline": {"Mine"}, "body": {"Mine."}, "confirm": {"yes"}}); resp.StatusCode != http.StatusForbidden {
				t.Errorf("another member: %s %s = %d", try.method, try.path, resp.StatusCode)
			}
		}
		if _, page := dan.do("GET", path, nil); strings.Contains(page, "Delete this review") || strings.Contains(page, path+"/edit") {
			t.Error("another member is offered the edit and delete controls")
		}
		if resp, page := mod.do("GET", path+"/edit", nil); resp.StatusCode != 200 || !strings.Contains(page, "Edit the review by seri") {
			t.Errorf("moderator's edit form: %d", resp.StatusCode)
		}
		if resp, _ := mod.do("POST", path+"/edit", url.Values{"score": {"10"}, "headline": {"끝까지 최고"}, "body": {"Even better twice. (Link removed.)"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("moderator edits: %d", resp.StatusCode)
		}

		// Deleting asks for the box to be ticked, then takes the thread too.
		if resp, _ := dan.do("POST", path+"/comments", url.Values{"body": {"Agreed!"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("comment: %d", resp.StatusCode)
		}
		if resp, page := seri.do("POST", path+"/delete", url.Values{}); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "Yes, delete it") || !strings.Contains(page, `role="alert"`) {
			t.Errorf("delete without confirming: %d", resp.StatusCode)
		}
		resp, _ = seri.do("POST", path+"/delete", url.Values{"confirm": {"yes"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != cloy+"/reviews" {
			t.Fatalf("delete: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ := dan.do("GET", path, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the deleted review's page: %d", resp.StatusCode)
		}
		for _, p := range []string{cloy, cloy + "/reviews"} {
			if _, page := dan.do("GET", p, nil); strings.Contains(page, "끝까지 최고") {
				t.Errorf("%s still lists the deleted review", p)
			}
		}
		var comments int
		id, _ := strconv.ParseInt(strings.TrimPrefix(path, "/reviews/"), 10, 64)
		if err := db.Reader().QueryRow(context.Background(), "SELECT COUNT(*) FROM comments WHERE parent_type = 'review' AND parent_id = ?", id).Scan(&comments); err != nil || comments != 0 {
			t.Errorf("the deleted review left %d comments (%v)", comments, err)
		}
		if _, page := dan.do("GET", "/replies", nil); strings.Contains(page, "Agreed!") {
			t.Error("the deleted thread still shows among replies")
		}

		// A moderator deletes another member's review.
		other := writeReview(t, dan, cloy, url.Values{"score": {"2"}, "headline": {"Not for me"}, "body": {"Too long."}})
		if resp, _ := mod.do("POST", other+"/delete", url.Values{"confirm": {"yes"}}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("moderator deletes: %d", resp.StatusCode)
		}
		if resp, _ := dan.do("GET", other, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("the review the moderator deleted: %d", resp.StatusCode)
		}
		if resp, _ := seri.do("GET", "/reviews/999999/edit", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("editing a missing review: %d", resp.StatusCode)
		}
	})
}

func TestHeldReviewEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newModeratedFixture(t, db)
		member(t, f, "firstone")
		seri := member(t, f, "seri")
		path := writeReview(t, seri, cloy, url.Values{"score": {"9"}, "headline": {"Quiet and kind"}, "body": {"A good show."}})
		// The hidden field filled in is what bots do: the edit is held.
		resp, _ := seri.do("POST", path+"/edit", url.Values{"score": {"9"}, "headline": {"Quiet and kind"}, "body": {"Buy followers."}, "website": {"http://x.example"}})
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "held=edit") {
			t.Fatalf("held edit: %d → %s", resp.StatusCode, loc)
		}
		if _, page := seri.do("GET", loc, nil); !strings.Contains(page, "Your edit is awaiting moderation") || strings.Contains(page, "Buy followers") {
			t.Error("the member is not told the edit awaits moderation, or it is shown")
		}
	})
}

func TestSeasonReviewsPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		member(t, f, "firstone")
		seri := member(t, f, "seri")
		visitor := f.browser(t)
		season := cloy + "/seasons/1"
		if _, page := visitor.do("GET", season, nil); !strings.Contains(page, `href="`+season+`/reviews">No reviews of this season yet`) {
			t.Error("the season page does not link to its reviews")
		}
		if resp, page := visitor.do("GET", season+"/reviews", nil); resp.StatusCode != 200 || !strings.Contains(page, "Reviews of Crash Landing on You, season 1") || !strings.Contains(page, "to write a review") {
			t.Errorf("season reviews page for a visitor: %d", resp.StatusCode)
		}
		for _, p := range []string{cloy + "/seasons/9/reviews", cloy + "/seasons/x/reviews", "/titles/no-such-title/seasons/1/reviews"} {
			if resp, _ := visitor.do("GET", p, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", p, resp.StatusCode)
			}
		}
		resp, page := seri.do("POST", season+"/reviews", url.Values{"score": {"8"}, "headline": {"첫 시즌"}, "body": {""}, "episodes_seen": {"17"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `action="`+season+`/reviews"`) || !strings.Contains(page, `value="첫 시즌"`) ||
			!strings.Contains(page, `id="f-body-note">is required`) || !strings.Contains(page, "must not be more than the episodes there are") {
			t.Errorf("invalid season review: %d", resp.StatusCode)
		}
		path := writeReview(t, seri, season, url.Values{"score": {"8"}, "headline": {"첫 시즌"}, "body": {"The first half 🪂"}, "episodes_seen": {"16"}})
		if _, page := visitor.do("GET", season+"/reviews", nil); !strings.Contains(page, "16 of 16 episodes seen") || !strings.Contains(page, "(1)") {
			t.Error("the season reviews page does not list the review with its season's episode count")
		}
		if _, page := visitor.do("GET", cloy+"/reviews", nil); strings.Contains(page, "첫 시즌") {
			t.Error("the title's reviews page lists a season review")
		}
		if _, page := visitor.do("GET", season, nil); !strings.Contains(page, "1 review of this season") {
			t.Error("the season page does not count its review")
		}
		if _, page := visitor.do("GET", path, nil); !strings.Contains(page, `href="`+season+`/reviews">Reviews</a>`) {
			t.Error("the season review's page does not lead back to the season's reviews")
		}
		// The season's reviews are paged like the title's.
		if resp, _ := visitor.do("GET", season+"/reviews?page=2", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a season reviews page past the end: %d", resp.StatusCode)
		}
		resp, _ = seri.do("POST", path+"/delete", url.Values{"confirm": {"yes"}})
		if resp.Header.Get("Location") != season+"/reviews" {
			t.Errorf("deleting a season review leads to %s", resp.Header.Get("Location"))
		}
	})
}

func TestCriticReviewsFromThePage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		admin := member(t, f, "editor") // the first account is an admin
		plain := member(t, f, "plain")
		visitor := f.browser(t)
		if _, page := admin.do("GET", cloy+"/reviews", nil); !strings.Contains(page, "Add a critic review") {
			t.Fatal("an admin has no critic review form")
		}
		if _, page := plain.do("GET", cloy+"/reviews", nil); strings.Contains(page, "Add a critic review") {
			t.Error("a member is offered the critic review form")
		}
		resp, page := admin.do("POST", cloy+"/critic-reviews", url.Values{"publication": {" "}, "url": {"javascript:alert(1)"}, "published_on": {"2020-13-40"},
			"score": {"loved it"}, "excerpt": {"<b>Moving</b> 🎹"}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("invalid critic review: %d", resp.StatusCode)
		}
		for _, want := range []string{`id="c-publication-note">is required`, `id="c-url-note">must be an absolute http or https URL`,
			`id="c-published_on-note">must be a date`, `id="c-score-note">`, "&lt;b&gt;Moving&lt;/b&gt; 🎹</textarea>", `<details class="account-form" open>`} {
			if !strings.Contains(page, want) {
				t.Errorf("the invalid critic form lacks %s", want)
			}
		}
		form := url.Values{"publication": {"씨네21"}, "author": {"Kim"}, "url": {"https://example.com/cloy"}, "published_on": {"2020-02-17"},
			"score": {"4.5/5"}, "excerpt": {"Moving."}, "once": {"c1a55e"}}
		for range 2 { // a double click
			resp, _ = admin.do("POST", cloy+"/critic-reviews", form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != cloy+"/reviews#critics" {
				t.Fatalf("critic review: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
			}
		}
		_, page = visitor.do("GET", cloy+"/reviews", nil)
		if strings.Count(page, "씨네21") != 1 || !strings.Contains(page, "4.5/5") || !strings.Contains(page, "<strong class=\"audience__big\">90</strong>") {
			t.Error("the reviews page does not show the one critic review with its score")
		}
		if strings.Contains(page, "/critic-reviews/") {
			t.Error("a visitor sees the delete button")
		}
		if _, page := visitor.do("GET", cloy, nil); !strings.Contains(page, "Critics 90") || !strings.Contains(page, "씨네21") {
			t.Error("the title page does not show the critic review")
		}
		_, page = admin.do("GET", cloy+"/reviews", nil)
		i := strings.Index(page, `action="/critic-reviews/`)
		if i < 0 {
			t.Fatal("an admin has no delete button")
		}
		del := page[i+len(`action="`) : i+len(`action="`)+strings.Index(page[i+len(`action="`):], `"`)]
		if resp, _ := plain.do("POST", cloy+"/critic-reviews", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a member adds a critic review: %d", resp.StatusCode)
		}
		if resp, _ := plain.do("POST", del, url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a member deletes a critic review: %d", resp.StatusCode)
		}
		if resp, _ := visitor.do("POST", del, url.Values{}); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Errorf("a visitor deletes a critic review: %d", resp.StatusCode)
		}
		resp, _ = admin.do("POST", del, url.Values{"next": {cloy + "/reviews#critics"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != cloy+"/reviews#critics" {
			t.Errorf("delete: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := visitor.do("GET", cloy+"/reviews", nil); strings.Contains(page, "씨네21") {
			t.Error("the deleted critic review is still listed")
		}
		if _, page := visitor.do("GET", cloy, nil); strings.Contains(page, "씨네21") {
			t.Error("the title page still shows the deleted critic review")
		}
		if resp, _ := admin.do("POST", del, url.Values{}); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleting it again: %d", resp.StatusCode)
		}

		// The API's Idempotency-Key does for clients what the form's
		// one-time value does for browsers.
		doc := `{"publication": "Drama Weekly", "score": "★★★★☆"}`
		st1, first := postJSON(t, f, "/api/v1"+cloy+"/critic-reviews", "Bearer "+f.token, doc, "Idempotency-Key", "k-1")
		st2, second := postJSON(t, f, "/api/v1"+cloy+"/critic-reviews", "Bearer "+f.token, doc, "Idempotency-Key", "k-1")
		if st1 != 201 || st2 != 201 || idOf(t, first) != idOf(t, second) {
			t.Errorf("a resent critic review: %d %d, %s then %s", st1, st2, first, second)
		}
		if st, _ := postJSON(t, f, "/api/v1"+cloy+"/critic-reviews", "Bearer "+f.token, doc, "Idempotency-Key", strings.Repeat("k", 65)); st != 400 {
			t.Errorf("an overlong Idempotency-Key: %d", st)
		}
	})
}
