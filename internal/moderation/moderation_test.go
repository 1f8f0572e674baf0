package moderation_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/spam"
)

// env is a moderation service wired to reviews, as the server wires it,
// with an untrained filter. users[0] is an admin, users[1] a moderator,
// the others members whose accounts are a minute old.
type env struct {
	db      *database.DB
	mod     *moderation.Service
	reviews *review.Service
	title   *catalog.Title
	users   []int64
}

func newEnv(t *testing.T, db *database.DB, members int) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{db: db, title: accounttest.Title(t, db, "Reply 1988"), users: accounttest.Members(t, db, members)}
	if err := db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE users SET role = 'moderator' WHERE id = ?", e.users[1])
		return err
	}); err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Now().Add(time.Minute) }
	e.mod = moderation.NewService(db, moderation.SpamChecker{Filter: spam.NewFilter(db, now)}, nil)
	e.reviews = review.NewService(db, review.Options{Screen: e.mod.Screen})
	e.mod.Register("review", e.reviews)
	return e
}

func (e *env) write(t *testing.T, user int64, season *int64, headline, body, honeypot string) *review.Review {
	t.Helper()
	r, err := e.reviews.Create(context.Background(), user, e.title.ID, season, review.Input{Score: 8, Headline: headline, Body: body, Honeypot: honeypot})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *env) queue(t *testing.T) []*moderation.Item {
	t.Helper()
	items, err := e.mod.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func (e *env) listed(t *testing.T, id int64) bool {
	t.Helper()
	items, _, err := e.reviews.List(context.Background(), e.title.ID, nil, review.SortDate, 1, 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range items {
		if r.ID == id {
			return true
		}
	}
	return false
}

func TestScreen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		e := newEnv(t, db, 4)
		season := &e.title.Seasons[0].ID
		// Ordinary posts in Korean and with emoji are published.
		r := e.write(t, e.users[2], nil, "쌍문동 골목 🏠", "가족 이야기가 너무 따뜻해요. 덕선이 최고 😭", "")
		if r.Status != moderation.Published || !e.listed(t, r.ID) {
			t.Errorf("an ordinary Hangul review: %q", r.Status)
		}
		// A bot fills in the hidden field.
		bot := e.write(t, e.users[3], nil, "Nice", "Great show.", "http://spam.example")
		if bot.Status != moderation.Held || e.listed(t, bot.ID) {
			t.Errorf("honeypot review: %q", bot.Status)
		}
		if _, err := e.reviews.Get(context.Background(), bot.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a held review is readable: %v", err)
		}
		// Link spam from a new account.
		links := e.write(t, e.users[3], season, "Free episodes", "Watch free at kdrama-free.xyz, dramahd.top and www.watchnow.biz", "")
		if links.Status != moderation.Held {
			t.Errorf("link spam: %q", links.Status)
		}
		// Moderators and admins are never held, honeypot or not.
		for _, staff := range e.users[:2] {
			r := e.write(t, staff, nil, "Pinned", "Rules: see a.com, b.com, c.com", "filled")
			if r.Status != moderation.Published {
				t.Errorf("a staff member's review is %q", r.Status)
			}
		}
		items := e.queue(t)
		if len(items) != 2 || items[0].PostID != bot.ID || !items[0].Held || items[0].Author != "member3" ||
			!strings.Contains(strings.Join(items[0].Reasons, "|"), "honeypot") || !strings.Contains(items[1].Text, "kdrama-free.xyz") ||
			!strings.Contains(strings.Join(items[1].Reasons, "|"), "3 links") || items[1].Score < spam.HoldAt {
			t.Errorf("queue: %+v", items)
		}
		// An edit is screened too; a held edit leaves the lists.
		if _, err := e.reviews.Update(context.Background(), e.users[2], false, r.ID, review.Input{Score: 8, Headline: "Edited",
			Body: "Actually buy at a.xyz, b.xyz and c.xyz"}); err != nil {
			t.Fatal(err)
		}
		if e.listed(t, r.ID) || len(e.queue(t)) != 3 {
			t.Error("a spammy edit stays listed or is not queued")
		}
	})
}

