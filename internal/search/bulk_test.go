package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// indexRows dumps the index by what it refers to, leaving out the
// surrogate ids a rebuild gives anew.
func indexRows(t *testing.T, db *database.DB) []string {
	t.Helper()
	ctx := context.Background()
	const ref = "e.kind || ':' || CAST(COALESCE(e.title_id, e.person_id, e.character_id) AS TEXT)"
	var out []string
	for _, q := range []string{
		"SELECT 'entity ' || " + ref + " || ' ' || e.slug || '|' || e.name || '|' || e.native || '|' || e.context || '|' || CAST(e.popularity AS TEXT) FROM search_entities e",
		"SELECT 'term ' || " + ref + " || ' ' || t.term || ' ' || CAST(t.class AS TEXT) || ' ' || CAST(t.word AS TEXT) FROM search_terms t JOIN search_entities e ON e.id = t.entity_id",
		"SELECT 'texts ' || " + ref + " || ' ' || e.texts || ' ' || e.text_classes || ' ' || e.keys FROM search_entities e",
	} {
		rows, err := database.All(ctx, db.Reader(), q, func(r *sql.Rows) (string, error) {
			var s string
			return s, r.Scan(&s)
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rows...)
	}
	slices.Sort(out)
	return out
}

// indexSchema lists the definitions of the index's tables, indexes and
// triggers, which a rebuild drops in part and creates again.
func indexSchema(t *testing.T, db *database.DB) []string {
	t.Helper()
	q := "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name LIKE 'search%'"
	if db.Engine() == database.Postgres {
		// Only this test's schema: tests in other schemas run at the same time.
		q = `SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'search%'
			UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text LIKE 'search%'`
	}
	rows, err := database.All(context.Background(), db.Reader(), q, func(r *sql.Rows) (string, error) {
		var s string
		return s, r.Scan(&s)
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range rows {
		rows[i] = strings.Join(strings.Fields(s), " ")
	}
	slices.Sort(rows)
	return rows
}

// A bulk rebuild writes exactly the rows that indexing each catalog write
// wrote, keeps the schema it drops in part, and leaves an index that every
// query kind and later catalog writes work with.
func TestBulkReindexEqualsIncremental(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, cat := demoIndex(t, db)
		ctx := context.Background()
		// A title edited after loading, so the incremental index holds
		// rows rewritten in place too.
		_, err := cat.CreateTitle(ctx, &catalog.Title{Name: "Hometown Cha-Cha-Cha", OriginalTitle: "갯마을 차차차", Kind: catalog.KindSeries,
			Characters: []catalog.Character{{Name: "Hong Du-sik", NativeName: "홍두식"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cat.UpdateTitle(ctx, "hometown-cha-cha-cha", &catalog.Title{Name: "Seaside Village Cha-Cha-Cha 🌊", Kind: catalog.KindSeries, OriginalTitle: "갯마을 차차차"}); err != nil {
			t.Fatal(err)
		}
		incremental, schema := indexRows(t, db), indexSchema(t, db)
		if len(incremental) < 500 {
			t.Fatalf("only %d index rows on the demo", len(incremental))
		}
		p, err := s.Reindex(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		bulk := indexRows(t, db)
		if d := diff(incremental, bulk); d != "" {
			t.Fatalf("bulk rebuild differs from incremental indexing (%d entities):\n%s", p.Entities, d)
		}
		if got := indexSchema(t, db); !slices.Equal(got, schema) {
			t.Fatalf("schema after rebuild:\n%s\nbefore:\n%s", strings.Join(got, "\n"), strings.Join(schema, "\n"))
		}
		// A second rebuild over a full index gives the same again.
		if _, err := s.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if d := diff(incremental, indexRows(t, db)); d != "" {
			t.Fatalf("second rebuild differs:\n%s", d)
		}
		for _, c := range relevance {
			got, err := s.Search(ctx, c.q, nil, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0].Kind != c.kind || got[0].Slug != c.slug {
				t.Errorf("after rebuild, %s: %q found %s; want %s %s first", c.why, c.q, describe(got), c.kind, c.slug)
			}
		}
		// Writes after the rebuild reach the trigram index again.
		if _, err := cat.UpdateTitle(ctx, "hometown-cha-cha-cha", &catalog.Title{Name: "Quizzical Hometown", Kind: catalog.KindSeries, OriginalTitle: "갯마을 차차차"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, "quizzicl hometwn", nil, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Slug != "hometown-cha-cha-cha" || got[0].Match != "fuzzy" {
			t.Fatalf("typo search after a write following the rebuild: %s", describe(got))
		}
	})
}

func diff(a, b []string) string {
	var out []string
	for _, s := range a {
		if _, ok := slices.BinarySearch(b, s); !ok {
			out = append(out, "- "+s)
		}
	}
	for _, s := range b {
		if _, ok := slices.BinarySearch(a, s); !ok {
			out = append(out, "+ "+s)
		}
	}
	if len(a) != len(b) {
		out = append(out, fmt.Sprintf("%d rows before, %d after", len(a), len(b)))
	}
	return strings.Join(out[:min(len(out), 40)], "\n")
}
