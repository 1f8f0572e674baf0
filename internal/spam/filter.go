package spam

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Filter is the spam check on a database: it keeps the classifier's counts
// and the log of recent posts.
type Filter struct {
	db  *database.DB
	now func() time.Time
}

// NewFilter returns a filter on db; now may be nil for time.Now.
func NewFilter(db *database.DB, now func() time.Time) *Filter {
	if now == nil {
		now = time.Now
	}
	return &Filter{db: db, now: now}
}

func (f *Filter) clock() time.Time { return f.now().UTC().Truncate(time.Microsecond) }

// Input is a post to check.
type Input struct {
	AuthorID int64
	Text     string
	Honeypot string
}

// Check scores a post and logs it for the author's posting rate.
func (f *Filter) Check(ctx context.Context, in Input) (Verdict, error) {
	if !validText(in.Text) {
		return Verdict{}, apperr.Errorf(apperr.Invalid, "The post is not valid text.")
	}
	tokens := Tokens(in.Text)
	now := f.clock()
	sig := Signals{Honeypot: strings.TrimSpace(in.Honeypot) != "", Links: len(Links(in.Text))}
	q := f.db.Reader()
	c, err := f.load(ctx, q, tokens)
	if err != nil {
		return Verdict{}, err
	}
	sig.Trained = c.Trained()
	sig.Classifier = c.Probability(tokens)
	var created time.Time
	switch err := q.QueryRow(ctx, "SELECT created_at FROM users WHERE id = ?", in.AuthorID).Scan(&created); {
	case err == nil:
		sig.AgeKnown, sig.AccountAge = true, now.Sub(created)
	case !errors.Is(err, sql.ErrNoRows):
		return Verdict{}, err
	}
	err = f.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM spam_post_log WHERE author_id = ? AND created_at > ?",
			in.AuthorID, now.Add(-RateWindow)).Scan(&sig.RecentPosts); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "INSERT INTO spam_post_log (author_id, created_at) VALUES (?, ?)", in.AuthorID, now); err != nil {
			return err
		}
		// The log only needs the last window; old rows go as new ones come.
		_, err := q.Exec(ctx, "DELETE FROM spam_post_log WHERE author_id = ? AND created_at < ?", in.AuthorID, now.Add(-24*time.Hour))
		return err
	})
	if err != nil {
		return Verdict{}, err
	}
	return Decide(sig), nil
}

// lookupBatch is how many tokens one query asks for; queries are padded
// to it so the statement cache holds a single query.
const lookupBatch = 64

// load reads the totals and the counts of the given tokens.
func (f *Filter) load(ctx context.Context, q *database.Q, tokens []string) (*Counts, error) {
	c := NewCounts()
	if err := q.QueryRow(ctx, "SELECT spam, ham FROM spam_totals WHERE id = 1").Scan(&c.Spam, &c.Ham); err != nil {
		return nil, err
	}
	if !c.Trained() {
		return c, nil
	}
	query := "SELECT token, spam, ham FROM spam_tokens WHERE token IN (?" + strings.Repeat(", ?", lookupBatch-1) + ")"
	for i := 0; i < len(tokens); i += lookupBatch {
		args := make([]any, lookupBatch)
		for j := range args {
			args[j] = ""
			if i+j < len(tokens) {
				args[j] = tokens[i+j]
			}
		}
		rows, err := q.Query(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var t string
			var tc TokenCount
			if err := rows.Scan(&t, &tc.Spam, &tc.Ham); err != nil {
				rows.Close()
				return nil, err
			}
			c.Tokens[t] = tc
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Train teaches the classifier that a post (kind and id) is spam or not.
// Training a post again with the same label changes nothing; with the
// other label, its first training is undone first.
func (f *Filter) Train(ctx context.Context, kind string, postID int64, text string, spam bool) error {
	if !validText(text) {
		return apperr.Errorf(apperr.Invalid, "The post is not valid text.")
	}
	return f.db.WithTx(ctx, func(q *database.Q) error {
		return f.train(ctx, q, kind, postID, text, spam)
	})
}

func (f *Filter) train(ctx context.Context, q *database.Q, kind string, postID int64, text string, spam bool) error {
	// Two moderators deciding on one post at once must not both count it.
	if err := q.Serialize(ctx, "spam-train"); err != nil {
		return err
	}
	var was bool
	var oldText string
	err := q.QueryRow(ctx, "SELECT spam, text FROM spam_trained WHERE kind = ? AND post_id = ?", kind, postID).Scan(&was, &oldText)
	switch {
	case err == nil && was == spam:
		return nil
	case err == nil:
		if err := apply(ctx, q, NewCounts(), Tokens(oldText), was, -1); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, "UPDATE spam_trained SET spam = ?, text = ?, trained_at = ? WHERE kind = ? AND post_id = ?",
			spam, text, f.clock(), kind, postID); err != nil {
			return err
		}
	case errors.Is(err, sql.ErrNoRows):
		if _, err := q.Exec(ctx, "INSERT INTO spam_trained (kind, post_id, spam, text, trained_at) VALUES (?, ?, ?, ?, ?)",
			kind, postID, spam, text, f.clock()); err != nil {
			return err
		}
	default:
		return err
	}
	return apply(ctx, q, NewCounts(), Tokens(text), spam, 1)
}

// apply adds (delta 1) or removes (delta -1) one post's tokens, plus the
// counts already gathered in c, to the stored counts.
func apply(ctx context.Context, q *database.Q, c *Counts, tokens []string, spam bool, delta int64) error {
	c.Add(tokens, spam, delta)
	return store(ctx, q, c)
}

// store adds counts c to the database. Tokens are written in sorted order,
// so concurrent trainings on PostgreSQL take row locks in one order.
func store(ctx context.Context, q *database.Q, c *Counts) error {
	if _, err := q.Exec(ctx, "UPDATE spam_totals SET spam = spam + ?, ham = ham + ? WHERE id = 1", c.Spam, c.Ham); err != nil {
		return err
	}
	keys := make([]string, 0, len(c.Tokens))
	for t := range c.Tokens {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	for _, t := range keys {
		tc := c.Tokens[t]
		if _, err := q.Exec(ctx, `INSERT INTO spam_tokens (token, spam, ham) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET spam = spam_tokens.spam + excluded.spam, ham = spam_tokens.ham + excluded.ham`,
			t, tc.Spam, tc.Ham); err != nil {
			return err
		}
		if tc.Spam < 0 || tc.Ham < 0 {
			if _, err := q.Exec(ctx, "DELETE FROM spam_tokens WHERE token = ? AND spam <= 0 AND ham <= 0", t); err != nil {
				return err
			}
		}
	}
	return nil
}
