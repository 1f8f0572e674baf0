package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
)

func newService(t *testing.T, db *database.DB) *catalog.Service {
	t.Helper()
	return catalog.NewService(db, catalog.Options{})
}

func loadDemo(t *testing.T, svc *catalog.Service) {
	t.Helper()
	loaded, err := demo.LoadIfEmpty(context.Background(), svc)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		t.Fatal("demo catalog not loaded into an empty database")
	}
}

func TestDemoCatalogRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		loadDemo(t, svc)
		if again, err := demo.LoadIfEmpty(ctx, svc); err != nil || again {
			t.Fatalf("second load: %v, %v; want no load", again, err)
		}
		cloy, err := svc.Title(ctx, "crash-landing-on-you")
		if err != nil {
			t.Fatal(err)
		}
		if cloy.OriginalTitle != "사랑의 불시착" {
			t.Errorf("original title = %q", cloy.OriginalTitle)
		}
		var hanja, abbr bool
		for _, n := range cloy.AltTitles {
			hanja = hanja || (n.Type == catalog.NameHanja && n.Name == "사랑의 不時着")
			abbr = abbr || (n.Type == catalog.NameAbbreviation && n.Name == "CLOY")
		}
		if !hanja || !abbr {
			t.Errorf("alternative titles lack Hanja (%v) or CLOY (%v): %+v", hanja, abbr, cloy.AltTitles)
		}
		if len(cloy.Seasons) != 2 {
			t.Fatalf("seasons = %d, want 2", len(cloy.Seasons))
		}
		s1 := cloy.Seasons[0]
		if len(s1.Episodes) != 16 || s1.Episodes[0].AirDate != "2019-12-14" || s1.Episodes[15].AirDate != "2020-02-16" {
			t.Errorf("season 1: %d episodes, first %q, last %q", len(s1.Episodes), s1.Episodes[0].AirDate, s1.Episodes[len(s1.Episodes)-1].AirDate)
		}
		if cloy.Seasons[1].EpisodeCount != 12 {
			t.Errorf("season 2 episode count = %d, want 12", cloy.Seasons[1].EpisodeCount)
		}
		if cloy.Schedule == nil || cloy.Schedule.Time != "21:00" || cloy.Schedule.TimeZone != "Asia/Seoul" {
			t.Errorf("schedule = %+v", cloy.Schedule)
		}
		var hyunBin *catalog.CastCredit
		for i := range cloy.Cast {
			if cloy.Cast[i].Person == "hyun-bin" {
				hyunBin = &cloy.Cast[i]
			}
		}
		if hyunBin == nil || hyunBin.PersonNativeName != "현빈" || hyunBin.CharacterName == "" {
			t.Fatalf("Hyun Bin's credit = %+v", hyunBin)
		}
		for _, sec := range []struct {
			name string
			n    int
		}{{"genres", len(cloy.Genres)}, {"tags", len(cloy.Tags)}, {"parental guide", len(cloy.ParentalGuide)},
			{"where to watch", len(cloy.WatchOptions)}, {"quotes", len(cloy.Quotes)}, {"faq", len(cloy.FAQ)},
			{"related", len(cloy.Related)}, {"filming locations", len(cloy.FilmingLocations)}, {"crew", len(cloy.Crew)},
			{"age ratings", len(cloy.AgeRatings)}, {"external links", len(cloy.ExternalLinks)}, {"characters", len(cloy.Characters)}} {
			if sec.n == 0 {
				t.Errorf("section %s is empty", sec.name)
			}
		}
		recs := 0
		for _, r := range cloy.Related {
			if r.Relation == catalog.RelRecommendation {
				recs++
				if r.Ref == nil || r.Ref.Name == "" {
					t.Errorf("relation %q has no title summary", r.Title)
				}
			}
		}
		if recs < 7 {
			t.Errorf("%d recommendations, want the seven", recs)
		}

		p, err := svc.Person(ctx, "hyun-bin")
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(p.Filmography, func(f catalog.FilmographyEntry) bool { return f.Title.Slug == "crash-landing-on-you" }) {
			t.Errorf("Hyun Bin's filmography lacks CLOY: %+v", p.Filmography)
		}
		ch, err := svc.Character(ctx, hyunBin.Character)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Title == nil || ch.Title.Slug != "crash-landing-on-you" || len(ch.Played) == 0 || ch.Played[0].Slug != "hyun-bin" {
			t.Errorf("character %s: title %+v, played by %+v", ch.Slug, ch.Title, ch.Played)
		}
		se, err := svc.Season(ctx, "crash-landing-on-you", 1)
		if err != nil || len(se.Episodes) != 16 || se.Title == nil {
			t.Fatalf("season 1: %+v, %v", se, err)
		}
		if _, err := svc.Season(ctx, "crash-landing-on-you", 9); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("season 9: err = %v, want not found", err)
		}
		if _, err := svc.Title(ctx, "no-such-title"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("unknown title: err = %v, want not found", err)
		}
	})
}

