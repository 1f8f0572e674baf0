// Package moderation decides whether a member's new post appears at once or
// waits for a moderator, keeps the queue of held and reported posts, and
// carries out moderators' decisions on the services that own the posts.
//
// The services that own posts (reviews, comments, discussions) do not import
// the spam machinery: they call a Screen hook when a post is written and
// implement Target so decisions can reach them.
package moderation

import (
	"context"
	"errors"
)

// Post statuses shared by every kind of post. Only published posts are shown
// to readers; held posts wait in the queue; spam and removed posts are kept
// for training and audit but never shown.
const (
	Published = "published"
	Held      = "held"
	Spam      = "spam"
	Removed   = "removed"
)

// Post is what the spam check sees of a new or edited post.
type Post struct {
	Kind string // "review", "comment", "discussion"
	// ID is the post's id. A new post is stored as Held first and then
	// screened with its id, and published only if Screen says so: it is
	// never shown before it was checked, and a held one can be queued.
	ID       int64
	AuthorID int64
	// Text is everything the author wrote that readers would see: headline,
	// body, pros and cons, joined by newlines.
	Text string
	// Honeypot is the value of the form field hidden from people; a bot
	// that fills it in gives itself away. Empty for API posts.
	Honeypot string
}

// ScreenFunc returns the status a new post starts with: Published or Held.
// Services keep one as an optional hook; nil publishes everything.
type ScreenFunc func(ctx context.Context, p Post) (status string, err error)

// Target is implemented by each service that owns a kind of post, so the
// queue can show a post and carry out a decision on it.
type Target interface {
	// ModerationPost returns the post's author and text, whatever its status.
	ModerationPost(ctx context.Context, id int64) (authorID int64, text string, err error)
	// SetModerationStatus moves the post to one of the statuses above,
	// updating any counts that depend on what is published.
	SetModerationStatus(ctx context.Context, id int64, status string) error
}

// Admit screens post p, just stored as Held by its owner t, and publishes
// it when the check allows. Posts are stored held first so the check can
// queue them by id and readers never see an unchecked one. If screening or
// publishing fails, remove deletes the post: nothing is left half-written
// and the author can simply send it again.
func Admit(ctx context.Context, screen ScreenFunc, t Target, p Post, remove func(context.Context) error) error {
	status, err := screen(ctx, p)
	if err == nil && status == Published {
		err = t.SetModerationStatus(ctx, p.ID, Published)
	}
	if err != nil {
		if rerr := remove(context.WithoutCancel(ctx)); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}
