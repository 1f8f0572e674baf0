package recommend

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Tuning of the model. The weights say how much one shared feature of each
// kind counts before IDF; a shared tag says more than a shared country.
const (
	weightGenre   = 1.0
	weightTag     = 1.5
	weightPerson  = 1.2
	weightCountry = 0.5

	// A feature on more titles than this (a genre, a common tag) still
	// counts in every similarity, but only its most popular titles are
	// looked at as candidates: walking all of them for every title would
	// cost titles × postings.
	candidateCap = 200

	// Shrinkage of item-to-item similarity: two titles seen together by few
	// members count less than the cosine alone says.
	shrink = 10.0
	// How far collaborative similarity may take over from content: the
	// share of a title with n members is maxCollab·n/(n+collabHalf).
	maxCollab  = 0.85
	collabHalf = 10.0

	// At most this many positive interactions of one member enter the
	// co-occurrence counts (their highest rated, then latest), bounding the
	// cost of a member who tracks thousands of titles.
	maxUserItems = 500
	// Personal recommendations are made from a member's latest positive
	// interactions, at most this many.
	maxHistory = 200
)

// Feature kinds.
const (
	featGenre = iota + 1
	featTag
	featPerson
	featCountry
)

var kindWeight = [...]float64{featGenre: weightGenre, featTag: weightTag, featPerson: weightPerson, featCountry: weightCountry}

// feature is one weighted entry of a title's sparse content vector.
type feature struct {
	id int32
	w  float32
}

// interaction is what one member did with one title: how much it says
// they liked it (w, 0 for a title they did not like) and when.
type interaction struct {
	item int32
	w    float32
	at   int64 // unix seconds
}

// dataset is everything the model learns from, held in memory as compact
// slices indexed by a title's position in ids.
type dataset struct {
	ids   []int64 // title index → titles.id, ascending
	index map[int64]int32
	// rawFeats are each title's features before weighting: kind<<56 | id.
	rawFeats [][]uint64
	users    []int64         // member index → users.id, ascending
	inter    [][]interaction // per member, by item
}

func newDataset(ids []int64) *dataset {
	d := &dataset{ids: ids, index: make(map[int64]int32, len(ids)), rawFeats: make([][]uint64, len(ids))}
	for i, id := range ids {
		d.index[id] = int32(i)
	}
	return d
}

// model is a computed set of recommendations over a dataset.
type model struct {
	similar  [][]neighbour // per title, best first
	popular  []neighbour   // titles by members who liked them, most first
	personal [][]pick      // per member, best first
}

type neighbour struct {
	item  int32
	score float32
}

type pick struct {
	item    int32
	score   float32
	because int32 // -1 when no title of theirs led here (popular filler)
}

// params bound how much the model keeps.
type params struct {
	similarK  int // neighbours kept per title
	personalK int // recommendations kept per member
	// collab scales maxCollab: 0 makes a content-only model (for the
	// evaluation's comparison), 1 the normal blend.
	collab float64
	// progress is told each finished title (and member) of the two
	// passes; it must be safe for concurrent use.
	progress func(phase string, done, total int)
}

// contentVectors weighs each title's features by kind and IDF and
// normalizes them to unit length. It returns, per title, the features on
// few titles (which are walked exhaustively) and the common ones (walked
// through the capped postings only), and the postings of every feature,
// most popular title first.
func contentVectors(d *dataset, pop []float32) (low, high [][]feature, postings [][]int32) {
	n := len(d.ids)
	featIndex := map[uint64]int32{}
	var df []int32
	for _, fs := range d.rawFeats {
		for _, f := range fs {
			id, ok := featIndex[f]
			if !ok {
				id = int32(len(df))
				featIndex[f] = id
				df = append(df, 0)
			}
			df[id]++
		}
	}
	postings = make([][]int32, len(df))
	for i := range postings {
		postings[i] = make([]int32, 0, df[i])
	}
	low, high = make([][]feature, n), make([][]feature, n)
	for t, fs := range d.rawFeats {
		if len(fs) == 0 {
			continue
		}
		vec := make([]feature, 0, len(fs))
		var norm float64
		for _, f := range fs {
			id := featIndex[f]
			postings[id] = append(postings[id], int32(t))
			w := kindWeight[f>>56] * math.Log(1+float64(n)/float64(df[id]))
			vec = append(vec, feature{id, float32(w)})
			norm += w * w
		}
		norm = math.Sqrt(norm)
		slices.SortFunc(vec, func(a, b feature) int { return cmp.Compare(a.id, b.id) })
		vec = slices.CompactFunc(vec, func(a, b feature) bool { return a.id == b.id })
		for _, f := range vec {
			f.w = float32(float64(f.w) / norm)
			if df[f.id] > candidateCap {
				high[t] = append(high[t], f)
			} else {
				low[t] = append(low[t], f)
			}
		}
	}
	for _, p := range postings {
		if len(p) > candidateCap {
			slices.SortStableFunc(p, func(a, b int32) int { return cmp.Compare(pop[b], pop[a]) })
		}
	}
	return low, high, postings
}

