package discussion

import (
	"context"
	"database/sql"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember deletes a leaving member's discussions, with their threads,
// when they chose to delete their posts; kept ones show no author.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, posts account.PostsChoice) error {
	if posts != account.DeletePosts {
		return nil
	}
	titles, err := database.All(ctx, q, "DELETE FROM discussions WHERE user_id = ? RETURNING title_id",
		func(r *sql.Rows) (t sql.NullInt64, err error) { return t, r.Scan(&t) }, userID)
	for _, t := range titles {
		if t.Valid {
			s.forget(&t.Int64)
		}
	}
	return err
}
