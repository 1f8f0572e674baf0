package recommend

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"
)

// Metrics are the scores of one recommender on held-out interactions.
type Metrics struct {
	NDCG10   float64 `json:"ndcg_at_10"`
	Recall20 float64 `json:"recall_at_20"`
}

// Evaluation compares the recommender with simpler ones.
type Evaluation struct {
	// Members is how many members had an interaction held out.
	Members    int
	Titles     int
	Blended    Metrics // the model that ships: content and collaborative
	Content    Metrics // content similarity alone
	Popularity Metrics // the most popular titles the member has not seen
	Elapsed    time.Duration
}

// Evaluate measures the recommender by leave-one-out over time: for every
// member with at least two titles they liked, the latest of them (by the
// time of the rating or watch entry) is held out, the model is trained on
// everything else, and each member's top 20 (leaving out what they rated
// or tracked in training) is searched for the held-out title. NDCG@10 is
// 1/log2(rank+1) when it is in the top 10; Recall@20 is the share found in
// the top 20. Nothing is written.
func (s *Service) Evaluate(ctx context.Context) (*Evaluation, error) {
	start := s.now()
	d, err := load(ctx, s.db.Reader())
	if err != nil {
		return nil, err
	}
	held := make([]int32, len(d.users))
	members := 0
	train := *d
	train.inter = make([][]interaction, len(d.inter))
	for u, xs := range d.inter {
		held[u] = -1
		latest, positives := -1, 0
		for k, x := range xs {
			if x.w > 0 {
				positives++
				if latest < 0 || x.at > xs[latest].at || (x.at == xs[latest].at && x.item > xs[latest].item) {
					latest = k
				}
			}
		}
		train.inter[u] = xs
		if positives >= 2 {
			held[u] = xs[latest].item
			train.inter[u] = slices.Delete(slices.Clone(xs), latest, latest+1)
			members++
		}
	}
	if members == 0 {
		return nil, errNoData
	}
	ev := &Evaluation{Members: members, Titles: len(d.ids)}
	p := params{similarK: s.opt.SimilarK, personalK: 20, collab: 1}
	m, err := compute(ctx, &train, p)
	if err != nil {
		return nil, err
	}
	ev.Blended = score(held, func(u int) []int32 { return items(m.personal[u]) })
	p.collab = 0
	if m, err = compute(ctx, &train, p); err != nil {
		return nil, err
	}
	ev.Content = score(held, func(u int) []int32 { return items(m.personal[u]) })

	// Popularity: members who liked each title in training.
	pop := make([]int, len(d.ids))
	for _, xs := range train.inter {
		for _, x := range xs {
			if x.w > 0 {
				pop[x.item]++
			}
		}
	}
	order := make([]int32, len(d.ids))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(pop[b], pop[a]) })
	seen := make([]bool, len(d.ids))
	ev.Popularity = score(held, func(u int) []int32 {
		for _, x := range train.inter[u] {
			seen[x.item] = true
		}
		var top []int32
		for _, i := range order {
			if len(top) == 20 {
				break
			}
			if !seen[i] {
				top = append(top, i)
			}
		}
		for _, x := range train.inter[u] {
			seen[x.item] = false
		}
		return top
	})
	ev.Elapsed = s.now().Sub(start)
	return ev, nil
}

func items(ps []pick) []int32 {
	out := make([]int32, len(ps))
	for i, p := range ps {
		out[i] = p.item
	}
	return out
}

// score averages NDCG@10 and Recall@20 over the members with a held-out
// title, given each one's ranked recommendations.
func score(held []int32, recs func(u int) []int32) Metrics {
	var m Metrics
	n := 0
	for u, h := range held {
		if h < 0 {
			continue
		}
		n++
		r := recs(u)
		if k := slices.Index(r, h); k >= 0 && k < 20 {
			m.Recall20++
			if k < 10 {
				m.NDCG10 += 1 / math.Log2(float64(k)+2)
			}
		}
	}
	m.NDCG10 /= float64(n)
	m.Recall20 /= float64(n)
	return m
}
