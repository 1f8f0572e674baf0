// Package accounttest makes members and a title for tests of the
// community packages (ratings, reviews, watch tracking).
package accounttest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
)

// Fast are argon2id parameters cheap enough for tests that make many
// accounts; the real ones are tested in package account.
var Fast = &account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Title creates a series named name with one season of one episode.
func Title(t testing.TB, db *database.DB, name string) *catalog.Title {
	t.Helper()
	title, err := catalog.NewService(db, catalog.Options{}).CreateTitle(context.Background(), &catalog.Title{Kind: catalog.KindSeries, Name: name,
		Seasons: []catalog.Season{{Number: 1, Episodes: []catalog.Episode{{Number: 1}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return title
}

// Members creates n members named member0 … and returns their ids. The
// first account of a database is an admin.
func Members(t testing.TB, db *database.DB, n int) []int64 {
	t.Helper()
	accounts := account.NewService(db, account.Options{Params: Fast})
	ids := make([]int64, n)
	for i := range ids {
		u, err := accounts.Create(context.Background(), account.SignUp{Username: fmt.Sprintf("member%d", i),
			Email: fmt.Sprintf("m%d@example.com", i), Password: "a long enough passphrase"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = u.ID
	}
	return ids
}

// BulkMembers inserts n members named bulk0 … straight into the table, in
// one transaction, for benchmarks that need a crowd. They cannot log in.
func BulkMembers(t testing.TB, db *database.DB, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	ids := make([]int64, 0, n)
	now := time.Now().UTC()
	err := db.WithTx(ctx, func(q *database.Q) error {
		for i := range n {
			name := fmt.Sprintf("bulk%d", i)
			var id int64
			if err := q.QueryRow(ctx, `INSERT INTO users (username, username_key, email, email_key, password_hash, role, created_at, updated_at)
				VALUES (?, ?, ?, ?, '', 'member', ?, ?) RETURNING id`, name, name, name+"@example.com", name+"@example.com", now, now).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
