package auth_test

import (
	"context"
	"strings"
	"testing"

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
