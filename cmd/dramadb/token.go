package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
)

const tokenUsage = `Usage: dramadb token create [--user USERNAME --scope read|write] [--name NAME] [--data DIR | --database-url URL]
       dramadb token revoke [--user USERNAME] --name NAME [--data DIR | --database-url URL]

Without --user, create makes an admin token that may change the catalog.
With --user, it makes a personal token acting for that member.
The token is printed on the last line; only its digest is stored.
Clients send it as: Authorization: Bearer TOKEN`

func runToken(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.stdout, tokenUsage)
			return nil
		}
		return errors.New("token: say 'token create' or 'token revoke' (see 'dramadb token --help')")
	}
	sub := args[0]
	fs := newFlags(env, "token "+sub, "token "+sub+" [--user USERNAME] [--scope read|write] [--name NAME] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	name := fs.String("name", "", "a name to recognize the token by (default: admin, or cli for personal tokens)")
	user := fs.String("user", "", "make or revoke a personal token of this member")
	scope := fs.String("scope", auth.ScopeRead, "personal tokens: read or write")
	if err := parse(env, fs, args[1:]); err != nil {
		return err
	}
	log, _ := newLogger(env, "warn")
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	tokens := auth.NewTokens(db, nil)
	var u *account.User
	if *user != "" {
		if u, err = account.NewService(db, account.Options{}).ByUsername(ctx, *user); err != nil {
			return err
		}
	}
	if sub == "revoke" {
		var n int64
		switch {
		case u != nil:
			n, err = tokens.RevokePersonal(ctx, u.ID, *name)
		case *name == "":
			return errors.New("token revoke: --name is required for admin tokens")
		default:
			n, err = tokens.Revoke(ctx, *name)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "revoked %d token(s)\n", n)
		return nil
	}
	var tok string
	if u != nil {
		if *name == "" {
			*name = "cli"
		}
		tok, err = tokens.CreatePersonal(ctx, u.ID, *name, *scope)
		if err == nil {
			fmt.Fprintf(env.stderr, "Created %s token %q for %s. It is shown once; store it safely.\n", *scope, *name, u.Username)
		}
	} else {
		if *name == "" {
			*name = "admin"
		}
		tok, err = tokens.Create(ctx, *name)
		if err == nil {
			fmt.Fprintf(env.stderr, "Created admin API token %q. It is shown once; store it safely.\n", *name)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, tok)
	return nil
}
