package comment_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/review"
)

func TestThreadsUnderReviews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, 3)
		reviews := review.NewService(db, review.Options{})
		s := comment.NewService(db, comment.Options{})
		s.Register(comment.OnReview, reviews)
		rv, err := reviews.Create(ctx, users[0], title.ID, nil, review.Input{Score: 9, Headline: "Good", Body: "Good."})
		if err != nil {
			t.Fatal(err)
		}
		add := func(user, parent int64, replyTo *int64, body, nonce string) (*comment.Comment, error) {
			return s.Add(ctx, user, comment.OnReview, parent, comment.Input{Body: body, ReplyTo: replyTo, Nonce: nonce})
		}
		if _, err := add(users[1], rv.ID, nil, "  ", ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("empty comment: %v", err)
		}
		if _, err := add(users[1], rv.ID, nil, strings.Repeat("가", comment.MaxBody+1), ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a comment over the limit: %v", err)
		}
		if _, err := add(users[1], 99999, nil, "hi", ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("comment on a missing review: %v", err)
		}
		first, err := add(users[1], rv.ID, nil, "I *agree* 👍 <script>alert(1)</script>", "form-1")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(first.BodyHTML, "<script") || !strings.Contains(first.BodyHTML, "<em>agree</em>") || first.ParentType != "review" || first.Status != "published" {
			t.Errorf("comment %+v", first)
		}
		reply, err := add(users[0], rv.ID, &first.ID, "Thank you, 고마워요", "form-1")
		if err != nil {
			t.Fatal(err)
		}
		other, _ := reviews.Create(ctx, users[2], title.ID, nil, review.Input{Score: 5, Headline: "Meh", Body: "Meh."})
		if _, err := add(users[2], other.ID, &first.ID, "cross-thread", ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a reply into another thread: %v", err)
		}
		// The same form sent again makes no second comment.
		again, err := add(users[1], rv.ID, nil, "I *agree* 👍 <script>alert(1)</script>", "form-1")
		if err != nil || again.ID != first.ID {
			t.Errorf("a resent form: %+v, %v; want comment %d again", again, err, first.ID)
		}
		tree, n, err := s.Thread(ctx, comment.OnReview, rv.ID)
		if err != nil || n != 2 || len(tree) != 1 || len(tree[0].Replies) != 1 || tree[0].Replies[0].ID != reply.ID {
			t.Fatalf("thread: %d %+v %v", n, tree, err)
		}
		// Member 1 sees member 0's reply; member 0 sees member 1's comment on their review.
		if got, _ := s.RepliesTo(ctx, users[1], 10); len(got) != 1 || got[0].ID != reply.ID {
			t.Errorf("replies to member 1: %+v", got)
		}
		if got, _ := s.RepliesTo(ctx, users[0], 10); len(got) != 1 || got[0].ID != first.ID || got[0].ParentTitle != "Good" || got[0].ReviewHeadline != "Good" {
			t.Errorf("replies to member 0: %+v", got)
		}
		if _, err := s.Edit(ctx, users[2], false, first.ID, "hijack"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's edit: %v", err)
		}
		if c, err := s.Edit(ctx, users[1], false, first.ID, "I agree."); err != nil || c.EditedAt == nil {
			t.Errorf("edit: %+v %v", c, err)
		}
		if err := s.Delete(ctx, users[2], false, first.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's delete: %v", err)
		}
		if err := s.Delete(ctx, users[2], true, first.ID); err != nil {
			t.Errorf("a moderator's delete: %v", err)
		}
		if err := s.Delete(ctx, users[1], false, first.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleting twice: %v", err)
		}
		tree, _, _ = s.Thread(ctx, comment.OnReview, rv.ID)
		if !tree[0].Deleted || tree[0].Body != "" || tree[0].Author != nil || len(tree[0].Replies) != 1 {
			t.Errorf("a deleted comment must keep its place without its text: %+v", tree[0])
		}
		if err := reviews.Delete(ctx, users[0], false, rv.ID); err != nil {
			t.Fatal(err)
		}
		var left int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE parent_type = 'review' AND parent_id = ?", rv.ID).Scan(&left)
		if left != 0 {
			t.Errorf("%d comments outlived their review", left)
		}
		if got, _ := s.RepliesTo(ctx, users[1], 10); len(got) != 0 {
			t.Errorf("replies under a deleted review still listed: %+v", got)
		}
	})
}

func TestScreenHoldsComments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		users := accounttest.Members(t, db, 2)
		var seen []moderation.Post
		s := comment.NewService(db, comment.Options{Screen: func(_ context.Context, p moderation.Post) (string, error) {
			seen = append(seen, p)
			if p.Honeypot != "" || strings.Contains(p.Text, "casino") {
				return moderation.Held, nil
			}
			return moderation.Published, nil
		}})
		discussions := discussion.NewService(db, s, discussion.Options{})
		d, err := discussions.Create(ctx, users[0], nil, discussion.Input{Topic: "Best OST of the year?", Body: "Mine: 시작."})
		if err != nil {
			t.Fatal(err)
		}
		held, err := s.Add(ctx, users[1], comment.OnDiscussion, d.ID, comment.Input{Body: "cheap casino here"})
		if err != nil || held.Status != moderation.Held {
			t.Fatalf("spam comment: %+v %v", held, err)
		}
		bot, _ := s.Add(ctx, users[1], comment.OnDiscussion, d.ID, comment.Input{Body: "hello", Honeypot: "http://x"})
		fine, _ := s.Add(ctx, users[1], comment.OnDiscussion, d.ID, comment.Input{Body: "Start-Up's OST"})
		if len(seen) != 3 || seen[0].Kind != "comment" || seen[0].AuthorID != users[1] || seen[1].Honeypot != "http://x" || bot.Status != moderation.Held {
			t.Errorf("the screen saw %+v", seen)
		}
		tree, n, _ := s.Thread(ctx, comment.OnDiscussion, d.ID)
		if n != 1 || tree[0].ID != fine.ID {
			t.Errorf("only the published comment is shown: %d %+v", n, tree)
		}
		if got, _ := discussions.Get(ctx, d.ID); got.CommentCount != 1 {
			t.Errorf("count %d, want 1", got.CommentCount)
		}
		// A moderator's decisions move the count with them.
		author, text, err := s.ModerationPost(ctx, held.ID)
		if err != nil || author != users[1] || text != "cheap casino here" {
			t.Errorf("moderation view: %d %q %v", author, text, err)
		}
		if err := s.SetModerationStatus(ctx, held.ID, moderation.Published); err != nil {
			t.Fatal(err)
		}
		if err := s.SetModerationStatus(ctx, held.ID, moderation.Published); err != nil {
			t.Fatal(err)
		}
		if got, _ := discussions.Get(ctx, d.ID); got.CommentCount != 2 || !got.LastActivityAt.Equal(fine.CreatedAt) {
			t.Errorf("after publishing: count %d, want 2; latest activity %v, want %v (never backwards)", got.CommentCount, got.LastActivityAt, fine.CreatedAt)
		}
		if err := s.SetModerationStatus(ctx, fine.ID, moderation.Removed); err != nil {
			t.Fatal(err)
		}
		if got, _ := discussions.Get(ctx, d.ID); got.CommentCount != 1 {
			t.Errorf("count after removing %d, want 1", got.CommentCount)
		}
		if err := s.SetModerationStatus(ctx, fine.ID, "gone"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("an unknown status: %v", err)
		}
		if err := s.SetModerationStatus(ctx, 99999, moderation.Spam); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a missing comment: %v", err)
		}
	})
}
