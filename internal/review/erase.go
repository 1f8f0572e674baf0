package review

import (
	"context"
	"database/sql"
	"slices"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember takes a leaving member's helpful votes out of the counts and,
// when they chose to delete their posts, removes their reviews with the
// threads under them. Kept reviews show the deleted member's blank name.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, posts account.PostsChoice) error {
	id := func(r *sql.Rows) (id int64, err error) { return id, r.Scan(&id) }
	voted, err := database.All(ctx, q, "DELETE FROM review_votes WHERE user_id = ? RETURNING review_id", id, userID)
	if err != nil {
		return err
	}
	slices.Sort(voted)
	for _, r := range voted {
		if _, err := q.Exec(ctx, "UPDATE reviews SET helpful_count = helpful_count - 1 WHERE id = ?", r); err != nil {
			return err
		}
	}
	if posts != account.DeletePosts {
		return nil
	}
	// The threads under them go with them (a trigger on reviews).
	_, err = q.Exec(ctx, "DELETE FROM reviews WHERE user_id = ?", userID)
	return err
}
