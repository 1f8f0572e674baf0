package database_test

import (
	"context"
	"testing"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

func TestMigrateFromEmptyAndAgain(t *testing.T) {
	for _, e := range dbtest.Engines {
		t.Run(string(e), func(t *testing.T) {
			cfg := database.Config{DataDir: t.TempDir()}
			if e == database.Postgres {
				cfg.URL = dbtest.FreshPostgresURL(t)
			}
			ctx := context.Background()
			db, err := database.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if db.Engine() != e {
				t.Fatalf("engine = %s, want %s", db.Engine(), e)
			}
			ms, err := database.Migrations(e)
			if err != nil {
				t.Fatal(err)
			}
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) != len(ms) || len(ms) == 0 {
				t.Fatalf("applied %v, want all %d migrations", applied, len(ms))
			}
			again, err := db.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second migrate applied %v, %v; want nothing", again, err)
			}
			var gen int64
			if err := db.Reader().QueryRow(ctx, "SELECT generation FROM catalog_state WHERE id = ?", 1).Scan(&gen); err != nil || gen != 1 {
				t.Fatalf("catalog_state generation = %d, %v", gen, err)
			}
			if err := db.Ping(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBothEnginesHaveTheSameMigrations(t *testing.T) {
	a, _ := database.Migrations(database.SQLite)
	b, _ := database.Migrations(database.Postgres)
	if len(a) != len(b) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Version != b[i].Version {
			t.Errorf("migration %d: sqlite %s, postgres %s", i, a[i].Version, b[i].Version)
		}
	}
}

func TestRejectsOtherURLSchemes(t *testing.T) {
	_, err := database.Open(context.Background(), database.Config{URL: "mysql://root@localhost/x"})
	if err == nil {
		t.Fatal("want an error for a mysql:// URL")
	}
}

func TestWithTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		boom := context.Canceled
		err := db.WithTx(ctx, func(q *database.Q) error {
			if _, err := q.Exec(ctx, "UPDATE catalog_state SET generation = ? WHERE id = 1", 99); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("err = %v", err)
		}
		var gen int64
		db.Reader().QueryRow(ctx, "SELECT generation FROM catalog_state").Scan(&gen)
		if gen != 1 {
			t.Fatalf("generation = %d after rollback, want 1", gen)
		}
	})
}
