package search_test

import (
	"context"

	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
	"github.com/dramadb/dramadb/internal/search"
)

// demoIndex loads the demo catalog through a catalog service that indexes
// as it writes.
func demoIndex(t *testing.T, db *database.DB) (*search.Service, *catalog.Service) {
	t.Helper()
	s := search.NewService(db)
	cat := catalog.NewService(db, catalog.Options{Indexer: s})
	if _, err := demo.LoadIfEmpty(context.Background(), cat); err != nil {
		t.Fatal(err)
	}
	return s, cat
}

// The kinds of query people type, each with the entity it must find first.
var relevance = []struct {
	why, q, kind, slug string
}{
	{"English title", "Crash Landing on You", "title", "crash-landing-on-you"},
	{"English title, lower case, no spaces", "crashlandingonyou", "title", "crash-landing-on-you"},
	{"English title prefix", "crash land", "title", "crash-landing-on-you"},
	{"abbreviation", "CLOY", "title", "crash-landing-on-you"},
	{"literal translation", "Love's Emergency Landing", "title", "crash-landing-on-you"},
	{"AKA", "Psycho but It's Okay", "title", "its-okay-to-not-be-okay"},
	{"native title", "사랑의 불시착", "title", "crash-landing-on-you"},
	{"native title without space", "사랑의불시착", "title", "crash-landing-on-you"},
	{"native title, second word", "불시착", "title", "crash-landing-on-you"},
	{"two syllables", "불시", "title", "crash-landing-on-you"},
	{"one syllable", "불", "title", "crash-landing-on-you"},
	{"two syllables of another", "설강", "title", "snowdrop"},
	{"Hanja", "不時着", "title", "crash-landing-on-you"},
	{"Hanja with Hangul", "사랑의 不時着", "title", "crash-landing-on-you"},
	{"RR", "sarangui bulsichak", "title", "crash-landing-on-you"},
	{"RR without space", "saranguibulsichak", "title", "crash-landing-on-you"},
	{"RR with hyphen", "Sarang-ui Bulsichak", "title", "crash-landing-on-you"},
	{"MR with breve and apostrophe", "Sarang-ŭi pulshich'ak", "title", "crash-landing-on-you"},
	{"MR plain", "sarangui pulshichak", "title", "crash-landing-on-you"},
	{"MR derived, not stored", "t'aeyangŭi huye", "title", "descendants-of-the-sun"},
	{"RR derived for a title with no stored MR", "byeoreseo on geudae", "title", "my-love-from-the-star"},
	{"initials", "ㅅㄹㅇ ㅂㅅㅊ", "title", "crash-landing-on-you"},
	{"initials without space", "ㅅㄹㅇㅂㅅㅊ", "title", "crash-landing-on-you"},
	{"initials of the second word", "ㅂㅅㅊ", "title", "crash-landing-on-you"},
	{"typo", "crash landng on yu", "title", "crash-landing-on-you"},
	{"two typos", "crsh landing on yuo", "title", "crash-landing-on-you"},
	{"typo in another title", "memories of the alhambre", "title", "memories-of-the-alhambra"},
	{"character, North Korean spelling", "Ri Jung Hyuk", "character", "ri-jeong-hyeok"},
	{"character, Lee and hyphen", "Lee Jung-Hyeok", "character", "ri-jeong-hyeok"},
	{"character, family name last", "jeonghyeok ri", "character", "ri-jeong-hyeok"},
	{"character, Rhee", "Rhee Jeong-hyuk", "character", "ri-jeong-hyeok"},
	{"character, Yi and Chung", "Yi Chung-hyeok", "character", "ri-jeong-hyeok"},
	{"character, Hangul", "리정혁", "character", "ri-jeong-hyeok"},
	{"character, Yun for Yoon", "Yun Seri", "character", "yoon-se-ri"},
	{"character, Yoon", "Yoon Se-ri", "character", "yoon-se-ri"},
	{"character, nickname", "Captain Ri", "character", "ri-jeong-hyeok"},
	{"actor", "Hyun Bin", "person", "hyun-bin"},
	{"actor, Hangul", "현빈", "person", "hyun-bin"},
	{"actor, RR spelling", "Hyeon Bin", "person", "hyun-bin"},
	{"actor, one word", "hyunbin", "person", "hyun-bin"},
	{"actor, birth name", "Kim Tae-pyung", "person", "hyun-bin"},
	{"actress, given name first", "Ye-jin Son", "person", "son-ye-jin"},
	{"actress, initials", "ㅅㅇㅈ", "person", "son-ye-jin"},
	{"director, Jun for Joon", "Bong Jun Ho", "person", "bong-joon-ho"},
	{"director, typo", "Bong Jon-ho", "person", "bong-joon-ho"},
	{"person, Jeong for Jung", "Kim Jeong Hyun", "person", "kim-jung-hyun"},
	{"person, Lee and Shin", "Lee Shin Young", "person", "lee-sin-young"},
	{"person, Rhee", "Rhee Sin-young", "person", "lee-sin-young"},
	{"person, Gwak for Kwak", "Gwak Moon Wan", "person", "kwak-moon-wan"},
}

