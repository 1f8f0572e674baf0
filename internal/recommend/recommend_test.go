package recommend_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/recommend"
	"github.com/dramadb/dramadb/internal/watch"
)

var ctx = context.Background()

func slugs(items []recommend.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Title.Slug
	}
	return out
}

func build(t *testing.T, s *recommend.Service) recommend.Stats {
	t.Helper()
	st, err := s.Build(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func similar(t *testing.T, s *recommend.Service, cat *catalog.Service, slug string) []string {
	t.Helper()
	title, err := cat.Title(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	sim, err := s.Similar(ctx, title.ID)
	if err != nil {
		t.Fatal(err)
	}
	return slugs(sim.Items)
}

// contentFixture is a tiny catalog whose neighbours follow from shared
// features alone: the two 불시착 titles share a rare tag, an actor and a
// genre; the romance shares a genre and the country; the thriller nothing
// but the country; the documentary nothing at all.
func contentFixture(t *testing.T, db *database.DB) *catalog.Service {
	t.Helper()
	cat := catalog.NewService(db, catalog.Options{})
	for _, p := range []string{"hyun-bin", "son-ye-jin", "other-actor"} {
		if _, err := cat.CreatePerson(ctx, &catalog.Person{Slug: p, Name: p}); err != nil {
			t.Fatal(err)
		}
	}
	titles := []catalog.Title{
		{Slug: "landing", Name: "사랑의 불시착", Genres: []catalog.Term{{Name: "Romance"}}, Countries: []string{"KR"},
			Tags: []catalog.Tag{{Name: "North Korea", Kind: catalog.TagTheme}},
			Cast: []catalog.CastCredit{{Person: "hyun-bin", Role: catalog.RoleMain}, {Person: "son-ye-jin", Role: catalog.RoleMain}}},
		{Slug: "landing-2", Name: "Landing Again 🚁", Genres: []catalog.Term{{Name: "Romance"}}, Countries: []string{"KR"},
			Tags: []catalog.Tag{{Name: "North Korea", Kind: catalog.TagTheme}},
			Cast: []catalog.CastCredit{{Person: "hyun-bin", Role: catalog.RoleMain}}},
		{Slug: "romance", Name: "Plain Romance", Genres: []catalog.Term{{Name: "Romance"}}, Countries: []string{"KR"},
			Cast: []catalog.CastCredit{{Person: "other-actor", Role: catalog.RoleMain}}},
		{Slug: "thriller", Name: "Thriller", Genres: []catalog.Term{{Name: "Thriller"}}, Countries: []string{"KR"}},
		{Slug: "documentary", Name: "Documentary", Genres: []catalog.Term{{Name: "Documentary"}}, Countries: []string{"JP"}},
		{Slug: "filler-1", Name: "Filler one", Genres: []catalog.Term{{Name: "Thriller"}}, Countries: []string{"JP"}},
		{Slug: "filler-2", Name: "Filler two", Genres: []catalog.Term{{Name: "Documentary"}}, Countries: []string{"JP"}},
	}
	for i := range titles {
		titles[i].Kind = catalog.KindSeries
		if _, err := cat.CreateTitle(ctx, &titles[i]); err != nil {
			t.Fatal(err)
		}
	}
	return cat
}

func TestContentSimilarity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		s := recommend.NewService(db, recommend.Options{})
		st := build(t, s)
		if st.Titles != 7 || st.Members != 0 {
			t.Errorf("stats = %+v, want 7 titles and no members", st)
		}
		if got, want := similar(t, s, cat, "landing"), []string{"landing-2", "romance", "thriller"}; !slices.Equal(got, want) {
			t.Errorf("similar to landing = %v, want %v", got, want)
		}
		if got, want := similar(t, s, cat, "documentary"), []string{"filler-2", "filler-1"}; !slices.Equal(got, want) {
			t.Errorf("similar to documentary = %v, want %v", got, want)
		}
		// Scores are cosines: between 0 and 1, best first.
		title, _ := cat.Title(ctx, "landing")
		sim, _ := s.Similar(ctx, title.ID)
		for i, it := range sim.Items {
			if it.Score <= 0 || it.Score > 1.0001 || (i > 0 && it.Score > sim.Items[i-1].Score) {
				t.Errorf("item %d %s has score %v", i, it.Title.Slug, it.Score)
			}
		}
		if sim.Items[0].Title.Name != "Landing Again 🚁" {
			t.Errorf("item carries name %q", sim.Items[0].Title.Name)
		}
	})
}

