package account_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/watch"
)

// community is a small instance: an admin, two members who rate, track,
// review and vote on one title.
type community struct {
	accounts *account.Service
	ratings  *rating.Service
	reviews  *review.Service
	watch    *watch.Service
	tokens   *auth.Tokens
	lists    *list.Service
	comments *comment.Service
	talk     *discussion.Service
	db       *database.DB
	titleID  int64
	admin    *account.User
	leaver   *account.User
	stayer   *account.User
	kept     int64 // the stayer's review
	// The leaver's comment under the stayer's discussion, and their own
	// discussion.
	said, theirTopic, ownTopic int64
}

func newCommunity(t *testing.T, db *database.DB) *community {
	t.Helper()
	ctx := context.Background()
	c := &community{ratings: rating.NewService(db, rating.Options{}), reviews: review.NewService(db, review.Options{}),
		watch: watch.NewService(db, nil), tokens: auth.NewTokens(db, nil), lists: list.NewService(db, nil), db: db}
	c.comments = comment.NewService(db, comment.Options{})
	c.comments.Register(comment.OnReview, c.reviews)
	c.talk = discussion.NewService(db, c.comments, discussion.Options{MaxStale: time.Millisecond})
	c.accounts = account.NewService(db, account.Options{Params: fast, Erasers: []account.Eraser{c.ratings, c.reviews, c.watch, c.lists, c.comments, c.talk}})
	title := accounttest.Title(t, db, "사랑의 불시착")
	c.titleID = title.ID
	var err error
	for _, u := range []struct {
		to   **account.User
		name string
	}{{&c.admin, "operator"}, {&c.leaver, "떠나는사람"}, {&c.stayer, "stayer"}} {
		if *u.to, err = c.accounts.Create(ctx, account.SignUp{Username: u.name, Email: u.name + "@example.com", Password: "a long enough passphrase"}); err != nil {
			t.Fatal(err)
		}
	}
	for i, u := range []*account.User{c.leaver, c.stayer} {
		if _, err := c.ratings.Rate(ctx, u.ID, rating.Target{Kind: rating.Title, ID: c.titleID}, 9+float64(i)/2); err != nil {
			t.Fatal(err)
		}
		if _, err := c.watch.Set(ctx, u.ID, c.titleID, 1, watch.Entry{Status: "completed", EpisodesSeen: 1}); err != nil {
			t.Fatal(err)
		}
	}
	mine, err := c.reviews.Create(ctx, c.leaver.ID, c.titleID, nil, review.Input{Score: 9, Headline: "끝까지 🪂", Body: "Worth every episode."})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := c.reviews.Create(ctx, c.stayer.ID, c.titleID, nil, review.Input{Score: 9.5, Headline: "Kept", Body: "Stays."})
	if err != nil {
		t.Fatal(err)
	}
	c.kept = theirs.ID
	if _, err := c.watch.MarkEpisode(ctx, c.leaver.ID, c.titleID, 1, title.Seasons[0].Episodes[0].ID, true); err != nil {
		t.Fatal(err)
	}
	topic, err := c.talk.Create(ctx, c.stayer.ID, &c.titleID, discussion.Input{Topic: "촬영지", Body: "Where was it filmed?"})
	if err != nil {
		t.Fatal(err)
	}
	c.theirTopic = topic.ID
	said, err := c.comments.Add(ctx, c.leaver.ID, comment.OnDiscussion, topic.ID, comment.Input{Body: "스위스 🇨🇭"})
	if err != nil {
		t.Fatal(err)
	}
	c.said = said.ID
	own, err := c.talk.Create(ctx, c.leaver.ID, nil, discussion.Input{Topic: "My favourite scene", Body: "The piano."})
	if err != nil {
		t.Fatal(err)
	}
	c.ownTopic = own.ID
	name, public := "다시 볼 것 🎬", true
	if _, err := c.lists.Create(ctx, c.leaver.ID, list.Input{Name: &name, Public: &public}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.reviews.Vote(ctx, c.leaver.ID, theirs.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.reviews.Vote(ctx, c.stayer.ID, mine.ID, true); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *community) check(t *testing.T, wantReviews int) {
	t.Helper()
	ctx := context.Background()
	agg, err := c.ratings.Aggregate(ctx, rating.Target{Kind: rating.Title, ID: c.titleID})
	if err != nil || agg.Count != 1 || agg.Average != 9.5 || agg.Distribution[18] != 1 {
		t.Errorf("aggregate after deletion = %+v, %v; want only the stayer's 9.5", agg, err)
	}
	counts, err := c.watch.Counts(ctx, c.titleID)
	if err != nil || counts.Total != 1 || counts.ByStatus["completed"] != 1 {
		t.Errorf("watch counts after deletion = %+v, %v; want 1 completed", counts, err)
	}
	kept, err := c.reviews.Get(ctx, c.kept)
	if err != nil || kept.Helpful != 0 {
		t.Errorf("the stayer's review = %+v, %v; want its helpful vote from the leaver gone", kept, err)
	}
	// Nothing that was the leaver's own stays behind.
	for _, table := range []string{"title_ratings", "watch_entries", "episodes_seen", "lists", "review_votes", "sessions", "api_tokens"} {
		var n int
		if err := c.db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE user_id = ?", c.leaver.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows of the deleted member left (%v)", table, n, err)
		}
	}
	list, total, err := c.reviews.List(ctx, c.titleID, nil, review.SortHelpful, 1, 10)
	if err != nil || total != wantReviews || len(list) != wantReviews {
		t.Fatalf("reviews after deletion: %d listed of %d, %v; want %d", len(list), total, err, wantReviews)
	}
}