func TestRelevance(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := demoIndex(t, db)
		ctx := context.Background()
		for _, c := range relevance {
			got, err := s.Search(ctx, c.q, nil, 5)
			if err != nil {
				t.Fatalf("%s %q: %v", c.why, c.q, err)
			}
			if len(got) == 0 {
				t.Errorf("%s: %q found nothing; want %s %s", c.why, c.q, c.kind, c.slug)
				continue
			}
			if got[0].Kind != c.kind || got[0].Slug != c.slug {
				t.Errorf("%s: %q found first %s %s (%s %.1f); want %s %s\n%s", c.why, c.q, got[0].Kind, got[0].Slug, got[0].Match, got[0].Score, c.kind, c.slug, describe(got))
			}
		}
	})
}

func describe(rs []search.Result) string {
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "  %s %s %s %.1f\n", r.Kind, r.Slug, r.Match, r.Score)
	}
	return b.String()
}

func TestExactBeforePrefixBeforeFuzzy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, cat := demoIndex(t, db)
		ctx := context.Background()
		// A popular title whose name only starts with the query must not
		// outrank the exact match.
		for _, name := range []string{"Iris", "Iris Returns", "Irises"} {
			if name == "Iris" {
				continue
			}
			if _, err := cat.CreateTitle(ctx, &catalog.Title{Name: name, Kind: catalog.KindSeries}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Search(ctx, "iris", []string{"title"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Slug != "iris" || got[0].Match != "exact" || got[1].Match != "prefix" || got[2].Match != "prefix" {
			t.Fatalf("iris:\n%s", describe(got))
		}
		got, err = s.Search(ctx, "irus", []string{"title"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range got {
			if r.Match != "fuzzy" {
				t.Errorf("irus matched %s by %s", r.Slug, r.Match)
			}
		}
	})
}

func TestKindsAndLimit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := demoIndex(t, db)
		ctx := context.Background()
		got, err := s.Search(ctx, "ri", []string{"character"}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || len(got) > 3 {
			t.Fatalf("got %d results", len(got))
		}
		for _, r := range got {
			if r.Kind != "character" {
				t.Errorf("kind filter let through %s %s", r.Kind, r.Slug)
			}
			if r.Context != "Crash Landing on You" {
				t.Errorf("character %s has context %q", r.Slug, r.Context)
			}
		}
		got, err = s.Search(ctx, "사랑의 불시착", nil, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 || got[0].Native != "사랑의 불시착" || got[0].Name != "Crash Landing on You" || got[0].URL() != "/titles/crash-landing-on-you" {
			t.Fatalf("got %+v", got)
		}
	})
}

func TestBadQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := demoIndex(t, db)
		ctx := context.Background()
		for _, c := range []struct {
			q     string
			kinds []string
			field string
		}{
			{"", nil, "q"},
			{"   ", nil, "q"},
			{"!!! ??? ...", nil, "q"},
			{strings.Repeat("가", 201), nil, "q"},
			{"\xff\xfe", nil, "q"},
			{"cloy", []string{"episode"}, "kind"},
		} {
			_, err := s.Search(ctx, c.q, c.kinds, 10)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
				t.Errorf("Search(%.20q, %v) = %v; want invalid %s", c.q, c.kinds, err, c.field)
			}
		}
		// Long, odd and unmatched queries answer, possibly with nothing.
		for _, q := range []string{strings.Repeat("가", 200), "🙂 drama 🙂", "zzzzqqqxx", "100%", `"quoted" OR x`, "a", "ㅎ", "x' OR 1=1 --"} {
			if _, err := s.Search(ctx, q, nil, 10); err != nil {
				t.Errorf("Search(%.20q): %v", q, err)
			}
		}
	})
}

func TestIndexFollowsCatalogWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, cat := demoIndex(t, db)
		ctx := context.Background()
		first := func(q string) string {
			t.Helper()
			got, err := s.Search(ctx, q, nil, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0].Match == "fuzzy" {
				return ""
			}
			return got[0].Kind + ":" + got[0].Slug
		}
		// Create a title with a character.
		_, err := cat.CreateTitle(ctx, &catalog.Title{Name: "Hometown Cha-Cha-Cha", OriginalTitle: "갯마을 차차차", Kind: catalog.KindSeries,
			Characters: []catalog.Character{{Name: "Hong Du-sik", NativeName: "홍두식"}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := first("갯마을"); got != "title:hometown-cha-cha-cha" {
			t.Fatalf("new title: %q", got)
		}
		if got := first("Hong Doo Sik"); got != "character:hong-du-sik" {
			t.Fatalf("new character: %q", got)
		}
		// Update: the old name goes, the new one comes.
		_, err = cat.UpdateTitle(ctx, "hometown-cha-cha-cha", &catalog.Title{Name: "Seaside Village Cha-Cha-Cha", Kind: catalog.KindSeries, OriginalTitle: "갯마을 차차차"})
		if err != nil {
			t.Fatal(err)
		}
		if got := first("hometown cha"); got != "" {
			t.Fatalf("old name still found: %q", got)
		}
		if got := first("seaside village"); got != "title:hometown-cha-cha-cha" {
			t.Fatalf("renamed title: %q", got)
		}
		// A character added, renamed and deleted on its own.
		if _, err := cat.CreateCharacter(ctx, "hometown-cha-cha-cha", &catalog.Character{Name: "Yoon Hye-jin", NativeName: "윤혜진"}); err != nil {
			t.Fatal(err)
		}
		if got := first("Yun Hyejin"); got != "character:yoon-hye-jin" {
			t.Fatalf("new character: %q", got)
		}
		if _, err := cat.UpdateCharacter(ctx, "yoon-hye-jin", &catalog.Character{Name: "Dr. Yoon", NativeName: "윤혜진"}); err != nil {
			t.Fatal(err)
		}
		if got := first("dr yoon"); got != "character:yoon-hye-jin" {
			t.Fatalf("renamed character: %q", got)
		}
		if err := cat.DeleteCharacter(ctx, "yoon-hye-jin"); err != nil {
			t.Fatal(err)
		}
		if got := first("dr yoon"); got != "" {
			t.Fatalf("deleted character still found: %q", got)
		}
		// Deleting the title takes its characters with it.
		if err := cat.DeleteTitle(ctx, "hometown-cha-cha-cha"); err != nil {
			t.Fatal(err)
		}
		if got := first("갯마을"); got != "" {
			t.Fatalf("deleted title still found: %q", got)
		}
		if got := first("Hong Du-sik"); got != "" {
			t.Fatalf("character of a deleted title still found: %q", got)
		}
		// People.
		if _, err := cat.CreatePerson(ctx, &catalog.Person{Name: "Shin Min-a", NativeName: "신민아"}); err != nil {
			t.Fatal(err)
		}
		if got := first("Sin Mina"); got != "person:shin-min-a" {
			t.Fatalf("new person: %q", got)
		}
		if _, err := cat.UpdatePerson(ctx, "shin-min-a", &catalog.Person{Name: "Shin Min-ah", NativeName: "신민아"}); err != nil {
			t.Fatal(err)
		}
		if got := first("shin min-ah"); got != "person:shin-min-a" {
			t.Fatalf("renamed person: %q", got)
		}
		if err := cat.DeletePerson(ctx, "shin-min-a"); err != nil {
			t.Fatal(err)
		}
		if got := first("신민아"); got != "" {
			t.Fatalf("deleted person still found: %q", got)
		}
		// A write that fails leaves the index as it was.
		_, err = cat.CreateTitle(ctx, &catalog.Title{Name: "Half Written", Kind: catalog.KindSeries,
			Cast: []catalog.CastCredit{{Person: "nobody-at-all", Role: catalog.RoleMain}}})
		if err == nil {
			t.Fatal("a title crediting an unknown person was stored")
		}
		if got := first("half written"); got != "" {
			t.Fatalf("failed write indexed: %q", got)
		}
	})
}

