package recommend

import (
	"context"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// Progress is reported while a build runs.
type Progress struct {
	// Phase is "load", "similar" (titles), "members" or "write" (titles
	// and members whose lists are written).
	Phase   string
	Done    int
	Total   int
	Elapsed time.Duration
}

// Stats describe a finished build.
type Stats struct {
	Build        int64
	Titles       int
	Members      int
	Interactions int
	Rows         int64 // written
	Load         time.Duration
	Compute      time.Duration
	Write        time.Duration
	Elapsed      time.Duration
}

// rowsPerInsert keeps a multi-row INSERT under SQLite's limit of bound
// values.
const rowsPerInsert = 500

// batchTitles is how many titles' (or members') rows go in one
// transaction: large enough to be fast, small enough not to hold the
// single SQLite writer for long.
const batchTitles = 5000

// Build recomputes every recommendation from the ratings, watch entries and
// catalog as they are now, writes them under a new build number and then
// switches readers to it. progress may be nil.
func (s *Service) Build(ctx context.Context, progress func(Progress)) (Stats, error) {
	start := s.now()
	var st Stats
	report := func(phase string, done, total int) {
		if progress != nil {
			progress(Progress{Phase: phase, Done: done, Total: total, Elapsed: s.now().Sub(start)})
		}
	}
	report("load", 0, 0)
	d, err := load(ctx, s.db.Reader())
	if err != nil {
		return st, err
	}
	st.Titles, st.Members = len(d.ids), len(d.users)
	for _, xs := range d.inter {
		st.Interactions += len(xs)
	}
	st.Load = s.now().Sub(start)
	m, err := compute(ctx, d, params{similarK: s.opt.SimilarK, personalK: s.opt.PersonalK, collab: 1, progress: report})
	if err != nil {
		return st, err
	}
	st.Compute = s.now().Sub(start) - st.Load

	build, err := s.reserve(ctx)
	if err != nil {
		return st, err
	}
	st.Build = build
	if st.Rows, err = s.write(ctx, d, m, build, report); err != nil {
		// What was written of this build is never read; clear it now if
		// possible, else the next build does.
		cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		s.drop(cleanup, build, true)
		cancel()
		return st, err
	}
	st.Write = s.now().Sub(start) - st.Load - st.Compute
	var res sqlResult
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		r, err := q.Exec(ctx, "UPDATE recommend_state SET build = ?, built_at = ? WHERE id = 1 AND build < ?", build, s.now().UTC(), build)
		res = r
		return err
	})
	if err != nil {
		return st, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// A newer build finished first; this one is already out of date.
		return st, s.drop(ctx, build, true)
	}
	s.switched(build)
	st.Elapsed = s.now().Sub(start)
	return st, s.drop(ctx, build, false)
}

type sqlResult interface{ RowsAffected() (int64, error) }

// reserve takes a build number no other build uses.
func (s *Service) reserve(ctx context.Context) (int64, error) {
	var build int64
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if _, err := q.Exec(ctx, "UPDATE recommend_state SET reserved = reserved + 1 WHERE id = 1"); err != nil {
			return err
		}
		return q.QueryRow(ctx, "SELECT reserved FROM recommend_state WHERE id = 1").Scan(&build)
	})
	return build, err
}

