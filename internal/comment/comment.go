// Package comment keeps threaded comments under members' posts: reviews,
// discussions and, later, articles. A thread hangs under a parent named by
// its kind and id; the services that own the parents register themselves,
// so this package imports none of them.
package comment

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/markup"
	"github.com/dramadb/dramadb/internal/moderation"
)

// Kinds of parent the comments table allows.
const (
	OnReview     = "review"
	OnDiscussion = "discussion"
)

// Parent is what the comment service needs of a kind of post that threads
// hang under. Its methods that take a *database.Q run inside the
// transaction writing the comment, so a parent's counters move with it.
type Parent interface {
	// CommentParent reports whether post id takes comments now: NotFound
	// when there is no such shown post, Conflict when it is locked. It
	// returns the post's author (0 when unknown) so replies reach them.
	CommentParent(ctx context.Context, q *database.Q, id int64) (authorID int64, err error)
	// CommentsChanged says that the number of shown comments under post id
	// moved by delta; at is the new comment's time when delta is positive.
	CommentsChanged(ctx context.Context, q *database.Q, id int64, delta int, at time.Time) error
	// CommentsCommitted follows CommentsChanged once its transaction has
	// committed, for parents that keep what they show in a cache.
	CommentsCommitted(ctx context.Context, id int64)
	// Headlines names the given posts for lists of replies; posts that are
	// no longer shown are left out.
	Headlines(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Author is who wrote a comment; never their e-mail address.
type Author struct {
	Username    string `json:"username"`
	DisplayName string `json:"display_name,omitempty"`
}

// Comment is one post in a thread.
type Comment struct {
	ID         int64      `json:"id"`
	ParentType string     `json:"parent_type"`
	ParentID   int64      `json:"parent_id"`
	Author     *Author    `json:"author,omitempty"` // nil once deleted or the account is gone
	UserID     int64      `json:"-"`
	ReplyTo    *int64     `json:"reply_to,omitempty"`
	Body       string     `json:"body,omitempty"`
	BodyHTML   string     `json:"body_html,omitempty"`
	Status     string     `json:"status"`
	Deleted    bool       `json:"deleted,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
	Replies    []*Comment `json:"replies,omitempty"`
}

// MaxBody is the longest comment, in characters.
const MaxBody = 10000

// Input is a new comment.
type Input struct {
	Body    string `json:"body"`
	ReplyTo *int64 `json:"reply_to"`
	// Nonce makes a write idempotent: the same member sending the same
	// nonce again gets the comment the first call made.
	Nonce string `json:"-"`
	// Honeypot is the form field hidden from people, for the spam check.
	Honeypot string `json:"-"`
}

func checkBody(body string) error {
	var v apperr.Validation
	markup.CheckText(&v, "body", body, true, MaxBody)
	return v.Err()
}

// Service stores comments.
type Service struct {
	db  *database.DB
	now func() time.Time
	// Screen gives a new comment its status; nil publishes everything.
	screen moderation.ScreenFunc

	mu      sync.RWMutex
	parents map[string]Parent
}

// Options tune a Service.
type Options struct {
	Now    func() time.Time // time.Now when nil
	Screen moderation.ScreenFunc
}

// NewService returns a comment service on db.
func NewService(db *database.DB, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, screen: opt.Screen, parents: map[string]Parent{}}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}

// Register makes kind a parent that comments may hang under.
func (s *Service) Register(kind string, p Parent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parents[kind] = p
}

func (s *Service) parent(kind string) (Parent, error) {
	s.mu.RLock()
	p := s.parents[kind]
	s.mu.RUnlock()
	if p == nil {
		return nil, fmt.Errorf("comment: no parent of kind %q is registered", kind)
	}
	return p, nil
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Add posts a member's comment under the parent post (kind, parentID),
// answering in.ReplyTo when set (it must be in the same thread).
func (s *Service) Add(ctx context.Context, userID int64, kind string, parentID int64, in Input) (*Comment, error) {
	if err := checkBody(in.Body); err != nil {
		return nil, err
	}
	p, err := s.parent(kind)
	if err != nil {
		return nil, err
	}
	html, err := markup.Render(in.Body)
	if err != nil {
		return nil, err
	}
	// A screened comment is stored held and published once the check
	// allows (see moderation.Admit).
	status := moderation.Published
	if s.screen != nil {
		status = moderation.Held
	}
	var id int64
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		owner, err := p.CommentParent(ctx, q, parentID)
		if err != nil {
			return err
		}
		if in.ReplyTo != nil {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE id = ? AND parent_type = ? AND parent_id = ?", *in.ReplyTo, kind, parentID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &apperr.Error{Code: apperr.Invalid, Message: "The comment answered is not in this thread.",
					Fields: []apperr.FieldError{{Field: "reply_to", Message: "names no comment in this thread"}}}
			}
		}
		var once, ownerID any
		if in.Nonce != "" {
			once = in.Nonce
		}
		if owner != 0 {
			ownerID = owner
		}
		if err := q.QueryRow(ctx, `INSERT INTO comments (user_id, parent_type, parent_id, parent_user_id, reply_to, body, body_html, status, created_at, updated_at, form_nonce)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, userID, kind, parentID, ownerID, in.ReplyTo, in.Body, html, status, now, now, once).Scan(&id); err != nil {
			return err
		}
		if status == moderation.Published {
			return p.CommentsChanged(ctx, q, parentID, 1, now)
		}
		return nil
	})
	if database.IsUniqueViolation(err) && in.Nonce != "" {
		// Sent again: the first comment, as the check left it.
		if err = s.db.Reader().QueryRow(ctx, "SELECT id FROM comments WHERE user_id = ? AND form_nonce = ?", userID, in.Nonce).Scan(&id); err != nil {
			return nil, err
		}
		return s.Get(ctx, id)
	}
	if err != nil {
		return nil, err
	}
	if s.screen != nil {
		post := moderation.Post{Kind: "comment", ID: id, AuthorID: userID, Text: in.Body, Honeypot: in.Honeypot}
		if err := moderation.Admit(ctx, s.screen, s, post, func(ctx context.Context) error {
			return s.db.WithTx(ctx, func(q *database.Q) error {
				_, err := q.Exec(ctx, "DELETE FROM comments WHERE id = ?", id)
				return err
			})
		}); err != nil {
			return nil, err
		}
	} else {
		p.CommentsCommitted(ctx, parentID)
	}
	return s.Get(ctx, id)
}

