package search

import (
	"cmp"
	"container/heap"
	"context"
	"database/sql"
	"encoding/binary"
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
	Phase    string // "titles", "people", then "keys" (SQLite) and "indexes"
	Unit     string // what Done and Total count: "ids" or "keys"
	Done     int64  // of the phase, so far
	Total    int64  // of the phase
	Entities int    // entities indexed so far, all phases
	Terms    int    // lookup keys derived so far
	Elapsed  time.Duration
}

// ReindexBatch is the number of title or person ids read and written at a
// time by a rebuild.
const ReindexBatch = 10000

// Reindex rebuilds the whole index from the catalog in one transaction, so
// a failed rebuild leaves the old index whole. It loads in bulk: catalog
// rows read a batch of ids at a time by one goroutine, keys derived and
// sorted on all cores by others, entities written as they come, and on
// SQLite the keys written last in key order, merged from the sorted
// batches, so every insert appends to the B-tree. The trigram index is
// filled once from the entities, and PostgreSQL's indexes are built once
// after the rows. progress (when not nil) is called after each batch.
//
// Catalog writes wait for the rebuild. On SQLite searches meanwhile see the
// old index; on PostgreSQL they wait too, as the tables are truncated.
func (s *Service) Reindex(ctx context.Context, progress func(Progress)) (Progress, error) {
	start := time.Now()
	p := Progress{}
	report := func() {
		p.Elapsed = time.Since(start)
		if progress != nil {
			progress(p)
		}
	}
	var trgm string
	pg := s.db.Engine() == database.Postgres
	if pg {
		var err error
		if trgm, err = s.trgmSchema(ctx); err != nil {
			return p, err
		}
	}
	err := s.db.WithCopyTx(ctx, func(q *database.Q, copy database.CopyFunc) error {
		if err := q.Serialize(ctx, "search"); err != nil {
			return err
		}
		if err := bulkBegin(ctx, q); err != nil {
			return err
		}
		w := &bulkWriter{q: q, copy: copy, stmts: map[string]*sql.Stmt{}}
		defer w.close()
		var runs [][]termRow // SQLite: sorted runs of keys, written last
		grams := trigramCounts{}
		nextID := int64(1)
		for _, phase := range []struct {
			name, table string
			load        func(context.Context, *database.Q, int64, int64) ([]*entity, error)
		}{{"titles", "titles", loadTitles}, {"people", "people", loadPeople}} {
			var lo, hi int64
			if err := q.QueryRow(ctx, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM "+phase.table).Scan(&lo, &hi); err != nil {
				return err
			}
			p.Phase, p.Unit, p.Done, p.Total = phase.name, "ids", 0, hi-lo+1
			err := s.pipeline(ctx, lo, hi, &nextID, phase.load, func(b *formedBatch) error {
				if err := w.entities(ctx, b.rows); err != nil {
					return err
				}
				if pg {
					if err := w.termsCopy(ctx, b.runs); err != nil {
						return err
					}
				} else {
					runs = append(runs, b.runs...)
				}
				grams.merge(b.trigrams)
				p.Entities += len(b.rows)
				for _, r := range b.runs {
					p.Terms += len(r)
				}
				p.Done = b.to - lo + 1
				report()
				return nil
			})
			if err != nil {
				return err
			}
		}
		if !pg {
			p.Phase, p.Unit, p.Done, p.Total = "keys", "keys", 0, int64(p.Terms)
			err := w.sortedTerms(ctx, runs, func(n int) {
				p.Done = int64(n)
				report()
			})
			if err != nil {
				return err
			}
		}
		p.Phase, p.Unit, p.Done, p.Total = "indexes", "steps", 0, 1
		report()
		if err := bulkEnd(ctx, q, trgm, nextID); err != nil {
			return err
		}
		if err := grams.write(ctx, q); err != nil {
			return err
		}
		p.Done = 1
		report()
		return nil
	})
	p.Elapsed = time.Since(start)
	return p, err
}

// termRow is one lookup key of an entity, as search_terms stores it, with
// its first eight bytes as a number, which orders most pairs of keys
// without comparing the strings.
type termRow struct {
	prefix      uint64
	term        string
	entity      int64
	class, word int8
}

func newTermRow(t term, entity int64) termRow {
	var p [8]byte
	copy(p[:], t.term)
	return termRow{binary.BigEndian.Uint64(p[:]), t.term, entity, int8(t.class), int8(min(t.word, 127))}
}

