package catalog_test

import (
	"context"
	"slices"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/watch"
)

// browseFixture makes six titles (ids in this order) and returns a name →
// slug map. Scores: Aurora 8 (three ratings), Blossom 9 (three), Cinder 6
// (one), Frost 8 (three, tied with Aurora); Dawn and Ember are unrated.
// Members tracking: Dawn 2, Aurora 1, Cinder 1.
func browseFixture(t *testing.T, db *database.DB, svc *catalog.Service) (map[string]string, *ranking.Service) {
	t.Helper()
	ctx := context.Background()
	type spec struct {
		name, kind, status, aired string
		genres, countries         []string
		network                   string
		watch                     []catalog.WatchOption
	}
	netflix := func(region string) catalog.WatchOption {
		return catalog.WatchOption{Region: region, Provider: "Netflix", Offer: catalog.OfferSubscription}
	}
	specs := []spec{
		{"Aurora", catalog.KindSeries, catalog.StatusAiring, "2021-03-01", []string{"Romance"}, []string{"KR"}, "tvN", []catalog.WatchOption{netflix("KR")}},
		{"Blossom", catalog.KindSeries, catalog.StatusEnded, "2019-05-01", []string{"Romance", "Comedy"}, []string{"KR"}, "KBS2",
			[]catalog.WatchOption{{Region: "ZZ", Provider: "Viki", Offer: catalog.OfferFree}}},
		{"Cinder", catalog.KindMovie, catalog.StatusReleased, "2019-09-01", []string{"Thriller"}, []string{"KR"}, "", []catalog.WatchOption{netflix("US")}},
		{"Dawn", catalog.KindSeries, catalog.StatusEnded, "2015-01-01", []string{"Comedy"}, []string{"JP"}, "Fuji TV", nil},
		{"Ember 불꽃", catalog.KindSeries, catalog.StatusUpcoming, "2026", []string{"Romance"}, []string{"KR"}, "tvN", []catalog.WatchOption{netflix("KR")}},
		{"Frost", catalog.KindSeries, catalog.StatusEnded, "2019-05-01", []string{"Romance"}, []string{"KR"}, "", nil},
	}
	slugs := map[string]string{}
	ids := map[string]int64{}
	for _, sp := range specs {
		in := &catalog.Title{Kind: sp.kind, Name: sp.name, Status: sp.status, FirstAired: sp.aired, Countries: sp.countries, WatchOptions: sp.watch}
		for _, g := range sp.genres {
			in.Genres = append(in.Genres, catalog.Term{Name: g})
		}
		if sp.network != "" {
			in.Networks = []catalog.Network{{Name: sp.network, Role: catalog.NetworkOriginal}}
		}
		out, err := svc.CreateTitle(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		slugs[sp.name], ids[sp.name] = out.Slug, out.ID
	}
	users := accounttest.Members(t, db, 3)
	ratings := rating.NewService(db, rating.Options{})
	for name, score := range map[string]float64{"Aurora": 8, "Blossom": 9, "Frost": 8} {
		for _, u := range users {
			if _, err := ratings.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: ids[name]}, score); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := ratings.Rate(ctx, users[0], rating.Target{Kind: rating.Title, ID: ids["Cinder"]}, 6); err != nil {
		t.Fatal(err)
	}
	tracking := watch.NewService(db, nil)
	for _, w := range []struct {
		user  int64
		title string
	}{{users[0], "Dawn"}, {users[1], "Dawn"}, {users[0], "Aurora"}, {users[2], "Cinder"}} {
		if _, err := tracking.Set(ctx, w.user, ids[w.title], 0, watch.Entry{Status: "plan_to_watch"}); err != nil {
			t.Fatal(err)
		}
	}
	ranks := ranking.NewService(db, ranking.Options{})
	if _, err := ranks.Compute(ctx, nil); err != nil {
		t.Fatal(err)
	}
	return slugs, ranks
}

func TestBrowseFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		slugs, ranks := browseFixture(t, db, svc)
		gen, err := ranks.Generation(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			f    catalog.TitleFilter
			want []string
		}{
			{"everything, newest first; same date by id, newest id first", catalog.TitleFilter{},
				[]string{"Ember 불꽃", "Aurora", "Cinder", "Frost", "Blossom", "Dawn"}},
			{"by title", catalog.TitleFilter{Sort: catalog.SortTitle}, []string{"Aurora", "Blossom", "Cinder", "Dawn", "Ember 불꽃", "Frost"}},
			{"genre and country", catalog.TitleFilter{Genre: "romance", Country: "kr"}, []string{"Ember 불꽃", "Aurora", "Frost", "Blossom"}},
			{"genre and status", catalog.TitleFilter{Genre: "romance", Status: catalog.StatusEnded}, []string{"Frost", "Blossom"}},
			{"year range", catalog.TitleFilter{YearFrom: 2019, YearTo: 2021}, []string{"Aurora", "Cinder", "Frost", "Blossom"}},
			{"from a year", catalog.TitleFilter{YearFrom: 2020}, []string{"Ember 불꽃", "Aurora"}},
			{"up to a year", catalog.TitleFilter{YearTo: 2018}, []string{"Dawn"}},
			{"one year and a kind", catalog.TitleFilter{Year: 2019, Kind: catalog.KindMovie}, []string{"Cinder"}},
			{"network", catalog.TitleFilter{Network: "tvn"}, []string{"Ember 불꽃", "Aurora"}},
			{"provider anywhere", catalog.TitleFilter{Provider: "Netflix"}, []string{"Ember 불꽃", "Aurora", "Cinder"}},
			{"provider in a region", catalog.TitleFilter{Provider: "Netflix", Region: "KR"}, []string{"Ember 불꽃", "Aurora"}},
			{"region: worldwide offers count", catalog.TitleFilter{Region: "us"}, []string{"Cinder", "Blossom"}},
			{"worldwide provider in a region", catalog.TitleFilter{Provider: "Viki", Region: "KR"}, []string{"Blossom"}},
			{"score at least", catalog.TitleFilter{ScoreMin: 8.5}, []string{"Blossom"}},
			{"score range by score; ties by id", catalog.TitleFilter{ScoreMin: 6, ScoreMax: 8, Sort: catalog.SortScore}, []string{"Aurora", "Frost", "Cinder"}},
			{"by score; unrated last", catalog.TitleFilter{Sort: catalog.SortScore}, []string{"Blossom", "Aurora", "Frost", "Cinder", "Dawn", "Ember 불꽃"}},
			{"by popularity", catalog.TitleFilter{Sort: catalog.SortPopularity}, []string{"Dawn", "Aurora", "Cinder", "Blossom", "Ember 불꽃", "Frost"}},
			{"genre by popularity", catalog.TitleFilter{Sort: catalog.SortPopularity, Genre: "comedy"}, []string{"Dawn", "Blossom"}},
			{"nothing matches", catalog.TitleFilter{Genre: "romance", Country: "JP", ScoreMin: 8.5, Sort: catalog.SortScore}, nil},
			{"unknown genre", catalog.TitleFilter{Genre: "no-such-genre"}, nil},
		} {
			c.f.StatsGeneration = gen
			page, err := svc.Titles(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var want []string
			for _, n := range c.want {
				want = append(want, slugs[n])
			}
			var got []string
			for _, ref := range page.Items {
				got = append(got, ref.Slug)
			}
			if !slices.Equal(got, want) || page.Total != len(want) {
				t.Errorf("%s: %v (total %d), want %v", c.name, got, page.Total, want)
			}
		}
	})
}

