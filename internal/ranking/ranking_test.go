package ranking_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/watch"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// clock is a settable clock shared by the services under test.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

func title(t *testing.T, cat *catalog.Service, name string, genres []string, countries []string) *catalog.Title {
	t.Helper()
	in := &catalog.Title{Kind: catalog.KindSeries, Name: name, Countries: countries}
	for _, g := range genres {
		in.Genres = append(in.Genres, catalog.Term{Name: g})
	}
	out, err := cat.CreateTitle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func rate(t *testing.T, s *rating.Service, user, titleID int64, score float64) {
	t.Helper()
	if _, err := s.Rate(context.Background(), user, rating.Target{Kind: rating.Title, ID: titleID}, score); err != nil {
		t.Fatal(err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func slugs(p catalog.Page[ranking.Entry]) []string {
	var out []string
	for _, e := range p.Items {
		out = append(out, e.Title.Slug)
	}
	return out
}

func ranks(p catalog.Page[ranking.Entry]) []int {
	var out []int
	for _, e := range p.Items {
		out = append(out, e.Rank)
	}
	return out
}

// fixture: A has two 10s, B twenty 9s, C ten 2s, D no ratings but three
// members tracking it; one member tracks A. The instance's mean rating is
// (20 + 180 + 20) / 32 = 6.875.
type fixture struct {
	a, b, c, d *catalog.Title
}

func setup(t *testing.T, db *database.DB, clk *clock) fixture {
	t.Helper()
	ctx := context.Background()
	cat := catalog.NewService(db, catalog.Options{})
	f := fixture{
		a: title(t, cat, "Alpha 사랑", []string{"Romance"}, []string{"KR"}),
		b: title(t, cat, "Bravo", []string{"Romance", "Thriller"}, []string{"JP"}),
		c: title(t, cat, "Charlie", []string{"Thriller"}, []string{"KR"}),
		d: title(t, cat, "Delta 🎬", []string{"Comedy"}, []string{"KR"}),
	}
	users := accounttest.Members(t, db, 20)
	ratings := rating.NewService(db, rating.Options{Now: clk.Now})
	for i, u := range users {
		rate(t, ratings, u, f.b.ID, 9)
		if i < 2 {
			rate(t, ratings, u, f.a.ID, 10)
		}
		if i < 10 {
			rate(t, ratings, u, f.c.ID, 2)
		}
	}
	tracking := watch.NewService(db, clk.Now)
	for _, u := range users[:3] {
		if _, err := tracking.Set(ctx, u, f.d.ID, 0, watch.Entry{Status: "plan_to_watch"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tracking.Set(ctx, users[0], f.a.ID, 0, watch.Entry{Status: "watching"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestWeightedRatingFormula(t *testing.T) {
	for _, c := range []struct{ v, r, m, c, want float64 }{
		{0, 0, 25, 7, 0},
		{2, 10, 25, 6.875, (2*10 + 25*6.875) / 27},
		{25, 9, 25, 7, 8},           // as many votes as m: halfway to the prior
		{1e6, 9, 25, 7, 8.99995},    // many votes: the title's own mean
		{1, 10, 1e-9, 5, 9.9999999}, // m near zero: the mean itself
	} {
		if got := ranking.WeightedRating(c.v, c.r, c.m, c.c); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("WR(%v, %v, %v, %v) = %v, want %v", c.v, c.r, c.m, c.c, got, c.want)
		}
	}
}

func TestComputeTopRated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		clk := &clock{now: t0}
		f := setup(t, db, clk)
		prior := (2*10 + 20*9 + 10*2) / 32.0 // the instance's own mean, 6.875

		// m = 1: A's two tens beat B's twenty nines.
		s := ranking.NewService(db, ranking.Options{MinVotes: 1, Now: clk.Now})
		res, err := s.Compute(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !near(res.PriorMean, prior) || res.Ratings != 32 || res.Rated != 3 || res.Titles != 4 {
			t.Fatalf("result %+v, want prior %v", res, prior)
		}
		top, err := s.List(ctx, ranking.Query{List: ranking.Top})
		if err != nil {
			t.Fatal(err)
		}
		if got := slugs(top); !slices.Equal(got, []string{f.a.Slug, f.b.Slug, f.c.Slug}) || top.Total != 3 {
			t.Fatalf("m=1 top %v (total %d)", got, top.Total)
		}
		want := map[string]float64{
			f.a.Slug: (2*10 + 1*prior) / 3,
			f.b.Slug: (20*9 + 1*prior) / 21,
			f.c.Slug: (10*2 + 1*prior) / 11,
		}
		for _, e := range top.Items {
			if !near(e.Weighted, want[e.Title.Slug]) {
				t.Errorf("m=1 %s: WR %v, want %v", e.Title.Slug, e.Weighted, want[e.Title.Slug])
			}
		}
		if e := top.Items[0]; e.Votes != 2 || e.Score != 10 || e.Popularity != 1 || e.Title.Name != "Alpha 사랑" {
			t.Errorf("first entry %+v", e)
		}

		// m = 25 (the default): two votes are not enough to beat twenty.
		s = ranking.NewService(db, ranking.Options{Now: clk.Now})
		if _, err := s.Compute(ctx, nil); err != nil {
			t.Fatal(err)
		}
		top, err = s.List(ctx, ranking.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if got := slugs(top); !slices.Equal(got, []string{f.b.Slug, f.a.Slug, f.c.Slug}) || !slices.Equal(ranks(top), []int{1, 2, 3}) {
			t.Fatalf("m=25 top %v %v", got, ranks(top))
		}
		if e := top.Items[0]; !near(e.Weighted, (20*9+25*prior)/45) {
			t.Errorf("m=25 B: WR %v, want %v", e.Weighted, (20*9+25*prior)/45)
		}
		st, err := s.State(ctx)
		if err != nil || st.MinVotes != 25 || !near(st.PriorMean, prior) || !st.ComputedAt.Equal(t0) || st.Generation != 2 {
			t.Errorf("state %+v, %v", st, err)
		}

		// Pages are ranges of ranks.
		p2, err := s.List(ctx, ranking.Query{PerPage: 2, Page: 2})
		if err != nil || !slices.Equal(slugs(p2), []string{f.c.Slug}) || p2.Items[0].Rank != 3 || p2.Total != 3 || p2.Pages() != 2 {
			t.Errorf("page 2: %+v, %v", p2, err)
		}
		if p, err := s.List(ctx, ranking.Query{Page: 9}); err != nil || len(p.Items) != 0 || p.Total != 3 {
			t.Errorf("page past the end: %+v, %v", p, err)
		}
	})
}

func TestScopesAndTitleRanks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		clk := &clock{now: t0}
		f := setup(t, db, clk)
		s := ranking.NewService(db, ranking.Options{Now: clk.Now})
		if _, err := s.Compute(ctx, nil); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			q     ranking.Query
			want  []string
			ranks []int
		}{
			{ranking.Query{Genre: "romance"}, []string{f.b.Slug, f.a.Slug}, []int{1, 2}},
			{ranking.Query{Genre: "thriller"}, []string{f.b.Slug, f.c.Slug}, []int{1, 2}},
			{ranking.Query{Country: "kr"}, []string{f.a.Slug, f.c.Slug}, []int{1, 2}},
			{ranking.Query{Country: "JP"}, []string{f.b.Slug}, []int{1}},
			{ranking.Query{Genre: "thriller", Country: "KR"}, []string{f.c.Slug}, []int{1}},
			{ranking.Query{Genre: "comedy"}, nil, nil},
			{ranking.Query{Genre: "no-such-genre"}, nil, nil},
			{ranking.Query{List: ranking.Popular}, []string{f.d.Slug, f.a.Slug}, []int{1, 2}},
			{ranking.Query{List: ranking.Popular, Country: "KR"}, []string{f.d.Slug, f.a.Slug}, []int{1, 2}},
			{ranking.Query{List: ranking.Popular, Genre: "comedy"}, []string{f.d.Slug}, []int{1}},
		} {
			p, err := s.List(ctx, c.q)
			if err != nil {
				t.Fatalf("%+v: %v", c.q, err)
			}
			if !slices.Equal(slugs(p), c.want) || !slices.Equal(ranks(p), c.ranks) || p.Total != len(c.want) {
				t.Errorf("%+v: %v %v (total %d), want %v %v", c.q, slugs(p), ranks(p), p.Total, c.want, c.ranks)
			}
		}

		tr, err := s.TitleRanks(ctx, f.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tr.Overall != (ranking.Ranks{Top: 2, Popular: 2, Trending: 3}) || tr.Genres["romance"].Top != 2 || tr.Countries["KR"].Top != 1 {
			t.Errorf("A's ranks %+v", tr)
		}
		// The same value until the next computation, so pages can be kept.
		again, _ := s.TitleRanks(ctx, f.a.ID)
		if again != tr {
			t.Error("TitleRanks returned a new value without a recomputation")
		}
		if _, err := s.Compute(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.TitleRanks(ctx, f.a.ID); after == tr || after.Overall != tr.Overall {
			t.Errorf("after recomputing: same pointer %v, ranks %+v", after == tr, after)
		}
		none, err := s.TitleRanks(ctx, 999999)
		if err != nil || none.Overall != (ranking.Ranks{}) {
			t.Errorf("unknown title: %+v, %v", none, err)
		}

		// The swapped-in table keeps its foreign key: deleting a title
		// takes its ranks with it.
		if err := catalog.NewService(db, catalog.Options{}).DeleteTitle(ctx, f.c.Slug); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM title_ranks WHERE title_id = ?", f.c.ID).Scan(&left); err != nil || left != 0 {
			t.Errorf("ranks of a deleted title: %d, %v", left, err)
		}
		if _, err := s.Compute(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if p, err := s.List(ctx, ranking.Query{Genre: "thriller"}); err != nil || !slices.Equal(slugs(p), []string{f.b.Slug}) {
			t.Errorf("thriller after deleting C: %v, %v", slugs(p), err)
		}
	})
}

func TestTrendingDecay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		clk := &clock{}
		cat := catalog.NewService(db, catalog.Options{})
		x := title(t, cat, "X", nil, nil)
		y := title(t, cat, "Y", nil, nil)
		z := title(t, cat, "Z", nil, nil)
		users := accounttest.Members(t, db, 3)
		ratings := rating.NewService(db, rating.Options{Now: clk.Now})
		week := 7 * 24 * time.Hour
		clk.now = t0.Add(-11 * week) // older than ten half-lives: not counted
		rate(t, ratings, users[0], z.ID, 8)
		clk.now = t0.Add(-2 * week)
		for _, u := range users {
			rate(t, ratings, u, y.ID, 7)
		}
		clk.now = t0
		rate(t, ratings, users[0], x.ID, 6)

		trend := func(s *ranking.Service, zCounts bool) map[string]float64 {
			t.Helper()
			if _, err := s.Compute(ctx, nil); err != nil {
				t.Fatal(err)
			}
			p, err := s.List(ctx, ranking.Query{List: ranking.Trending})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]float64{}
			for _, e := range p.Items {
				out[e.Title.Slug] = e.Trending
			}
			if _, ok := out[z.Slug]; ok != zCounts || p.Total != len(out) {
				t.Errorf("trending list %v (total %d) holds an event past the window", out, p.Total)
			}
			return out
		}

		s := ranking.NewService(db, ranking.Options{Now: clk.Now}) // half-life 7 days
		got := trend(s, false)
		if !near(got[x.Slug], 1) || !near(got[y.Slug], 0.75) {
			t.Errorf("now: %v, want x 1, y 3×¼", got)
		}
		clk.now = t0.Add(week)
		got = trend(s, false)
		if !near(got[x.Slug], 0.5) || !near(got[y.Slug], 0.375) {
			t.Errorf("a week later: %v, want x ½, y 3×⅛", got)
		}
		// A longer half-life lets Y's older crowd outweigh X, and reaches
		// back far enough to count Z's rating eleven weeks ago.
		clk.now = t0
		s = ranking.NewService(db, ranking.Options{Now: clk.Now, HalfLife: 2 * week})
		got = trend(s, true)
		if !near(got[x.Slug], 1) || !near(got[y.Slug], 1.5) || !near(got[z.Slug], math.Pow(2, -5.5)) {
			t.Errorf("half-life 14 days: %v, want x 1, y 3×½, z 2^-5.5", got)
		}
		p, _ := s.List(ctx, ranking.Query{List: ranking.Trending})
		if !slices.Equal(slugs(p), []string{y.Slug, x.Slug, z.Slug}) {
			t.Errorf("trending order %v", slugs(p))
		}
	})
}

func TestDecay(t *testing.T) {
	h := 7 * 24 * time.Hour
	for _, c := range []struct {
		age  time.Duration
		want float64
	}{{0, 1}, {-time.Hour, 1}, {h, 0.5}, {2 * h, 0.25}, {h / 2, math.Sqrt(0.5)}} {
		if got := ranking.Decay(c.age, h); !near(got, c.want) {
			t.Errorf("Decay(%v) = %v, want %v", c.age, got, c.want)
		}
	}
}

func TestListRejectsBadQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := ranking.NewService(db, ranking.Options{})
		for _, c := range []struct {
			q     ranking.Query
			field []string
		}{
			{ranking.Query{List: "best"}, []string{"list"}},
			{ranking.Query{Country: "Korea"}, []string{"country"}},
			{ranking.Query{Page: -1}, []string{"page"}},
			{ranking.Query{Page: ranking.MaxPage + 1, PerPage: 500}, []string{"page", "per_page"}},
			{ranking.Query{List: "🎬", Country: "한국"}, []string{"list", "country"}},
		} {
			_, err := s.List(context.Background(), c.q)
			if apperr.CodeOf(err) != apperr.Invalid || !slices.Equal(apperr.FieldNames(err), c.field) {
				t.Errorf("%+v: %v, want invalid %v", c.q, err, c.field)
			}
		}
		// Before any computation the lists are empty, not an error.
		if p, err := s.List(context.Background(), ranking.Query{}); err != nil || len(p.Items) != 0 || p.Total != 0 {
			t.Errorf("empty: %+v, %v", p, err)
		}
	})
}

