// Package discussion keeps members' discussions: a topic and an opening
// post about a title, or about anything on the site board, with a thread
// of comments under it (kept by package comment).
package discussion

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/markup"
	"github.com/dramadb/dramadb/internal/moderation"
)

// Limits on what a discussion holds.
const (
	MaxTopic = 200
	MaxBody  = 20000
)

// Input is what a member writes to start or edit a discussion.
type Input struct {
	Topic   string `json:"topic"`
	Body    string `json:"body"` // Markdown
	Spoiler bool   `json:"spoiler"`
	// Pinned and Locked are for moderators; nil leaves them as they are.
	Pinned *bool `json:"pinned,omitempty"`
	Locked *bool `json:"locked,omitempty"`
	// Nonce makes a start idempotent: the same member sending the same
	// nonce again gets the discussion the first call made.
	Nonce string `json:"-"`
	// Honeypot is the form field hidden from people, for the spam check.
	Honeypot string `json:"-"`
}

func (in *Input) validate() error {
	var v apperr.Validation
	in.Topic = strings.TrimSpace(in.Topic)
	markup.CheckText(&v, "topic", in.Topic, true, MaxTopic)
	if strings.ContainsAny(in.Topic, "\r\n") {
		v.Add("topic", "must be one line")
	}
	markup.CheckText(&v, "body", in.Body, true, MaxBody)
	return v.Err()
}

// Author is who started a discussion; never their e-mail address.
type Author = comment.Author

// TitleRef names the title a discussion is about.
type TitleRef struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// Discussion is a stored discussion.
type Discussion struct {
	ID             int64      `json:"id"`
	Title          *TitleRef  `json:"title,omitempty"` // nil on the site board
	TitleID        *int64     `json:"-"`
	Author         *Author    `json:"author,omitempty"` // nil once the account is gone
	UserID         int64      `json:"-"`
	Topic          string     `json:"topic"`
	Body           string     `json:"body"`
	BodyHTML       string     `json:"body_html"`
	Spoiler        bool       `json:"spoiler"`
	Status         string     `json:"status"`
	Pinned         bool       `json:"pinned"`
	Locked         bool       `json:"locked"`
	CommentCount   int64      `json:"comment_count"`
	CreatedAt      time.Time  `json:"created_at"`
	EditedAt       *time.Time `json:"edited_at,omitempty"`
	LastActivityAt time.Time  `json:"last_activity_at"`
}

// Service stores discussions.
type Service struct {
	db       *database.DB
	now      func() time.Time
	screen   moderation.ScreenFunc
	maxStale time.Duration

	mu     sync.Mutex
	recent map[int64]recentEntry // title id → its latest discussions
}

// Options tune a Service.
type Options struct {
	Now func() time.Time // time.Now when nil
	// Screen gives a new discussion its status; nil publishes everything.
	Screen moderation.ScreenFunc
	// MaxStale bounds how old the latest discussions shown on title pages
	// may be when another server wrote them (default 2s); this server's
	// own writes show at once.
	MaxStale time.Duration
}

