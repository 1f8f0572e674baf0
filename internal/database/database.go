// Package database opens dramadb's storage — embedded SQLite by default,
// PostgreSQL for larger deployments — and applies the embedded migrations.
// The few differences between the two engines live here: placeholders,
// connection set-up and the migration files.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Config says where the data lives. A postgres:// URL selects PostgreSQL;
// otherwise SQLite is used in DataDir.
type Config struct {
	DataDir string
	URL     string
}

// DB is an open database: one pool for reads and, on SQLite, a separate
// single-connection pool for writes so writers queue in Go instead of
// failing with SQLITE_BUSY.
type DB struct {
	engine Engine
	read   *sql.DB
	write  *sql.DB
	stmts  *stmtCache // prepared reads, reused across requests
	// Where is a human-readable description of the location (no password).
	Where string
}

// Open opens (and for SQLite creates) the database described by cfg.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if u := cfg.URL; u != "" {
		if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			return nil, fmt.Errorf("database URL %q: only postgres:// URLs are supported; leave it empty for embedded SQLite", redact(u))
		}
		return openPostgres(ctx, u)
	}
	dir := cfg.DataDir
	if dir == "" {
		dir = "dramadb-data"
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return openSQLite(ctx, filepath.Join(dir, "dramadb.sqlite"))
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	pragmas := "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)"
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	// The writer runs first so WAL mode is set before readers open.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxLifetime(0)
	read.SetConnMaxIdleTime(0)
	return &DB{engine: SQLite, read: read, write: write, stmts: &stmtCache{db: read}, Where: path}, nil
}

func openPostgres(ctx context.Context, u string) (*DB, error) {
	db, err := sql.Open("pgx", u)
	if err != nil {
		return nil, fmt.Errorf("database URL %s: %w", redact(u), err)
	}
	db.SetMaxOpenConns(max(8, 4*runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", redact(u), err)
	}
	return &DB{engine: Postgres, read: db, write: db, Where: redact(u)}, nil
}

// redact hides the password of a URL for logs and errors.
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable URL)"
	}
	return p.Redacted()
}

// Engine reports which engine is in use.
func (db *DB) Engine() Engine { return db.engine }