func TestTitleSections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		loadDemo(t, svc)
		tt, err := svc.Title(ctx, "crash-landing-on-you", catalog.SecSeasons, catalog.SecGenres)
		if err != nil {
			t.Fatal(err)
		}
		if len(tt.Genres) == 0 || len(tt.Seasons) != 2 || tt.Seasons[0].Episodes != nil || tt.Cast != nil || tt.FAQ != nil {
			t.Errorf("include seasons,genres gave genres=%d seasons=%d episodes=%v cast=%d faq=%d",
				len(tt.Genres), len(tt.Seasons), tt.Seasons[0].Episodes != nil, len(tt.Cast), len(tt.FAQ))
		}
		if tt.Seasons[0].EpisodeCount != 16 {
			t.Errorf("episode count without episodes = %d", tt.Seasons[0].EpisodeCount)
		}
		if _, err := svc.Title(ctx, "crash-landing-on-you", "bogus"); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("unknown section: %v", err)
		}
		full, _ := svc.Title(ctx, "crash-landing-on-you")
		if len(full.FAQ) == 0 || len(full.Seasons[0].Episodes) != 16 {
			t.Error("a section read changed the cached full title")
		}
	})
}

func minimalTitle(name string) *catalog.Title {
	return &catalog.Title{Kind: catalog.KindSeries, Name: name}
}