func TestDecisions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		e := newEnv(t, db, 5)
		modID := e.users[1]
		held := e.write(t, e.users[2], nil, "Hi", "Nice!", "x")
		items := e.queue(t)
		if len(items) != 1 {
			t.Fatalf("queue: %+v", items)
		}
		if err := e.mod.Decide(ctx, e.users[3], items[0].ID, moderation.Approve); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member decides: %v", err)
		}
		if err := e.mod.Decide(ctx, modID, items[0].ID, "maybe"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("an unknown decision: %v", err)
		}
		if err := e.mod.Decide(ctx, modID, 99999, moderation.Approve); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a missing item: %v", err)
		}
		// Approve publishes it and resolves the item.
		if err := e.mod.Decide(ctx, modID, items[0].ID, moderation.Approve); err != nil {
			t.Fatal(err)
		}
		if !e.listed(t, held.ID) || len(e.queue(t)) != 0 {
			t.Error("an approved review is not listed, or still queued")
		}
		if err := e.mod.Decide(ctx, modID, items[0].ID, moderation.MarkSpam); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("deciding twice: %v", err)
		}
		var decision string
		var by int64
		db.Reader().QueryRow(ctx, "SELECT decision, resolved_by FROM moderation_queue WHERE id = ?", items[0].ID).Scan(&decision, &by)
		if decision != "approve" || by != modID {
			t.Errorf("recorded %q by %d", decision, by)
		}

		// Marking a phrase spam a few times teaches the filter: the next
		// post with it is held, while ordinary posts still pass.
		phrase := "Earn money fast from home, message me on telegram for the crypto signals"
		season := &e.title.Seasons[0].ID
		for i, who := range []int64{e.users[3], e.users[4]} {
			for j, s := range []*int64{nil, season} {
				if i == 1 && j == 1 {
					break
				}
				r := e.write(t, who, s, "Hello", phrase, "")
				if r.Status != moderation.Published {
					t.Fatalf("untrained filter held %q", phrase)
				}
				if err := e.mod.Report(ctx, e.users[2], "review", r.ID, "spam"); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, it := range e.queue(t) {
			if err := e.mod.Decide(ctx, modID, it.ID, moderation.MarkSpam); err != nil {
				t.Fatal(err)
			}
		}
		// Ham the filter has seen: the approval above, plus two more.
		for _, ham := range []string{"The grandmother steals every scene", "Great cast and a warm story"} {
			r := e.write(t, e.users[1], nil, "Notes", ham, "")
			if err := e.mod.Report(ctx, e.users[2], "review", r.ID, "off topic?"); err != nil {
				t.Fatal(err)
			}
			if err := e.mod.Decide(ctx, e.users[0], e.queue(t)[0].ID, moderation.Approve); err != nil {
				t.Fatal(err)
			}
			if err := e.reviews.Delete(ctx, e.users[1], true, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		next := e.write(t, e.users[4], season, "Hello", phrase, "")
		if next.Status != moderation.Held {
			t.Errorf("a phrase marked spam three times is published again")
		}
		if q := e.queue(t); len(q) != 1 || !strings.Contains(strings.Join(q[0].Reasons, " "), "classifier") {
			t.Errorf("queue after training: %+v", q)
		}
		ok := e.write(t, e.users[2], season, "Season one", "The grandmother and the cast are wonderful 👵", "")
		if ok.Status != moderation.Published {
			t.Errorf("an ordinary post after training is %q", ok.Status)
		}
		// Delete hides without training.
		var spamBefore int64
		db.Reader().QueryRow(ctx, "SELECT spam FROM spam_totals").Scan(&spamBefore)
		if err := e.mod.Decide(ctx, modID, e.queue(t)[0].ID, moderation.Delete); err != nil {
			t.Fatal(err)
		}
		var spamAfter int64
		db.Reader().QueryRow(ctx, "SELECT spam FROM spam_totals").Scan(&spamAfter)
		if spamAfter != spamBefore || e.listed(t, next.ID) {
			t.Errorf("delete trained (%d → %d) or left it listed", spamBefore, spamAfter)
		}
	})
}

func TestReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		e := newEnv(t, db, 5)
		r := e.write(t, e.users[2], nil, "Fine", "A fine show.", "")
		for _, tc := range []struct {
			kind, reason string
			id           int64
			field        string
		}{
			{"review", "", r.ID, "reason"},
			{"review", strings.Repeat("가", moderation.MaxReason+1), r.ID, "reason"},
			{"photo", "spam", r.ID, "kind"},
			{"review", "spam", 0, "id"},
		} {
			err := e.mod.Report(ctx, e.users[3], tc.kind, tc.id, tc.reason)
			if ae, _ := apperr.As(err); ae == nil || ae.Code != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Field != tc.field {
				t.Errorf("report %+v: %v", tc, err)
			}
		}
		if err := e.mod.Report(ctx, e.users[3], "review", 99999, "spam"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("reporting a missing post: %v", err)
		}
		if err := e.mod.Report(ctx, e.users[2], "review", r.ID, "mine"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("reporting one's own post: %v", err)
		}
		// Several members at once, each one report; the same member twice
		// is refused.
		var wg sync.WaitGroup
		errs := make([]error, 6)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = e.mod.Report(ctx, e.users[3+i%2], "review", r.ID, "스팸 같아요 🚩")
			}()
		}
		wg.Wait()
		okCount, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				okCount++
			case apperr.CodeOf(err) == apperr.Conflict:
				conflicts++
			default:
				t.Error(err)
			}
		}
		if okCount != 2 || conflicts != 4 {
			t.Errorf("%d reports taken, %d refused; want 2 and 4", okCount, conflicts)
		}
		items := e.queue(t)
		if len(items) != 1 || items[0].Held || len(items[0].Reports) != 2 || items[0].Reports[0].Reason != "스팸 같아요 🚩" {
			t.Fatalf("queue: %+v", items)
		}
		// A reported post stays published until a moderator decides.
		if !e.listed(t, r.ID) {
			t.Error("a reported review left the list before any decision")
		}
		if err := e.mod.Decide(ctx, e.users[1], items[0].ID, moderation.Approve); err != nil {
			t.Fatal(err)
		}
		// The decision resolved the reports: the member may report again,
		// which opens a new item.
		if err := e.mod.Report(ctx, e.users[3], "review", r.ID, "still spam"); err != nil {
			t.Errorf("a new report after the decision: %v", err)
		}
		if items := e.queue(t); len(items) != 1 || len(items[0].Reports) != 1 {
			t.Errorf("queue after a new report: %+v", items)
		}
	})
}