// write stores a model's rows under build, a batch of titles or members
// per transaction.
func (s *Service) write(ctx context.Context, d *dataset, m *model, build int64, report func(string, int, int)) (int64, error) {
	var rows int64
	total := len(d.ids) + len(d.users)
	for lo := 0; lo < len(d.ids); lo += batchTitles {
		hi := min(lo+batchTitles, len(d.ids))
		ins := newInserter("title_similar", "title_id, build, rank, similar_id, score", 5)
		for i := lo; i < hi; i++ {
			for r, nb := range m.similar[i] {
				ins.add(d.ids[i], build, r+1, d.ids[nb.item], float64(nb.score))
			}
		}
		if err := s.db.WithTx(ctx, ins.exec(ctx)); err != nil {
			return rows, err
		}
		rows += ins.rows
		report("write", hi, total)
	}
	for lo := 0; lo < len(d.users); lo += batchTitles {
		hi := min(lo+batchTitles, len(d.users))
		ins := newInserter("member_recommendations", "user_id, build, rank, title_id, score, because_id", 6)
		for u := lo; u < hi; u++ {
			for r, p := range m.personal[u] {
				var because any
				if p.because >= 0 {
					because = d.ids[p.because]
				}
				ins.add(d.users[u], build, r+1, d.ids[p.item], float64(p.score), because)
			}
		}
		err := s.db.WithTx(ctx, ins.exec(ctx))
		if database.IsForeignKeyViolation(err) {
			// A member deleted since the load: write the batch without them.
			err = s.db.WithTx(ctx, func(q *database.Q) error {
				return ins.execExisting(ctx, q)
			})
		}
		if err != nil {
			return rows, err
		}
		rows += ins.rows
		report("write", len(d.ids)+hi, total)
	}
	ins := newInserter("recommend_popular", "build, rank, title_id, score", 4)
	// Enough for a newcomer's page even after leaving out what they track.
	for r, nb := range m.popular[:min(len(m.popular), 4*s.opt.PersonalK)] {
		ins.add(build, r+1, d.ids[nb.item], float64(nb.score))
	}
	if err := s.db.WithTx(ctx, ins.exec(ctx)); err != nil {
		return rows, err
	}
	return rows + ins.rows, nil
}

// drop deletes the rows of older builds (or, with only, of build itself),
// a range of titles or members per transaction.
func (s *Service) drop(ctx context.Context, build int64, only bool) error {
	cond := "build < ?"
	if only {
		cond = "build = ?"
	}
	for _, t := range []struct{ table, key string }{{"title_similar", "title_id"}, {"member_recommendations", "user_id"}} {
		var hi int64
		if err := s.db.Reader().QueryRow(ctx, "SELECT COALESCE(MAX("+t.key+"), 0) FROM "+t.table).Scan(&hi); err != nil {
			return err
		}
		for lo := int64(0); lo <= hi; lo += 20000 {
			err := s.db.WithTx(ctx, func(q *database.Q) error {
				_, err := q.Exec(ctx, "DELETE FROM "+t.table+" WHERE "+t.key+" >= ? AND "+t.key+" < ? AND "+cond, lo, lo+20000, build)
				return err
			})
			if err != nil {
				return err
			}
		}
	}
	return s.db.WithTx(ctx, func(q *database.Q) error {
		_, err := q.Exec(ctx, "DELETE FROM recommend_popular WHERE "+cond, build)
		return err
	})
}

// inserter gathers rows for multi-row INSERT statements.
type inserter struct {
	table, cols string
	width       int
	args        []any
	rows        int64
}

func newInserter(table, cols string, width int) *inserter {
	return &inserter{table: table, cols: cols, width: width}
}

func (ins *inserter) add(vals ...any) {
	ins.args = append(ins.args, vals...)
	ins.rows++
}

func (ins *inserter) exec(ctx context.Context) func(q *database.Q) error {
	return func(q *database.Q) error {
		per := rowsPerInsert * ins.width
		for lo := 0; lo < len(ins.args); lo += per {
			chunk := ins.args[lo:min(lo+per, len(ins.args))]
			if _, err := q.Exec(ctx, ins.statement(len(chunk)/ins.width), chunk...); err != nil {
				return err
			}
		}
		return nil
	}
}

// execExisting inserts member rows one member at a time, skipping members
// whose account is gone.
func (ins *inserter) execExisting(ctx context.Context, q *database.Q) error {
	for lo := 0; lo < len(ins.args); {
		user := ins.args[lo]
		hi := lo
		for hi < len(ins.args) && ins.args[hi] == user {
			hi += ins.width
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE id = ?", user).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			if _, err := q.Exec(ctx, ins.statement((hi-lo)/ins.width), ins.args[lo:hi]...); err != nil {
				return err
			}
		}
		lo = hi
	}
	return nil
}

func (ins *inserter) statement(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + ins.table + " (" + ins.cols + ") VALUES ")
	one := "(?" + strings.Repeat(", ?", ins.width-1) + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}
