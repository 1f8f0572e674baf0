package moderation

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/spam"
)

// Verdict is a checker's opinion of a post.
type Verdict struct {
	Score   float64  // the chance that the post is spam, 0–1
	Hold    bool     // whether it should wait for a moderator
	Reasons []string // shown to moderators
}

// Checker judges posts and learns from moderators' decisions. The default
// runs locally (package spam); a remote service could be plugged in.
type Checker interface {
	Check(ctx context.Context, p Post) (Verdict, error)
	// Learn records that a post is spam or not. Learning the same post
	// twice with the same label must change nothing.
	Learn(ctx context.Context, p Post, spam bool) error
}

// SpamChecker is the local checker: package spam's filter.
type SpamChecker struct{ Filter *spam.Filter }

// Check scores p with the filter.
func (c SpamChecker) Check(ctx context.Context, p Post) (Verdict, error) {
	v, err := c.Filter.Check(ctx, spam.Input{AuthorID: p.AuthorID, Text: p.Text, Honeypot: p.Honeypot})
	return Verdict{Score: v.Probability, Hold: v.Hold, Reasons: v.Reasons}, err
}

// Learn trains the filter's classifier on p.
func (c SpamChecker) Learn(ctx context.Context, p Post, isSpam bool) error {
	return c.Filter.Train(ctx, p.Kind, p.ID, p.Text, isSpam)
}

// Decisions a moderator can take on a queued post.
const (
	Approve  = "approve" // publish it; it was not spam
	MarkSpam = "spam"    // hide it as spam and learn from it
	Delete   = "delete"  // hide it as removed, without learning
	Ban      = "ban"     // as spam, and disable its author's account
)

// MaxReason is the longest report reason, in characters.
const MaxReason = 500

// Service screens new posts, keeps the queue and carries out decisions.
type Service struct {
	db      *database.DB
	checker Checker
	now     func() time.Time

	mu      sync.RWMutex
	targets map[string]Target
}

// NewService returns a moderation service on db using checker; now may be
// nil for time.Now.
func NewService(db *database.DB, checker Checker, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{db: db, checker: checker, now: now, targets: map[string]Target{}}
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Register makes the service that owns kind of post reachable for the
// queue and for decisions.
func (s *Service) Register(kind string, t Target) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.targets[kind] = t
}

func (s *Service) target(kind string) (Target, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t, ok := s.targets[kind]
	return t, ok
}

// IsModerator reports whether the member may moderate: moderators and admins.
func (s *Service) IsModerator(ctx context.Context, userID int64) (bool, error) {
	var role string
	err := s.db.Reader().QueryRow(ctx, "SELECT role FROM users WHERE id = ? AND disabled_at IS NULL", userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return role == "moderator" || role == "admin", err
}

// Screen is the ScreenFunc for services that own posts: it returns the
// status p starts with. Posts by moderators and admins are never held;
// a held post is put in the queue with the checker's score and reasons.
func (s *Service) Screen(ctx context.Context, p Post) (string, error) {
	mod, err := s.IsModerator(ctx, p.AuthorID)
	if err != nil {
		return "", err
	}
	if mod || s.checker == nil {
		return Published, nil
	}
	v, err := s.checker.Check(ctx, p)
	if err != nil {
		return "", err
	}
	if !v.Hold {
		return Published, nil
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := s.openItem(ctx, q, p.Kind, p.ID, p.AuthorID, p.Text, true, v.Score, strings.Join(v.Reasons, "\n"))
		return err
	})
	if err != nil {
		return "", err
	}
	return Held, nil
}

