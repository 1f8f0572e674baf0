package account

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
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Options tune a Service.
type Options struct {
	Now        func() time.Time // time.Now when nil
	Params     *Params          // DefaultParams when nil
	SessionTTL time.Duration    // 30 days when zero; extended while in use
	// Erasers clear what other parts keep about a member whose account
	// is deleted; see Erase.
	Erasers []Eraser
}

// Service manages accounts and sessions.
type Service struct {
	db     *database.DB
	now    func() time.Time
	params Params
	ttl    time.Duration
	// dummy is a hash compared against when a login names no account, so
	// the answer takes as long as for a wrong password.
	dummy   string
	erasers []Eraser
}

// NewService returns an account service on db.
func NewService(db *database.DB, opt Options) *Service {
	s := &Service{db: db, now: opt.Now, params: DefaultParams, ttl: opt.SessionTTL, erasers: opt.Erasers}
	if s.now == nil {
		s.now = time.Now
	}
	if opt.Params != nil {
		s.params = *opt.Params
	}
	if s.ttl <= 0 {
		s.ttl = 30 * 24 * time.Hour
	}
	s.dummy, _ = HashPassword("not a password of anyone", s.params)
	return s
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

const userColumns = "id, username, email, role, display_name, bio, profile_public, disabled_at, created_at, password_hash"

func scanUser(r interface{ Scan(...any) error }) (*User, error) {
	u := &User{}
	var disabled sql.NullTime
	err := r.Scan(&u.ID, &u.Username, &u.Email, &u.Role, &u.DisplayName, &u.Bio, &u.ProfilePublic, &disabled, &u.CreatedAt, &u.passwordHash)
	if disabled.Valid {
		t := disabled.Time
		u.DisabledAt = &t
	}
	return u, err
}

// Create makes an account. The first account of an instance becomes an
// admin; later ones get in.Role, or member.
func (s *Service) Create(ctx context.Context, in SignUp) (*User, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(in.Password, s.params)
	if err != nil {
		return nil, err
	}
	var id int64
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		// Two first sign-ups at once must not both become admin.
		if err := q.Serialize(ctx, "users"); err != nil {
			return err
		}
		var v apperr.Validation
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE username_key = ?", fold(in.Username)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			v.Add("username", "is taken")
		}
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email_key = ?", fold(in.Email)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			v.Add("email", "already has an account")
		}
		if f := v.Fields(); len(f) > 0 {
			return &apperr.Error{Code: apperr.Conflict, Message: "An account with these details exists.", Fields: f}
		}
		role := in.Role
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			role = RoleAdmin
		} else if role == "" {
			role = RoleMember
		}
		now := s.clock()
		return q.QueryRow(ctx, `INSERT INTO users (username, username_key, email, email_key, password_hash, role, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.Username, fold(in.Username), in.Email, fold(in.Email), hash, role, now, now).Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	return s.byID(ctx, id)
}

func (s *Service) byID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.db.Reader().QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no such account.")
	}
	return u, err
}

// ByUsername returns the account with the given username (any case).
func (s *Service) ByUsername(ctx context.Context, username string) (*User, error) {
	u, err := scanUser(s.db.Reader().QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE username_key = ? AND deleted_at IS NULL", fold(username)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "There is no member %q.", username)
	}
	return u, err
}

var errBadLogin = &apperr.Error{Code: apperr.Unauthorized, Message: "The username or password is wrong.",
	Fields: []apperr.FieldError{{Field: "password", Message: "does not match the account"}}}

// Authenticate checks a username or e-mail address and a password. Unknown
// accounts and wrong passwords get the same answer, in the same time.
func (s *Service) Authenticate(ctx context.Context, login, password string) (*User, error) {
	key := fold(login)
	u, err := scanUser(s.db.Reader().QueryRow(ctx, "SELECT "+userColumns+" FROM users WHERE (username_key = ? OR email_key = ?) AND deleted_at IS NULL", key, key))
	if errors.Is(err, sql.ErrNoRows) {
		VerifyPassword(password, s.dummy, s.params)
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	ok, rehash, err := VerifyPassword(password, u.passwordHash, s.params)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadLogin
	}
	if u.DisabledAt != nil {
		return nil, apperr.Errorf(apperr.Forbidden, "This account is disabled.")
	}
	if rehash {
		if h, err := HashPassword(password, s.params); err == nil {
			s.setPasswordHash(ctx, u.ID, h)
		}
	}
	return u, nil
}

func (s *Service) setPasswordHash(ctx context.Context, id int64, hash string) error {
	return s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, s.clock(), id)
		return err
	})
}

// ChangePassword replaces a member's password after checking the current
// one, and ends every session of theirs: the caller starts a new one.
func (s *Service) ChangePassword(ctx context.Context, u *User, current, next string) error {
	fresh, err := s.byID(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, _, err := VerifyPassword(current, fresh.passwordHash, s.params)
	if err != nil {
		return err
	}
	var v apperr.Validation
	if !ok {
		v.Add("current_password", "is not your current password")
	}
	checkPassword(&v, "new_password", next, fresh.Username, fresh.Email)
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next, s.params)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(q *database.Q) error {
		if _, err := q.Exec(ctx, "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", hash, s.clock(), u.ID); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID)
		return err
	})
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions at once.
func (s *Service) SetDisabled(ctx context.Context, username string, disabled bool) error {
	return s.db.WithTx(ctx, func(q *database.Q) error {
		var at any
		if disabled {
			at = s.clock()
		}
		res, err := q.Exec(ctx, "UPDATE users SET disabled_at = ?, updated_at = ? WHERE username_key = ? AND deleted_at IS NULL", at, s.clock(), fold(username))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.NotFound, "There is no member %q.", username)
		}
		if disabled {
			_, err = q.Exec(ctx, "DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username_key = ?)", fold(username))
		}
		return err
	})
}

func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StartSession creates a session for u and returns its token (256 random
// bits) for the cookie; only its digest is stored.
func (s *Service) StartSession(ctx context.Context, u *User, userAgent, ip string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	now := s.clock()
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenDigest(token), u.ID, now, now, now.Add(s.ttl), userAgent, ip)
		return err
	})
	return token, err
}

// SessionUser returns the member whose live session token is token, or an
// Unauthorized error. Sessions of disabled accounts do not count.
func (s *Service) SessionUser(ctx context.Context, token string) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, apperr.Errorf(apperr.Unauthorized, "Please sign in.")
	}
	now := s.clock()
	row := s.db.Reader().QueryRow(ctx, `SELECT u.id, u.username, u.email, u.role, u.display_name, u.bio, u.profile_public, u.disabled_at,
		u.created_at, u.password_hash FROM sessions se JOIN users u ON u.id = se.user_id
		WHERE se.token_hash = ? AND se.expires_at > ? AND u.disabled_at IS NULL`, tokenDigest(token), now)
	u, err := scanUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.Unauthorized, "Please sign in.")
	}
	return u, err
}

// EndSession ends the session with the given token, if any.
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenDigest(token))
		return err
	})
}

// Profile is what a member shows about themselves.
type Profile struct {
	DisplayName string
	Bio         string
	Public      bool
}

// UpdateProfile replaces the member's display name, biography and whether
// others may see their profile.
func (s *Service) UpdateProfile(ctx context.Context, u *User, p Profile) (*User, error) {
	var v apperr.Validation
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	p.Bio = strings.TrimSpace(p.Bio)
	switch {
	case !utf8.ValidString(p.DisplayName) || strings.ContainsRune(p.DisplayName, 0):
		v.Add("display_name", "is not valid text")
	case utf8.RuneCountInString(p.DisplayName) > 50:
		v.Add("display_name", "must be at most 50 characters long")
	}
	switch {
	case !utf8.ValidString(p.Bio) || strings.ContainsRune(p.Bio, 0):
		v.Add("bio", "is not valid text")
	case utf8.RuneCountInString(p.Bio) > 2000:
		v.Add("bio", "must be at most 2,000 characters long")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "UPDATE users SET display_name = ?, bio = ?, profile_public = ?, updated_at = ? WHERE id = ?",
			p.DisplayName, p.Bio, p.Public, s.clock(), u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.byID(ctx, u.ID)
}
