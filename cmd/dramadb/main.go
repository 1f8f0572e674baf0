// Command dramadb runs the dramadb server and its operator tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"

	"github.com/dramadb/dramadb/internal/database"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

var commands = []command{
	{"serve", "run the web server and JSON API", runServe},
	{"migrate", "apply database migrations and exit", runMigrate},
	{"user", "create, disable or enable member accounts", runUser},
	{"token", "create or revoke API tokens", runToken},
	{"generate", "fill a database with a synthetic catalog", runGenerate},
	{"spam", "measure the spam check on labelled comments", runSpam},
	{"search", "rebuild the search index (reindex) or measure search latency (bench)", runSearch},
	{"recommend", "build or measure recommendations, or plant members with known tastes", runRecommend},
	{"rank", "recompute the rankings (top rated, popular, trending)", runRank},
	{"romanize", "write Korean text in Latin letters (RR or McCune–Reischauer)", runRomanize},
	{"version", "print the version", runVersion},
}

// environment is what a command reads from outside its flags.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	if err := run(ctx, env, os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "dramadb:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(env.stdout)
		if len(args) == 0 {
			return errors.New("a command is required")
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(ctx, env, args[1:])
		}
	}
	usage(env.stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "dramadb — a self-hostable database and community for TV dramas and films.")
	fmt.Fprintln(w, "\nUsage: dramadb COMMAND [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'dramadb COMMAND --help' for a command's flags.")
}

// newFlags makes a flag set whose --help prints a summary and the flags.
func newFlags(env *environment, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "Usage: dramadb %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; --help output goes to stdout and ends the command.
func parse(env *environment, fs *flag.FlagSet, args []string) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(env.stdout)
			out := env.stderr
			env.stderr = env.stdout
			fs.Usage()
			env.stderr = out
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// dataFlags are the flags of every command that touches data.
type dataFlags struct {
	dir string
	url string
}

func addDataFlags(env *environment, fs *flag.FlagSet) *dataFlags {
	d := &dataFlags{}
	fs.StringVar(&d.dir, "data", envOr(env, "DRAMADB_DATA", "./dramadb-data"), "folder for the embedded SQLite database (env DRAMADB_DATA)")
	fs.StringVar(&d.url, "database-url", env.getenv("DRAMADB_DATABASE_URL"), "a postgres:// URL selects PostgreSQL instead of SQLite (env DRAMADB_DATABASE_URL)")
	return d
}

func envOr(env *environment, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

// open opens the database and applies pending migrations.
// openLogged opens the database for a command that reports at info level,
// returning the logger too.
func (d *dataFlags) openLogged(ctx context.Context, env *environment) (*database.DB, *slog.Logger, error) {
	log, err := newLogger(env, "info")
	if err != nil {
		return nil, nil, err
	}
	db, err := d.open(ctx, log)
	return db, log, err
}

func (d *dataFlags) open(ctx context.Context, log *slog.Logger) (*database.DB, error) {
	db, err := database.Open(ctx, database.Config{DataDir: d.dir, URL: d.url})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		log.Info("applied migrations", "versions", strings.Join(applied, ", "), "database", db.Where)
	}
	return db, nil
}

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "migrate", "migrate [--data DIR | --database-url URL]")
	d := addDataFlags(env, fs)
	if err := parse(env, fs, args); err != nil {
		return err
	}
	db, err := database.Open(ctx, database.Config{DataDir: d.dir, URL: d.url})
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(env.stdout, "%s is up to date.\n", db.Where)
		return nil
	}
	sort.Strings(applied)
	for _, v := range applied {
		fmt.Fprintf(env.stdout, "applied %s\n", v)
	}
	fmt.Fprintf(env.stdout, "%s is up to date.\n", db.Where)
	return nil
}

func runVersion(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "version", "version")
	if err := parse(env, fs, args); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "dramadb %s\n", buildVersion())
	return nil
}

func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " " + s.Value[:12]
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += "+dirty"
		}
	}
	return v + " " + info.GoVersion
}