// compareTerms orders keys as search_terms does: by key bytes, then
// entity. (Keys hold no NUL bytes, so a zero-padded prefix orders as the
// key does.)
func compareTerms(a, b termRow) int {
	if a.prefix != b.prefix {
		return cmp.Compare(a.prefix, b.prefix)
	}
	if c := strings.Compare(a.term, b.term); c != 0 {
		return c
	}
	return cmp.Compare(a.entity, b.entity)
}

// formedBatch is one batch of entities, with their ids given, as rows to
// write.
type formedBatch struct {
	to       int64   // last catalog id of the batch
	rows     [][]any // id and entityCols of each entity
	runs     [][]termRow
	trigrams trigramCounts
}

// pipeline reads batches of ids in [lo, hi] on one goroutine, gives the
// entities ids from *next on, derives their rows on all cores and hands
// them to write in order, on the caller's goroutine.
func (s *Service) pipeline(ctx context.Context, lo, hi int64, next *int64, load func(context.Context, *database.Q, int64, int64) ([]*entity, error), write func(*formedBatch) error) error {
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
			b := formAll(l.to, *next, l.es)
			*next += int64(len(l.es))
			select {
			case formedCh <- b:
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

// formAll derives the rows of es, whose ids start at first, on all cores:
// each core's share of the keys comes back as one sorted run.
func formAll(to, first int64, es []*entity) *formedBatch {
	n := max(1, min(runtime.GOMAXPROCS(0), len(es)/256))
	b := &formedBatch{to: to, rows: make([][]any, len(es)), runs: make([][]termRow, n), trigrams: trigramCounts{}}
	counts := make([]trigramCounts, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var run []termRow
			counts[i] = trigramCounts{}
			for j := i * len(es) / n; j < (i+1)*len(es)/n; j++ {
				id := first + int64(j)
				ts, xs := forms(es[j])
				row := entityRow(es[j], ts, xs)
				counts[i].add(row[10].(string))
				b.rows[j] = append([]any{id}, row...)
				for _, t := range ts {
					run = append(run, newTermRow(t, id))
				}
			}
			slices.SortFunc(run, compareTerms)
			b.runs[i] = run
		}()
	}
	wg.Wait()
	for _, c := range counts {
		b.trigrams.merge(c)
	}
	return b
}

// The statements that a bulk load drops and recreates. They repeat the
// migrations' definitions, which TestBulkReindexEqualsIncremental holds
// them to.
var (
	sqliteDeferred = []string{
		"INSERT INTO search_fuzzy (rowid, text) SELECT id, texts FROM search_entities WHERE texts <> ''",
		"INSERT INTO search_fuzzy (search_fuzzy) VALUES ('optimize')",
		`CREATE TRIGGER search_entities_in AFTER INSERT ON search_entities WHEN new.texts <> '' BEGIN
    INSERT INTO search_fuzzy (rowid, text) VALUES (new.id, new.texts);
END`,
		`CREATE TRIGGER search_entities_out AFTER DELETE ON search_entities BEGIN
    DELETE FROM search_terms WHERE entity_id = old.id AND term IN (SELECT value FROM json_each(old.keys));
    DELETE FROM search_fuzzy WHERE rowid = old.id;
END`,
	}
	postgresDeferred = []string{
		"ALTER TABLE search_terms ADD PRIMARY KEY (term, entity_id)",
		"CREATE INDEX search_entities_trgm ON search_entities USING gin (texts %sgin_trgm_ops)",
	}
)

// bulkBegin empties the index and drops what bulkEnd builds again.
func bulkBegin(ctx context.Context, q *database.Q) error {
	var stmts []string
	if q.Engine() == database.SQLite {
		stmts = []string{
			"DROP TRIGGER search_entities_in",
			"DROP TRIGGER search_entities_out",
			// Emptying the trigram index at once spares a delete per name.
			"INSERT INTO search_fuzzy (search_fuzzy) VALUES ('delete-all')",
			"DELETE FROM search_terms",
			"DELETE FROM search_entities",
			"DELETE FROM search_trigrams",
			// A large page cache for the rows being written; the writer's
			// own, reset by bulkEnd.
			"PRAGMA cache_size = -400000",
			// Keys are checked at commit, and a conflict (a bug) rolls the
			// whole rebuild back: so no statement needs its own journal.
			"PRAGMA defer_foreign_keys = ON",
		}
	} else {
		stmts = []string{
			"TRUNCATE search_terms, search_entities, search_trigrams",
			"ALTER TABLE search_terms DROP CONSTRAINT search_terms_pkey",
			"DROP INDEX search_entities_trgm",
			"SET LOCAL maintenance_work_mem = '512MB'",
		}
	}
	for _, st := range stmts {
		if _, err := q.Exec(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}

// bulkEnd builds the trigram index and what bulkBegin dropped once over all
// rows.
func bulkEnd(ctx context.Context, q *database.Q, trgm string, nextID int64) error {
	var stmts []string
	if q.Engine() == database.SQLite {
		stmts = append(slices.Clone(sqliteDeferred), "PRAGMA cache_size = -32000")
	} else {
		stmts = slices.Clone(postgresDeferred)
		stmts[len(stmts)-1] = fmt.Sprintf(stmts[len(stmts)-1], trgm)
		// Ids were given explicitly; later inserts take them from here on.
		stmts = append(stmts, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('search_entities', 'id'), %d, false)", nextID))
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

// bulkWriter inserts rows with prepared statements of a power of two rows
// each.
type bulkWriter struct {
	q     *database.Q
	copy  database.CopyFunc // on PostgreSQL
	stmts map[string]*sql.Stmt
}

func (w *bulkWriter) close() {
	for k, st := range w.stmts {
		st.Close()
		delete(w.stmts, k)
	}
}

const maxRows = 512 // rows per statement

// entities writes rows of search_entities, each its id and entityCols.
func (w *bulkWriter) entities(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if w.copy != nil {
		return w.copy(ctx, "search_entities", append([]string{"id"}, strings.Split(entityCols, ", ")...), rows)
	}
	cols := len(rows[0])
	vals := make([]any, 0, cols*len(rows))
	for _, r := range rows {
		vals = append(vals, r...)
	}
	return w.insert(ctx, "search_entities (id, "+entityCols+")", cols, vals)
}

// sortedTerms writes the keys of all runs, each sorted, in key order:
// a merge on another goroutine hands the writer chunks of rows.
func (w *bulkWriter) sortedTerms(ctx context.Context, runs [][]termRow, progress func(int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []any, 4)
	go func() {
		defer close(chunks)
		h := make(runHeap, 0, len(runs))
		for _, r := range runs {
			if len(r) > 0 {
				h = append(h, r)
			}
		}
		heap.Init(&h)
		const chunk = 64 * maxRows
		vals := make([]any, 0, 4*chunk)
		for h.Len() > 0 {
			t := h[0][0]
			vals = append(vals, t.term, t.entity, t.class, t.word)
			if h[0] = h[0][1:]; len(h[0]) == 0 {
				heap.Pop(&h)
			} else {
				heap.Fix(&h, 0)
			}
			if len(vals) == cap(vals) || h.Len() == 0 {
				select {
				case chunks <- vals:
				case <-ctx.Done():
					return
				}
				vals = make([]any, 0, 4*chunk)
			}
		}
	}()
	done := 0
	last := time.Now()
	for c := range chunks {
		if err := w.insert(ctx, "search_terms (term, entity_id, class, word)", 4, c); err != nil {
			return err
		}
		done += len(c) / 4
		if time.Since(last) > 500*time.Millisecond {
			progress(done)
			last = time.Now()
		}
	}
	progress(done)
	return ctx.Err()
}

// runHeap orders sorted runs by their first row.
type runHeap [][]termRow

func (h runHeap) Len() int           { return len(h) }
func (h runHeap) Less(i, j int) bool { return compareTerms(h[i][0], h[j][0]) < 0 }
func (h runHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)        { *h = append(*h, x.([]termRow)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// termsCopy writes keys on PostgreSQL with COPY.
func (w *bulkWriter) termsCopy(ctx context.Context, runs [][]termRow) error {
	var rows [][]any
	for _, r := range runs {
		for _, t := range r {
			rows = append(rows, []any{t.term, t.entity, int32(t.class), int32(t.word)})
		}
	}
	return w.copy(ctx, "search_terms", []string{"term", "entity_id", "class", "word"}, rows)
}

// insert writes vals, cols per row, into target ("table (columns)").
func (w *bulkWriter) insert(ctx context.Context, target string, cols int, vals []any) error {
	verb := "INSERT INTO "
	if w.q.Engine() == database.SQLite {
		verb = "INSERT OR ROLLBACK INTO "
	}
	for len(vals) > 0 {
		n := min(len(vals)/cols, maxRows)
		n = 1 << (bits.Len(uint(n)) - 1) // a power of two: few distinct statements
		key := fmt.Sprint(target, n)
		st := w.stmts[key]
		if st == nil {
			tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
			var sb strings.Builder
			sb.WriteString(verb + target + " VALUES ")
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