// positives returns each member's interactions that say they liked the
// title, capped at maxUserItems (highest weight, then latest).
func positives(d *dataset) [][]interaction {
	out := make([][]interaction, len(d.inter))
	for u, xs := range d.inter {
		var p []interaction
		for _, x := range xs {
			if x.w > 0 {
				p = append(p, x)
			}
		}
		if len(p) > maxUserItems {
			slices.SortFunc(p, func(a, b interaction) int {
				return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(b.at, a.at))
			})
			p = p[:maxUserItems]
		}
		out[u] = p
	}
	return out
}

// compute builds the model: blended item-to-item neighbours, then each
// member's recommendations from them.
func compute(ctx context.Context, d *dataset, p params) (*model, error) {
	n := len(d.ids)
	pos := positives(d)
	// Item → members who liked it, with their weight: the transpose of pos.
	pop := make([]float32, n)
	counts := make([]int32, n)
	for _, xs := range pos {
		for _, x := range xs {
			counts[x.item]++
			pop[x.item]++
		}
	}
	itemUsers := make([][]int32, n)
	itemW := make([][]float32, n)
	norms := make([]float32, n)
	for i := range itemUsers {
		itemUsers[i] = make([]int32, 0, counts[i])
		itemW[i] = make([]float32, 0, counts[i])
	}
	for u, xs := range pos {
		for _, x := range xs {
			itemUsers[x.item] = append(itemUsers[x.item], int32(u))
			itemW[x.item] = append(itemW[x.item], x.w)
			norms[x.item] += x.w * x.w
		}
	}
	for i := range norms {
		norms[i] = float32(math.Sqrt(float64(norms[i])))
	}
	low, high, postings := contentVectors(d, pop)

	m := &model{similar: make([][]neighbour, n)}
	var done atomic.Int64
	err := parallel(ctx, n, func(next func() (int, bool)) {
		content := make([]float32, n)
		dot := make([]float32, n)
		// The weights of title i's common features, by feature id.
		hw := make([]float32, len(postings))
		co := make([]int32, n)
		seen := make([]bool, n)
		var touched []int32
		touch := func(j int32) {
			if !seen[j] {
				seen[j] = true
				touched = append(touched, j)
			}
		}
		var cands []neighbour
		for {
			i, ok := next()
			if !ok {
				return
			}
			// Content: exact over rare features, candidates only over
			// common ones (their share is added below, per candidate).
			for _, f := range low[i] {
				for _, j := range postings[f.id] {
					w := dotWeight(low[j], f.id)
					content[j] += f.w * w
					touch(j)
				}
			}
			for _, f := range high[i] {
				ps := postings[f.id]
				if len(ps) > candidateCap {
					ps = ps[:candidateCap]
				}
				for _, j := range ps {
					touch(j)
				}
			}
			// Collaborative: co-occurrence through the members who liked i.
			for k, u := range itemUsers[i] {
				wi := itemW[i][k]
				for _, x := range pos[u] {
					dot[x.item] += wi * x.w
					co[x.item]++
					touch(x.item)
				}
			}
			for _, f := range high[i] {
				hw[f.id] = f.w
			}
			share := float32(p.collab * maxCollab * float64(counts[i]) / (float64(counts[i]) + collabHalf))
			cands = cands[:0]
			for _, j := range touched {
				if int(j) != i {
					c := content[j]
					for _, f := range high[j] {
						c += hw[f.id] * f.w
					}
					var cf float32
					if co[j] > 0 && norms[i] > 0 && norms[j] > 0 {
						cf = dot[j] / (norms[i] * norms[j]) * float32(co[j]) / (float32(co[j]) + shrink)
					}
					if s := (1-share)*c + share*cf; s > 0 {
						cands = append(cands, neighbour{j, s})
					}
				}
				content[j], dot[j], co[j], seen[j] = 0, 0, 0, false
			}
			touched = touched[:0]
			for _, f := range high[i] {
				hw[f.id] = 0
			}
			m.similar[i] = topK(cands, p.similarK, pop)
			if p.progress != nil {
				p.progress("similar", int(done.Add(1)), n)
			}
		}
	})
	if err != nil {
		return nil, err
	}

	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(pop[b], pop[a]) })
	// All of them: a member's filler skips what they have seen.
	for _, i := range order {
		if pop[i] > 0 {
			m.popular = append(m.popular, neighbour{i, pop[i]})
		}
	}
	m.personal, err = personal(ctx, d, m, p)
	return m, err
}

