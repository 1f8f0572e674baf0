package list

import (
	"context"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember deletes a leaving member's lists, public ones too: a list
// is its owner's own collection, not a post others answered.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, _ account.PostsChoice) error {
	_, err := q.Exec(ctx, "DELETE FROM lists WHERE user_id = ?", userID)
	return err
}
