package moderation

import (
	"context"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
)

// EraseMember removes a leaving member's reports and posting log. When
// their posts are deleted, the queue's copies of them go as well; kept
// (anonymized) posts keep their items so moderators can still decide.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, posts account.PostsChoice) error {
	stmts := []string{
		"DELETE FROM moderation_reports WHERE reporter_id = ?",
		"DELETE FROM spam_post_log WHERE author_id = ?",
	}
	if posts == account.DeletePosts {
		stmts = append(stmts, "DELETE FROM moderation_queue WHERE author_id = ?")
	}
	for _, stmt := range stmts {
		if _, err := q.Exec(ctx, stmt, userID); err != nil {
			return err
		}
	}
	return nil
}
