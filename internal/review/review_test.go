package review_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/review"
)

func setup(t testing.TB, db *database.DB, n int) (*catalog.Title, []int64) {
	t.Helper()
	return accounttest.Title(t, db, "Reply 1988"), accounttest.Members(t, db, n)
}

func ptr[T any](v T) *T { return &v }

func TestReviewLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 3)
		s := review.NewService(db, review.Options{})
		in := review.Input{Score: 9, Story: ptr(9.5), Acting: ptr(10.0), Headline: "  A warm neighbourhood  ",
			Body: "The **families** of Ssangmun-dong.\n\n<script>alert(1)</script>[x](javascript:alert(2))",
			Pros: []string{"Cast", "우정"}, Cons: []string{"Long"}, Spoiler: true, EpisodesSeen: ptr(20), EpisodesTotal: ptr(20)}
		r, err := s.Create(ctx, users[0], title.ID, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Headline != "A warm neighbourhood" || r.Score != 9 || *r.Story != 9.5 || r.Music != nil || len(r.Pros) != 2 || r.Pros[1] != "우정" || !r.Spoiler {
			t.Errorf("stored %+v", r)
		}
		if !strings.Contains(r.BodyHTML, "<strong>families</strong>") || strings.Contains(r.BodyHTML, "<script") || strings.Contains(r.BodyHTML, "javascript:") {
			t.Errorf("body HTML %q", r.BodyHTML)
		}
		if again, err := s.Create(ctx, users[0], title.ID, nil, in); err != nil || again.ID != r.ID {
			t.Errorf("the same review sent twice: %v, %v; want the first back", again, err)
		}
		other := in
		other.Body = "A different review."
		if _, err := s.Create(ctx, users[0], title.ID, nil, other); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("second review of the same title: %v", err)
		}
		if _, err := s.Create(ctx, users[0], title.ID, &title.Seasons[0].ID, in); err != nil {
			t.Errorf("a season review beside the title review: %v", err)
		}
		bad := review.Input{Score: 10.5, Headline: "", Body: "", Pros: []string{"two\nlines"}, EpisodesSeen: ptr(5), EpisodesTotal: ptr(3)}
		_, err = s.Create(ctx, users[1], title.ID, nil, bad)
		e, _ := apperr.As(err)
		if e == nil || len(e.Fields) < 5 {
			t.Errorf("invalid review: %v", err)
		}
		// Only the author or a moderator changes it; edits are marked.
		in.Headline = "Edited"
		if _, err := s.Update(ctx, users[1], false, r.ID, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's edit: %v", err)
		}
		edited, err := s.Update(ctx, users[0], false, r.ID, in)
		if err != nil || edited.Headline != "Edited" || edited.EditedAt == nil {
			t.Fatalf("edit: %+v, %v", edited, err)
		}
		if _, err := s.Update(ctx, users[2], true, r.ID, in); err != nil {
			t.Errorf("a moderator's edit: %v", err)
		}
		if _, err := s.Vote(ctx, users[0], r.ID, true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("voting for one's own review: %v", err)
		}
		list, total, err := s.List(ctx, title.ID, nil, review.SortDate, 1, 10)
		if err != nil || total != 1 || len(list) != 1 || list[0].Author.Username != "member0" {
			t.Errorf("list: %d %v %v", total, list, err)
		}
		if err := s.Delete(ctx, users[1], false, r.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another member's delete: %v", err)
		}
		if err := s.Delete(ctx, users[0], false, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, r.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleted review: %v", err)
		}
	})
}

func TestHelpfulVotesAreExact(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, users := setup(t, db, 30)
		s := review.NewService(db, review.Options{})
		r, err := s.Create(ctx, users[0], title.ID, nil, review.Input{Score: 8, Headline: "Good", Body: "Good."})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i, u := range users[1:] {
			// Every voter votes three times at once; odd ones then take it back.
			for range 3 {
				wg.Go(func() {
					if _, err := s.Vote(ctx, u, r.ID, true); err != nil {
						t.Error(err)
					}
				})
			}
			if i%2 == 1 {
				wg.Wait()
				if _, err := s.Vote(ctx, u, r.ID, false); err != nil {
					t.Error(err)
				}
			}
		}
		wg.Wait()
		got, _ := s.Get(ctx, r.ID)
		if want := int64(15); got.Helpful != want {
			t.Errorf("helpful = %d, want %d", got.Helpful, want)
		}
	})
}

func TestCriticReviews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		title, _ := setup(t, db, 0)
		s := review.NewService(db, review.Options{})
		for _, in := range []review.CriticInput{
			{Publication: "Seoul Screen", Score: "4.5/5", PublishedOn: "2020-02-20", URL: "https://example.com/a"},
			{Publication: "Drama Weekly", Score: "★★★★☆", Author: "Kim"},
			{Publication: "The Grade", Score: "A−"},
		} {
			if _, err := s.AddCritic(ctx, title.ID, nil, in); err != nil {
				t.Fatal(err)
			}
		}
		_, err := s.AddCritic(ctx, title.ID, nil, review.CriticInput{Publication: "", Score: "great", URL: "ftp://x", PublishedOn: "yesterday"})
		e, _ := apperr.As(err)
		if e == nil || len(e.Fields) != 4 {
			t.Errorf("invalid critic review: %v", err)
		}
		list, summary, err := s.Critics(ctx, title.ID)
		if err != nil || len(list) != 3 || summary.Count != 3 || summary.Average != 87 {
			t.Fatalf("critics %v, summary %+v, %v", list, summary, err)
		}
		if list[0].Score != "4.5/5" || list[0].Normalized != 90 {
			t.Errorf("newest first, kept as written: %+v", list[0])
		}
		if err := s.DeleteCritic(ctx, list[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteCritic(ctx, list[1].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("second delete: %v", err)
		}
	})
}
