package profile_test

import (
	"context"
	"testing"

	"github.com/dramadb/dramadb/internal/account/accounttest"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/profile"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/watch"
)

func genres(names ...string) []catalog.Term {
	var out []catalog.Term
	for _, n := range names {
		out = append(out, catalog.Term{Name: n})
	}
	return out
}

func TestProfileStatistics(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		cat := catalog.NewService(db, catalog.Options{})
		users := accounttest.Members(t, db, 2)
		u := users[0]
		create := func(in *catalog.Title) *catalog.Title {
			t.Helper()
			out, err := cat.CreateTitle(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		// Alpha: three episodes of 70, unknown (the title's 60) and 50 minutes.
		alpha := create(&catalog.Title{Kind: catalog.KindSeries, Name: "Alpha", Runtime: 60, Genres: genres("Romance", "Comedy"),
			Seasons: []catalog.Season{{Number: 1, Episodes: []catalog.Episode{{Number: 1, Runtime: 70}, {Number: 2}, {Number: 3, Runtime: 50}}}}})
		// Beta: sixteen 45-minute episodes, four seen by hand-set count.
		beta := &catalog.Title{Kind: catalog.KindSeries, Name: "Beta", Runtime: 45, Genres: genres("Thriller", "Romance"),
			Seasons: []catalog.Season{{Number: 1, EpisodeCount: 16}}}
		beta = create(beta)
		gamma := create(&catalog.Title{Kind: catalog.KindMovie, Name: "Gamma", Runtime: 120, Genres: genres("Thriller")})
		create(&catalog.Title{Kind: catalog.KindMovie, Name: "Unseen", Runtime: 100, Genres: genres("Horror")})

		w := watch.NewService(db, nil)
		r := rating.NewService(db, rating.Options{})
		if _, err := w.MarkSeason(ctx, u, alpha.ID, 3, alpha.Seasons[0].ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Set(ctx, u, beta.ID, 16, watch.Entry{Status: "watching", EpisodesSeen: 4}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Set(ctx, u, gamma.ID, 0, watch.Entry{Status: "completed"}); err != nil {
			t.Fatal(err)
		}
		r.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: alpha.ID}, 10)
		r.Rate(ctx, u, rating.Target{Kind: rating.Title, ID: beta.ID}, 4)
		// Another member's activity stays off this profile.
		r.Rate(ctx, users[1], rating.Target{Kind: rating.Title, ID: gamma.ID}, 1)

		p, err := profile.NewService(db).Of(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		st := p.Stats
		// 70+60+50 for Alpha, 4×45 for Beta, 120 for Gamma.
		if st.TitlesCompleted != 2 || st.EpisodesSeen != 7 || st.MinutesWatched != 480 || st.HoursWatched != 8 {
			t.Errorf("totals: %+v", st)
		}
		if st.Ratings != 2 || st.MeanScore != 7 {
			t.Errorf("ratings: %d, mean %v", st.Ratings, st.MeanScore)
		}
		// Romance: 1.0 (Alpha) + 0.4 (Beta); Comedy 1.0; Thriller 0.4 + 0.5.
		want := []profile.Genre{{Name: "Romance", Weight: 1.4, Titles: 2}, {Name: "Comedy", Weight: 1, Titles: 1}, {Name: "Thriller", Weight: 0.9, Titles: 2}}
		if len(st.FavouriteGenres) != len(want) {
			t.Fatalf("genres: %+v", st.FavouriteGenres)
		}
		for i, g := range want {
			got := st.FavouriteGenres[i]
			if got.Name != g.Name || got.Weight != g.Weight || got.Titles != g.Titles {
				t.Errorf("genre %d: %+v, want %+v", i, got, g)
			}
		}
		if len(p.Watching) != 2 || p.Watching[0].Status != "watching" || p.Watching[1].Status != "completed" || len(p.Watching[1].Titles) != 2 {
			t.Errorf("watching: %+v", p.Watching)
		}
		if len(p.Ratings) != 2 || p.Reviews == nil {
			t.Errorf("ratings %+v, reviews %+v", p.Ratings, p.Reviews)
		}

		empty, err := profile.NewService(db).Of(ctx, users[1])
		if err != nil || empty.Stats.MinutesWatched != 0 || empty.Stats.MeanScore != 1 || len(empty.Stats.FavouriteGenres) != 1 {
			t.Errorf("a member who only rated: %+v %v", empty, err)
		}
	})
}
