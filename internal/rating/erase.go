package rating

import (
	"cmp"
	"context"
	"database/sql"
	"slices"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember removes a leaving member's ratings of every kind and takes
// them out of the score counts, in the account deletion's transaction.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, _ account.PostsChoice) error {
	type gone struct{ target, score int64 }
	for _, k := range []Kind{Title, Season, Episode} {
		ratings, counts := k.tables()
		// Deleting first and counting what was deleted keeps the counts
		// exact even if a rating of theirs lands meanwhile.
		all, err := database.All(ctx, q, "DELETE FROM "+ratings+" WHERE user_id = ? RETURNING target_id, score",
			func(r *sql.Rows) (g gone, err error) { return g, r.Scan(&g.target, &g.score) }, userID)
		if err != nil {
			return err
		}
		// In target order, like any other writer, so no lock cycle forms.
		slices.SortFunc(all, func(a, b gone) int { return cmp.Compare(a.target, b.target) })
		for _, g := range all {
			if err := adjust(ctx, q, counts, g.target, int(g.score), 0); err != nil {
				return err
			}
		}
		s.mu.Lock()
		for _, g := range all {
			delete(s.cache, Target{Kind: k, ID: g.target})
		}
		s.mu.Unlock()
	}
	return nil
}