const columns = `c.id, c.parent_type, c.parent_id, c.user_id, CASE WHEN u.deleted_at IS NULL THEN COALESCE(u.username, '') ELSE '' END, COALESCE(u.display_name, ''), c.reply_to,
	c.body, c.body_html, c.status, c.created_at, c.edited_at, c.deleted_at`

func scan(row interface{ Scan(...any) error }, extra ...any) (*Comment, error) {
	c := &Comment{}
	var user, reply sql.NullInt64
	var username, display string
	var edited, deleted sql.NullTime
	dest := append([]any{&c.ID, &c.ParentType, &c.ParentID, &user, &username, &display, &reply, &c.Body, &c.BodyHTML, &c.Status,
		&c.CreatedAt, &edited, &deleted}, extra...)
	if err := row.Scan(dest...); err != nil {
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
	// A deleted account's kept comments show no author.
	if user.Valid && !deleted.Valid && username != "" {
		c.Author = &Author{Username: username, DisplayName: display}
	}
	return c, nil
}

// Get returns one comment, whatever its status.
func (s *Service) Get(ctx context.Context, id int64) (*Comment, error) {
	c, err := scan(s.db.Reader().QueryRow(ctx, "SELECT "+columns+" FROM comments c LEFT JOIN users u ON u.id = c.user_id WHERE c.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
	}
	return c, err
}

// Thread returns the published comments under a post as a tree, oldest
// first, and how many there are (deleted ones keep their place).
func (s *Service) Thread(ctx context.Context, kind string, parentID int64) ([]*Comment, int, error) {
	rows, err := s.db.Reader().Query(ctx, "SELECT "+columns+` FROM comments c LEFT JOIN users u ON u.id = c.user_id
		WHERE c.parent_type = ? AND c.parent_id = ? AND c.status = 'published' ORDER BY c.id`, kind, parentID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	byID := map[int64]*Comment{}
	var roots []*Comment
	n := 0
	for rows.Next() {
		c, err := scan(rows)
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

// mayChange loads a live, shown comment the member may change: their own,
// or any for a moderator.
func (s *Service) mayChange(ctx context.Context, userID int64, moderator bool, id int64) (*Comment, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Deleted || (c.Status != moderation.Published && !moderator && c.UserID != userID) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
	}
	if c.UserID != userID && !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this comment.")
	}
	return c, nil
}

// Edit replaces a comment's text and marks it edited.
func (s *Service) Edit(ctx context.Context, userID int64, moderator bool, id int64, body string) (*Comment, error) {
	if err := checkBody(body); err != nil {
		return nil, err
	}
	if _, err := s.mayChange(ctx, userID, moderator, id); err != nil {
		return nil, err
	}
	html, err := markup.Render(body)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE comments SET body = ?, body_html = ?, updated_at = ?, edited_at = ? WHERE id = ? AND deleted_at IS NULL", body, html, now, now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Delete removes a comment's text; its place in the thread stays, and the
// parent counts one comment fewer.
func (s *Service) Delete(ctx context.Context, userID int64, moderator bool, id int64) error {
	c, err := s.mayChange(ctx, userID, moderator, id)
	if err != nil {
		return err
	}
	p, err := s.parent(c.ParentType)
	if err != nil {
		return err
	}
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		// Only the call that actually deletes moves the count, so two
		// deletes at once count once.
		res, err := q.Exec(ctx, "UPDATE comments SET body = '', body_html = '', updated_at = ?, deleted_at = ? WHERE id = ? AND deleted_at IS NULL", now, now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 && c.Status == moderation.Published {
			return p.CommentsChanged(ctx, q, c.ParentID, -1, now)
		}
		return nil
	})
	if err == nil {
		p.CommentsCommitted(ctx, c.ParentID)
	}
	return err
}

// Reply is a comment answering one of the member's posts.
type Reply struct {
	Comment
	// ParentTitle is the headline or topic of the post the thread is under.
	ParentTitle string `json:"parent_title"`
	// The review fields repeat the parent for clients written before
	// comments hung under anything but reviews.
	ReviewID       int64  `json:"review_id,omitempty"`
	ReviewHeadline string `json:"review_headline,omitempty"`
}

// RepliesTo lists the newest published comments that answer the member:
// replies to their comments and top-level comments under their posts,
// never their own.
func (s *Service) RepliesTo(ctx context.Context, userID int64, limit int) ([]Reply, error) {
	rows, err := s.db.Reader().Query(ctx, "SELECT "+columns+` FROM comments c
		LEFT JOIN users u ON u.id = c.user_id
		LEFT JOIN comments p ON p.id = c.reply_to
		WHERE c.deleted_at IS NULL AND c.status = 'published' AND (c.user_id IS NULL OR c.user_id <> ?)
		  AND (p.user_id = ? OR (c.reply_to IS NULL AND c.parent_user_id = ?))
		ORDER BY c.id DESC LIMIT ?`, userID, userID, userID, limit)
	if err != nil {
		return nil, err
	}
	var found []*Comment
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		found = append(found, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Name the posts the threads hang under, one query per kind.
	ids := map[string][]int64{}
	for _, c := range found {
		ids[c.ParentType] = append(ids[c.ParentType], c.ParentID)
	}
	names := map[string]map[int64]string{}
	for kind, list := range ids {
		p, err := s.parent(kind)
		if err != nil {
			continue // a kind this server does not serve
		}
		if names[kind], err = p.Headlines(ctx, list); err != nil {
			return nil, err
		}
	}
	out := []Reply{}
	for _, c := range found {
		title, ok := names[c.ParentType][c.ParentID]
		if !ok {
			continue // the post is gone or hidden
		}
		rp := Reply{Comment: *c, ParentTitle: title}
		if c.ParentType == OnReview {
			rp.ReviewID, rp.ReviewHeadline = c.ParentID, title
		}
		out = append(out, rp)
	}
	return out, nil
}

var _ moderation.Target = (*Service)(nil)

// ModerationPost returns a comment's author and text, whatever its status.
func (s *Service) ModerationPost(ctx context.Context, id int64) (int64, string, error) {
	var user sql.NullInt64
	var body string
	err := s.db.Reader().QueryRow(ctx, "SELECT user_id, body FROM comments WHERE id = ?", id).Scan(&user, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
	}
	return user.Int64, body, err
}

// SetModerationStatus moves a comment to status; the parent's count of
// shown comments follows in the same transaction.
func (s *Service) SetModerationStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case moderation.Published, moderation.Held, moderation.Spam, moderation.Removed:
	default:
		return &apperr.Error{Code: apperr.Invalid, Message: "The input is invalid.",
			Fields: []apperr.FieldError{{Field: "status", Message: "must be published, held, spam or removed"}}}
	}
	var kind string
	var parentID int64
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		var old string
		var deleted sql.NullTime
		var created time.Time
		err := q.QueryRow(ctx, "SELECT parent_type, parent_id, status, deleted_at, created_at FROM comments WHERE id = ?", id).
			Scan(&kind, &parentID, &old, &deleted, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "There is no comment %d.", id)
		}
		if err != nil {
			return err
		}
		if old == status {
			return nil
		}
		// A conditional update, so two moderators deciding at once move the
		// count once.
		res, err := q.Exec(ctx, "UPDATE comments SET status = ? WHERE id = ? AND status = ?", status, id, old)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 || deleted.Valid {
			return nil
		}
		delta := 0
		if status == moderation.Published {
			delta = 1
		} else if old == moderation.Published {
			delta = -1
		}
		if delta == 0 {
			return nil
		}
		p, err := s.parent(kind)
		if err != nil {
			return err
		}
		return p.CommentsChanged(ctx, q, parentID, delta, created)
	})
	if err == nil && kind != "" {
		if p, err := s.parent(kind); err == nil {
			p.CommentsCommitted(ctx, parentID)
		}
	}
	return err
}