func TestDeleteAccount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		for _, posts := range []account.PostsChoice{account.AnonymizePosts, account.DeletePosts} {
			t.Run(string(posts), func(t *testing.T) {
				db := dbtest.Open(t, db.Engine())
				c := newCommunity(t, db)
				session, err := c.accounts.StartSession(ctx, c.leaver, "test", "127.0.0.1")
				if err != nil {
					t.Fatal(err)
				}
				token, err := c.tokens.CreatePersonal(ctx, c.leaver.ID, "phone", "write")
				if err != nil {
					t.Fatal(err)
				}

				err = c.accounts.DeleteAccount(ctx, c.leaver.ID, "not my password", "keep")
				if got := apperr.FieldNames(err); apperr.CodeOf(err) != apperr.Invalid || len(got) != 2 || got[0] != "password" || got[1] != "posts" {
					t.Fatalf("wrong password and choice: %v (fields %v); want both named", err, got)
				}
				if _, err := c.accounts.SessionUser(ctx, session); err != nil {
					t.Fatalf("a refused deletion ended the session: %v", err)
				}

				if err := c.accounts.DeleteAccount(ctx, c.leaver.ID, "a long enough passphrase", posts); err != nil {
					t.Fatal(err)
				}
				if _, err := c.accounts.SessionUser(ctx, session); apperr.CodeOf(err) != apperr.Unauthorized {
					t.Errorf("session after deletion: %v; want Unauthorized", err)
				}
				if _, err := c.tokens.Authenticate(ctx, token); err == nil {
					t.Error("the personal token still works after deletion")
				}
				if _, err := c.accounts.ByUsername(ctx, "떠나는사람"); apperr.CodeOf(err) != apperr.NotFound {
					t.Errorf("profile after deletion: %v; want NotFound", err)
				}
				if _, err := c.accounts.Authenticate(ctx, "떠나는사람", "a long enough passphrase"); apperr.CodeOf(err) != apperr.Unauthorized {
					t.Errorf("log-in after deletion: %v; want Unauthorized", err)
				}
				if err := c.accounts.Erase(ctx, c.leaver.ID, posts); apperr.CodeOf(err) != apperr.NotFound {
					t.Errorf("deleting twice: %v; want NotFound", err)
				}
				want := 1
				if posts == account.AnonymizePosts {
					want = 2
				}
				c.check(t, want)
				said, err := c.comments.Get(ctx, c.said)
				if err != nil || said.Author != nil {
					t.Fatalf("the leaver's comment: %+v, %v; want it without an author", said, err)
				}
				topic, err := c.talk.Get(ctx, c.theirTopic)
				_, ownErr := c.talk.Get(ctx, c.ownTopic)
				if err != nil {
					t.Fatalf("the stayer's discussion: %v", err)
				}
				if posts == account.DeletePosts {
					if !said.Deleted || said.Body != "" || topic.CommentCount != 0 {
						t.Errorf("deleted posts: comment deleted %v body %q; discussion count %d; want it gone from the count", said.Deleted, said.Body, topic.CommentCount)
					}
					if apperr.CodeOf(ownErr) != apperr.NotFound {
						t.Errorf("the leaver's own discussion: %v; want NotFound", ownErr)
					}
				} else {
					if said.Deleted || said.Body == "" || topic.CommentCount != 1 {
						t.Errorf("kept posts: comment %+v; discussion count %d; want the comment kept and counted", said, topic.CommentCount)
					}
					if ownErr != nil {
						t.Errorf("the leaver's own discussion is gone though kept: %v", ownErr)
					}
				}
				if posts == account.AnonymizePosts {
					list, _, _ := c.reviews.List(ctx, c.titleID, nil, review.SortDate, 1, 10)
					var found bool
					for _, r := range list {
						if r.UserID == c.leaver.ID {
							found = true
							if r.Author.DisplayName != account.DeletedName || r.Author.Username == "떠나는사람" {
								t.Errorf("kept review's author = %+v; want no trace of the name", r.Author)
							}
						}
					}
					if !found {
						t.Error("the anonymized review is gone")
					}
				}
				// The name and address are free again.
				if _, err := c.accounts.Create(ctx, account.SignUp{Username: "떠나는사람", Email: "떠나는사람@example.com", Password: "another long passphrase"}); err != nil {
					t.Errorf("signing up with the freed name: %v", err)
				}
			})
		}
	})
}

func TestDeleteLastAdminRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		accounts := newService(db)
		var admins []*account.User
		for _, name := range []string{"first", "second"} {
			u, err := accounts.Create(ctx, account.SignUp{Username: name, Email: name + "@example.com", Password: "a long enough passphrase", Role: account.RoleAdmin})
			if err != nil {
				t.Fatal(err)
			}
			admins = append(admins, u)
		}
		// Both admins leave at once: exactly one may go.
		var wg sync.WaitGroup
		errs := make([]error, len(admins))
		for i, u := range admins {
			wg.Go(func() { errs[i] = accounts.Erase(ctx, u.ID, account.DeletePosts) })
		}
		wg.Wait()
		var gone, refused int
		for _, err := range errs {
			switch {
			case err == nil:
				gone++
			case apperr.CodeOf(err) == apperr.Conflict:
				refused++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if gone != 1 || refused != 1 {
			t.Fatalf("two admins leaving at once: %d deleted, %d refused; want 1 and 1 (%v)", gone, refused, errs)
		}
	})
}