// NewService returns a discussion service on db and registers it with
// comments, so threads can hang under discussions.
func NewService(db *database.DB, comments *comment.Service, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, screen: opt.Screen, maxStale: opt.MaxStale}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxStale <= 0 {
		s.maxStale = 2 * time.Second
	}
	if comments != nil {
		comments.Register(comment.OnDiscussion, s)
	}
	return s
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Create starts a member's discussion about a title, or on the site board
// when titleID is nil.
func (s *Service) Create(ctx context.Context, userID int64, titleID *int64, in Input) (*Discussion, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	if in.Pinned != nil || in.Locked != nil {
		return nil, apperr.Errorf(apperr.Forbidden, "Discussions are pinned or locked after they start, by moderators.")
	}
	html, err := markup.Render(in.Body)
	if err != nil {
		return nil, err
	}
	// A screened discussion is stored held and published once the check
	// allows (see moderation.Admit).
	status := moderation.Published
	if s.screen != nil {
		status = moderation.Held
	}
	var once any
	if in.Nonce != "" {
		once = in.Nonce
	}
	var id int64
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		if titleID != nil {
			var n int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM titles WHERE id = ?", *titleID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Errorf(apperr.NotFound, "There is no title %d.", *titleID)
			}
		}
		return q.QueryRow(ctx, `INSERT INTO discussions (title_id, user_id, topic, body, body_html, spoiler, status, form_nonce, created_at, updated_at, last_activity_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, titleID, userID, in.Topic, in.Body, html, in.Spoiler, status, once, now, now, now).Scan(&id)
	})
	if database.IsUniqueViolation(err) && in.Nonce != "" {
		// Sent again: the first discussion, as the check left it.
		if err = s.db.Reader().QueryRow(ctx, "SELECT id FROM discussions WHERE user_id = ? AND form_nonce = ?", userID, in.Nonce).Scan(&id); err != nil {
			return nil, err
		}
		return s.get(ctx, id, true)
	}
	if err != nil {
		return nil, err
	}
	if s.screen != nil {
		post := moderation.Post{Kind: "discussion", ID: id, AuthorID: userID, Text: in.Topic + "\n" + in.Body, Honeypot: in.Honeypot}
		if err := moderation.Admit(ctx, s.screen, s, post, func(ctx context.Context) error {
			return s.db.WithTx(ctx, func(q *database.Q) error {
				_, err := q.Exec(ctx, "DELETE FROM discussions WHERE id = ?", id)
				return err
			})
		}); err != nil {
			return nil, err
		}
	}
	s.forget(titleID)
	return s.get(ctx, id, true)
}

const columns = `d.id, d.title_id, t.slug, t.name, d.user_id, CASE WHEN u.deleted_at IS NULL THEN COALESCE(u.username, '') ELSE '' END, COALESCE(u.display_name, ''), d.topic, d.body, d.body_html,
	d.spoiler, d.status, d.pinned, d.locked, d.comment_count, d.created_at, d.edited_at, d.last_activity_at`

const from = ` FROM discussions d LEFT JOIN titles t ON t.id = d.title_id LEFT JOIN users u ON u.id = d.user_id `

func scan(row interface{ Scan(...any) error }) (*Discussion, error) {
	d := &Discussion{}
	var title, user sql.NullInt64
	var slug, name sql.NullString
	var username, display string
	var edited sql.NullTime
	err := row.Scan(&d.ID, &title, &slug, &name, &user, &username, &display, &d.Topic, &d.Body, &d.BodyHTML,
		&d.Spoiler, &d.Status, &d.Pinned, &d.Locked, &d.CommentCount, &d.CreatedAt, &edited, &d.LastActivityAt)
	if err != nil {
		return nil, err
	}
	if title.Valid {
		d.TitleID = &title.Int64
		d.Title = &TitleRef{Slug: slug.String, Name: name.String}
	}
	if user.Valid {
		d.UserID = user.Int64
	}
	// A deleted account's kept discussions show no author.
	if user.Valid && username != "" {
		d.Author = &Author{Username: username, DisplayName: display}
	}
	if edited.Valid {
		d.EditedAt = &edited.Time
	}
	return d, nil
}

// Get returns one published discussion.
func (s *Service) Get(ctx context.Context, id int64) (*Discussion, error) {
	return s.get(ctx, id, false)
}

func (s *Service) get(ctx context.Context, id int64, anyStatus bool) (*Discussion, error) {
	d, err := scan(s.db.Reader().QueryRow(ctx, "SELECT "+columns+from+"WHERE d.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !anyStatus && d.Status != moderation.Published) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no discussion %d.", id)
	}
	return d, err
}

// ListByTitle returns a page of a title's published discussions, pinned
// ones first, then by latest activity.
func (s *Service) ListByTitle(ctx context.Context, titleID int64, page, perPage int) ([]*Discussion, int, error) {
	return s.list(ctx, "d.title_id = ?", "d.pinned DESC, d.last_activity_at DESC, d.id DESC", []any{titleID}, page, perPage)
}

// Board returns a page of all published discussions, about titles and
// general, by latest activity; general topics pinned by moderators lead.
func (s *Service) Board(ctx context.Context, page, perPage int) ([]*Discussion, int, error) {
	return s.list(ctx, "1 = 1", "CASE WHEN d.pinned AND d.title_id IS NULL THEN 0 ELSE 1 END, d.last_activity_at DESC, d.id DESC", nil, page, perPage)
}

func (s *Service) list(ctx context.Context, cond, order string, args []any, page, perPage int) ([]*Discussion, int, error) {
	if page < 1 {
		page = 1
	}
	cond = "d.status = 'published' AND " + cond
	q := s.db.Reader()
	var total int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM discussions d WHERE "+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.Query(ctx, "SELECT "+columns+from+"WHERE "+cond+" ORDER BY "+order+" LIMIT ? OFFSET ?", append(args, perPage, (page-1)*perPage)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*Discussion{}
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// mayChange loads a discussion the member may change: their own, or any
// for a moderator.
func (s *Service) mayChange(ctx context.Context, userID int64, moderator bool, id int64) (*Discussion, error) {
	d, err := s.get(ctx, id, moderator)
	if err != nil {
		return nil, err
	}
	if d.UserID != userID && !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this discussion.")
	}
	return d, nil
}

// Update replaces a discussion's topic, opening post and spoiler flag and
// marks it edited. Moderators may also pin or lock it.
func (s *Service) Update(ctx context.Context, userID int64, moderator bool, id int64, in Input) (*Discussion, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	d, err := s.mayChange(ctx, userID, moderator, id)
	if err != nil {
		return nil, err
	}
	if (in.Pinned != nil || in.Locked != nil) && !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only moderators pin or lock discussions.")
	}
	html, err := markup.Render(in.Body)
	if err != nil {
		return nil, err
	}
	pinned, locked := d.Pinned, d.Locked
	if in.Pinned != nil {
		pinned = *in.Pinned
	}
	if in.Locked != nil {
		locked = *in.Locked
	}
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, `UPDATE discussions SET topic = ?, body = ?, body_html = ?, spoiler = ?, pinned = ?, locked = ?, updated_at = ?, edited_at = ?
			WHERE id = ?`, in.Topic, in.Body, html, in.Spoiler, pinned, locked, now, now, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.forget(d.TitleID)
	return s.get(ctx, id, moderator)
}

// SetFlags pins or locks a discussion (nil leaves a flag as it is); only
// moderators may. It does not mark the discussion edited.
func (s *Service) SetFlags(ctx context.Context, moderator bool, id int64, pinned, locked *bool) (*Discussion, error) {
	if !moderator {
		return nil, apperr.Errorf(apperr.Forbidden, "Only moderators pin or lock discussions.")
	}
	d, err := s.get(ctx, id, true)
	if err != nil {
		return nil, err
	}
	if pinned == nil {
		pinned = &d.Pinned
	}
	if locked == nil {
		locked = &d.Locked
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE discussions SET pinned = ?, locked = ?, updated_at = ? WHERE id = ?", *pinned, *locked, s.clock(), id)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.forget(d.TitleID)
	return s.get(ctx, id, true)
}

// Delete removes a discussion and every comment under it.
func (s *Service) Delete(ctx context.Context, userID int64, moderator bool, id int64) error {
	d, err := s.mayChange(ctx, userID, moderator, id)
	if err != nil {
		return err
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		// Comments name their parent without a foreign key (threads hang
		// under several kinds of post), so they go explicitly.
		if _, err := q.Exec(ctx, "DELETE FROM comments WHERE parent_type = 'discussion' AND parent_id = ?", id); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "DELETE FROM discussions WHERE id = ?", id)
		return err
	})
	if err != nil {
		return err
	}
	s.forget(d.TitleID)
	return nil
}

// Recent is a title's latest discussions and how many it has. The same
// value comes back from Latest until they change, so a page built from it
// can be kept.
type Recent struct {
	Items []*Discussion
	Total int
}

func (r *Recent) same(o *Recent) bool {
	if r.Total != o.Total || len(r.Items) != len(o.Items) {
		return false
	}
	for i, d := range r.Items {
		e := o.Items[i]
		if d.ID != e.ID || d.Topic != e.Topic || d.CommentCount != e.CommentCount || d.Pinned != e.Pinned || d.Locked != e.Locked ||
			d.Spoiler != e.Spoiler || !d.LastActivityAt.Equal(e.LastActivityAt) || (d.EditedAt == nil) != (e.EditedAt == nil) ||
			(d.EditedAt != nil && !d.EditedAt.Equal(*e.EditedAt)) || (d.Author == nil) != (e.Author == nil) {
			return false
		}
	}
	return true
}

type recentEntry struct {
	recent *Recent
	at     time.Time
}

// Latest returns a title's n most recently active discussions (pinned
// first), as of at most MaxStale ago for other servers' writes.
func (s *Service) Latest(ctx context.Context, titleID int64, n int) (*Recent, error) {
	s.mu.Lock()
	c, ok := s.recent[titleID]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < s.maxStale {
		return c.recent, nil
	}
	items, total, err := s.ListByTitle(ctx, titleID, 1, n)
	if err != nil {
		return nil, err
	}
	r := &Recent{Items: items, Total: total}
	s.mu.Lock()
	if ok && c.recent.same(r) {
		r = c.recent
	}
	if s.recent == nil || len(s.recent) > 50000 {
		s.recent = map[int64]recentEntry{}
	}
	s.recent[titleID] = recentEntry{recent: r, at: s.now()}
	s.mu.Unlock()
	return r, nil
}

// forget makes the next Latest of the title read afresh. The kept value
// stays as the one to hand out again should nothing have changed.
func (s *Service) forget(titleID *int64) {
	if titleID == nil {
		return
	}
	s.mu.Lock()
	if c, ok := s.recent[*titleID]; ok {
		c.at = time.Time{}
		s.recent[*titleID] = c
	}
	s.mu.Unlock()
}

// The methods below let comment threads hang under discussions (see
// comment.Parent).

// CommentParent returns the author of discussion id, which must be shown
// and not locked.
func (s *Service) CommentParent(ctx context.Context, q *database.Q, id int64) (int64, error) {
	var author sql.NullInt64
	var locked bool
	err := q.QueryRow(ctx, "SELECT user_id, locked FROM discussions WHERE id = ? AND status = 'published'", id).Scan(&author, &locked)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.Errorf(apperr.NotFound, "There is no discussion %d.", id)
	}
	if err != nil {
		return 0, err
	}
	if locked {
		return 0, apperr.Errorf(apperr.Conflict, "This discussion is locked; it takes no new comments.")
	}
	return author.Int64, nil
}

// CommentsChanged moves a discussion's comment count and latest activity
// inside the transaction that wrote the comment. When a comment goes, the
// latest activity falls back to the newest comment left, or the start.
func (s *Service) CommentsChanged(ctx context.Context, q *database.Q, id int64, delta int, at time.Time) error {
	var title sql.NullInt64
	var err error
	if delta > 0 {
		// Never backwards: a comment published late by a moderator, or a
		// transaction that commits after a newer one, keeps the latest time.
		err = q.QueryRow(ctx, `UPDATE discussions SET comment_count = comment_count + ?,
			last_activity_at = CASE WHEN last_activity_at < ? THEN ? ELSE last_activity_at END WHERE id = ? RETURNING title_id`,
			delta, at, at, id).Scan(&title)
	} else {
		err = q.QueryRow(ctx, `UPDATE discussions SET comment_count = comment_count + ?,
			last_activity_at = COALESCE((SELECT MAX(c.created_at) FROM comments c
				WHERE c.parent_type = 'discussion' AND c.parent_id = discussions.id AND c.status = 'published' AND c.deleted_at IS NULL), created_at)
			WHERE id = ? RETURNING title_id`, delta, id).Scan(&title)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the discussion went with its comments
	}
	if err != nil {
		return err
	}
	if title.Valid {
		s.forget(&title.Int64)
	}
	return nil
}

// CommentsCommitted makes the title's latest discussions read afresh once
// the comment is committed: a title page rendered between the change and
// the commit may have kept the old ones.
func (s *Service) CommentsCommitted(ctx context.Context, id int64) {
	var title sql.NullInt64
	if err := s.db.Reader().QueryRow(ctx, "SELECT title_id FROM discussions WHERE id = ?", id).Scan(&title); err == nil && title.Valid {
		s.forget(&title.Int64)
	}
}

// Headlines returns the topics of the shown discussions among ids.
func (s *Service) Headlines(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, (len(ids)+15)/16*16)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	rows, err := s.db.Reader().Query(ctx, "SELECT id, topic FROM discussions WHERE status = 'published' AND id IN (?"+strings.Repeat(", ?", len(args)-1)+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var topic string
		if err := rows.Scan(&id, &topic); err != nil {
			return nil, err
		}
		out[id] = topic
	}
	return out, rows.Err()
}

var _ moderation.Target = (*Service)(nil)

// ModerationPost returns a discussion's author and text, whatever its
// status.
func (s *Service) ModerationPost(ctx context.Context, id int64) (int64, string, error) {
	d, err := s.get(ctx, id, true)
	if err != nil {
		return 0, "", err
	}
	return d.UserID, d.Topic + "\n" + d.Body, nil
}

// SetModerationStatus moves a discussion to status; only published ones
// are listed or take comments.
func (s *Service) SetModerationStatus(ctx context.Context, id int64, status string) error {
	switch status {
	case moderation.Published, moderation.Held, moderation.Spam, moderation.Removed:
	default:
		return &apperr.Error{Code: apperr.Invalid, Message: "The input is invalid.",
			Fields: []apperr.FieldError{{Field: "status", Message: "must be published, held, spam or removed"}}}
	}
	d, err := s.get(ctx, id, true)
	if err != nil {
		return err
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE discussions SET status = ? WHERE id = ?", status, id)
		return err
	})
	if err != nil {
		return err
	}
	s.forget(d.TitleID)
	return nil
}