// Close closes both pools.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	err := db.read.Close()
	if db.write != db.read {
		err = errors.Join(err, db.write.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Reader returns a handle for queries outside a transaction.
func (db *DB) Reader() *Q { return &Q{ex: db.read, engine: db.engine, stmts: db.stmts} }

// stmtCache keeps one prepared statement per read query. SQLite otherwise
// compiles every query on every call; pgx already caches statements per
// connection, so PostgreSQL does not use this.
type stmtCache struct {
	db *sql.DB
	m  sync.Map // query → *sql.Stmt
	n  atomic.Int64
}

// maxStmts bounds the cache should a caller ever build queries without end;
// past it, queries simply run unprepared.
const maxStmts = 2000

// get returns the prepared statement for query, or nil when the cache is full.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.m.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	if c.n.Load() >= maxStmts {
		return nil, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := c.m.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	c.n.Add(1)
	return st, nil
}

func (c *stmtCache) close() {
	c.m.Range(func(k, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
}

// WithTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise, so a failed request leaves nothing behind.
func (db *DB) WithTx(ctx context.Context, fn func(*Q) error) (err error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { settle(tx, recover(), &err) }()
	return fn(&Q{ex: tx, engine: db.engine})
}

// ReadTx runs fn in a read-only transaction on the read pool, for reads
// that need settings of their own (SET LOCAL on PostgreSQL); it is rolled
// back when fn returns.
func (db *DB) ReadTx(ctx context.Context, fn func(*Q) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(&Q{ex: tx, engine: db.engine})
}

// CopyFunc bulk-loads rows into the columns cols of table.
type CopyFunc func(ctx context.Context, table string, cols []string, rows [][]any) error

// WithCopyTx is WithTx for bulk loads: on PostgreSQL fn may also load rows
// with COPY inside the transaction, several times faster than INSERT for
// millions of rows. On SQLite copy is nil.
func (db *DB) WithCopyTx(ctx context.Context, fn func(q *Q, copy CopyFunc) error) (err error) {
	if db.engine != Postgres {
		return db.WithTx(ctx, func(q *Q) error { return fn(q, nil) })
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { settle(tx, recover(), &err) }()
	// COPY runs on the transaction's own connection, so inside it.
	copy := func(ctx context.Context, table string, cols []string, rows [][]any) error {
		return conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("copy into %s: not a pgx connection", table)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	return fn(&Q{ex: tx, engine: db.engine}, copy)
}

// settle ends tx: a commit when the work succeeded, else a rollback, and a
// panic goes on after the rollback.
func settle(tx *sql.Tx, panicked any, err *error) {
	if panicked != nil {
		tx.Rollback()
		panic(panicked)
	}
	if *err != nil {
		tx.Rollback()
		return
	}
	*err = tx.Commit()
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Q runs SQL written with ? placeholders on either engine.
type Q struct {
	ex     execer
	engine Engine
	stmts  *stmtCache // nil inside transactions and on PostgreSQL
}

// Engine reports the engine behind q.
func (q *Q) Engine() Engine { return q.engine }

// Exec runs a statement.
func (q *Q) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.ex.ExecContext(ctx, q.rebind(query), args...)
}

// Prepare compiles a statement for many executions, as bulk loads need;
// the caller closes it (a transaction's statements close with it anyway).
func (q *Q) Prepare(ctx context.Context, query string) (*sql.Stmt, error) {
	return q.ex.PrepareContext(ctx, q.rebind(query))
}

// Query runs a query returning rows.
func (q *Q) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if q.stmts != nil {
		st, err := q.stmts.get(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return q.ex.QueryContext(ctx, q.rebind(query), args...)
}

// All runs query on q and returns every row as scan makes it. The rows are
// read to the end and closed before it returns, so the caller may run more
// statements in the same transaction.
func All[T any](ctx context.Context, q *Q, query string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, v)
	}
	return all, rows.Err()
}

// QueryRow runs a query returning at most one row.
func (q *Q) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if q.stmts != nil {
		if st, err := q.stmts.get(ctx, query); err == nil && st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return q.ex.QueryRowContext(ctx, q.rebind(query), args...)
}

// Serialize makes concurrent transactions that call it with the same name
// run one after another. SQLite's single writer already does; on PostgreSQL
// it takes a transaction-scoped advisory lock.
func (q *Q) Serialize(ctx context.Context, name string) error {
	if q.engine != Postgres {
		return nil
	}
	_, err := q.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtext(?))", "dramadb:"+name)
	return err
}

var rebound sync.Map // query with ? → query with $n

// rebind turns ? placeholders into PostgreSQL's $1, $2 …. Queries never
// contain a literal question mark, so a plain scan suffices.
func (q *Q) rebind(query string) string {
	if q.engine != Postgres || !strings.Contains(query, "?") {
		return query
	}
	if v, ok := rebound.Load(query); ok {
		return v.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(query[i])
	}
	rebound.Store(query, b.String())
	return b.String()
}

// idTables are the tables with an identity id column, the ones
// SyncIDSequences accepts.
var idTables = map[string]bool{
	"titles": true, "title_names": true, "genres": true, "tags": true, "networks": true,
	"age_ratings": true, "title_links": true, "filming_locations": true, "trivia": true,
	"watch_options": true, "people": true, "person_names": true, "person_links": true,
	"characters": true, "character_names": true, "cast_credits": true, "crew_credits": true,
	"seasons": true, "episodes": true, "quotes": true, "faq_entries": true,
	"title_relations": true, "api_tokens": true,
}

// SyncIDSequences moves PostgreSQL's identity sequence of each table past
// the largest id in it, which bulk loaders that insert explicit ids must do
// before ordinary inserts can take ids again. On SQLite, where a new row
// takes MAX(id)+1 anyway, it does nothing. Table names must be catalog
// tables with an id column.
func (db *DB) SyncIDSequences(ctx context.Context, tables ...string) error {
	for _, t := range tables {
		if !idTables[t] {
			return fmt.Errorf("sync id sequence: unknown table %q", t)
		}
	}
	if db.engine != Postgres {
		return nil
	}
	for _, t := range tables {
		// The next id handed out is MAX(id)+1 (1 for an empty table).
		q := "SELECT setval(pg_get_serial_sequence('" + t + "', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM " + t
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("sync id sequence of %s: %w", t, err)
		}
	}
	return nil
}

// IsUniqueViolation reports whether err is a unique-constraint failure.
func IsUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key failure.
func IsForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}
