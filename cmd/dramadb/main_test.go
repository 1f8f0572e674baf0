package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCLI runs the command line in-process with the given environment.
func runCLI(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return runCLIInput(t, vars, "", args...)
}

// runCLIInput is runCLI with text on standard input.
func runCLIInput(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	err = run(context.Background(), env, args)
	return out.String(), errb.String(), err
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands {
		out, _, err := runCLI(t, nil, c.name, "--help")
		if err != nil && !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: %v", c.name, err)
		}
		if !strings.Contains(out, "Usage: dramadb "+c.name) {
			t.Errorf("%s --help printed %q", c.name, out)
		}
	}
	out, _, _ := runCLI(t, nil, "--help")
	for _, c := range commands {
		if !strings.Contains(out, c.name) {
			t.Errorf("top-level help lacks %s", c.name)
		}
	}
}

func TestDataCommandsTakeDataFlags(t *testing.T) {
	for _, name := range []string{"serve", "migrate", "generate", "rank"} {
		out, _, _ := runCLI(t, nil, name, "--help")
		for _, flagName := range []string{"-data", "-database-url", "DRAMADB_DATA", "DRAMADB_DATABASE_URL"} {
			if !strings.Contains(out, flagName) {
				t.Errorf("%s --help lacks %s", name, flagName)
			}
		}
	}
}

func TestUnknownCommandAndFlag(t *testing.T) {
	if _, _, err := runCLI(t, nil, "frobnicate"); err == nil || !strings.Contains(err.Error(), "frobnicate") {
		t.Errorf("unknown command: %v", err)
	}
	if _, _, err := runCLI(t, nil, "migrate", "--colour"); err == nil {
		t.Error("unknown flag accepted")
	}
	if _, _, err := runCLI(t, nil, "serve", "--database-url", "mysql://x"); err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("mysql URL: %v", err)
	}
}

func TestMigrateAndTokenUseDataFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	out, _, err := runCLI(t, nil, "migrate", "--data", dir)
	if err != nil || !strings.Contains(out, "applied 0001_catalog") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, _, err = runCLI(t, map[string]string{"DRAMADB_DATA": dir}, "migrate")
	if err != nil || !strings.Contains(out, "up to date") || strings.Contains(out, "applied") {
		t.Fatalf("migrate again via DRAMADB_DATA: %q %v", out, err)
	}
	out, _, err = runCLI(t, nil, "token", "create", "--data", dir, "--name", "ci")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "ddb_") || len(last) < 40 {
		t.Errorf("token create's last line = %q", last)
	}
	out, _, err = runCLI(t, nil, "token", "revoke", "--data", dir, "--name", "ci")
	if err != nil || !strings.Contains(out, "revoked 1") {
		t.Errorf("revoke: %q %v", out, err)
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCLI(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "dramadb ") {
		t.Errorf("version: %q %v", out, err)
	}
}

func TestUserAndPersonalTokenCommands(t *testing.T) {
	dir := t.TempDir()
	data := []string{"--data", dir}
	run := func(stdin string, args ...string) (string, string, error) {
		t.Helper()
		return runCLIInput(t, nil, stdin, append(args, data...)...)
	}
	if _, _, err := run("", "user", "create", "--username", "seri", "--email", "seri@example.com"); err == nil || !strings.Contains(err.Error(), "standard input") {
		t.Errorf("no password: %v", err)
	}
	if _, _, err := run("password\n", "user", "create", "--username", "seri", "--email", "seri@example.com"); err == nil || !strings.Contains(err.Error(), "password") {
		t.Errorf("common password: %v", err)
	}
	out, _, err := run("the wrong train, the right station\n", "user", "create", "--username", "seri", "--email", "seri@example.com", "--role", "member")
	if err != nil || !strings.Contains(out, "created seri (admin)") {
		t.Fatalf("first user: %q, %v (the first account is an admin)", out, err)
	}
	out, _, err = run("a quiet captain of the north\n", "user", "create", "--username", "jeonghyeok", "--email", "ri@example.com", "--role", "moderator")
	if err != nil || !strings.Contains(out, "created jeonghyeok (moderator)") {
		t.Fatalf("second user: %q, %v", out, err)
	}
	if _, _, err := run("x\n", "user", "create", "--username", "x", "--email", "x@example.com", "--role", "king"); err == nil {
		t.Error("bad role accepted")
	}
	out, _, err = run("", "token", "create", "--user", "jeonghyeok", "--scope", "write")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if err != nil || !strings.HasPrefix(lines[len(lines)-1], "ddb_") {
		t.Fatalf("personal token: %q, %v", out, err)
	}
	if _, _, err := run("", "token", "create", "--user", "jeonghyeok", "--scope", "everything"); err == nil {
		t.Error("bad scope accepted")
	}
	if _, _, err := run("", "token", "create", "--user", "nobody"); err == nil {
		t.Error("token for an unknown member")
	}
	out, _, err = run("", "token", "revoke", "--user", "jeonghyeok")
	if err != nil || !strings.Contains(out, "revoked 1") {
		t.Errorf("revoke personal: %q, %v", out, err)
	}
	if out, _, err := run("", "user", "disable", "--username", "jeonghyeok"); err != nil || !strings.Contains(out, "disabled jeonghyeok") {
		t.Errorf("disable: %q, %v", out, err)
	}
	if out, _, err := run("", "user", "enable", "--username", "jeonghyeok"); err != nil || !strings.Contains(out, "enabled jeonghyeok") {
		t.Errorf("enable: %q, %v", out, err)
	}
	if _, _, err := run("", "user", "delete", "--username", "jeonghyeok", "--posts", "shred"); err == nil || !strings.Contains(err.Error(), "posts: must be anonymize or delete") {
		t.Errorf("delete with a bad --posts: %v; want the flag named", err)
	}
	if _, _, err := run("", "user", "delete", "--username", "seri", "--posts", "delete"); err == nil || !strings.Contains(err.Error(), "only admin") {
		t.Errorf("deleting the only admin: %v; want it refused", err)
	}
	if out, _, err := run("", "user", "delete", "--username", "jeonghyeok", "--posts", "anonymize"); err != nil || !strings.Contains(out, "deleted jeonghyeok") {
		t.Errorf("delete: %q, %v", out, err)
	}
	if _, _, err := run("", "user", "enable", "--username", "jeonghyeok"); err == nil {
		t.Error("a deleted account was enabled again")
	}
}

func TestSpamEval(t *testing.T) {
	out, _, err := runCLI(t, nil, "spam", "eval")
	if err != nil || !strings.Contains(out, "10-fold cross-validation") || !strings.Contains(out, "precision ") || !strings.Contains(out, "recall ") {
		t.Errorf("spam eval: %v\n%s", err, out)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "set.tsv")
	var b strings.Builder
	for i := range 10 {
		fmt.Fprintf(&b, "spam\tcheap pills %d at rx.top\nham\t좋은 드라마 %d 😭\n", i, i)
	}
	os.WriteFile(good, []byte(b.String()), 0o644)
	out, _, err = runCLI(t, nil, "spam", "eval", "--file", good, "--folds", "5")
	if err != nil || !strings.Contains(out, "20 posts (10 spam, 10 ham), 5-fold") {
		t.Errorf("spam eval --file: %v\n%s", err, out)
	}
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("spam\tx\nwhat\ty\n"), 0o644)
	if _, _, err := runCLI(t, nil, "spam", "eval", "--file", bad); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad file: %v", err)
	}
	if _, _, err := runCLI(t, nil, "spam", "train"); err == nil {
		t.Error("an unknown subcommand was accepted")
	}
}
