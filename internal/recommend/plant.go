package recommend

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// PlantOptions say how many members with planted tastes to make.
type PlantOptions struct {
	// Members to create (default 1,000), each with PerMember interactions
	// (default 30) spread over the titles already in the catalog.
	Members, PerMember int
	// Groups is the number of taste groups (default 10): the titles are
	// dealt into groups at random and each member belongs to one group.
	Groups int
	// Own is the share of a member's titles drawn from their own group
	// (default 0.8); the rest come from anywhere and are rated low.
	Own  float64
	Seed int64
	// Progress, when set, is told the members committed so far.
	Progress func(done, total int)
}

// Planted describes what Plant wrote.
type Planted struct {
	Members, Ratings, WatchEntries int
	// Group is each title's taste group, by title id.
	Group map[int64]int
	// MemberGroup is each new member's taste group, by user id.
	MemberGroup map[int64]int
	Elapsed     time.Duration
}

// Plant creates members with planted tastes, for measuring and testing
// recommendations: a member of group g mostly rates titles of group g
// high and a few other titles low, and tracks some of them. Within a group
// and overall, titles are drawn with a skew, so some are far more popular
// than others and popularity is a fair baseline. The members cannot sign
// in (they have no password). Rows are written directly, a thousand
// members per transaction, with the count tables ratings and tracking keep.
func Plant(ctx context.Context, db *database.DB, opt PlantOptions) (*Planted, error) {
	start := time.Now()
	if opt.Members <= 0 {
		opt.Members = 1000
	}
	if opt.PerMember <= 0 {
		opt.PerMember = 30
	}
	if opt.Groups <= 0 {
		opt.Groups = 10
	}
	if opt.Own <= 0 || opt.Own > 1 {
		opt.Own = 0.8
	}
	ids, err := database.All(ctx, db.Reader(), "SELECT id FROM titles ORDER BY id", func(r *sql.Rows) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	if len(ids) < 2*opt.Groups {
		return nil, fmt.Errorf("recommend: %d titles are too few for %d taste groups", len(ids), opt.Groups)
	}
	opt.PerMember = min(opt.PerMember, len(ids)/opt.Groups/2)
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0x7ec5))
	out := &Planted{Group: make(map[int64]int, len(ids)), MemberGroup: map[int64]int{}}
	groups := make([][]int64, opt.Groups)
	for _, k := range r.Perm(len(ids)) {
		g := k % opt.Groups
		groups[g] = append(groups[g], ids[k])
		out.Group[ids[k]] = g
	}
	// skewed draws a position in a list of n, the head far more often.
	skewed := func(n int) int {
		u := r.Float64()
		return int(float64(n) * u * u * u)
	}
	var base int64
	if err := db.Reader().QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM users").Scan(&base); err != nil {
		return nil, err
	}
	epoch := time.Now().UTC().Add(-365 * 24 * time.Hour).Truncate(time.Second)
	const perTx = 1000
	for lo := 0; lo < opt.Members; lo += perTx {
		hi := min(lo+perTx, opt.Members)
		var first, last int64
		err := db.WithTx(ctx, func(q *database.Q) error {
			ratings := newInserter("title_ratings", "user_id, target_id, score, created_at, updated_at", 5)
			watch := newInserter("watch_entries", "user_id, title_id, status, episodes_seen, created_at, updated_at", 6)
			for m := lo; m < hi; m++ {
				name := fmt.Sprintf("taste%d_%d_%d", opt.Seed, base, m)
				var uid int64
				if err := q.QueryRow(ctx, `INSERT INTO users (username, username_key, email, email_key, password_hash, role, created_at, updated_at)
					VALUES (?, ?, ?, ?, '', 'member', ?, ?) RETURNING id`, name, name, name+"@planted.invalid", name+"@planted.invalid", epoch, epoch).Scan(&uid); err != nil {
					return err
				}
				if first == 0 {
					first = uid
				}
				last = uid
				g := m % opt.Groups
				out.MemberGroup[uid] = g
				taken := map[int64]bool{}
				for len(taken) < opt.PerMember {
					own := r.Float64() < opt.Own
					var tid int64
					if own {
						tid = groups[g][skewed(len(groups[g]))]
					} else {
						tid = ids[skewed(len(ids))]
						own = out.Group[tid] == g
					}
					if taken[tid] {
						continue
					}
					taken[tid] = true
					at := epoch.Add(time.Duration(r.Int64N(365*24*3600)) * time.Second)
					score := 4 + r.IntN(10) // 2 to 6.5
					status := "dropped"
					if own {
						score, status = 15+r.IntN(6), "completed" // 7.5 to 10
					}
					switch k := r.IntN(4); {
					case k == 0: // tracked only
						watch.add(uid, tid, status, 0, at, at)
					case k == 1: // rated and tracked
						watch.add(uid, tid, status, 0, at, at)
						ratings.add(uid, tid, score, at, at)
					default:
						ratings.add(uid, tid, score, at, at)
					}
				}
			}
			if err := ratings.exec(ctx)(q); err != nil {
				return err
			}
			if err := watch.exec(ctx)(q); err != nil {
				return err
			}
			out.Ratings += int(ratings.rows)
			out.WatchEntries += int(watch.rows)
			// The count tables every rating and watch write keeps.
			if _, err := q.Exec(ctx, `INSERT INTO title_rating_counts (target_id, score, count)
				SELECT target_id, score, COUNT(*) FROM title_ratings WHERE user_id BETWEEN ? AND ? GROUP BY target_id, score
				ON CONFLICT (target_id, score) DO UPDATE SET count = title_rating_counts.count + excluded.count`, first, last); err != nil {
				return err
			}
			_, err := q.Exec(ctx, `INSERT INTO watch_counts (title_id, status, count)
				SELECT title_id, status, COUNT(*) FROM watch_entries WHERE user_id BETWEEN ? AND ? GROUP BY title_id, status
				ON CONFLICT (title_id, status) DO UPDATE SET count = watch_counts.count + excluded.count`, first, last)
			return err
		})
		if err != nil {
			return out, err
		}
		out.Members = hi
		if opt.Progress != nil {
			opt.Progress(hi, opt.Members)
		}
	}
	out.Elapsed = time.Since(start)
	return out, nil
}