func TestBan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		e := newEnv(t, db, 4)
		accounts := account.NewService(db, account.Options{Params: accounttest.Fast})
		u, err := accounts.ByUsername(ctx, "member2")
		if err != nil {
			t.Fatal(err)
		}
		token, err := accounts.StartSession(ctx, u, "test", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		r := e.write(t, e.users[2], nil, "Deals", "Buy at a.xyz b.xyz c.xyz", "")
		items := e.queue(t)
		if r.Status != moderation.Held || len(items) != 1 {
			t.Fatalf("not held: %q %+v", r.Status, items)
		}
		if err := e.mod.Decide(ctx, e.users[1], items[0].ID, moderation.Ban); err != nil {
			t.Fatal(err)
		}
		if _, err := accounts.SessionUser(ctx, token); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("the banned member's session still works: %v", err)
		}
		if _, err := accounts.Authenticate(ctx, "member2", "a long enough passphrase"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("the banned member signs in: %v", err)
		}
		var status string
		db.Reader().QueryRow(ctx, "SELECT status FROM reviews WHERE id = ?", r.ID).Scan(&status)
		if status != moderation.Spam {
			t.Errorf("the banned member's review is %q", status)
		}
		// Staff cannot be banned from the queue.
		staff := e.write(t, e.users[0], nil, "Admin", "Hello", "")
		if err := e.mod.Report(ctx, e.users[3], "review", staff.ID, "spam"); err != nil {
			t.Fatal(err)
		}
		if err := e.mod.Decide(ctx, e.users[1], e.queue(t)[0].ID, moderation.Ban); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("banning an admin: %v", err)
		}
	})
}
