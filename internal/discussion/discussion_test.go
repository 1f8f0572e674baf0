package discussion_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/moderation"
)

// clock is a test clock that moves a second at every reading, so orders by
// time are certain.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func setup(t *testing.T, db *database.DB) (*discussion.Service, *comment.Service) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	comments := comment.NewService(db, comment.Options{Now: c.now})
	return discussion.NewService(db, comments, discussion.Options{Now: c.now}), comments
}

func TestDiscussionLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, 3)
		s, comments := setup(t, db)
		admin, author, other := users[0], users[1], users[2] // the first account is an admin

		for _, tc := range []struct {
			name   string
			in     discussion.Input
			fields string
		}{
			{"empty", discussion.Input{Topic: "  ", Body: ""}, "topic,body"},
			{"topic of 201 characters", discussion.Input{Topic: strings.Repeat("가", 201), Body: "x"}, "topic"},
			{"two-line topic", discussion.Input{Topic: "a\nb", Body: "x"}, "topic"},
			{"huge body", discussion.Input{Topic: "x", Body: strings.Repeat("a", discussion.MaxBody+1)}, "body"},
			{"broken text", discussion.Input{Topic: "x\x00", Body: "\xff"}, "topic,body"},
		} {
			_, err := s.Create(ctx, author, &title.ID, tc.in)
			if got := strings.Join(apperr.FieldNames(err), ","); apperr.CodeOf(err) != apperr.Invalid || !strings.HasPrefix(got, tc.fields) {
				t.Errorf("%s: fields %q (%v), want %s", tc.name, got, err, tc.fields)
			}
		}
		if _, err := s.Create(ctx, author, new(int64(99999)), discussion.Input{Topic: "x", Body: "x"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a missing title: %v", err)
		}
		pin := true
		if _, err := s.Create(ctx, author, nil, discussion.Input{Topic: "x", Body: "x", Pinned: &pin}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("pinning at the start: %v", err)
		}

		topic := strings.Repeat("덕", 199) + "🎬" // 200 characters
		d, err := s.Create(ctx, author, &title.ID, discussion.Input{Topic: "  " + topic + " ", Body: "Was **Taek** the right choice? <script>alert(1)</script>", Spoiler: true})
		if err != nil {
			t.Fatal(err)
		}
		if d.Topic != topic || d.Title == nil || d.Title.Name != "Reply 1988" || d.Author.Username != "member1" || !d.Spoiler ||
			!strings.Contains(d.BodyHTML, "<strong>Taek</strong>") || strings.Contains(d.BodyHTML, "<script") || d.Status != "published" {
			t.Errorf("stored %+v", d)
		}
		general, err := s.Create(ctx, other, nil, discussion.Input{Topic: "Welcome 👋", Body: "Say hello."})
		if err != nil || general.Title != nil {
			t.Fatalf("a board topic: %+v %v", general, err)
		}

		// Only the author or a moderator changes it; only moderators pin and lock.
		edit := discussion.Input{Topic: "Taek or Jung-hwan?", Body: "Edited."}
		if _, err := s.Update(ctx, other, false, d.ID, edit); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's edit: %v", err)
		}
		if got, err := s.Update(ctx, author, false, d.ID, edit); err != nil || got.Topic != "Taek or Jung-hwan?" || got.EditedAt == nil || got.Spoiler {
			t.Errorf("author's edit: %+v %v", got, err)
		}
		if _, err := s.Update(ctx, author, false, d.ID, discussion.Input{Topic: "x", Body: "x", Pinned: &pin}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("an author pinning: %v", err)
		}
		if _, err := s.SetFlags(ctx, false, d.ID, &pin, nil); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member pinning: %v", err)
		}
		if got, err := s.SetFlags(ctx, true, d.ID, nil, &pin); err != nil || !got.Locked || got.Pinned {
			t.Errorf("a moderator locking: %+v %v", got, err)
		}
		// A locked thread takes no comments: 409 Conflict.
		if _, err := comments.Add(ctx, other, comment.OnDiscussion, d.ID, comment.Input{Body: "late"}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("a comment on a locked thread: %v", err)
		}
		unlock := false
		s.SetFlags(ctx, true, d.ID, nil, &unlock)

		if err := s.Delete(ctx, other, false, d.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's delete: %v", err)
		}
		c, err := comments.Add(ctx, other, comment.OnDiscussion, d.ID, comment.Input{Body: "Jung-hwan, always."})
		if err != nil {
			t.Fatal(err)
		}
		// The author of the opening post sees the comment among replies.
		if got, _ := comments.RepliesTo(ctx, author, 10); len(got) != 1 || got[0].ID != c.ID || got[0].ParentTitle != "Taek or Jung-hwan?" || got[0].ParentType != "discussion" {
			t.Errorf("replies to the opening post: %+v", got)
		}
		if err := s.Delete(ctx, admin, true, d.ID); err != nil {
			t.Fatalf("a moderator's delete: %v", err)
		}
		if _, err := s.Get(ctx, d.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleted discussion: %v", err)
		}
		var left int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE parent_type = 'discussion' AND parent_id = ?", d.ID).Scan(&left)
		if left != 0 {
			t.Errorf("%d comments outlived their discussion", left)
		}
		if got, _ := comments.RepliesTo(ctx, author, 10); len(got) != 0 {
			t.Errorf("replies under a deleted discussion: %+v", got)
		}
		// A form sent twice starts one discussion.
		in := discussion.Input{Topic: "Once", Body: "Once.", Nonce: "n-1"}
		a, err1 := s.Create(ctx, author, nil, in)
		b, err2 := s.Create(ctx, author, nil, in)
		if err1 != nil || err2 != nil || a.ID != b.ID {
			t.Errorf("a resent form: %v %v %v %v", a, b, err1, err2)
		}
	})
}

func TestActivityOrderAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, 12)
		s, comments := setup(t, db)
		var ids []int64
		for i, topic := range []string{"First", "Second", "Third"} {
			d, err := s.Create(ctx, users[i], &title.ID, discussion.Input{Topic: topic, Body: "Body."})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		board, _ := s.Create(ctx, users[0], nil, discussion.Input{Topic: "Board", Body: "Body."})
		topics := func(list []*discussion.Discussion) string {
			var out []string
			for _, d := range list {
				out = append(out, d.Topic)
			}
			return strings.Join(out, ",")
		}
		list, total, _ := s.ListByTitle(ctx, title.ID, 1, 10)
		if got := topics(list); total != 3 || got != "Third,Second,First" {
			t.Errorf("newest first: %d %s", total, got)
		}
		latest, _ := s.Latest(ctx, title.ID, 5)
		// A comment bumps its thread, on the title's list and on the board.
		first, err := comments.Add(ctx, users[5], comment.OnDiscussion, ids[0], comment.Input{Body: "bump"})
		if err != nil {
			t.Fatal(err)
		}
		list, _, _ = s.ListByTitle(ctx, title.ID, 1, 10)
		if got := topics(list); got != "First,Third,Second" {
			t.Errorf("after a comment on the first: %s", got)
		}
		if again, _ := s.Latest(ctx, title.ID, 5); again == latest || topics(again.Items) != "First,Third,Second" || again.Items[0].CommentCount != 1 {
			t.Errorf("the title page's latest did not notice the comment: %+v", again)
		} else if same, _ := s.Latest(ctx, title.ID, 5); same != again {
			t.Error("an unchanged Latest must be the very same value, for the kept title page")
		}
		all, total, _ := s.Board(ctx, 1, 10)
		if got := topics(all); total != 4 || got != "First,Board,Third,Second" || all[0].Title == nil || all[0].Title.Name != "Reply 1988" {
			t.Errorf("board: %d %s", total, got)
		}
		if page2, _, _ := s.Board(ctx, 2, 3); topics(page2) != "Second" {
			t.Errorf("board page 2: %s", topics(page2))
		}
		// A pinned thread leads its title's list; on the board only pinned general topics lead.
		pin := true
		s.SetFlags(ctx, true, ids[1], &pin, nil)
		s.SetFlags(ctx, true, board.ID, &pin, nil)
		list, _, _ = s.ListByTitle(ctx, title.ID, 1, 10)
		if got := topics(list); got != "Second,First,Third" {
			t.Errorf("pinned first: %s", got)
		}
		if all, _, _ := s.Board(ctx, 1, 10); topics(all) != "Board,First,Third,Second" {
			t.Errorf("board with a pinned topic: %s", topics(all))
		}
		// Deleting the only comment returns the activity to the start.
		if err := comments.Delete(ctx, users[5], false, first.ID); err != nil {
			t.Fatal(err)
		}
		d, _ := s.Get(ctx, ids[0])
		if d.CommentCount != 0 || !d.LastActivityAt.Equal(d.CreatedAt) {
			t.Errorf("after the delete: count %d, activity %v, created %v", d.CommentCount, d.LastActivityAt, d.CreatedAt)
		}

		// Many members commenting at once, some deleting: the count is exact.
		var wg sync.WaitGroup
		for _, u := range users {
			wg.Go(func() {
				for j := range 3 {
					c, err := comments.Add(ctx, u, comment.OnDiscussion, ids[2], comment.Input{Body: "에피소드 " + strings.Repeat("!", j+1)})
					if err != nil {
						t.Error(err)
						return
					}
					if j == 0 {
						if err := comments.Delete(ctx, u, false, c.ID); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		d, _ = s.Get(ctx, ids[2])
		if want := int64(2 * len(users)); d.CommentCount != want {
			t.Errorf("comment_count = %d, want %d", d.CommentCount, want)
		}
		var live int64
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE parent_type = 'discussion' AND parent_id = ? AND deleted_at IS NULL", ids[2]).Scan(&live)
		if live != d.CommentCount {
			t.Errorf("stored count %d, comments %d", d.CommentCount, live)
		}
	})
}

func TestHeldDiscussionsAreNotListed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, 2)
		comments := comment.NewService(db, comment.Options{})
		s := discussion.NewService(db, comments, discussion.Options{Screen: func(_ context.Context, p moderation.Post) (string, error) {
			if p.Kind != "discussion" || !strings.Contains(p.Text, "Buy followers") && p.Honeypot == "" {
				return moderation.Published, nil
			}
			return moderation.Held, nil
		}})
		held, err := s.Create(ctx, users[1], &title.ID, discussion.Input{Topic: "Buy followers", Body: "now"})
		if err != nil || held.Status != moderation.Held {
			t.Fatalf("held: %+v %v", held, err)
		}
		if _, err := s.Create(ctx, users[1], &title.ID, discussion.Input{Topic: "Hello", Body: "Hi", Honeypot: "filled"}); err != nil {
			t.Fatal(err)
		}
		if list, total, _ := s.ListByTitle(ctx, title.ID, 1, 10); total != 0 || len(list) != 0 {
			t.Errorf("held discussions listed: %d", total)
		}
		if _, err := s.Get(ctx, held.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a held discussion is shown: %v", err)
		}
		if _, err := comments.Add(ctx, users[0], comment.OnDiscussion, held.ID, comment.Input{Body: "x"}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a comment under a held discussion: %v", err)
		}
		if author, text, err := s.ModerationPost(ctx, held.ID); err != nil || author != users[1] || text != "Buy followers\nnow" {
			t.Errorf("moderation view: %d %q %v", author, text, err)
		}
		if err := s.SetModerationStatus(ctx, held.ID, moderation.Published); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Latest(ctx, title.ID, 5); r.Total != 1 || r.Items[0].ID != held.ID {
			t.Errorf("a published discussion missing from the title's latest: %+v", r)
		}
	})
}

func TestThreadsGoWithTheirTitle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, 2)
		s, comments := setup(t, db)
		d, err := s.Create(ctx, users[0], &title.ID, discussion.Input{Topic: "Ending", Body: "Thoughts?"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := comments.Add(ctx, users[1], comment.OnDiscussion, d.ID, comment.Input{Body: "Husband reveal!"}); err != nil {
			t.Fatal(err)
		}
		if err := catalog.NewService(db, catalog.Options{}).DeleteTitle(ctx, title.Slug); err != nil {
			t.Fatal(err)
		}
		var left int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM comments").Scan(&left)
		if left != 0 {
			t.Errorf("%d comments outlived their title's discussion", left)
		}
		if got, _ := comments.RepliesTo(ctx, users[0], 10); len(got) != 0 {
			t.Errorf("replies under a deleted title: %+v", got)
		}
	})
}
