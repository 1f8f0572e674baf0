package review

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Comment is one post in a thread under a review.
type Comment struct {
	ID        int64      `json:"id"`
	Author    *Author    `json:"author,omitempty"` // nil once deleted or the account is gone
	UserID    int64      `json:"-"`
	ReplyTo   *int64     `json:"reply_to,omitempty"`
	Body      string     `json:"body,omitempty"`
	BodyHTML  string     `json:"body_html,omitempty"`
	Deleted   bool       `json:"deleted,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at,omitempty"`
	Replies   []*Comment `json:"replies,omitempty"`
}

const maxComment = 10000

func checkComment(body string) error {
	var v apperr.Validation
	checkText(&v, "body", body, true, maxComment)
	return v.Err()
}

// AddComment posts a comment under review reviewID, answering comment
// replyTo when it is not nil (it must be in the same thread). A non-empty
// nonce makes the call idempotent: sent again, it returns the comment the
// first call made.
func (s *Service) AddComment(ctx context.Context, userID, reviewID int64, replyTo *int64, body, nonce string) (*Comment, error) {
	if err := checkComment(body); err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, reviewID); err != nil {
		return nil, err
	}
	html, err := RenderMarkdown(body)
	if err != nil {
		return nil, err
	}
	var id int64
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		if replyTo != nil {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE id = ? AND parent_type = 'review' AND parent_id = ?", *replyTo, reviewID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &apperr.Error{Code: apperr.Invalid, Message: "The comment answered is not in this thread.",
					Fields: []apperr.FieldError{{Field: "reply_to", Message: "names no comment under this review"}}}
			}
		}
		var once any
		if nonce != "" {
			once = nonce
		}
		return q.QueryRow(ctx, `INSERT INTO comments (user_id, parent_type, parent_id, reply_to, body, body_html, created_at, updated_at, form_nonce)
			VALUES (?, 'review', ?, ?, ?, ?, ?, ?, ?) RETURNING id`, userID, reviewID, replyTo, body, html, now, now, once).Scan(&id)
	})
	if database.IsUniqueViolation(err) && nonce != "" {
		err = s.db.Reader().QueryRow(ctx, "SELECT id FROM comments WHERE user_id = ? AND form_nonce = ?", userID, nonce).Scan(&id)
	}
	if err != nil {
		return nil, err
	}
	return s.comment(ctx, id)
}

const commentColumns = `c.id, c.user_id, COALESCE(u.username, ''), COALESCE(u.display_name, ''), c.reply_to, c.body, c.body_html,
	c.created_at, c.edited_at, c.deleted_at`

func scanComment(row interface{ Scan(...any) error }) (*Comment, error) {
	c := &Comment{}
	var user, reply sql.NullInt64
	var username, display string
	var edited, deleted sql.NullTime
	if err := row.Scan(&c.ID, &user, &username, &display, &reply, &c.Body, &c.BodyHTML, &c.CreatedAt, &edited, &deleted); err != nil {
		return nil, err
	}
	c.UserID = user.Int64
	if reply.Valid {
		c.ReplyTo = &reply.Int64
	}
	if edited.Valid {
		c.EditedAt = &edited.Time
	}
	if deleted.Valid || !user.Valid {
		c.Deleted = deleted.Valid
		c.Body, c.BodyHTML = "", ""
	}
	if user.Valid && !deleted.Valid {
		c.Author = &Author{Username: username, DisplayName: display}
	}
	return c, nil
}

func (s *Service) comment(ctx context.Context, id int64) (*Comment, error) {
	c, err := scanComment(s.db.Reader().QueryRow(ctx, "SELECT "+commentColumns+" FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
	}
	return c, err
}

// Thread returns the comments under a review as a tree, oldest first.
func (s *Service) Thread(ctx context.Context, reviewID int64) ([]*Comment, int, error) {
	rows, err := s.db.Reader().Query(ctx, "SELECT "+commentColumns+` FROM comments c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.parent_type = 'review' AND c.parent_id = ? AND c.status = 'published' ORDER BY c.id`, reviewID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	byID := map[int64]*Comment{}
	var roots []*Comment
	n := 0
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, 0, err
		}
		n++
		byID[c.ID] = c
		if c.ReplyTo != nil && byID[*c.ReplyTo] != nil {
			parent := byID[*c.ReplyTo]
			parent.Replies = append(parent.Replies, c)
		} else {
			roots = append(roots, c)
		}
	}
	return roots, n, rows.Err()
}

// mayChangeComment loads a live comment the member may change: their own,
// or any for a moderator.
func (s *Service) mayChangeComment(ctx context.Context, userID int64, moderator bool, id int64) (*Comment, error) {
	c, err := s.comment(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Deleted {
		return nil, apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
	}
	if c.UserID != userID && !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this comment.")
	}
	return c, nil
}

// EditComment replaces a comment's text and marks it edited.
func (s *Service) EditComment(ctx context.Context, userID int64, moderator bool, id int64, body string) (*Comment, error) {
	if err := checkComment(body); err != nil {
		return nil, err
	}
	if _, err := s.mayChangeComment(ctx, userID, moderator, id); err != nil {
		return nil, err
	}
	html, err := RenderMarkdown(body)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE comments SET body = ?, body_html = ?, updated_at = ?, edited_at = ? WHERE id = ?", body, html, now, now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.comment(ctx, id)
}

// DeleteComment removes a comment's text; its place in the thread stays.
func (s *Service) DeleteComment(ctx context.Context, userID int64, moderator bool, id int64) error {
	if _, err := s.mayChangeComment(ctx, userID, moderator, id); err != nil {
		return err
	}
	now := s.clock()
	return s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE comments SET body = '', body_html = '', updated_at = ?, deleted_at = ? WHERE id = ?", now, now, id)
		return err
	})
}

// Reply is a comment answering one of the member's posts.
type Reply struct {
	Comment
	ReviewID int64  `json:"review_id"`
	Headline string `json:"review_headline"`
}

// RepliesTo lists the newest comments that answer the member: replies to
// their comments and comments under their reviews, not their own.
func (s *Service) RepliesTo(ctx context.Context, userID int64, limit int) ([]Reply, error) {
	rows, err := s.db.Reader().Query(ctx, "SELECT "+commentColumns+`, r.id, r.headline FROM comments c
		LEFT JOIN users u ON u.id = c.user_id
		JOIN reviews r ON c.parent_type = 'review' AND r.id = c.parent_id
		LEFT JOIN comments p ON p.id = c.reply_to
		WHERE c.deleted_at IS NULL AND c.status = 'published' AND (c.user_id IS NULL OR c.user_id <> ?)
		  AND (p.user_id = ? OR (c.reply_to IS NULL AND r.user_id = ?))
		ORDER BY c.id DESC LIMIT ?`, userID, userID, userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reply
	for rows.Next() {
		var rp Reply
		var user, reply sql.NullInt64
		var username, display string
		var edited, deleted sql.NullTime
		if err := rows.Scan(&rp.ID, &user, &username, &display, &reply, &rp.Body, &rp.BodyHTML, &rp.CreatedAt, &edited, &deleted, &rp.ReviewID, &rp.Headline); err != nil {
			return nil, err
		}
		if user.Valid {
			rp.Author = &Author{Username: username, DisplayName: display}
		}
		if reply.Valid {
			rp.ReplyTo = &reply.Int64
		}
		out = append(out, rp)
	}
	return out, rows.Err()
}
