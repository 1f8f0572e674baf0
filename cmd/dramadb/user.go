package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dramadb/dramadb/internal/app"

	"github.com/dramadb/dramadb/internal/account"
)

const userUsage = `Usage: dramadb user create --username U --email E [--role member|moderator|admin] [--data DIR | --database-url URL]
       dramadb user disable --username U
       dramadb user enable --username U
       dramadb user delete --username U --posts anonymize|delete

create reads the password from the first line of standard input, so it
never appears in the shell history or the process list:

  printf '%s\n' "$PASSWORD" | dramadb user create --username seri --email seri@example.com

The first account of an instance is always an admin.

delete removes the account with its ratings, watch list and votes, taking
them out of every count; --posts says whether the member's reviews,
comments and discussions stay under a nameless "former member" or go too.`

func runUser(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "disable" && args[0] != "enable" && args[0] != "delete") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			io.WriteString(env.stdout, userUsage+"\n")
			return nil
		}
		return errors.New("user: say 'user create', 'user disable', 'user enable' or 'user delete' (see 'dramadb user --help')")
	}
	sub := args[0]
	fs := newFlags(env, "user "+sub, "user "+sub+" --username U [--email E --role R] [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	username := fs.String("username", "", "the member's username")
	email := fs.String("email", "", "create: the member's e-mail address")
	role := fs.String("role", account.RoleMember, "create: member, moderator or admin")
	posts := fs.String("posts", "", "delete: anonymize (keep the member's posts without a name) or delete")
	if err := parse(env, fs, args[1:]); err != nil {
		return err
	}
	if *username == "" {
		return fmt.Errorf("user %s: --username is required", sub)
	}
	log, _ := newLogger(env, "warn")
	db, err := d.open(ctx, log)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts := app.New(db, app.Options{Log: log}).Accounts
	if sub == "delete" {
		u, err := accounts.ByUsername(ctx, *username)
		if err != nil {
			return err
		}
		if err := accounts.Erase(ctx, u.ID, account.PostsChoice(*posts)); err != nil {
			return fmt.Errorf("user delete: %w", err)
		}
		fmt.Fprintf(env.stdout, "deleted %s (posts: %s)\n", *username, *posts)
		return nil
	}
	if sub != "create" {
		if err := accounts.SetDisabled(ctx, *username, sub == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%sd %s\n", sub, *username)
		return nil
	}
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("user create: give the password on standard input")
	}
	password := strings.TrimRight(line, "\r\n")
	u, err := accounts.Create(ctx, account.SignUp{Username: *username, Email: *email, Password: password, Role: *role})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "created %s (%s)\n", u.Username, u.Role)
	return nil
}