func TestReindexMatchesIncremental(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := demoIndex(t, db)
		ctx := context.Background()
		before, err := s.Search(ctx, "ri", nil, 50)
		if err != nil {
			t.Fatal(err)
		}
		var last search.Progress
		phases := map[string]bool{}
		p, err := s.Reindex(ctx, func(p search.Progress) { last = p; phases[p.Phase] = true })
		if err != nil {
			t.Fatal(err)
		}
		if p.Entities != 17+19+17 || !phases["titles"] || !phases["people"] || last.Phase != "indexes" || last.Done != last.Total {
			t.Fatalf("reindex: %+v, phases %v, last progress %+v", p, phases, last)
		}
		after, err := s.Search(ctx, "ri", nil, 50)
		if err != nil {
			t.Fatal(err)
		}
		if describe(before) != describe(after) {
			t.Fatalf("before:\n%s\nafter:\n%s", describe(before), describe(after))
		}
		empty, err := s.Empty(ctx)
		if err != nil || empty {
			t.Fatalf("Empty = %v, %v", empty, err)
		}
	})
}

func TestEmptyBeforeFirstIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		// Catalog written without the hook, as by a server from before the index.
		if _, err := demo.LoadIfEmpty(ctx, catalog.NewService(db, catalog.Options{})); err != nil {
			t.Fatal(err)
		}
		s := search.NewService(db)
		empty, err := s.Empty(ctx)
		if err != nil || !empty {
			t.Fatalf("Empty = %v, %v", empty, err)
		}
		if _, err := s.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, "CLOY", nil, 1)
		if err != nil || len(got) != 1 || got[0].Slug != "crash-landing-on-you" {
			t.Fatalf("after reindex: %v %v", got, err)
		}
	})
}

func TestConcurrentWritesAndSearches(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, cat := demoIndex(t, db)
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 32)
		for i := range 4 {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := cat.CreateTitle(ctx, &catalog.Title{Name: fmt.Sprintf("Parallel Drama %d", i), OriginalTitle: fmt.Sprintf("평행 드라마 %d", i), Kind: catalog.KindSeries})
				errs <- err
			}()
			go func() {
				defer wg.Done()
				_, err := s.Search(ctx, "parallel drama", nil, 10)
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Search(ctx, "평행 드라마", []string{"title"}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("found %d of 4 titles written concurrently:\n%s", len(got), describe(got))
		}
	})
}

func TestPopularityBreaksTies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, cat := demoIndex(t, db)
		ctx := context.Background()
		for _, n := range []string{"Twin Peaks Seoul", "Twin Peaks Busan"} {
			if _, err := cat.CreateTitle(ctx, &catalog.Title{Name: n, Kind: catalog.KindSeries}); err != nil {
				t.Fatal(err)
			}
		}
		// Members tracking Busan make it the more popular of the two.
		err := db.WithTx(ctx, func(q *database.Q) error {
			_, err := q.Exec(ctx, "INSERT INTO watch_counts (title_id, status, count) SELECT id, 'watching', 50 FROM titles WHERE slug = 'twin-peaks-busan'")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reindex(ctx, nil); err != nil {
			t.Fatal(err)
		}
		got, err := s.Search(ctx, "twin peaks", nil, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) < 2 || got[0].Slug != "twin-peaks-busan" {
			t.Fatalf("popular title not first:\n%s", describe(got))
		}
	})
}