func TestCreateUpdateDeleteTitle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		if _, err := svc.CreatePerson(ctx, &catalog.Person{Name: "Kim Ji-won", NativeName: "김지원"}); err != nil {
			t.Fatal(err)
		}
		share := 9.5
		in := &catalog.Title{
			Kind: catalog.KindSeries, Name: "Queen of Tears 🌧", OriginalTitle: "눈물의 여왕", FirstAired: "2024-03-09",
			AltTitles:  []catalog.AltTitle{{Name: "눈물의 여왕", Type: catalog.NameNative, Language: "ko", Script: "Hang"}},
			Genres:     []catalog.Term{{Name: "Romance"}, {Name: "Comedy"}},
			Characters: []catalog.Character{{Name: "Hong Hae-in", NativeName: "홍해인", Names: []catalog.AltTitle{{Name: "Queen of Queens", Type: catalog.NameNickname}}}},
			Cast:       []catalog.CastCredit{{Person: "kim-ji-won", Character: "hong-hae-in", Role: catalog.RoleMain, Billing: 2}},
			Seasons:    []catalog.Season{{Number: 1, Episodes: []catalog.Episode{{Number: 1, AirDate: "2024-03-09", AudienceShare: &share}, {Number: 2}}}},
		}
		got, err := svc.CreateTitle(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Slug != "queen-of-tears" {
			t.Errorf("slug = %q", got.Slug)
		}
		if got.Cast[0].CharacterNative != "홍해인" || got.Seasons[0].Episodes[0].AudienceShare == nil || *got.Seasons[0].Episodes[0].AudienceShare != 9.5 {
			t.Errorf("read back %+v / %+v", got.Cast, got.Seasons)
		}
		ep1 := got.Seasons[0].Episodes[0].ID
		charID := got.Characters[0].ID

		// A second title with the same name gets a suffixed slug.
		dup, err := svc.CreateTitle(ctx, minimalTitle("Queen of Tears"))
		if err != nil || dup.Slug != "queen-of-tears-2" {
			t.Fatalf("duplicate name: slug %v, err %v", dup, err)
		}
		// An explicit slug that is taken is a conflict naming the field.
		c := minimalTitle("Another")
		c.Slug = "queen-of-tears"
		if _, err := svc.CreateTitle(ctx, c); apperr.CodeOf(err) != apperr.Conflict || !slices.Contains(apperr.FieldNames(err), "slug") {
			t.Errorf("taken slug: %v", err)
		}

		// Update: only the sections sent change; episode and character ids survive.
		upd := &catalog.Title{Kind: catalog.KindSeries, Name: "Queen of Tears", OriginalTitle: "눈물의 여왕", FirstAired: "2024-03-09",
			Seasons:    []catalog.Season{{Number: 1, Episodes: []catalog.Episode{{Number: 1, Name: "Pilot"}, {Number: 2}, {Number: 3}}}},
			Characters: []catalog.Character{{Slug: "hong-hae-in", Name: "Hong Hae-in", NativeName: "홍해인"}}}
		got, err = svc.UpdateTitle(ctx, "queen-of-tears", upd)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Genres) != 2 {
			t.Errorf("genres = %v; a nil section must keep what is stored", got.Genres)
		}
		if got.Seasons[0].Episodes[0].ID != ep1 || got.Seasons[0].Episodes[0].Name != "Pilot" || len(got.Seasons[0].Episodes) != 3 {
			t.Errorf("episodes after update: %+v (episode 1 id was %d)", got.Seasons[0].Episodes, ep1)
		}
		if got.Characters[0].ID != charID || len(got.Cast) != 1 || got.Cast[0].Character != "hong-hae-in" {
			t.Errorf("character id %d → %d, cast %+v", charID, got.Characters[0].ID, got.Cast)
		}

		if err := svc.DeleteTitle(ctx, "queen-of-tears"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Title(ctx, "queen-of-tears"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleted title still readable: %v", err)
		}
		if _, err := svc.Character(ctx, "hong-hae-in"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("deleted title's character still readable: %v", err)
		}
		if err := svc.DeleteTitle(ctx, "queen-of-tears"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("second delete: %v", err)
		}
		// The person's credits went with the title, so the person can go too.
		if err := svc.DeletePerson(ctx, "kim-ji-won"); err != nil {
			t.Errorf("delete person without credits: %v", err)
		}
	})
}

