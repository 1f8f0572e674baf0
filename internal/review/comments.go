package review

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// The methods below let comment threads hang under reviews (see
// comment.Parent); package comment registers a Service without importing it.

// CommentParent returns the author of review id, which must be shown.
func (s *Service) CommentParent(ctx context.Context, q *database.Q, id int64) (int64, error) {
	var author int64
	err := q.QueryRow(ctx, "SELECT user_id FROM reviews WHERE id = ? AND status = 'published'", id).Scan(&author)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.Errorf(apperr.NotFound, "There is no review %d.", id)
	}
	return author, err
}

// CommentsChanged does nothing: reviews keep no count of their comments.
func (s *Service) CommentsChanged(context.Context, *database.Q, int64, int, time.Time) error {
	return nil
}

// CommentsCommitted does nothing: review pages are not kept.
func (s *Service) CommentsCommitted(context.Context, int64) {}

// Headlines returns the headlines of the shown reviews among ids.
func (s *Service) Headlines(ctx context.Context, ids []int64) (map[int64]string, error) {
	return namesOf(ctx, s.db.Reader(), "SELECT id, headline FROM reviews WHERE status = 'published' AND id IN ", ids)
}

// namesOf runs query, which ends in "id IN ", on ids and maps each id
// found to the text beside it. The list is padded to a multiple of 16 so
// the statement cache holds a handful of shapes, not one per length.
func namesOf(ctx context.Context, q *database.Q, query string, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, (len(ids)+15)/16*16)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	rows, err := q.Query(ctx, query+"(?"+strings.Repeat(", ?", len(args)-1)+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}