func TestSimilarIsKeptUntilRebuilt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		s := recommend.NewService(db, recommend.Options{})
		title, _ := cat.Title(ctx, "landing")
		empty, err := s.Similar(ctx, title.ID)
		if err != nil || len(empty.Items) != 0 {
			t.Fatalf("before any build: %v, %v", empty, err)
		}
		build(t, s)
		a, _ := s.Similar(ctx, title.ID)
		b, _ := s.Similar(ctx, title.ID)
		if a != b || len(a.Items) == 0 {
			t.Fatalf("two reads of one build gave different values (%p, %p) or none", a, b)
		}
		build(t, s)
		c, _ := s.Similar(ctx, title.ID)
		if c == a {
			t.Error("a new build handed out the old value")
		}
		if !slices.Equal(slugs(a.Items), slugs(c.Items)) {
			t.Errorf("the same data built twice differs: %v, %v", slugs(a.Items), slugs(c.Items))
		}
		// Only the current build's rows remain.
		var builds int
		if err := db.Reader().QueryRow(ctx, "SELECT COUNT(DISTINCT build) FROM title_similar").Scan(&builds); err != nil || builds != 1 {
			t.Errorf("builds kept = %d, %v; want 1", builds, err)
		}
	})
}

// plantedCatalog makes n featureless titles, so only members' tastes can
// tell them apart.
func plantedCatalog(t *testing.T, db *database.DB, n int) {
	t.Helper()
	cat := catalog.NewService(db, catalog.Options{})
	for i := range n {
		if _, err := cat.CreateTitle(ctx, &catalog.Title{Kind: catalog.KindMovie, Name: fmt.Sprintf("Title %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCollaborativeOnPlantedTastes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		plantedCatalog(t, db, 120)
		planted, err := recommend.Plant(ctx, db, recommend.PlantOptions{Members: 400, PerMember: 12, Groups: 4, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if planted.Members != 400 || planted.Ratings+planted.WatchEntries < 400*12 {
			t.Fatalf("planted %+v", planted)
		}
		s := recommend.NewService(db, recommend.Options{})
		st := build(t, s)
		if st.Members != 400 {
			t.Errorf("built for %d members, want 400", st.Members)
		}
		// Neighbours of a title come from its own taste group.
		same, total := 0, 0
		for id, g := range planted.Group {
			sim, err := s.Similar(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range sim.Items[:min(10, len(sim.Items))] {
				total++
				if planted.Group[it.Title.ID] == g {
					same++
				}
			}
		}
		if share := float64(same) / float64(total); total == 0 || share < 0.8 {
			t.Errorf("%d of %d top-10 neighbours share the title's taste group (%.2f), want at least 0.8", same, total, share)
		}
		// So do each member's recommendations, which explain themselves.
		same, total = 0, 0
		for uid, g := range planted.MemberGroup {
			p, err := s.ForMember(ctx, uid, 10)
			if err != nil {
				t.Fatal(err)
			}
			if p.Popular || len(p.Items) == 0 {
				t.Fatalf("member %d got popular titles or nothing: %+v", uid, p)
			}
			for _, it := range p.Items {
				total++
				if planted.Group[it.Title.ID] == g {
					same++
				}
				if it.Because == nil || planted.Group[idOf(t, db, it.Because.Slug)] != g {
					t.Fatalf("member %d: %s is explained by %+v", uid, it.Title.Slug, it.Because)
				}
			}
		}
		if share := float64(same) / float64(total); share < 0.8 {
			t.Errorf("%d of %d recommendations from the member's group (%.2f), want at least 0.8", same, total, share)
		}
	})
}

func idOf(t *testing.T, db *database.DB, slug string) int64 {
	t.Helper()
	var id int64
	if err := db.Reader().QueryRow(ctx, "SELECT id FROM titles WHERE slug = ?", slug).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestEvaluationBeatsPopularity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		plantedCatalog(t, db, 150)
		if _, err := recommend.Plant(ctx, db, recommend.PlantOptions{Members: 500, PerMember: 15, Groups: 5, Seed: 3}); err != nil {
			t.Fatal(err)
		}
		ev, err := recommend.NewService(db, recommend.Options{}).Evaluate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", ev)
		if ev.Members != 500 {
			t.Errorf("evaluated %d members, want 500", ev.Members)
		}
		if ev.Blended.NDCG10 <= ev.Popularity.NDCG10*1.5 || ev.Blended.Recall20 <= ev.Popularity.Recall20*1.5 {
			t.Errorf("blended %+v does not clearly beat popularity %+v", ev.Blended, ev.Popularity)
		}
		for _, m := range []recommend.Metrics{ev.Blended, ev.Content, ev.Popularity} {
			if m.NDCG10 < 0 || m.NDCG10 > m.Recall20+1e-9 || m.Recall20 > 1 {
				t.Errorf("impossible metrics %+v (NDCG@10 cannot exceed Recall@20)", m)
			}
		}
	})
}

func TestEvaluationNeedsHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		contentFixture(t, db)
		if _, err := recommend.NewService(db, recommend.Options{}).Evaluate(ctx); err == nil {
			t.Error("evaluating without any member history succeeded")
		}
	})
}

func TestEditorialFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		s := recommend.NewService(db, recommend.Options{})
		// The editors recommend the documentary and, again, the computed
		// best match.
		_, err := cat.UpdateTitle(ctx, "landing", &catalog.Title{Slug: "landing", Kind: catalog.KindSeries, Name: "사랑의 불시착",
			Related: []catalog.Relation{
				{Title: "documentary", Relation: catalog.RelRecommendation, Note: "Same mountains"},
				{Title: "landing-2", Relation: catalog.RelRecommendation},
				{Title: "thriller", Relation: catalog.RelSequel},
			}})
		if err != nil {
			t.Fatal(err)
		}
		build(t, s)
		landing, _ := cat.Title(ctx, "landing")
		sim, err := s.Similar(ctx, landing.ID)
		if err != nil {
			t.Fatal(err)
		}
		items := recommend.WithEditorial(landing, sim, 10)
		if got := slugs(items); len(got) < 3 || got[0] != "documentary" || got[1] != "landing-2" || slices.Index(got[2:], "landing-2") >= 0 || slices.Contains(got, "landing") {
			t.Errorf("items = %v, want the two editorial first, no repeats, not the title itself", got)
		}
		if !items[0].Editorial || items[0].Note != "Same mountains" || items[2].Editorial {
			t.Errorf("editorial flags: %+v", items[:3])
		}
		if got := recommend.WithEditorial(landing, sim, 1); len(got) != 1 || got[0].Title.Slug != "documentary" {
			t.Errorf("limit 1: %v", slugs(got))
		}
		if got := recommend.WithEditorial(landing, nil, 10); len(got) != 2 {
			t.Errorf("before a build: %v", slugs(got))
		}
	})
}

func TestPersonalLeavesOutSeen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		users := accounttest.Members(t, db, 3)
		fan, newcomer, other := users[0], users[1], users[2]
		ratings := rating.NewService(db, rating.Options{})
		tracking := watch.NewService(db, nil)
		id := func(slug string) int64 { return idOf(t, db, slug) }
		rate := func(u int64, slug string, score float64) {
			if _, err := ratings.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: id(slug)}, score); err != nil {
				t.Fatal(err)
			}
		}
		rate(fan, "landing", 10)
		if _, err := tracking.Set(ctx, fan, id("thriller"), 0, watch.Entry{Status: "plan_to_watch"}); err != nil {
			t.Fatal(err)
		}
		rate(other, "romance", 9)
		rate(other, "landing-2", 8)
		s := recommend.NewService(db, recommend.Options{})
		build(t, s)

		p, err := s.ForMember(ctx, fan, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := slugs(p.Items)
		if p.Popular || len(got) == 0 || got[0] != "landing-2" {
			t.Fatalf("fan's recommendations = %v (popular %v), want landing-2 first", got, p.Popular)
		}
		if slices.Contains(got, "landing") || slices.Contains(got, "thriller") {
			t.Errorf("fan is recommended a title they rated or track: %v", got)
		}
		if b := p.Items[0].Because; b == nil || b.Slug != "landing" || b.Name != "사랑의 불시착" {
			t.Errorf("because = %+v, want landing", b)
		}
		// Rated after the build: gone at once, without a rebuild.
		rate(fan, "landing-2", 9)
		p, _ = s.ForMember(ctx, fan, 10)
		if slices.Contains(slugs(p.Items), "landing-2") {
			t.Errorf("a title rated since the build is still recommended: %v", slugs(p.Items))
		}

		// A member without history gets popular titles.
		p, err = s.ForMember(ctx, newcomer, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Popular || len(p.Items) == 0 {
			t.Fatalf("newcomer: %+v", p)
		}
		for _, it := range p.Items {
			if it.Because != nil {
				t.Errorf("popular item %s explains itself with %v", it.Title.Slug, it.Because)
			}
		}
		// A deleted title drops out at once.
		if err := cat.DeleteTitle(ctx, "romance"); err != nil {
			t.Fatal(err)
		}
		p, _ = s.ForMember(ctx, fan, 10)
		if slices.Contains(slugs(p.Items), "romance") {
			t.Error("a deleted title is still recommended")
		}
	})
}

func TestEraseMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		contentFixture(t, db)
		users := accounttest.Members(t, db, 2)
		ratings := rating.NewService(db, rating.Options{})
		if _, err := ratings.Rate(ctx, users[1], rating.Target{Kind: rating.Title, ID: idOf(t, db, "landing")}, 9); err != nil {
			t.Fatal(err)
		}
		s := recommend.NewService(db, recommend.Options{})
		build(t, s)
		count := func() (n int) {
			db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM member_recommendations WHERE user_id = ?", users[1]).Scan(&n)
			return n
		}
		if count() == 0 {
			t.Fatal("no recommendations were stored")
		}
		accounts := account.NewService(db, account.Options{Params: accounttest.Fast, Erasers: []account.Eraser{ratings, s}})
		if err := accounts.DeleteAccount(ctx, users[1], "a long enough passphrase", account.AnonymizePosts); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 0 {
			t.Errorf("%d recommendations survive the account", n)
		}
	})
}

func TestRunStopsWithContext(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		s := recommend.NewService(db, recommend.Options{Every: 20 * time.Millisecond, MaxStale: time.Millisecond})
		c, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			s.Run(c)
			close(done)
		}()
		title, _ := cat.Title(ctx, "landing")
		deadline := time.Now().Add(30 * time.Second)
		for {
			sim, err := s.Similar(ctx, title.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(sim.Items) > 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("Run built nothing in 30s")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("Run did not stop after its context was cancelled")
		}
	})
}

func TestConcurrentBuilds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		cat := contentFixture(t, db)
		title, _ := cat.Title(ctx, "landing")
		// Two servers build at once while a reader reads: every read sees
		// a whole build, and one build's rows remain.
		a := recommend.NewService(db, recommend.Options{})
		b := recommend.NewService(db, recommend.Options{MaxStale: time.Nanosecond})
		errs := make(chan error, 2)
		for _, s := range []*recommend.Service{a, a, b} {
			go func() {
				_, err := s.Build(ctx, nil)
				errs <- err
			}()
		}
		want := []string{"landing-2", "romance", "thriller"}
		for done := 0; done < 3; {
			select {
			case err := <-errs:
				if err != nil {
					t.Fatal(err)
				}
				done++
			default:
				sim, err := b.Similar(ctx, title.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got := slugs(sim.Items); len(got) > 0 && !slices.Equal(got, want) {
					t.Fatalf("a reader saw part of a build: %v", got)
				}
			}
		}
		var builds, rows int
		if err := db.Reader().QueryRow(ctx, "SELECT COUNT(DISTINCT build), COUNT(*) FROM title_similar").Scan(&builds, &rows); err != nil || builds != 1 {
			t.Errorf("builds kept = %d (%d rows), %v; want 1", builds, rows, err)
		}
		if got := similar(t, b, cat, "landing"); !slices.Equal(got, want) {
			t.Errorf("after the builds: %v", got)
		}
	})
}

func TestPersonalWhenEverythingIsSeen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		contentFixture(t, db)
		users := accounttest.Members(t, db, 3)
		ratings := rating.NewService(db, rating.Options{})
		rate := func(u int64, slug string) {
			if _, err := ratings.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: idOf(t, db, slug)}, 8); err != nil {
				t.Fatal(err)
			}
		}
		rate(users[0], "landing")
		rate(users[1], "thriller")
		s := recommend.NewService(db, recommend.Options{})
		build(t, s)
		// The member rates every title they were recommended (landing's
		// neighbours, topped up with the popular thriller): nothing is
		// left, and the answer does not claim the member has no history.
		p, err := s.ForMember(ctx, users[0], 50)
		if err != nil {
			t.Fatal(err)
		}
		if got := slugs(p.Items); !slices.Equal(got, []string{"landing-2", "romance", "thriller"}) {
			t.Fatalf("recommended %v", got)
		}
		for _, it := range p.Items {
			rate(users[0], it.Title.Slug)
		}
		p, err = s.ForMember(ctx, users[0], 50)
		if err != nil {
			t.Fatal(err)
		}
		if p.Popular || len(p.Items) != 0 {
			t.Errorf("after rating everything recommended and popular: %+v", p)
		}
		// A member the build knew nothing of is told the list is popular.
		newcomer := users[2]
		if p, err := s.ForMember(ctx, newcomer, 50); err != nil || !p.Popular || !slices.Equal(slugs(p.Items), []string{"landing", "thriller"}) {
			t.Errorf("newcomer: %+v, %v", p, err)
		}
	})
}