// Run computes at once, then skips turns while another server's
// computation is recent, and stops with its context.
func TestRunComputesAndSkipsRecentWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		clk := &clock{now: t0}
		setup(t, db, clk)
		first := ranking.NewService(db, ranking.Options{Now: clk.Now, Every: time.Hour})
		runCtx, stop := context.WithCancel(ctx)
		stopped := make(chan struct{})
		go func() { first.Run(runCtx); close(stopped) }()
		deadline := time.Now().Add(20 * time.Second)
		for {
			st, err := first.State(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Generation == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Run did not compute")
			}
			time.Sleep(10 * time.Millisecond)
		}
		stop()
		<-stopped

		// A second server starting ten minutes later finds the ranks fresh.
		clk.now = t0.Add(10 * time.Minute)
		second := ranking.NewService(db, ranking.Options{Now: clk.Now, Every: time.Hour})
		runCtx, stop = context.WithCancel(ctx)
		stopped = make(chan struct{})
		go func() { second.Run(runCtx); close(stopped) }()
		time.Sleep(200 * time.Millisecond)
		stop()
		<-stopped
		if st, _ := second.State(ctx); st.Generation != 1 {
			t.Errorf("generation %d: recent ranks were computed again", st.Generation)
		}
		top, err := second.List(ctx, ranking.Query{})
		if err != nil || top.Total != 3 {
			t.Errorf("top after Run: %+v, %v", top, err)
		}
	})
}
