package list_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/list"
)

func ptr[T any](v T) *T { return &v }

// titles makes n titles and returns their ids.
func titles(t *testing.T, db *database.DB, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = accounttest.Title(t, db, fmt.Sprintf("Title %d", i)).ID
	}
	return ids
}

// order returns the slugs of a list's entries and checks positions are 1…n.
func order(t *testing.T, s *list.Service, owner, id int64) []string {
	t.Helper()
	l, err := s.Get(context.Background(), owner, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, e := range l.Entries {
		if e.Position != i+1 {
			t.Errorf("entry %d has position %d", i, e.Position)
		}
		out = append(out, strings.TrimPrefix(e.Title.Slug, "title-"))
	}
	if l.Count != len(l.Entries) {
		t.Errorf("count %d, entries %d", l.Count, len(l.Entries))
	}
	return out
}

func TestListValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := accounttest.Members(t, db, 1)[0]
		s := list.NewService(db, nil)
		for _, tc := range []struct {
			name string
			in   list.Input
			want []string
		}{
			{"no name", list.Input{}, []string{"name"}},
			{"blank name", list.Input{Name: ptr("   ")}, []string{"name"}},
			{"long name", list.Input{Name: ptr(strings.Repeat("가", 101))}, []string{"name"}},
			{"name with a line break", list.Input{Name: ptr("a\nb")}, []string{"name"}},
			{"huge description", list.Input{Name: ptr("ok"), Description: ptr(strings.Repeat("x", 2001))}, []string{"description"}},
			{"both", list.Input{Name: ptr(""), Description: ptr("\xff")}, []string{"name", "description"}},
		} {
			_, err := s.Create(ctx, u, tc.in, "")
			if apperr.CodeOf(err) != apperr.Invalid || !slices.Equal(apperr.FieldNames(err), tc.want) {
				t.Errorf("%s: %v, want fields %v", tc.name, err, tc.want)
			}
		}
		for _, name := range []string{strings.Repeat("가", 100), "최애 드라마 💕", "🎬"} {
			l, err := s.Create(ctx, u, list.Input{Name: ptr(name)}, "")
			if err != nil || l.Name != name || !l.Public {
				t.Errorf("name %q: %+v %v", name, l, err)
			}
		}
		l, _ := s.Create(ctx, u, list.Input{Name: ptr("Notes")}, "")
		title := titles(t, db, 1)[0]
		if _, err := s.Add(ctx, u, l.ID, title, strings.Repeat("노", 1001), 0); !slices.Equal(apperr.FieldNames(err), []string{"note"}) {
			t.Errorf("huge note: %v", err)
		}
		if _, err := s.Add(ctx, u, l.ID, title, strings.Repeat("노", 1000), 0); err != nil {
			t.Errorf("note of 1,000 characters: %v", err)
		}
		if _, err := s.Add(ctx, u, l.ID, title, "", 0); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("title twice: %v", err)
		}
		if _, err := s.Add(ctx, u, l.ID, 999999, "", 0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("missing title: %v", err)
		}
		if _, err := s.SetEntry(ctx, u, l.ID, title, nil, ptr(2)); !slices.Equal(apperr.FieldNames(err), []string{"position"}) {
			t.Errorf("position out of range: %v", err)
		}
	})
}

func TestListsArePrivateToTheirOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		users := accounttest.Members(t, db, 2)
		owner, other := users[0], users[1]
		s := list.NewService(db, nil)
		pub, _ := s.Create(ctx, owner, list.Input{Name: ptr("Public")}, "")
		priv, err := s.Create(ctx, owner, list.Input{Name: ptr("Secret"), Public: ptr(false)}, "")
		if err != nil || priv.Public {
			t.Fatalf("private list: %+v %v", priv, err)
		}
		for _, viewer := range []int64{other, 0} {
			if _, err := s.Get(ctx, viewer, priv.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("viewer %d reads a private list: %v", viewer, err)
			}
			if _, err := s.Get(ctx, viewer, pub.ID); err != nil {
				t.Errorf("viewer %d cannot read a public list: %v", viewer, err)
			}
			ls, err := s.Of(ctx, viewer, owner)
			if err != nil || len(ls) != 1 || ls[0].ID != pub.ID {
				t.Errorf("viewer %d sees lists %+v %v", viewer, ls, err)
			}
		}
		if ls, _ := s.Of(ctx, owner, owner); len(ls) != 2 {
			t.Errorf("the owner sees %d lists", len(ls))
		}
		title := titles(t, db, 1)[0]
		if _, err := s.Add(ctx, other, pub.ID, title, "", 0); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another member adds to a list: %v", err)
		}
		if err := s.Delete(ctx, other, pub.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another member deletes a list: %v", err)
		}
		if _, err := s.Update(ctx, other, priv.ID, list.Input{Public: ptr(true)}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another member publishes a list: %v", err)
		}
		l, err := s.Update(ctx, owner, priv.ID, list.Input{Name: ptr("Renamed"), Public: ptr(true)})
		if err != nil || l.Name != "Renamed" || !l.Public {
			t.Errorf("rename: %+v %v", l, err)
		}
		if err := s.Delete(ctx, owner, priv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, owner, priv.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleted list: %v", err)
		}
		// A form sent twice makes one list.
		a, _ := s.Create(ctx, owner, list.Input{Name: ptr("Once")}, "nonce-1")
		b, _ := s.Create(ctx, owner, list.Input{Name: ptr("Once")}, "nonce-1")
		if a == nil || b == nil || a.ID != b.ID {
			t.Errorf("double submit made two lists: %+v %+v", a, b)
		}
	})
}

func TestListOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := accounttest.Members(t, db, 1)[0]
		s := list.NewService(db, nil)
		ids := titles(t, db, 5)
		l, _ := s.Create(ctx, u, list.Input{Name: ptr("Order")}, "")
		for _, id := range ids[:4] {
			if _, err := s.Add(ctx, u, l.ID, id, "", 0); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Add(ctx, u, l.ID, ids[4], "first", 1); err != nil {
			t.Fatal(err)
		}
		if got := order(t, s, u, l.ID); !slices.Equal(got, []string{"4", "0", "1", "2", "3"}) {
			t.Errorf("after insert at 1: %v", got)
		}
		e, err := s.SetEntry(ctx, u, l.ID, ids[4], ptr("새 메모"), ptr(5))
		if err != nil || e.Position != 5 || e.Note != "새 메모" {
			t.Fatalf("move to the end: %+v %v", e, err)
		}
		if got := order(t, s, u, l.ID); !slices.Equal(got, []string{"0", "1", "2", "3", "4"}) {
			t.Errorf("after move: %v", got)
		}
		s.SetEntry(ctx, u, l.ID, ids[2], nil, ptr(1))
		if got := order(t, s, u, l.ID); !slices.Equal(got, []string{"2", "0", "1", "3", "4"}) {
			t.Errorf("after move up: %v", got)
		}
		if err := s.Remove(ctx, u, l.ID, ids[0]); err != nil {
			t.Fatal(err)
		}
		if got := order(t, s, u, l.ID); !slices.Equal(got, []string{"2", "1", "3", "4"}) {
			t.Errorf("after remove: %v", got)
		}
		if err := s.Remove(ctx, u, l.ID, ids[0]); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("remove twice: %v", err)
		}
	})
}

func TestListOrderUnderConcurrentEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := accounttest.Members(t, db, 1)[0]
		s := list.NewService(db, nil)
		ids := titles(t, db, 12)
		l, _ := s.Create(ctx, u, list.Input{Name: ptr("Busy")}, "")
		for _, id := range ids[:8] {
			s.Add(ctx, u, l.ID, id, "", 0)
		}
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Go(func() {
				switch {
				case i >= 8: // new titles, inserted at the top
					if _, err := s.Add(ctx, u, l.ID, id, "", 1); err != nil {
						t.Error(err)
					}
				case i%2 == 0:
					if _, err := s.SetEntry(ctx, u, l.ID, id, nil, ptr(1+i%5)); err != nil {
						t.Error(err)
					}
				default:
					if err := s.Remove(ctx, u, l.ID, id); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		got := order(t, s, u, l.ID) // checks positions are exactly 1…n
		if len(got) != 8 {
			t.Errorf("%d entries, want 8: %v", len(got), got)
		}
		seen := map[string]bool{}
		for _, g := range got {
			if seen[g] {
				t.Errorf("title %s twice", g)
			}
			seen[g] = true
		}
		// The stored positions, not only the order read back, are dense.
		var n, distinct, maxPos int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*), COUNT(DISTINCT position), MAX(position) FROM list_entries WHERE list_id = ?", l.ID).Scan(&n, &distinct, &maxPos)
		if n != 8 || distinct != 8 || maxPos != 8 {
			t.Errorf("stored positions: %d rows, %d distinct, max %d", n, distinct, maxPos)
		}
	})
}

func TestListLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		u := accounttest.Members(t, db, 1)[0]
		s := list.NewService(db, nil)
		for i := range list.MaxLists {
			if _, err := s.Create(ctx, u, list.Input{Name: ptr(fmt.Sprint(i))}, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Create(ctx, u, list.Input{Name: ptr("one too many")}, ""); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("list %d: %v", list.MaxLists+1, err)
		}
	})
}
