// Package auth issues and checks API tokens. Only a SHA-256 digest of each
// token is stored: tokens are 256 random bits, so a fast hash is enough and
// a database leak reveals no usable token.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// tokenPrefix makes tokens recognizable in logs and secret scanners.
const tokenPrefix = "ddb_"

// Token scopes. Admin tokens belong to no member and may change the
// catalog; personal tokens act for their member, read-only or read-write.
const (
	ScopeAdmin = "admin"
	ScopeRead  = "read"
	ScopeWrite = "write"
)

// Principal is who a valid token speaks for.
type Principal struct {
	TokenID int64
	UserID  int64  // 0 for admin tokens
	Role    string // the member's role; "" for admin tokens
	Scope   string
}

// CanEditCatalog reports whether the token may write the catalog: admin
// tokens, and write tokens of admin members.
func (p *Principal) CanEditCatalog() bool {
	return p.Scope == ScopeAdmin || (p.Scope == ScopeWrite && p.Role == "admin")
}

// CanModerate reports whether the token's member may change others' posts.
func (p *Principal) CanModerate() bool { return p.Role == "moderator" || p.Role == "admin" }

// Tokens manages API tokens.
type Tokens struct {
	db  *database.DB
	now func() time.Time
}

// NewTokens returns a token manager on db; now may be nil for time.Now.
func NewTokens(db *database.DB, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{db: db, now: now}
}

func digest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return tokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Create makes a new admin token named name and returns it; it cannot be
// shown again.
func (t *Tokens) Create(ctx context.Context, name string) (string, error) {
	return t.create(ctx, name, 0, ScopeAdmin)
}

// CreatePersonal makes a token that acts for the member with scope read or
// write.
func (t *Tokens) CreatePersonal(ctx context.Context, userID int64, name, scope string) (string, error) {
	if scope != ScopeRead && scope != ScopeWrite {
		return "", &apperr.Error{Code: apperr.Invalid, Message: "The scope is invalid.",
			Fields: []apperr.FieldError{{Field: "scope", Message: "must be read or write"}}}
	}
	return t.create(ctx, name, userID, scope)
}

func (t *Tokens) create(ctx context.Context, name string, userID int64, scope string) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	var user any
	if userID != 0 {
		user = userID
	}
	err = t.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "INSERT INTO api_tokens (name, token_hash, created_at, user_id, scope) VALUES (?, ?, ?, ?, ?)",
			name, digest(token), t.now().UTC(), user, scope)
		return err
	})
	return token, err
}

var errBadToken = apperr.Errorf(apperr.Unauthorized, "The API token is not valid.")

// Authenticate returns who token speaks for. Revoked tokens, and tokens of
// disabled or deleted members, are refused.
func (t *Tokens) Authenticate(ctx context.Context, token string) (*Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return nil, errBadToken
	}
	p := &Principal{}
	var userID sql.NullInt64
	var role sql.NullString
	err := t.db.Reader().QueryRow(ctx, `SELECT k.id, k.user_id, u.role, k.scope FROM api_tokens k LEFT JOIN users u ON u.id = k.user_id
		WHERE k.token_hash = ? AND k.revoked_at IS NULL AND (k.user_id IS NULL OR u.disabled_at IS NULL)`, digest(token)).
		Scan(&p.TokenID, &userID, &role, &p.Scope)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	p.UserID, p.Role = userID.Int64, role.String
	return p, nil
}

// Check returns nil when token may edit the catalog, Unauthorized for a bad
// token and Forbidden for a good one without that right.
func (t *Tokens) Check(ctx context.Context, token string) error {
	p, err := t.Authenticate(ctx, token)
	if err != nil {
		return err
	}
	if !p.CanEditCatalog() {
		return apperr.Errorf(apperr.Forbidden, "This token may not change the catalog.")
	}
	return nil
}

// Revoke revokes every admin token whose name is name and reports how many.
func (t *Tokens) Revoke(ctx context.Context, name string) (int64, error) {
	var n int64
	err := t.db.WithTx(ctx, func(q *database.Q) error {
		res, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND user_id IS NULL AND revoked_at IS NULL", t.now().UTC(), name)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// RevokePersonal revokes a member's tokens named name ("" for all of them).
func (t *Tokens) RevokePersonal(ctx context.Context, userID int64, name string) (int64, error) {
	var n int64
	err := t.db.WithTx(ctx, func(q *database.Q) error {
		res, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND (name = ? OR ? = '') AND revoked_at IS NULL",
			t.now().UTC(), userID, name, name)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// TokenInfo describes a personal token without revealing it.
type TokenInfo struct {
	ID        int64
	Name      string
	Scope     string
	CreatedAt time.Time
}

// ListPersonal lists a member's live tokens, newest first.
func (t *Tokens) ListPersonal(ctx context.Context, userID int64) ([]TokenInfo, error) {
	rows, err := t.db.Reader().Query(ctx, "SELECT id, name, scope, created_at FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TokenInfo
	for rows.Next() {
		var ti TokenInfo
		if err := rows.Scan(&ti.ID, &ti.Name, &ti.Scope, &ti.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, ti)
	}
	return out, rows.Err()
}

// RevokePersonalID revokes one of a member's tokens; NotFound when the
// member has no live token with that id.
func (t *Tokens) RevokePersonalID(ctx context.Context, userID, id int64) error {
	return t.db.WithTx(ctx, func(q *database.Q) error {
		res, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL", t.now().UTC(), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.NotFound, "There is no such token.")
		}
		return nil
	})
}
