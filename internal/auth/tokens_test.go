package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestTokenLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		tokens := auth.NewTokens(db, nil)
		a, err := tokens.Create(ctx, "deploy")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := tokens.Create(ctx, "other")
		if a == b || !strings.HasPrefix(a, "ddb_") || len(a) < 40 {
			t.Fatalf("tokens %q and %q", a, b)
		}
		if err := tokens.Check(ctx, a); err != nil {
			t.Errorf("fresh token refused: %v", err)
		}
		// Only a digest is stored: the token itself appears nowhere.
		var n int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR name = ?", a, a).Scan(&n)
		if n != 0 {
			t.Error("the token is stored in the clear")
		}
		for _, bad := range []string{"", "ddb_", a + "x", strings.ToUpper(a), "Bearer " + a, strings.Repeat("ddb_", 100)} {
			if err := tokens.Check(ctx, bad); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Errorf("Check(%q) = %v, want unauthorized", bad, err)
			}
		}
		if k, err := tokens.Revoke(ctx, "deploy"); err != nil || k != 1 {
			t.Fatalf("revoke: %d, %v", k, err)
		}
		if err := tokens.Check(ctx, a); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("revoked token accepted: %v", err)
		}
		if err := tokens.Check(ctx, b); err != nil {
			t.Errorf("revoking one name revoked another: %v", err)
		}
	})
}

func TestPersonalTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		accounts := account.NewService(db, account.Options{Params: &account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}})
		admin, err := accounts.Create(ctx, account.SignUp{Username: "first", Email: "first@example.com", Password: "first of them all"})
		if err != nil {
			t.Fatal(err)
		}
		member, err := accounts.Create(ctx, account.SignUp{Username: "second", Email: "second@example.com", Password: "second to none here"})
		if err != nil {
			t.Fatal(err)
		}
		tokens := auth.NewTokens(db, nil)
		if _, err := tokens.CreatePersonal(ctx, member.ID, "x", "admin"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("personal admin scope: %v", err)
		}
		adminWrite, _ := tokens.CreatePersonal(ctx, admin.ID, "cli", auth.ScopeWrite)
		adminRead, _ := tokens.CreatePersonal(ctx, admin.ID, "reader", auth.ScopeRead)
		memberWrite, _ := tokens.CreatePersonal(ctx, member.ID, "cli", auth.ScopeWrite)
		for tok, want := range map[string]apperr.Code{adminWrite: "", adminRead: apperr.Forbidden, memberWrite: apperr.Forbidden} {
			err := tokens.Check(ctx, tok)
			if (want == "" && err != nil) || (want != "" && apperr.CodeOf(err) != want) {
				t.Errorf("catalog check: %v, want %q", err, want)
			}
		}
		p, err := tokens.Authenticate(ctx, memberWrite)
		if err != nil || p.UserID != member.ID || p.Scope != auth.ScopeWrite || p.Role != account.RoleMember {
			t.Errorf("principal %+v, %v", p, err)
		}
		// A disabled member's tokens stop working at once.
		if err := accounts.SetDisabled(ctx, "second", true); err != nil {
			t.Fatal(err)
		}
		if _, err := tokens.Authenticate(ctx, memberWrite); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("disabled member's token: %v", err)
		}
		if n, err := tokens.RevokePersonal(ctx, admin.ID, ""); err != nil || n != 2 {
			t.Errorf("revoke all of admin's: %d, %v", n, err)
		}
		if _, err := tokens.Authenticate(ctx, adminWrite); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("revoked token: %v", err)
		}
	})
}