func TestValidationNamesEveryField(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		bad := &catalog.Title{
			Kind: "telenovela", Name: "   ", FirstAired: "2019-13-01", LastAired: "yesterday",
			Countries:     []string{"kr"},
			Schedule:      &catalog.Schedule{Days: []string{"saturday"}, Time: "25:00", TimeZone: "Mars/Olympus"},
			AltTitles:     []catalog.AltTitle{{Name: "", Type: "native"}, {Name: "x", Type: "aka", System: "rr"}},
			ParentalGuide: []catalog.GuideEntry{{Category: "gore", Severity: "extreme"}},
			WatchOptions:  []catalog.WatchOption{{Region: "KR", Provider: "Netflix", Offer: "steal", URL: "javascript:alert(1)"}},
			Seasons:       []catalog.Season{{Number: 1, Episodes: []catalog.Episode{{Number: 1}, {Number: 1}}}},
			Cast:          []catalog.CastCredit{{Person: "Hyun Bin", Role: "lead"}},
			Related:       []catalog.Relation{{Title: "x", Relation: "cousin"}},
		}
		_, err := svc.CreateTitle(ctx, bad)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("err = %v, want invalid", err)
		}
		got := apperr.FieldNames(err)
		for _, want := range []string{"kind", "title", "first_aired", "last_aired", "countries[0]", "schedule.days[0]", "schedule.time",
			"schedule.time_zone", "alternative_titles[0].name", "alternative_titles[1].system", "parental_guide[0].category",
			"parental_guide[0].severity", "where_to_watch[0].offer", "where_to_watch[0].url", "seasons[0].episodes[1].number",
			"cast[0].person", "cast[0].role", "related[0].relation"} {
			if !slices.Contains(got, want) {
				t.Errorf("no error for %s; got %v", want, got)
			}
		}
		// Valid shape but references that do not exist: nothing is written.
		ref := minimalTitle("Orphan")
		ref.Cast = []catalog.CastCredit{{Person: "nobody", Role: catalog.RoleMain}}
		ref.Related = []catalog.Relation{{Title: "missing", Relation: catalog.RelSimilar}}
		_, err = svc.CreateTitle(ctx, ref)
		if got := apperr.FieldNames(err); apperr.CodeOf(err) != apperr.Invalid || !slices.Contains(got, "cast[0].person") || !slices.Contains(got, "related[0].title") {
			t.Fatalf("dangling references: %v", err)
		}
		if _, err := svc.Title(ctx, "orphan"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a rejected create left a title behind: %v", err)
		}
		page, _ := svc.Titles(ctx, catalog.TitleFilter{})
		if page.Total != 0 {
			t.Errorf("%d titles after rejected writes", page.Total)
		}
	})
}

func TestDeletePersonWithCreditsConflicts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		loadDemo(t, svc)
		err := svc.DeletePerson(ctx, "son-ye-jin")
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("err = %v, want conflict", err)
		}
		if _, err := svc.Person(ctx, "son-ye-jin"); err != nil {
			t.Errorf("person gone after a refused delete: %v", err)
		}
	})
}

func TestListsAndFacets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		loadDemo(t, svc)
		all, err := svc.Titles(ctx, catalog.TitleFilter{PerPage: 5})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total < 10 || len(all.Items) != 5 || all.Pages() != (all.Total+4)/5 {
			t.Fatalf("page: total %d, items %d", all.Total, len(all.Items))
		}
		// Paging visits every title exactly once.
		seen := map[string]bool{}
		for p := 1; p <= all.Pages(); p++ {
			pg, err := svc.Titles(ctx, catalog.TitleFilter{Page: p, PerPage: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range pg.Items {
				if seen[it.Slug] {
					t.Errorf("%s on two pages", it.Slug)
				}
				seen[it.Slug] = true
			}
		}
		if len(seen) != all.Total {
			t.Errorf("paged through %d titles of %d", len(seen), all.Total)
		}
		tvn, err := svc.Titles(ctx, catalog.TitleFilter{Network: "tvn", Country: "KR", Year: 2019})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(tvn.Items, func(r catalog.TitleRef) bool { return r.Slug == "crash-landing-on-you" }) {
			t.Errorf("tvN/KR/2019 lacks CLOY: %+v", tvn.Items)
		}
		for _, it := range tvn.Items {
			if it.Year != 2019 {
				t.Errorf("%s has year %d in a 2019 filter", it.Slug, it.Year)
			}
		}
		genres, err := svc.Genres(ctx)
		if err != nil || len(genres) == 0 {
			t.Fatalf("genres: %v, %v", genres, err)
		}
		years, _ := svc.Years(ctx)
		countries, _ := svc.Countries(ctx)
		networks, _ := svc.Networks(ctx)
		if len(years) == 0 || len(countries) == 0 || len(networks) == 0 {
			t.Errorf("facets: years %d countries %d networks %d", len(years), len(countries), len(networks))
		}
		people, err := svc.People(ctx, 1, 100)
		if err != nil || people.Total == 0 {
			t.Fatalf("people: %+v %v", people, err)
		}
	})
}

func TestConcurrentWritesAndReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 20 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				// Same derived slug from every goroutine: each must get its own.
				_, err := svc.CreateTitle(ctx, minimalTitle("사랑의 불시착"))
				errs <- err
			}()
			go func() {
				defer wg.Done()
				_, err := svc.Titles(ctx, catalog.TitleFilter{Page: 1 + i%3})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		var failed []string
		for err := range errs {
			if err != nil {
				failed = append(failed, err.Error())
			}
		}
		if len(failed) > 0 {
			t.Fatalf("%d failures: %s", len(failed), strings.Join(failed, "; "))
		}
		page, err := svc.Titles(ctx, catalog.TitleFilter{PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		slugs := map[string]bool{}
		for _, it := range page.Items {
			if slugs[it.Slug] {
				t.Errorf("slug %s twice", it.Slug)
			}
			slugs[it.Slug] = true
		}
		if !slugs["사랑의-불시착"] {
			t.Errorf("Hangul slug missing: %v", slugs)
		}
	})
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Crash Landing on You":     "crash-landing-on-you",
		"It's Okay to Not Be Okay": "its-okay-to-not-be-okay",
		"Sarang-ŭi Pulshich'ak":    "sarang-ui-pulshichak",
		"사랑의 불시착":                  "사랑의-불시착",
		"The K2":                   "the-k2",
		"  --Hyun   Bin--  ":       "hyun-bin",
		"😀 Emoji Only 😀":           "emoji-only",
		"!!!":                      "",
	} {
		if got := catalog.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if want != "" && !catalog.ValidSlug(want) {
			t.Errorf("ValidSlug(%q) = false", want)
		}
	}
	for _, bad := range []string{"", "Upper", "a--b", "-a", "a-", "a b", "a_b"} {
		if catalog.ValidSlug(bad) {
			t.Errorf("ValidSlug(%q) = true", bad)
		}
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		svc := newService(t, db)
		doc, err := demo.Document()
		if err != nil {
			t.Fatal(err)
		}
		// Break the last title's cast so the failure comes late.
		last := &doc.Titles[len(doc.Titles)-1]
		last.Cast = append(last.Cast, catalog.CastCredit{Person: "ghost", Role: catalog.RoleGuest})
		err = svc.Import(ctx, doc)
		want := fmt.Sprintf("titles[%d].cast[%d].person", len(doc.Titles)-1, len(last.Cast)-1)
		if !slices.Contains(apperr.FieldNames(err), want) {
			t.Fatalf("err = %v, want field %s", err, want)
		}
		empty, err := svc.Empty(ctx)
		if err != nil || !empty {
			t.Errorf("catalog not empty after a failed import (%v)", err)
		}
		if _, err := svc.Person(ctx, "hyun-bin"); !errors.Is(err, err) || apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("people from a failed import remain: %v", err)
		}
	})
}

func TestTwoServersOnOneDatabaseAgree(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		a := newService(t, db)
		b := catalog.NewService(db, catalog.Options{MaxStale: 20 * time.Millisecond})
		if _, err := a.CreateTitle(ctx, minimalTitle("Signal")); err != nil {
			t.Fatal(err)
		}
		before, err := b.Title(ctx, "signal")
		if err != nil {
			t.Fatal(err)
		}
		upd := minimalTitle("Signal")
		upd.Logline = "A walkie-talkie connects two detectives across time."
		if _, err := a.UpdateTitle(ctx, "signal", upd); err != nil {
			t.Fatal(err)
		}
		// a sees its own write at once; b within its MaxStale.
		if got, _ := a.Title(ctx, "signal"); got.Logline != upd.Logline {
			t.Errorf("the writing service reads %q", got.Logline)
		}
		time.Sleep(30 * time.Millisecond)
		after, err := b.Title(ctx, "signal")
		if err != nil {
			t.Fatal(err)
		}
		if after.Logline != upd.Logline || after == before {
			t.Errorf("the other service still reads %q after MaxStale", after.Logline)
		}
	})
}