// openItem returns the open queue item of a post, making one if there is
// none; an existing one gets the newer text, and the check's score and
// reasons when held is true.
func (s *Service) openItem(ctx context.Context, q *database.Q, kind string, postID, authorID int64, text string, held bool, score float64, reasons string) (int64, error) {
	var id int64
	err := q.QueryRow(ctx, "SELECT id FROM moderation_queue WHERE kind = ? AND post_id = ? AND resolved_at IS NULL", kind, postID).Scan(&id)
	switch {
	case err == nil:
		if held {
			_, err = q.Exec(ctx, "UPDATE moderation_queue SET text = ?, held = ?, score = ?, reasons = ? WHERE id = ?", text, true, score, reasons, id)
		} else {
			_, err = q.Exec(ctx, "UPDATE moderation_queue SET text = ? WHERE id = ?", text, id)
		}
		return id, err
	case !errors.Is(err, sql.ErrNoRows):
		return 0, err
	}
	var author any
	if authorID > 0 {
		author = authorID
	}
	err = q.QueryRow(ctx, `INSERT INTO moderation_queue (kind, post_id, author_id, text, held, score, reasons, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, kind, postID, author, text, held, score, reasons, s.clock()).Scan(&id)
	return id, err
}

// Report records a member's report of a post, which puts it in the queue.
// A member has at most one open report per post.
func (s *Service) Report(ctx context.Context, reporterID int64, kind string, postID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	var v apperr.Validation
	t, ok := s.target(kind)
	v.Check(ok, "kind", "must be a kind of post that can be reported")
	v.Check(postID > 0, "id", "must be a post's id")
	switch {
	case !utf8.ValidString(reason) || strings.ContainsRune(reason, 0):
		v.Add("reason", "is not valid text")
	case reason == "":
		v.Add("reason", "is required: say what is wrong with the post")
	case utf8.RuneCountInString(reason) > MaxReason:
		v.Add("reason", "is longer than %d characters", MaxReason)
	}
	if err := v.Err(); err != nil {
		return err
	}
	authorID, text, err := t.ModerationPost(ctx, postID)
	if err != nil {
		return err
	}
	if authorID == reporterID {
		return apperr.Errorf(apperr.Invalid, "You cannot report your own post.")
	}
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		// One open item per post even when two members report it at once.
		if err := q.Serialize(ctx, "moderation-queue"); err != nil {
			return err
		}
		item, err := s.openItem(ctx, q, kind, postID, authorID, text, false, 0, "")
		if err != nil {
			return err
		}
		_, err = q.Exec(ctx, `INSERT INTO moderation_reports (item_id, kind, post_id, reporter_id, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, item, kind, postID, reporterID, reason, s.clock())
		return err
	})
	if database.IsUniqueViolation(err) {
		return apperr.Errorf(apperr.Conflict, "You have already reported this post; moderators will look at it.")
	}
	return err
}

// Item is a post waiting in the queue.
type Item struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	PostID    int64     `json:"post_id"`
	Author    string    `json:"author"` // username; "" when the account is gone
	Text      string    `json:"text"`
	Held      bool      `json:"held"` // held by the check (else only reported)
	Score     float64   `json:"score"`
	Reasons   []string  `json:"reasons"`
	Reports   []Report  `json:"reports"`
	CreatedAt time.Time `json:"created_at"`
}

// Report is one member's report of a post.
type Report struct {
	Reporter  string    `json:"reporter"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
}

// MaxQueue is how many open items Queue returns at most.
const MaxQueue = 200

// Queue returns the open items, oldest first, with their open reports.
func (s *Service) Queue(ctx context.Context) ([]*Item, error) {
	q := s.db.Reader()
	rows, err := q.Query(ctx, `SELECT m.id, m.kind, m.post_id, COALESCE(u.username, ''), m.text, m.held, m.score, m.reasons, m.created_at
		FROM moderation_queue m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.resolved_at IS NULL ORDER BY m.created_at, m.id LIMIT ?`, MaxQueue)
	if err != nil {
		return nil, err
	}
	items := []*Item{}
	byID := map[int64]*Item{}
	for rows.Next() {
		it := &Item{Reasons: []string{}, Reports: []Report{}}
		var reasons string
		if err := rows.Scan(&it.ID, &it.Kind, &it.PostID, &it.Author, &it.Text, &it.Held, &it.Score, &reasons, &it.CreatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		if reasons != "" {
			it.Reasons = strings.Split(reasons, "\n")
		}
		items = append(items, it)
		byID[it.ID] = it
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = q.Query(ctx, `SELECT r.item_id, u.username, r.reason, r.created_at FROM moderation_reports r
		JOIN moderation_queue m ON m.id = r.item_id JOIN users u ON u.id = r.reporter_id
		WHERE m.resolved_at IS NULL AND r.resolved_at IS NULL ORDER BY r.created_at, r.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var r Report
		if err := rows.Scan(&item, &r.Reporter, &r.Reason, &r.CreatedAt); err != nil {
			return nil, err
		}
		if it := byID[item]; it != nil {
			it.Reports = append(it.Reports, r)
		}
	}
	return items, rows.Err()
}

