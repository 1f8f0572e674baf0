package search

import (
	"context"
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

// ReindexBatch is the number of title or person ids per transaction of a
// rebuild.
const ReindexBatch = 2000

// Reindex rebuilds the whole index from the catalog, a batch of ids per
// transaction, calling progress (when not nil) after each. Writes made
// meanwhile index themselves, so the server may run during a rebuild;
// searches see entities missing until their batch is done.
func (s *Service) Reindex(ctx context.Context, progress func(Progress)) (Progress, error) {
	start := time.Now()
	p := Progress{}
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "search"); err != nil {
			return err
		}
		if q.Engine() == database.SQLite {
			// Emptying the trigram index at once spares a delete per name.
			if _, err := q.Exec(ctx, "INSERT INTO search_fuzzy (search_fuzzy) VALUES ('delete-all')"); err != nil {
				return err
			}
		}
		for _, t := range []string{"search_terms", "search_texts", "search_entities"} {
			if _, err := q.Exec(ctx, "DELETE FROM "+t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	for _, phase := range []struct {
		name, table string
		index       func(context.Context, *database.Q, int64, int64) (int, int, error)
	}{{"titles", "titles", indexTitles}, {"people", "people", indexPeople}} {
		var lo, hi int64
		if err := s.db.Reader().QueryRow(ctx, "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM "+phase.table).Scan(&lo, &hi); err != nil {
			return p, err
		}
		p.Phase, p.Done, p.Total = phase.name, 0, hi-lo+1
		for from := lo; from <= hi; from += ReindexBatch {
			to := min(from+ReindexBatch-1, hi)
			err := s.db.WithTx(ctx, func(q *database.Q) error {
				if err := q.Serialize(ctx, "search"); err != nil {
					return err
				}
				n, t, err := phase.index(ctx, q, from, to)
				p.Entities += n
				p.Terms += t
				return err
			})
			if err != nil {
				return p, err
			}
			p.Done, p.Elapsed = to-lo+1, time.Since(start)
			if progress != nil {
				progress(p)
			}
		}
	}
	if s.db.Engine() == database.SQLite {
		// Merge the trigram index's segments, written batch by batch, into
		// one: fuzzy searches then seek once per trigram instead of once per
		// segment.
		err := s.db.WithTx(ctx, func(q *database.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO search_fuzzy (search_fuzzy) VALUES ('optimize')")
			return err
		})
		if err != nil {
			return p, err
		}
	}
	p.Elapsed = time.Since(start)
	return p, nil
}

// Empty reports whether nothing is indexed while the catalog has titles or
// people: a database from before the index, which Reindex fills.
func (s *Service) Empty(ctx context.Context) (bool, error) {
	var indexed, catalog int
	err := s.db.Reader().QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM search_entities LIMIT 1) a), (SELECT COUNT(*) FROM (SELECT 1 FROM titles LIMIT 1) b) + (SELECT COUNT(*) FROM (SELECT 1 FROM people LIMIT 1) c)").Scan(&indexed, &catalog)
	return indexed == 0 && catalog > 0, err
}
