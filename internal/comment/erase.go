package comment

import (
	"context"
	"database/sql"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/moderation"
)

// EraseMember deletes a leaving member's comments when they chose to
// delete their posts: each keeps its place in its thread, as the author's
// own deletion would, and the parents count one shown comment fewer. Kept
// comments need nothing: they show no author once the account is gone.
func (s *Service) EraseMember(ctx context.Context, q *database.Q, userID int64, posts account.PostsChoice) error {
	if posts != account.DeletePosts {
		return nil
	}
	type gone struct {
		kind   string
		parent int64
		status string
	}
	now := s.clock()
	all, err := database.All(ctx, q, `UPDATE comments SET body = '', body_html = '', updated_at = ?, deleted_at = ?
		WHERE user_id = ? AND deleted_at IS NULL RETURNING parent_type, parent_id, status`,
		func(r *sql.Rows) (g gone, err error) { return g, r.Scan(&g.kind, &g.parent, &g.status) }, now, now, userID)
	if err != nil {
		return err
	}
	for _, g := range all {
		if g.status != moderation.Published {
			continue
		}
		p, err := s.parent(g.kind)
		if err != nil {
			return err
		}
		if err := p.CommentsChanged(ctx, q, g.parent, -1, now); err != nil {
			return err
		}
	}
	return nil
}
