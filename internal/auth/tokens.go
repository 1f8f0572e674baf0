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

// Tokens manages admin API tokens.
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

// Create makes a new admin token named name and returns it; it cannot be
// shown again.
func (t *Tokens) Create(ctx context.Context, name string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := t.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "INSERT INTO api_tokens (name, token_hash, created_at) VALUES (?, ?, ?)",
			name, digest(token), t.now().UTC())
		return err
	})
	return token, err
}

// Check returns nil when token is a live admin token, else Unauthorized.
func (t *Tokens) Check(ctx context.Context, token string) error {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 200 {
		return apperr.Errorf(apperr.Unauthorized, "The API token is not valid.")
	}
	var id int64
	err := t.db.Reader().QueryRow(ctx, "SELECT id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL", digest(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Errorf(apperr.Unauthorized, "The API token is not valid.")
	}
	return err
}

// Revoke revokes every token whose name is name and reports how many.
func (t *Tokens) Revoke(ctx context.Context, name string) (int64, error) {
	var n int64
	err := t.db.WithTx(ctx, func(q *database.Q) error {
		res, err := q.Exec(ctx, "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", t.now().UTC(), name)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
