package account_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// fast keeps tests quick; the default parameters are checked on their own.
var fast = &account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func newService(db *database.DB) *account.Service {
	return account.NewService(db, account.Options{Params: fast})
}

func TestPasswordHashIsPHCWithOWASPParameters(t *testing.T) {
	h, err := account.HashPassword("사랑의 불시착 2019 🪂", account.DefaultParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || len(strings.Split(h, "$")) != 6 {
		t.Fatalf("hash = %q", h)
	}
	h2, _ := account.HashPassword("사랑의 불시착 2019 🪂", account.DefaultParams)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"사랑의 불시착 2019 🪂": true, "사랑의 불시착 2019": false, "": false} {
		ok, rehash, err := account.VerifyPassword(pw, h, account.DefaultParams)
		if err != nil || ok != want || rehash {
			t.Errorf("verify %q: ok %v rehash %v err %v", pw, ok, rehash, err)
		}
	}
	weak, _ := account.HashPassword("a long passphrase here", *fast)
	if ok, rehash, _ := account.VerifyPassword("a long passphrase here", weak, account.DefaultParams); !ok || !rehash {
		t.Errorf("weak hash: ok %v, rehash %v; want both", ok, rehash)
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$!!$AAAA"} {
		if _, _, err := account.VerifyPassword("x", bad, account.DefaultParams); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestSignUpRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(db)
		for _, tc := range []struct {
			in    account.SignUp
			field string
		}{
			{account.SignUp{Username: "ab", Email: "a@example.com", Password: "long enough passphrase"}, "username"},
			{account.SignUp{Username: "has space", Email: "a@example.com", Password: "long enough passphrase"}, "username"},
			{account.SignUp{Username: "okname", Email: "not-an-email", Password: "long enough passphrase"}, "email"},
			{account.SignUp{Username: "okname", Email: "a@localhost", Password: "long enough passphrase"}, "email"},
			{account.SignUp{Username: "okname", Email: "a@example.com", Password: "short"}, "password"},
			{account.SignUp{Username: "okname", Email: "a@example.com", Password: "password123"}, "password"},
			{account.SignUp{Username: "okname", Email: "a@example.com", Password: "Password"}, "password"},
			{account.SignUp{Username: "okname1234", Email: "a@example.com", Password: "OKNAME1234"}, "password"},
			{account.SignUp{Username: "okname", Email: "a@example.com", Password: strings.Repeat("가", 129)}, "password"},
		} {
			_, err := s.Create(ctx, tc.in)
			if apperr.CodeOf(err) != apperr.Invalid || !slices.Contains(apperr.FieldNames(err), tc.field) {
				t.Errorf("%+v: err %v, want invalid %s", tc.in, err, tc.field)
			}
		}
		// Hangul usernames and a 64-character passphrase are fine.
		u, err := s.Create(ctx, account.SignUp{Username: "리정혁", Email: "captain@example.com", Password: strings.Repeat("네", 64)})
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != account.RoleAdmin {
			t.Errorf("first account role = %s, want admin", u.Role)
		}
		v, err := s.Create(ctx, account.SignUp{Username: "seri", Email: "seri@example.com", Password: "paragliding over the DMZ"})
		if err != nil || v.Role != account.RoleMember {
			t.Fatalf("second account: %+v, %v", v, err)
		}
		_, err = s.Create(ctx, account.SignUp{Username: "SERI", Email: "Captain@Example.com", Password: "another fine passphrase"})
		if apperr.CodeOf(err) != apperr.Conflict || !slices.Contains(apperr.FieldNames(err), "username") || !slices.Contains(apperr.FieldNames(err), "email") {
			t.Errorf("taken username and e-mail in another case: %v", err)
		}
	})
}

func TestOnlyOneFirstAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(db)
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := s.Create(ctx, account.SignUp{Username: fmt.Sprintf("member%d", i), Email: fmt.Sprintf("m%d@example.com", i), Password: "a decent passphrase"}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var admins int
		db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = 'admin'").Scan(&admins)
		if admins != 1 {
			t.Errorf("%d admins after concurrent first sign-ups, want 1", admins)
		}
	})
}

func TestLoginAndSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := newService(db)
		u, err := s.Create(ctx, account.SignUp{Username: "Seri", Email: "seri@example.com", Password: "paragliding over the DMZ"})
		if err != nil {
			t.Fatal(err)
		}
		for _, login := range []string{"seri", "SERI", "Seri@Example.com"} {
			if _, err := s.Authenticate(ctx, login, "paragliding over the DMZ"); err != nil {
				t.Errorf("login as %q: %v", login, err)
			}
		}
		_, wrong := s.Authenticate(ctx, "seri", "paragliding over the DMZ!")
		_, unknown := s.Authenticate(ctx, "nobody", "paragliding over the DMZ")
		if apperr.CodeOf(wrong) != apperr.Unauthorized || wrong.Error() != unknown.Error() {
			t.Errorf("wrong password %v and unknown account %v must read the same", wrong, unknown)
		}

		tok, err := s.StartSession(ctx, u, "test agent", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		tok2, _ := s.StartSession(ctx, u, "phone", "127.0.0.2")
		if len(tok) < 43 || tok == tok2 {
			t.Fatalf("tokens %q, %q", tok, tok2)
		}
		if got, err := s.SessionUser(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("session user: %+v, %v", got, err)
		}
		if err := s.EndSession(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, tok); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("ended session still works: %v", err)
		}
		if _, err := s.SessionUser(ctx, tok2); err != nil {
			t.Errorf("ending one session ended another: %v", err)
		}

		// A password change ends every session.
		err = s.ChangePassword(ctx, u, "wrong current", "short")
		if got := apperr.FieldNames(err); !slices.Contains(got, "current_password") || !slices.Contains(got, "new_password") {
			t.Errorf("bad change: %v", err)
		}
		if err := s.ChangePassword(ctx, u, "paragliding over the DMZ", "the wrong train, the right station"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, tok2); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("session survived a password change: %v", err)
		}
		if _, err := s.Authenticate(ctx, "seri", "the wrong train, the right station"); err != nil {
			t.Errorf("new password refused: %v", err)
		}

		// Disabling ends sessions at once and refuses log-in.
		tok3, _ := s.StartSession(ctx, u, "", "")
		if err := s.SetDisabled(ctx, "SERI", true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionUser(ctx, tok3); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Errorf("disabled account's session works: %v", err)
		}
		if _, err := s.Authenticate(ctx, "seri", "the wrong train, the right station"); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("disabled account logs in: %v", err)
		}
		if err := s.SetDisabled(ctx, "ghost", true); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("disable unknown: %v", err)
		}
		for _, bad := range []string{"", "x", strings.Repeat("a", 500)} {
			if _, err := s.SessionUser(ctx, bad); apperr.CodeOf(err) != apperr.Unauthorized {
				t.Errorf("token %q: %v", bad, err)
			}
		}
	})
}

func TestWeakHashIsUpgradedAtLogin(t *testing.T) {
	db := dbtest.Open(t, database.SQLite)
	ctx := context.Background()
	if _, err := newService(db).Create(ctx, account.SignUp{Username: "old", Email: "old@example.com", Password: "an old passphrase"}); err != nil {
		t.Fatal(err)
	}
	strong := account.NewService(db, account.Options{})
	if _, err := strong.Authenticate(ctx, "old", "an old passphrase"); err != nil {
		t.Fatal(err)
	}
	var h string
	db.Reader().QueryRow(ctx, "SELECT password_hash FROM users WHERE username_key = 'old'").Scan(&h)
	if !strings.Contains(h, "m=19456,t=2,p=1") {
		t.Errorf("hash not upgraded: %s", h)
	}
}
