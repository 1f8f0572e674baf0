package generate

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// engines runs fn on a fresh database of every engine.
func engines(t *testing.T, fn func(t *testing.T, db *database.DB)) { dbtest.Each(t, fn) }

func openSQLite(t testing.TB) *database.DB { return dbtest.Open(t, database.SQLite) }

func count(t *testing.T, db *database.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Reader().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func firstTitles(t *testing.T, db *database.DB, n int) []string {
	t.Helper()
	rows, err := db.Reader().Query(context.Background(), "SELECT name, original_title FROM titles ORDER BY id LIMIT ?", n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, orig string
		if err := rows.Scan(&name, &orig); err != nil {
			t.Fatal(err)
		}
		out = append(out, name+" / "+orig)
	}
	return out
}

func TestGenerate(t *testing.T) {
	engines(t, testGenerate)
}

func testGenerate(t *testing.T, db *database.DB) {
	ctx := context.Background()
	var reports []Progress
	opt := Options{Titles: 300, People: 200, Seed: 7, BatchSize: 64}
	st, err := Generate(ctx, db, opt, func(p Progress) { reports = append(reports, p) })
	if err != nil {
		t.Fatal(err)
	}

	// Counts.
	if st.Titles != 300 || st.People != 200 {
		t.Errorf("stats: %d titles, %d people; want 300, 200", st.Titles, st.People)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles"); n != 300 {
		t.Errorf("%d titles, want 300", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM people"); n != 200 {
		t.Errorf("%d people, want 200", n)
	}
	series := count(t, db, "SELECT COUNT(*) FROM titles WHERE kind = 'series'")
	movies := count(t, db, "SELECT COUNT(*) FROM titles WHERE kind = 'movie'")
	if series < 180 || series > 270 || movies < 30 || movies > 100 {
		t.Errorf("%d series and %d movies of 300", series, movies)
	}
	eps := count(t, db, "SELECT COUNT(*) FROM episodes")
	if eps < 8*series/2 || eps > 20*3*series {
		t.Errorf("%d episodes for %d series", eps, series)
	}
	if int64(eps) != st.Episodes {
		t.Errorf("stats say %d episodes, the table has %d", st.Episodes, eps)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM seasons se JOIN titles t ON t.id = se.title_id WHERE t.kind <> 'series'"); n != 0 {
		t.Errorf("%d seasons of movies or specials", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles t WHERE kind = 'series' AND status <> 'announced' AND NOT EXISTS (SELECT 1 FROM seasons se JOIN episodes e ON e.season_id = se.id WHERE se.title_id = t.id)"); n != 0 {
		t.Errorf("%d aired series without episodes", n)
	}
	chars := count(t, db, "SELECT COUNT(*) FROM characters")
	if chars < 2*300 || chars > 6*300 {
		t.Errorf("%d characters for 300 titles", chars)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles t WHERE (SELECT COUNT(*) FROM characters c WHERE c.title_id = t.id) NOT BETWEEN 2 AND 6"); n != 0 {
		t.Errorf("%d titles without 2–6 characters", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles t WHERE (SELECT COUNT(*) FROM title_genres g WHERE g.title_id = t.id) NOT BETWEEN 1 AND 3"); n != 0 {
		t.Errorf("%d titles without 1–3 genres", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles t WHERE NOT EXISTS (SELECT 1 FROM title_networks n WHERE n.title_id = t.id AND n.role = 'original')"); n != 0 {
		t.Errorf("%d titles without an original network", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles WHERE start_year IS NULL OR start_year NOT BETWEEN 1990 AND 2026"); n != 0 {
		t.Errorf("%d titles without a start year in 1990–2026", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM crew_credits WHERE job = 'Director'"); n < 300 {
		t.Errorf("%d director credits for 300 titles", n)
	}
	var rows int64
	for _, tb := range tables {
		rows += int64(count(t, db, "SELECT COUNT(*) FROM "+tb.name))
	}
	if rows != st.Rows {
		t.Errorf("stats say %d rows, the tables hold %d", st.Rows, rows)
	}

	// Progress: once per transaction, people first, ending with the total.
	if len(reports) == 0 {
		t.Fatal("no progress reported")
	}
	if p := reports[0]; p.Phase != "people" || p.People != 200 || p.Titles != 0 {
		t.Errorf("first report %+v", p)
	}
	last := reports[len(reports)-1]
	if last.Phase != "titles" || last.Titles != 300 || last.Total != 300 || last.Rows != st.Rows {
		t.Errorf("last report %+v, stats %+v", last, st)
	}
	if len(reports) != 1+5 { // 200 people in one batch, 300 titles in 64s
		t.Errorf("%d progress reports, want 6", len(reports))
	}

	// Slugs are unique.
	for _, tb := range []string{"titles", "people", "characters"} {
		if n := count(t, db, "SELECT COUNT(*) - COUNT(DISTINCT slug) FROM "+tb); n != 0 {
			t.Errorf("%s: %d duplicate slugs", tb, n)
		}
		if n := count(t, db, "SELECT COUNT(*) FROM "+tb+" WHERE slug = ''"); n != 0 {
			t.Errorf("%s: %d empty slugs", tb, n)
		}
	}

	// Credits point at people and characters that exist, of the same title.
	if n := count(t, db, "SELECT COUNT(*) FROM cast_credits cc LEFT JOIN people p ON p.id = cc.person_id WHERE p.id IS NULL"); n != 0 {
		t.Errorf("%d cast credits of missing people", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cast_credits cc LEFT JOIN characters c ON c.id = cc.character_id WHERE c.id IS NULL OR c.title_id <> cc.title_id"); n != 0 {
		t.Errorf("%d cast credits of missing characters", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM crew_credits cc LEFT JOIN people p ON p.id = cc.person_id WHERE p.id IS NULL"); n != 0 {
		t.Errorf("%d crew credits of missing people", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cast_credits"); n != chars {
		t.Errorf("%d cast credits for %d characters", n, chars)
	}
	// Popularity skew: someone has a long filmography.
	top := count(t, db, "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM cast_credits GROUP BY person_id) x")
	if avg := chars / 175; top < 3*avg {
		t.Errorf("busiest actor has %d credits; the average is %d", top, avg)
	}

	// Names: Hangul native titles, RR romanizations, Korean people.
	koTitles := count(t, db, "SELECT COUNT(*) FROM titles WHERE original_language = 'ko'")
	if koTitles < 180 {
		t.Errorf("only %d Korean titles of 300", koTitles)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM title_names WHERE type = 'native' AND language = 'ko' AND script = 'Hang'"); n != koTitles {
		t.Errorf("%d Hangul native titles for %d Korean titles", n, koTitles)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM title_names WHERE type = 'romanized' AND system = 'rr'"); n != koTitles {
		t.Errorf("%d RR titles for %d Korean titles", n, koTitles)
	}
	var orig string
	if err := db.Reader().QueryRow(ctx, "SELECT original_title FROM titles WHERE original_language = 'ko' ORDER BY id LIMIT 1").Scan(&orig); err != nil {
		t.Fatal(err)
	}
	if !hasHangul(orig) {
		t.Errorf("Korean original title %q has no Hangul", orig)
	}
	var native string
	if err := db.Reader().QueryRow(ctx, "SELECT native_name FROM people ORDER BY id LIMIT 1").Scan(&native); err != nil {
		t.Fatal(err)
	}
	if !hasHangul(native) {
		t.Errorf("person native name %q has no Hangul", native)
	}

	// The catalog reads a generated title with its sections.
	var slug string
	if err := db.Reader().QueryRow(ctx, `SELECT slug FROM titles t WHERE kind = 'series' AND original_language = 'ko'
		AND EXISTS (SELECT 1 FROM episodes e JOIN seasons s ON s.id = e.season_id WHERE s.title_id = t.id) ORDER BY id LIMIT 1`).Scan(&slug); err != nil {
		t.Fatal(err)
	}
	svc := catalog.NewService(db, catalog.Options{})
	title, err := svc.Title(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(title.AltTitles) < 2 || len(title.Genres) == 0 || len(title.Networks) == 0 || len(title.Characters) < 2 ||
		len(title.Cast) < 2 || len(title.Crew) < 2 || len(title.Seasons) == 0 || len(title.Seasons[0].Episodes) < 8 ||
		len(title.Countries) == 0 || title.Schedule == nil && title.Networks[0].Role == catalog.NetworkOriginal && !isPlatform(title.Networks[0].Name) {
		t.Errorf("incomplete title: %+v", title)
	}
	if title.Cast[0].PersonName == "" || title.Cast[0].CharacterName == "" || title.Cast[0].Role != catalog.RoleMain {
		t.Errorf("first cast credit %+v", title.Cast[0])
	}
	if title.CreatedAt.IsZero() {
		t.Error("no created_at")
	}
	if _, err := svc.Person(ctx, title.Cast[0].Person); err != nil {
		t.Errorf("person %s: %v", title.Cast[0].Person, err)
	}
	if _, err := svc.Season(ctx, slug, 1); err != nil {
		t.Errorf("season 1 of %s: %v", slug, err)
	}

	// The generation counter moved on; new rows made the usual way get
	// fresh ids (PostgreSQL's sequences were moved past the explicit ids).
	if g, err := svc.Store().Generation(ctx); err != nil || g < 2 {
		t.Errorf("generation %d, %v", g, err)
	}
	created, err := svc.CreateTitle(ctx, &catalog.Title{Kind: catalog.KindSeries, Name: "Probe"})
	if err != nil {
		t.Fatalf("create a title after generating: %v", err)
	}
	if created.ID <= 300 {
		t.Errorf("new title got id %d", created.ID)
	}
	if _, err := svc.CreatePerson(ctx, &catalog.Person{Name: "Probe Person"}); err != nil {
		t.Fatalf("create a person after generating: %v", err)
	}

	// Generating again continues the ids.
	st2, err := Generate(ctx, db, Options{Titles: 50, Seed: 8, BatchSize: 20}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Titles != 50 || st2.People != 50 {
		t.Errorf("second run: %+v", st2)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM titles"); n != 351 {
		t.Errorf("%d titles after the second run, want 351", n)
	}
	if n := count(t, db, "SELECT MIN(id) FROM titles WHERE id > ?", created.ID); n != int(created.ID)+1 {
		t.Errorf("second run starts at title id %d, want %d", n, created.ID+1)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM cast_credits cc JOIN titles t ON t.id = cc.title_id WHERE t.id > ? AND cc.person_id <= 201", created.ID); n != 0 {
		t.Errorf("%d credits of the second run use people of the first", n)
	}
	if _, err := svc.CreateTitle(ctx, &catalog.Title{Kind: catalog.KindMovie, Name: "Probe 2"}); err != nil {
		t.Fatalf("create a title after generating twice: %v", err)
	}
}

func isPlatform(name string) bool {
	for _, ps := range originalPlatforms {
		for _, p := range ps {
			if p == name {
				return true
			}
		}
	}
	return false
}

func hasHangul(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Hangul, r) {
			return true
		}
	}
	return false
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	var got [][]string
	for _, batch := range []int{100, 7} {
		db := openSQLite(t)
		if _, err := Generate(ctx, db, Options{Titles: 100, Seed: 42, BatchSize: batch}, nil); err != nil {
			t.Fatal(err)
		}
		got = append(got, firstTitles(t, db, 100))
	}
	if strings.Join(got[0], "\n") != strings.Join(got[1], "\n") {
		t.Errorf("the same seed gave different titles:\n%v\n%v", got[0][:5], got[1][:5])
	}
	db := openSQLite(t)
	if _, err := Generate(ctx, db, Options{Titles: 100, Seed: 43}, nil); err != nil {
		t.Fatal(err)
	}
	if other := firstTitles(t, db, 100); strings.Join(other, "\n") == strings.Join(got[0], "\n") {
		t.Error("another seed gave the same titles")
	}
	for _, s := range got[0][:8] {
		t.Log(s)
	}
}

func TestCancel(t *testing.T) {
	engines(t, func(t *testing.T, db *database.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		st, err := Generate(ctx, db, Options{Titles: 2000, People: 100, Seed: 1, BatchSize: 100}, func(p Progress) {
			if p.Titles >= 300 {
				cancel()
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if st.Titles < 300 || st.Titles >= 2000 {
			t.Errorf("%d titles committed", st.Titles)
		}
		// Only whole committed batches remain, and the database still works.
		if n := count(t, db, "SELECT COUNT(*) FROM titles"); n != st.Titles {
			t.Errorf("%d titles in the database, stats say %d", n, st.Titles)
		}
		svc := catalog.NewService(db, catalog.Options{})
		if _, err := svc.CreateTitle(context.Background(), &catalog.Title{Kind: catalog.KindSeries, Name: "After Cancel"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRomanize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"사랑의 불시착", "Sarangui Bulsichak"},
		{"달빛 정원의 비밀", "Dalbit Jeongwonui Bimil"},
		{"비밀의 정원", "Bimirui Jeongwon"},
		{"도깨비", "Dokkaebi"},
		{"왕", "Wang"},
		{"의사", "Uisa"},
		{"변호사 2", "Byeonhosa 2"},
	} {
		if got := romanize(c.in, true); got != c.want {
			t.Errorf("romanize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if !hasBatchim("사랑") || hasBatchim("바다") {
		t.Error("hasBatchim")
	}
}

func TestDates(t *testing.T) {
	for _, d := range []int{calFirst, 0, -1, 18000, daysFromCivil(2024, 2, 29), calLast} {
		y, m, dd := civilFromDays(d)
		if daysFromCivil(y, m, dd) != d {
			t.Errorf("day %d → %d-%d-%d round trip", d, y, m, dd)
		}
	}
	if s := dateString(daysFromCivil(2019, 12, 14)); s != "2019-12-14" {
		t.Errorf("date %s", s)
	}
	if w := weekday(daysFromCivil(2019, 12, 14)); w != 6 {
		t.Errorf("2019-12-14 was a Saturday, got weekday %d", w)
	}
}

func TestSlugify(t *testing.T) {
	for _, s := range []string{"The Doctor's Secret", "Lee Ji-eun", "Love in Busan 2", "Café and Moon", "  Hello, CEO  ", "Ploy Srisuk"} {
		if got, want := slugify(s), catalog.Slugify(s); got != want {
			t.Errorf("slugify(%q) = %q, catalog says %q", s, got, want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	ctx := context.Background()
	const titles = 20000
	var total int
	for b.Loop() {
		b.StopTimer()
		db := openSQLite(b)
		b.StartTimer()
		if _, err := Generate(ctx, db, Options{Titles: titles, Seed: 1}, nil); err != nil {
			b.Fatal(err)
		}
		total += titles
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "titles/s")
}
