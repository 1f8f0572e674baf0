package search

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// Progress is reported after each batch of a rebuild.
type Progress struct {
	Phase    string // "titles", then "people"
	Done     int64  // ids of the phase covered so far
	Total    int64  // ids of the phase to cover
	Entities int    // entities indexed so far, all phases
	Terms    int    // lookup keys written so far
	Elapsed  time.Duration
}

// ReindexBatch is the number of title or person ids read and written at a
// time by a rebuild.
const ReindexBatch = 10000

// Reindex rebuilds the whole index from the catalog in one transaction, so
// a failed rebuild leaves the old index whole. It loads in bulk: catalog
// rows read a batch of ids at a time by one goroutine, keys derived on all
// cores by others, rows written with prepared multi-row inserts, and the
// secondary indexes and the trigram index built once after the rows rather
// than row by row. progress (when not nil) is called after each batch.
//
// Catalog writes wait for the rebuild. On SQLite searches meanwhile see the
// old index; on PostgreSQL they wait too, as the tables are truncated.
func (s *Service) Reindex(ctx context.Context, progress func(Progress)) (Progress, error) {
	start := time.Now()
	p := Progress{}
	var trgm string
	if s.db.Engine() == database.Postgres {
		var err error
		if trgm, err = s.trgmSchema(ctx); err != nil {
			return p, err
		}
	}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "search"); err != nil {
			return err
		}
		if err := bulkBegin(ctx, q); err != nil {
			return err
		}
		w, err := newBulkWriter(ctx, q)
		if err != nil {
			return err
		}
		defer w.close()
		for _, phase := range []struct {
			name, table string
			load        func(context.Context, *database.Q, int64, int64) ([]*entity, error)
		}{{"titles", "titles", loadTitles}, {"people", "people", loadPeople}} {
			var lo, hi int64
			if err := q.QueryRow(ctx, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM "+phase.table).Scan(&lo, &hi); err != nil {
				return err
			}
			p.Phase, p.Done, p.Total = phase.name, 0, hi-lo+1
			err := s.pipeline(ctx, lo, hi, phase.load, func(b *formedBatch) error {
				if err := w.write(ctx, b); err != nil {
					return err
				}
				p.Entities += len(b.es)
				p.Terms += len(b.terms) / 4
				p.Done, p.Elapsed = b.to-lo+1, time.Since(start)
				if progress != nil {
					progress(p)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		w.close()
		return bulkEnd(ctx, q, trgm, w)
	})
	p.Elapsed = time.Since(start)
	return p, err
}

// formedBatch is one batch of entities with the rows to write, as flat
// argument lists: the ids are assigned by the writer.
type formedBatch struct {
	to    int64 // last id of the batch
	es    []*entity
	terms []any // entity index into es, term, class, word
	texts []any // entity index into es, text, class
}

// pipeline reads batches of ids in [lo, hi] on one goroutine, derives
// their keys on all cores and hands them to write in order, on the
// caller's goroutine.
func (s *Service) pipeline(ctx context.Context, lo, hi int64, load func(context.Context, *database.Q, int64, int64) ([]*entity, error), write func(*formedBatch) error) error {
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type loaded struct {
		to  int64
		es  []*entity
		err error
	}
	loadedCh := make(chan loaded, 2)
	formedCh := make(chan *formedBatch, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(loadedCh)
		for from := lo; from <= hi; from += ReindexBatch {
			to := min(from+ReindexBatch-1, hi)
			es, err := load(ctx, s.db.Reader(), from, to)
			select {
			case loadedCh <- loaded{to, es, err}:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var loadErr error
	go func() {
		defer wg.Done()
		defer close(formedCh)
		for l := range loadedCh {
			if l.err != nil {
				loadErr = l.err
				return
			}
			select {
			case formedCh <- formAll(l.to, l.es):
			case <-ctx.Done():
				return
			}
		}
	}()
	var err error
	for b := range formedCh {
		if err = write(b); err != nil {
			break
		}
	}
	cancel()
	for range formedCh {
	}
	wg.Wait()
	if err == nil {
		err = loadErr
	}
	if err == nil {
		err = parent.Err()
	}
	return err
}

// formAll derives the rows of es on all cores.
func formAll(to int64, es []*entity) *formedBatch {
	n := max(1, min(runtime.GOMAXPROCS(0), len(es)/256))
	parts := make([]formedBatch, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pt := &parts[i]
			for j := i * len(es) / n; j < (i+1)*len(es)/n; j++ {
				ts, xs := forms(es[j])
				for _, t := range ts {
					pt.terms = append(pt.terms, j, t.term, t.class, t.word)
				}
				for _, x := range xs {
					pt.texts = append(pt.texts, j, x.text, x.class)
				}
			}
		}()
	}
	wg.Wait()
	b := &formedBatch{to: to, es: es}
	for _, pt := range parts {
		b.terms = append(b.terms, pt.terms...)
		b.texts = append(b.texts, pt.texts...)
	}
	return b
}

// The statements that a bulk load drops and recreates: the indexes by
// entity and the trigram index with what feeds it. They repeat the
// migrations' definitions, which TestReindexKeepsSchema holds them to.
var (
	sqliteDeferred = []string{
		"CREATE INDEX search_terms_by_entity ON search_terms (entity_id)",
		"CREATE INDEX search_texts_by_entity ON search_texts (entity_id)",
		"INSERT INTO search_fuzzy (rowid, text) SELECT id, text FROM search_texts",
		"INSERT INTO search_fuzzy (search_fuzzy) VALUES ('optimize')",
		"DELETE FROM search_trigrams",
		"INSERT INTO search_trigrams (trigram, names) SELECT term, doc FROM search_fuzzy_vocab",
		`CREATE TRIGGER search_texts_in AFTER INSERT ON search_texts BEGIN
    INSERT INTO search_fuzzy (rowid, text) VALUES (new.id, new.text);
END`,
		`CREATE TRIGGER search_texts_out AFTER DELETE ON search_texts BEGIN
    DELETE FROM search_fuzzy WHERE rowid = old.id;
END`,
	}
	postgresDeferred = []string{
		"ALTER TABLE search_terms ADD PRIMARY KEY (term, entity_id)",
		"CREATE INDEX search_terms_by_entity ON search_terms (entity_id)",
		"CREATE INDEX search_texts_by_entity ON search_texts (entity_id)",
		"CREATE INDEX search_texts_trgm ON search_texts USING gin (text %sgin_trgm_ops)",
	}
)

// bulkBegin empties the index and drops what bulkEnd builds again.
func bulkBegin(ctx context.Context, q *database.Q) error {
	var stmts []string
	if q.Engine() == database.SQLite {
		stmts = []string{
			"DROP TRIGGER search_texts_in",
			"DROP TRIGGER search_texts_out",
			// Emptying the trigram index at once spares a delete per name.
			"INSERT INTO search_fuzzy (search_fuzzy) VALUES ('delete-all')",
			"DROP INDEX search_terms_by_entity",
			"DROP INDEX search_texts_by_entity",
			"DELETE FROM search_terms",
			"DELETE FROM search_texts",
			"DELETE FROM search_entities",
			// A large page cache for the rows of the lookup-key B-tree; the
			// writer's own, reset by bulkEnd.
			"PRAGMA cache_size = -400000",
			// Keys are checked at commit, and a conflict (a bug) rolls the
			// whole rebuild back: so no statement needs its own journal.
			"PRAGMA defer_foreign_keys = ON",
		}
	} else {
		stmts = []string{
			"TRUNCATE search_terms, search_texts, search_entities",
			"ALTER TABLE search_terms DROP CONSTRAINT search_terms_pkey",
			"DROP INDEX search_terms_by_entity",
			"DROP INDEX search_texts_by_entity",
			"DROP INDEX search_texts_trgm",
			"SET LOCAL maintenance_work_mem = '256MB'",
		}
	}
	for _, st := range stmts {
		if _, err := q.Exec(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}

// bulkEnd builds the indexes and the trigram index once over all rows.
func bulkEnd(ctx context.Context, q *database.Q, trgm string, w *bulkWriter) error {
	var stmts []string
	if q.Engine() == database.SQLite {
		stmts = append(slices.Clone(sqliteDeferred), "PRAGMA cache_size = -32000")
	} else {
		stmts = slices.Clone(postgresDeferred)
		stmts[len(stmts)-1] = fmt.Sprintf(stmts[len(stmts)-1], trgm)
		// Ids were given explicitly; later inserts take them from here on.
		stmts = append(stmts,
			fmt.Sprintf("SELECT setval(pg_get_serial_sequence('search_entities', 'id'), %d, false)", w.nextEntity),
			fmt.Sprintf("SELECT setval(pg_get_serial_sequence('search_texts', 'id'), %d, false)", w.nextText))
	}
	for _, st := range stmts {
		t0 := time.Now()
		if _, err := q.Exec(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
		if os.Getenv("DRAMADB_SEARCH_TRACE") != "" {
			fmt.Fprintln(os.Stderr, time.Since(t0).Round(time.Millisecond), st[:min(48, len(st))])
		}
	}
	return nil
}

// bulkWriter inserts formed batches with prepared statements of a power of
// two rows each, giving entities and texts their ids itself.
type bulkWriter struct {
	q          *database.Q
	stmts      map[string]*sql.Stmt
	nextEntity int64
	nextText   int64
	insertVerb string
}

func newBulkWriter(ctx context.Context, q *database.Q) (*bulkWriter, error) {
	w := &bulkWriter{q: q, stmts: map[string]*sql.Stmt{}, nextEntity: 1, nextText: 1, insertVerb: "INSERT INTO "}
	if q.Engine() == database.SQLite {
		w.insertVerb = "INSERT OR ROLLBACK INTO "
	}
	return w, nil
}

func (w *bulkWriter) close() {
	for k, st := range w.stmts {
		st.Close()
		delete(w.stmts, k)
	}
}

const (
	entityCols = "kind, title_id, person_id, character_id, slug, name, native, context, popularity"
	maxRows    = 512 // rows per statement
)

func (w *bulkWriter) write(ctx context.Context, b *formedBatch) error {
	first := w.nextEntity
	ents := make([]any, 0, 10*len(b.es))
	for i, e := range b.es {
		var tid, pid, cid any
		switch e.kind {
		case KindTitle:
			tid = e.ref
		case KindPerson:
			pid = e.ref
		default:
			cid = e.ref
		}
		ents = append(ents, first+int64(i), e.kind, tid, pid, cid, e.slug, e.name, e.native, e.context, e.popularity)
	}
	w.nextEntity += int64(len(b.es))
	if err := w.insert(ctx, "search_entities (id, "+entityCols+")", 10, ents); err != nil {
		return err
	}
	for i := 0; i < len(b.terms); i += 4 {
		b.terms[i] = first + int64(b.terms[i].(int))
	}
	if err := w.insert(ctx, "search_terms (entity_id, term, class, word)", 4, b.terms); err != nil {
		return err
	}
	texts := make([]any, 0, len(b.texts)/3*4)
	for i := 0; i < len(b.texts); i += 3 {
		texts = append(texts, w.nextText, first+int64(b.texts[i].(int)), b.texts[i+1], b.texts[i+2])
		w.nextText++
	}
	return w.insert(ctx, "search_texts (id, entity_id, text, class)", 4, texts)
}

// insert writes vals, cols per row, into target ("table (columns)").
func (w *bulkWriter) insert(ctx context.Context, target string, cols int, vals []any) error {
	for len(vals) > 0 {
		n := min(len(vals)/cols, maxRows)
		n = 1 << (bits.Len(uint(n)) - 1) // a power of two: few distinct statements
		key := fmt.Sprint(target, n)
		st := w.stmts[key]
		if st == nil {
			tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
			var sb strings.Builder
			sb.WriteString(w.insertVerb + target + " VALUES ")
			for i := range n {
				if i > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(tuple)
			}
			var err error
			if st, err = w.q.Prepare(ctx, sb.String()); err != nil {
				return err
			}
			w.stmts[key] = st
		}
		if _, err := st.ExecContext(ctx, vals[:n*cols]...); err != nil {
			return fmt.Errorf("insert into %s: %w", target, err)
		}
		vals = vals[n*cols:]
	}
	return nil
}

// Empty reports whether nothing is indexed while the catalog has titles or
// people: a database from before the index, which Reindex fills.
func (s *Service) Empty(ctx context.Context) (bool, error) {
	var indexed, catalog int
	err := s.db.Reader().QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM search_entities LIMIT 1) a), (SELECT COUNT(*) FROM (SELECT 1 FROM titles LIMIT 1) b) + (SELECT COUNT(*) FROM (SELECT 1 FROM people LIMIT 1) c)").Scan(&indexed, &catalog)
	return indexed == 0 && catalog > 0, err
}
