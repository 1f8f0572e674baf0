// Package dbtest opens fresh, migrated databases for tests on every engine.
// SQLite lives in the test's temporary folder. PostgreSQL is found through
// DRAMADB_TEST_POSTGRES_URL; each test gets its own schema, dropped after.
// Without the variable PostgreSQL tests skip, unless DRAMADB_REQUIRE_POSTGRES
// is set (as CI does), in which case they fail.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
)

// PostgresURL returns the base URL of the test server, skipping or failing
// the test when there is none.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("DRAMADB_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("DRAMADB_REQUIRE_POSTGRES") != "" {
			t.Fatal("DRAMADB_REQUIRE_POSTGRES is set but DRAMADB_TEST_POSTGRES_URL is empty: PostgreSQL tests must run")
		}
		t.Skip("PostgreSQL tests skipped: set DRAMADB_TEST_POSTGRES_URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	}
	return u
}

// FreshPostgresURL creates an empty schema and returns a URL whose
// connections use it; the schema is dropped when the test ends.
func FreshPostgresURL(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	var b [6]byte
	rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// Extensions belong to the database, not a schema: one created by a
	// test's migrations in the test's schema would be dropped, with every
	// index using it, by that schema's cleanup while other tests run. So
	// it lives in public, created before any test schema is.
	var where string
	if err := admin.QueryRow("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").Scan(&where); err != nil {
		// Concurrent tests may race to create it; the loser's error is moot.
		admin.Exec("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
	} else if where != "public" {
		admin.Exec("ALTER EXTENSION pg_trgm SET SCHEMA public")
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema on %s: %v", base, err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Engines lists the engines every store test runs on.
var Engines = []database.Engine{database.SQLite, database.Postgres}

// Open returns a fresh, migrated database of the given engine, closed
// when the test ends.
func Open(t testing.TB, engine database.Engine) *database.DB {
	t.Helper()
	cfg := database.Config{DataDir: t.TempDir()}
	if engine == database.Postgres {
		cfg.URL = FreshPostgresURL(t)
	}
	db, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// Each runs fn as a subtest on every engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}