// dotWeight returns the weight of feature id in a sorted vector.
func dotWeight(v []feature, id int32) float32 {
	k, ok := slices.BinarySearchFunc(v, id, func(f feature, id int32) int { return cmp.Compare(f.id, id) })
	if !ok {
		return 0
	}
	return v[k].w
}

// topK returns the k best candidates, ties going to the more popular
// title and then to the lower index, so results are reproducible. A heap of
// the k best so far passes over the rest with one comparison each.
func topK(c []neighbour, k int, pop []float32) []neighbour {
	better := func(a, b neighbour) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(pop[b.item], pop[a.item]), cmp.Compare(a.item, b.item))
	}
	h := make([]neighbour, 0, k)
	// h is a heap with the worst of the kept candidates at h[0].
	down := func(i int) {
		for {
			w, l, r := i, 2*i+1, 2*i+2
			if l < len(h) && better(h[l], h[w]) > 0 {
				w = l
			}
			if r < len(h) && better(h[r], h[w]) > 0 {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for _, x := range c {
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0 && better(h[(i-1)/2], h[i]) < 0; i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
			continue
		}
		if x.score < h[0].score || better(x, h[0]) >= 0 {
			continue
		}
		h[0] = x
		down(0)
	}
	slices.SortFunc(h, better)
	return h
}

// personal makes each member's recommendations: titles near the ones they
// liked, weighted by how much they liked them, leaving out every title they
// have rated or tracked; popular titles fill what is left.
func personal(ctx context.Context, d *dataset, m *model, p params) ([][]pick, error) {
	n := len(d.ids)
	out := make([][]pick, len(d.users))
	var done atomic.Int64
	err := parallel(ctx, len(d.users), func(next func() (int, bool)) {
		score := make([]float32, n)
		best := make([]float32, n)
		because := make([]int32, n)
		excluded := make([]bool, n)
		var touched []int32
		var hist []interaction
		for {
			u, ok := next()
			if !ok {
				return
			}
			xs := d.inter[u]
			for _, x := range xs {
				excluded[x.item] = true
			}
			hist = hist[:0]
			for _, x := range xs {
				if x.w > 0 {
					hist = append(hist, x)
				}
			}
			if len(hist) > maxHistory {
				slices.SortFunc(hist, func(a, b interaction) int { return cmp.Compare(b.at, a.at) })
				hist = hist[:maxHistory]
			}
			for _, x := range hist {
				for _, nb := range m.similar[x.item] {
					j := nb.item
					if excluded[j] {
						continue
					}
					c := x.w * nb.score
					if score[j] == 0 {
						touched = append(touched, j)
					}
					score[j] += c
					if c > best[j] {
						best[j], because[j] = c, x.item
					}
				}
			}
			picks := make([]pick, 0, min(len(touched), p.personalK)+p.personalK)
			for _, j := range touched {
				picks = append(picks, pick{j, score[j], because[j]})
				score[j], best[j] = 0, 0
			}
			touched = touched[:0]
			slices.SortFunc(picks, func(a, b pick) int {
				return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.item, b.item))
			})
			picks = picks[:min(len(picks), p.personalK)]
			for _, pp := range picks {
				excluded[pp.item] = true
			}
			for _, nb := range m.popular {
				if len(picks) >= p.personalK {
					break
				}
				if !excluded[nb.item] {
					picks = append(picks, pick{nb.item, 0, -1})
				}
			}
			for _, x := range xs {
				excluded[x.item] = false
			}
			for _, pp := range picks {
				excluded[pp.item] = false
			}
			out[u] = slices.Clip(picks)
			if p.progress != nil {
				p.progress("members", int(done.Add(1)), len(d.users))
			}
		}
	})
	return out, err
}

// parallel runs work on every core, handing out indexes 0…n-1 in small
// chunks, and stops early when ctx is cancelled.
func parallel(ctx context.Context, n int, work func(next func() (int, bool))) error {
	var cursor atomic.Int64
	const chunk = 64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start, end := 0, 0
			work(func() (int, bool) {
				if start == end {
					if ctx.Err() != nil {
						return 0, false
					}
					start = int(cursor.Add(chunk)) - chunk
					end = min(start+chunk, n)
					if start >= n {
						start, end = 0, 0
						return 0, false
					}
				}
				start++
				return start - 1, true
			})
		}()
	}
	wg.Wait()
	return ctx.Err()
}
