package watch

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember removes a leaving member's watch entries and episode marks
// and takes them out of the per-status counts, in the account deletion's
// transaction.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, _ account.PostsChoice) error {
	if _, err := q.Exec(ctx, "DELETE FROM episodes_seen WHERE user_id = ?", userID); err != nil {
		return err
	}
	type gone struct {
		title  int64
		status string
	}
	all, err := database.All(ctx, q, "DELETE FROM watch_entries WHERE user_id = ? RETURNING title_id, status",
		func(r *sql.Rows) (g gone, err error) { return g, r.Scan(&g.title, &g.status) }, userID)
	if err != nil {
		return err
	}
	slices.SortFunc(all, func(a, b gone) int { return cmp.Compare(a.title, b.title) })
	for _, g := range all {
		if err := move(ctx, q, g.title, g.status, ""); err != nil {
			return err
		}
	}
	s.mu.Lock()
	for _, g := range all {
		delete(s.cache, g.title)
	}
	s.mu.Unlock()
	return nil
}
