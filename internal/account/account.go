// Package account holds members: sign-up with password rules, argon2id
// password hashes, roles, and server-side sessions. The web layer turns its
// sessions into cookies; the CLI creates accounts for operators.
package account

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/account/commonpw"
	"github.com/dramadb/dramadb/internal/apperr"
)

// Roles, from least to most trusted.
const (
	RoleMember    = "member"
	RoleModerator = "moderator"
	RoleAdmin     = "admin"
)

// Roles lists every role.
var Roles = []string{RoleMember, RoleModerator, RoleAdmin}

// User is a member account. The e-mail address is never shown to others.
type User struct {
	ID            int64      `json:"id"`
	Username      string     `json:"username"`
	Email         string     `json:"-"`
	Role          string     `json:"role"`
	DisplayName   string     `json:"display_name,omitempty"`
	Bio           string     `json:"bio,omitempty"`
	ProfilePublic bool       `json:"profile_public"`
	DisabledAt    *time.Time `json:"-"`
	CreatedAt     time.Time  `json:"created_at"`
	passwordHash  string
}

// CanModerate reports whether the user may moderate others' posts.
func (u *User) CanModerate() bool { return u.Role == RoleModerator || u.Role == RoleAdmin }

// Password length limits. No composition rules: length and not being a
// well-known password are what make one strong.
const (
	MinPassword         = 8
	RecommendedPassword = 15
	MaxPassword         = 128
)

var usernamePattern = regexp.MustCompile(`^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$`)

// SignUp is what a new member gives.
type SignUp struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Role     string `json:"-"` // set by operators only; empty means member
}

// fold is the case-insensitive form used for uniqueness.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkUsername(v *apperr.Validation, field, name string) {
	n := utf8.RuneCountInString(name)
	switch {
	case n < 3 || n > 30:
		v.Add(field, "must be 3 to 30 characters long")
	case !usernamePattern.MatchString(name):
		v.Add(field, "may hold letters, digits, '_', '.' and '-', starting with a letter, digit or '_'")
	}
}

func checkEmail(v *apperr.Validation, field, email string) {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		v.Add(field, "must be an e-mail address like name@example.com")
	}
}

// CheckPassword applies the password rules: length within limits, not a
// commonly used password, not the username or e-mail address.
func checkPassword(v *apperr.Validation, field, password string, avoid ...string) {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		v.Add(field, "is not valid UTF-8")
	case n < MinPassword:
		v.Add(field, "must be at least %d characters long (%d or more is better)", MinPassword, RecommendedPassword)
	case n > MaxPassword:
		v.Add(field, "must be at most %d characters long", MaxPassword)
	case commonpw.Common(password):
		v.Add(field, "is one of the most commonly used passwords; choose another")
	default:
		for _, a := range avoid {
			if a != "" && fold(a) == fold(password) {
				v.Add(field, "must not be your username or e-mail address")
				return
			}
		}
	}
}

func (in *SignUp) validate() error {
	in.Username = strings.TrimSpace(in.Username)
	in.Email = strings.TrimSpace(in.Email)
	var v apperr.Validation
	checkUsername(&v, "username", in.Username)
	checkEmail(&v, "email", in.Email)
	checkPassword(&v, "password", in.Password, in.Username, in.Email)
	if in.Role != "" && in.Role != RoleMember && in.Role != RoleModerator && in.Role != RoleAdmin {
		v.Add("role", "must be member, moderator or admin")
	}
	return v.Err()
}