// Decide carries out a moderator's decision on an open queue item: the
// post's new status goes to the service that owns it, the checker learns
// from approvals and spam, a ban disables the author and ends their
// sessions, and the item and its reports are resolved with who and when.
//
// Each step is safe to repeat, and the item stays open until the last
// one, so a decision cut short by an error is finished by trying again.
func (s *Service) Decide(ctx context.Context, moderatorID, itemID int64, decision string) error {
	status, ok := map[string]string{Approve: Published, MarkSpam: Spam, Delete: Removed, Ban: Spam}[decision]
	if !ok {
		return &apperr.Error{Code: apperr.Invalid, Message: "The decision is invalid.",
			Fields: []apperr.FieldError{{Field: "decision", Message: "must be approve, spam, delete or ban"}}}
	}
	mod, err := s.IsModerator(ctx, moderatorID)
	if err != nil {
		return err
	}
	if !mod {
		return apperr.Errorf(apperr.Forbidden, "Only moderators and admins may decide on queued posts.")
	}
	var kind string
	var postID int64
	var author sql.NullInt64
	var text string
	var resolved sql.NullTime
	err = s.db.Reader().QueryRow(ctx, "SELECT kind, post_id, author_id, text, resolved_at FROM moderation_queue WHERE id = ?", itemID).
		Scan(&kind, &postID, &author, &text, &resolved)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Errorf(apperr.NotFound, "There is no queue item %d.", itemID)
	}
	if err != nil {
		return err
	}
	if resolved.Valid {
		return apperr.Errorf(apperr.Conflict, "This item was already decided.")
	}
	if decision == Ban && author.Valid {
		if staff, err := s.IsModerator(ctx, author.Int64); err != nil {
			return err
		} else if staff {
			return apperr.Errorf(apperr.Forbidden, "Moderators and admins cannot be banned from the queue; an admin can disable the account.")
		}
	}
	t, ok := s.target(kind)
	if !ok {
		return apperr.Errorf(apperr.Internal, "no service handles posts of kind %q", kind)
	}
	if _, current, err := t.ModerationPost(ctx, postID); err == nil {
		text = current // learn from what the post says now
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return err
	}
	if err := t.SetModerationStatus(ctx, postID, status); err != nil && apperr.CodeOf(err) != apperr.NotFound {
		return err
	}
	if s.checker != nil && decision != Delete {
		if err := s.checker.Learn(ctx, Post{Kind: kind, ID: postID, AuthorID: author.Int64, Text: text}, status == Spam); err != nil {
			return err
		}
	}
	return s.db.WithTx(ctx, func(q *database.Q) error {
		now := s.clock()
		res, err := q.Exec(ctx, "UPDATE moderation_queue SET resolved_at = ?, resolved_by = ?, decision = ? WHERE id = ? AND resolved_at IS NULL",
			now, moderatorID, decision, itemID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.Conflict, "This item was already decided.")
		}
		if _, err := q.Exec(ctx, "UPDATE moderation_reports SET resolved_at = ? WHERE item_id = ? AND resolved_at IS NULL", now, itemID); err != nil {
			return err
		}
		if decision == Ban && author.Valid {
			// As account.Service.SetDisabled does: the account stops
			// working at once, sessions included; its tokens are refused
			// because the account is disabled.
			if _, err := q.Exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ? AND disabled_at IS NULL", now, now, author.Int64); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", author.Int64); err != nil {
				return err
			}
		}
		return nil
	})
}
