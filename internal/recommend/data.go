package recommend

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// How much tracking a title says a member liked it, when they have not
// rated it. A dropped title says they did not.
var statusWeight = map[string]float32{
	"completed":     1,
	"watching":      0.8,
	"on_hold":       0.4,
	"plan_to_watch": 0.3,
	"dropped":       0,
}

// meanPrior pulls the mean of a member with few ratings towards the
// instance's mean, as if they had made this many average ratings.
const meanPrior = 3

// load reads titles, their content features and every member's ratings
// and watch entries, streaming rows into compact slices.
func load(ctx context.Context, q *database.Q) (*dataset, error) {
	ids, err := database.All(ctx, q, "SELECT id FROM titles ORDER BY id", func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	d := newDataset(ids)
	feats := []struct {
		kind  uint64
		query string
	}{
		{featGenre, "SELECT title_id, genre_id FROM title_genres"},
		{featTag, "SELECT title_id, tag_id FROM title_tags"},
		// The leading cast and the key crew say what a title is like; the
		// tail of a long credit list mostly adds noise and cost.
		{featPerson, "SELECT title_id, person_id FROM cast_credits WHERE position < 10"},
		{featPerson, "SELECT title_id, person_id FROM crew_credits WHERE position < 6"},
	}
	for _, f := range feats {
		if err := each(ctx, q, f.query, func(r *sql.Rows) error {
			var tid, fid int64
			if err := r.Scan(&tid, &fid); err != nil {
				return err
			}
			if t, ok := d.index[tid]; ok {
				d.rawFeats[t] = append(d.rawFeats[t], f.kind<<56|uint64(fid))
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	countries := map[string]uint64{}
	if err := each(ctx, q, "SELECT title_id, country FROM title_countries", func(r *sql.Rows) error {
		var tid int64
		var c string
		if err := r.Scan(&tid, &c); err != nil {
			return err
		}
		id, ok := countries[c]
		if !ok {
			id = uint64(len(countries))
			countries[c] = id
		}
		if t, ok := d.index[tid]; ok {
			d.rawFeats[t] = append(d.rawFeats[t], featCountry<<56|id)
		}
		return nil
	}); err != nil {
		return nil, err
	}

	// Ratings and watch entries, merged per member and title.
	type raw struct {
		user   int64
		item   int32
		score  int8 // doubled, 0 when not rated
		status string
		at     int64
	}
	var rows []raw
	if err := each(ctx, q, "SELECT user_id, target_id, score, updated_at FROM title_ratings", func(r *sql.Rows) error {
		var x raw
		var tid int64
		var at time.Time
		if err := r.Scan(&x.user, &tid, &x.score, &at); err != nil {
			return err
		}
		if t, ok := d.index[tid]; ok {
			x.item, x.at = t, at.Unix()
			rows = append(rows, x)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(ctx, q, "SELECT user_id, title_id, status, updated_at FROM watch_entries", func(r *sql.Rows) error {
		var x raw
		var tid int64
		var at time.Time
		if err := r.Scan(&x.user, &tid, &x.status, &at); err != nil {
			return err
		}
		if t, ok := d.index[tid]; ok {
			x.item, x.at = t, at.Unix()
			rows = append(rows, x)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b raw) int { return cmp.Or(cmp.Compare(a.user, b.user), cmp.Compare(a.item, b.item)) })

	// The instance's mean rating, the prior of every member's mean.
	var sum, n float64
	for _, x := range rows {
		if x.score > 0 {
			sum += float64(x.score)
			n++
		}
	}
	global := 14.0 // 7 of 10 until the instance has ratings
	if n > 0 {
		global = sum / n
	}
	for lo := 0; lo < len(rows); {
		hi := lo
		var s, c float64
		for hi < len(rows) && rows[hi].user == rows[lo].user {
			if rows[hi].score > 0 {
				s += float64(rows[hi].score)
				c++
			}
			hi++
		}
		mean := (s + meanPrior*global) / (c + meanPrior)
		var xs []interaction
		for i := lo; i < hi; {
			// A rating and a watch entry of the same title are one
			// interaction: the rating says more, the latest time counts.
			j := i
			var score int8
			status := ""
			var at int64
			for j < hi && rows[j].item == rows[i].item {
				if rows[j].score > 0 {
					score = rows[j].score
				} else {
					status = rows[j].status
				}
				at = max(at, rows[j].at)
				j++
			}
			xs = append(xs, interaction{item: rows[i].item, w: preference(score, status, mean), at: at})
			i = j
		}
		d.users = append(d.users, rows[lo].user)
		d.inter = append(d.inter, xs)
		lo = hi
	}
	return d, nil
}

// preference says how much a member liked a title: a rating by how far it
// sits above their own mean (at their mean it counts 1, two points above it
// 1.4, five points below it nothing), else their watch status.
func preference(score int8, status string, mean float64) float32 {
	if score > 0 {
		w := 1 + (float64(score)-mean)/10
		return float32(min(max(w, 0), 2))
	}
	return statusWeight[status]
}

// each runs fn on every row of a query.
func each(ctx context.Context, q *database.Q, query string, fn func(*sql.Rows) error) error {
	rows, err := q.Query(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
