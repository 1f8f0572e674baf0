package account

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// PostsChoice is what happens to a leaving member's public posts.
type PostsChoice string

const (
	// AnonymizePosts keeps reviews, comments and discussions under a
	// nameless "former member".
	AnonymizePosts PostsChoice = "anonymize"
	// DeletePosts removes them, as their authors' own deletions would.
	DeletePosts PostsChoice = "delete"
)

// DeletedName is what pages show as the author of an anonymized post.
const DeletedName = "Former member"

// An Eraser removes what one part of dramadb keeps about a member whose
// account is being deleted. It runs inside the deletion's transaction:
// private data (ratings, tracking, votes, lists) always goes, with the
// counts it fed; public posts go or stay according to posts.
type Eraser interface {
	EraseMember(ctx context.Context, q *database.Q, userID int64, posts PostsChoice) error
}

// DeleteAccount deletes the member's own account after checking their
// password, ending every session and token at once.
func (s *Service) DeleteAccount(ctx context.Context, userID int64, password string, posts PostsChoice) error {
	fresh, err := s.byID(ctx, userID)
	if err != nil {
		return err
	}
	ok, _, err := VerifyPassword(password, fresh.passwordHash, s.params)
	if err != nil {
		return err
	}
	var v apperr.Validation
	if !ok {
		v.Add("password", "is not your current password")
	}
	if posts != AnonymizePosts && posts != DeletePosts {
		v.Add("posts", "must be anonymize or delete")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.Erase(ctx, userID, posts)
}

// Erase deletes account id for an operator or for DeleteAccount. Every
// eraser runs in one transaction with the account's own change, so a
// failure leaves the account whole. The last active admin cannot go.
func (s *Service) Erase(ctx context.Context, id int64, posts PostsChoice) error {
	if posts != AnonymizePosts && posts != DeletePosts {
		var v apperr.Validation
		v.Add("posts", "must be anonymize or delete")
		return v.Err()
	}
	return s.db.WithTx(ctx, func(q *database.Q) error {
		// Taken first so two admins leaving at once cannot both pass the
		// last-admin check.
		if err := q.Serialize(ctx, "admins"); err != nil {
			return err
		}
		var role string
		err := q.QueryRow(ctx, "SELECT role FROM users WHERE id = ? AND deleted_at IS NULL", id).Scan(&role)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "There is no such account.")
		}
		if err != nil {
			return err
		}
		if role == RoleAdmin {
			var others int
			if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin' AND id <> ? AND disabled_at IS NULL AND deleted_at IS NULL", id).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return apperr.Errorf(apperr.Conflict, "This is the only admin account; make another member admin before deleting it.")
			}
		}
		now := s.clock()
		// Mark the account first: from here its sessions and tokens no
		// longer authenticate, even for requests already under way.
		if _, err := q.Exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", now, now, id); err != nil {
			return err
		}
		for _, e := range s.erasers {
			if err := e.EraseMember(ctx, q, id, posts); err != nil {
				return err
			}
		}
		for _, stmt := range []string{"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM api_tokens WHERE user_id = ?"} {
			if _, err := q.Exec(ctx, stmt, id); err != nil {
				return err
			}
		}
		if posts == DeletePosts {
			_, err = q.Exec(ctx, "DELETE FROM users WHERE id = ?", id)
			return err
		}
		// Nothing personal stays: the name and address are freed for
		// others, and the row only gives kept posts an author.
		// The tilde cannot start a username, so no member can hold it.
		key := "~deleted-" + strconv.FormatInt(id, 10)
		_, err = q.Exec(ctx, `UPDATE users SET username = ?, username_key = ?, email = '', email_key = ?, password_hash = '',
			display_name = ?, bio = '', profile_public = FALSE, role = 'member', deleted_at = ? WHERE id = ?`,
			key, key, key, DeletedName, now, id)
		return err
	})
}