// Paging through a sort with ties, at any page size, lists every title
// exactly once in the same order.
func TestBrowsePagesAreStable(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		browseFixture(t, db, svc)
		for _, sort := range []string{catalog.SortDate, catalog.SortScore, catalog.SortPopularity, catalog.SortTitle} {
			all, err := svc.Titles(ctx, catalog.TitleFilter{Sort: sort, PerPage: 100})
			if err != nil || len(all.Items) != 6 {
				t.Fatalf("%s: %d titles, %v", sort, len(all.Items), err)
			}
			for _, per := range []int{1, 2, 4} {
				var got []catalog.TitleRef
				for p := 1; ; p++ {
					pg, err := svc.Titles(ctx, catalog.TitleFilter{Sort: sort, Page: p, PerPage: per})
					if err != nil {
						t.Fatal(err)
					}
					if len(pg.Items) == 0 {
						if p != all.Total/per+min(all.Total%per, 1)+1 {
							t.Errorf("%s by %d: ran out at page %d", sort, per, p)
						}
						break
					}
					got = append(got, pg.Items...)
				}
				if !slices.Equal(got, all.Items) {
					t.Errorf("%s by %d: pages %v, want %v", sort, per, got, all.Items)
				}
			}
		}
	})
}

// A title made after the rankings were computed is listed by every sort at
// once, and a recomputation shows in score order without a catalog write.
func TestBrowseSeesNewTitlesAndRecomputedScores(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		slugs, ranks := browseFixture(t, db, svc)
		gale, err := svc.CreateTitle(ctx, &catalog.Title{Kind: catalog.KindMovie, Name: "Gale 🌬️"})
		if err != nil {
			t.Fatal(err)
		}
		gen, _ := ranks.Generation(ctx)
		for _, sort := range []string{catalog.SortScore, catalog.SortPopularity} {
			pg, err := svc.Titles(ctx, catalog.TitleFilter{Sort: sort, StatsGeneration: gen})
			if err != nil || pg.Total != 7 || pg.Items[6].Slug != gale.Slug {
				t.Errorf("%s after a new title: %+v, %v", sort, pg, err)
			}
		}
		users := accounttest.BulkMembers(t, db, 1)
		// Ten out of ten for the last: with m = 25 one vote lifts it above
		// the prior mean, above every title rated 8.
		if _, err := rating.NewService(db, rating.Options{}).Rate(ctx, users[0], rating.Target{Kind: rating.Title, ID: gale.ID}, 10); err != nil {
			t.Fatal(err)
		}
		if _, err := ranks.Compute(ctx, nil); err != nil {
			t.Fatal(err)
		}
		gen2, _ := ranks.Generation(ctx)
		if gen2 == gen {
			t.Fatal("the generation did not move")
		}
		pg, err := svc.Titles(ctx, catalog.TitleFilter{Sort: catalog.SortScore, StatsGeneration: gen2, PerPage: 2})
		if err != nil || len(pg.Items) != 2 || pg.Items[0].Slug != slugs["Blossom"] || pg.Items[1].Slug != gale.Slug {
			t.Errorf("after recomputing: %+v, %v", pg.Items, err)
		}
	})
}

func TestBrowseRejectsBadFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		svc := newService(t, db)
		for _, c := range []struct {
			f      catalog.TitleFilter
			fields []string
		}{
			{catalog.TitleFilter{Sort: "best"}, []string{"sort"}},
			{catalog.TitleFilter{YearFrom: 2020, YearTo: 2019}, []string{"year_to"}},
			{catalog.TitleFilter{YearFrom: 20, YearTo: 99999}, []string{"year_from", "year_to"}},
			{catalog.TitleFilter{ScoreMin: 9, ScoreMax: 8}, []string{"score_max"}},
			{catalog.TitleFilter{ScoreMin: 11, Status: "finished"}, []string{"score_min", "status"}},
			{catalog.TitleFilter{Region: "Korea", Country: "한국"}, []string{"country", "region"}},
			{catalog.TitleFilter{Page: -1, PerPage: 1000}, []string{"page", "per_page"}},
			{catalog.TitleFilter{Kind: "drama"}, []string{"kind"}},
		} {
			_, err := svc.Titles(context.Background(), c.f)
			if apperr.CodeOf(err) != apperr.Invalid || !slices.Equal(apperr.FieldNames(err), c.fields) {
				t.Errorf("%+v: %v, want invalid %v", c.f, err, c.fields)
			}
		}
	})
}
