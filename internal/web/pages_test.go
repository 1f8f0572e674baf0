package web

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/demo"
)

func TestFormatDate(t *testing.T) {
	tests := []struct{ in, date, day string }{
		{"2026", "2026", "2026"},
		{"2019-12", "Dec 2019", "Dec 2019"},
		{"2019-12-14", "14 Dec 2019", "Sat 14 Dec 2019"},
		{"2020-02-01", "1 Feb 2020", "Sat 1 Feb 2020"},
		{"2020-02-16", "16 Feb 2020", "Sun 16 Feb 2020"},
		{"", "", ""},
		{"soon", "soon", "soon"},
		{"2019-13-01", "2019-13-01", "2019-13-01"},
		{"2019/12/14", "2019/12/14", "2019/12/14"},
	}
	for _, tt := range tests {
		if got := formatDate(tt.in); got != tt.date {
			t.Errorf("formatDate(%q) = %q, want %q", tt.in, got, tt.date)
		}
		if got := formatDay(tt.in); got != tt.day {
			t.Errorf("formatDay(%q) = %q, want %q", tt.in, got, tt.day)
		}
	}
}

func TestCountryAndLanguageNames(t *testing.T) {
	for code, want := range map[string]string{
		"KR": "South Korea", "KP": "North Korea", "ZZ": "Worldwide", "CH": "Switzerland",
		"kr": "South Korea", "XX": "XX",
	} {
		if got := countryName(code); got != want {
			t.Errorf("countryName(%q) = %q, want %q", code, got, want)
		}
	}
	for _, c := range []string{"KR", "KP", "US", "GB", "JP", "CN", "TW", "HK", "CH", "FR", "DE", "IT", "ES", "CA", "AU", "IN", "TH", "PH", "SG", "MY", "ID", "VN", "BR", "MX"} {
		if countryName(c) == c {
			t.Errorf("no name for country %s", c)
		}
	}
	for tag, want := range map[string]string{
		"ko": "Korean", "en": "English", "tl": "Tagalog", "zh-Hant": "Chinese (Traditional)",
		"pt-BR": "Portuguese (Brazil)", "ko-Kore": "Korean (Hangul and Hanja)", "ko-KR": "Korean (South Korea)",
		"xx": "xx", "xx-YY": "xx-YY",
	} {
		if got := languageName(tag); got != want {
			t.Errorf("languageName(%q) = %q, want %q", tag, got, want)
		}
	}
	for _, l := range []string{"ko", "en", "ja", "zh", "es", "fr", "de", "pt", "th", "vi", "id", "ar", "hi", "it", "ru", "tr", "ms", "tl"} {
		if languageName(l) == l {
			t.Errorf("no name for language %s", l)
		}
	}
	if got := scriptName("Hani", "ko"); got != "Hanja" {
		t.Errorf("scriptName(Hani, ko) = %q", got)
	}
	if got := joinLanguages([]string{"ko", "en", "ja"}); got != "Korean, English and Japanese" {
		t.Errorf("joinLanguages = %q", got)
	}
}

// Every enum value in the catalog model has a label of its own rather than
// a humanized code.
func TestEnumLabels(t *testing.T) {
	sets := []struct {
		name   string
		labels map[string]string
		codes  []string
	}{
		{"kind", kindLabels, []string{catalog.KindSeries, catalog.KindMovie, catalog.KindSpecial}},
		{"status", statusLabels, []string{catalog.StatusAnnounced, catalog.StatusUpcoming, catalog.StatusAiring, catalog.StatusEnded, catalog.StatusCancelled, catalog.StatusReleased}},
		{"name type", nameTypeLabels, []string{catalog.NameNative, catalog.NameHanja, catalog.NameRomanized, catalog.NameLiteral, catalog.NameAKA, catalog.NameAbbreviation, catalog.NameNickname, catalog.NameVariant, catalog.NameBirth}},
		{"romanization", romanizationLabels, []string{catalog.RomanizationRR, catalog.RomanizationMR}},
		{"tag kind", tagKindLabels, []string{catalog.TagTrope, catalog.TagTheme, catalog.TagKeyword}},
		{"network role", networkRoleLabels, []string{catalog.NetworkOriginal, catalog.NetworkPlatform}},
		{"site", siteLabels, []string{catalog.SiteIMDb, catalog.SiteWikipedia, catalog.SiteRottenTomatoes, catalog.SiteOfficial, catalog.SiteOther}},
		{"guide", guideLabels, []string{catalog.GuideEducationalValue, catalog.GuidePositiveMessages, catalog.GuidePositiveRoleModels, catalog.GuideDiverseRepresentation, catalog.GuideViolenceScariness, catalog.GuideSexNudity, catalog.GuideViolenceGore, catalog.GuideProfanity, catalog.GuideAlcoholDrugsSmoking, catalog.GuideFrighteningIntense}},
		{"severity", severityLabels, []string{catalog.SeverityNone, catalog.SeverityMild, catalog.SeverityModerate, catalog.SeveritySevere}},
		{"offer", offerLabels, []string{catalog.OfferSubscription, catalog.OfferFree, catalog.OfferRent, catalog.OfferBuy}},
		{"role", roleLabels, []string{catalog.RoleMain, catalog.RoleSupporting, catalog.RoleGuest}},
		{"department", departmentLabels, []string{catalog.DeptCreative, catalog.DeptWriting, catalog.DeptDirecting, catalog.DeptProduction, catalog.DeptMusic, catalog.DeptCamera, catalog.DeptEditing, catalog.DeptArt, catalog.DeptOther}},
		{"relation", relationLabels, []string{catalog.RelRecommendation, catalog.RelSimilar, catalog.RelSequel, catalog.RelPrequel, catalog.RelRemake, catalog.RelAdaptation, catalog.RelSpinOff}},
	}
	for _, set := range sets {
		for _, c := range set.codes {
			if set.labels[c] == "" {
				t.Errorf("%s %q has no label", set.name, c)
			}
		}
	}
	if got := label(statusLabels, "on_hiatus"); got != "On hiatus" {
		t.Errorf("unknown code label = %q", got)
	}
	if len(guideOrder) != len(guideLabels) {
		t.Errorf("guideOrder lists %d categories, guideLabels %d", len(guideOrder), len(guideLabels))
	}
}

func TestScheduleText(t *testing.T) {
	tests := []struct {
		s    *catalog.Schedule
		want string
	}{
		{&catalog.Schedule{Days: []string{"sat", "sun"}, Time: "21:00", TimeZone: "Asia/Seoul"}, "Saturdays and Sundays, 21:00 KST (Asia/Seoul)"},
		{&catalog.Schedule{Days: []string{"sun", "sat"}, Time: "21:00", TimeZone: "Asia/Seoul"}, "Saturdays and Sundays, 21:00 KST (Asia/Seoul)"},
		{&catalog.Schedule{Days: []string{"wed", "mon", "tue"}, Time: "22:00"}, "Mondays, Tuesdays and Wednesdays, 22:00"},
		{&catalog.Schedule{Days: []string{"mon", "tue", "wed", "thu", "fri"}, Time: "20:30", TimeZone: "Asia/Seoul"}, "Weekdays, 20:30 KST (Asia/Seoul)"},
		{&catalog.Schedule{Days: []string{"fri"}}, "Fridays"},
		{nil, ""},
	}
	for _, tt := range tests {
		if got := scheduleText(tt.s); got != tt.want {
			t.Errorf("scheduleText(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestYearSpanAndRuntime(t *testing.T) {
	tests := []struct {
		t    catalog.Title
		want string
	}{
		{catalog.Title{Kind: "series", FirstAired: "2019-12-14", LastAired: "2020-02-16", Status: "ended"}, "2019–2020"},
		{catalog.Title{Kind: "series", FirstAired: "2024-05-01", Status: "airing"}, "2024–"},
		{catalog.Title{Kind: "movie", FirstAired: "2019-05-30"}, "2019"},
		{catalog.Title{Kind: "series"}, ""},
	}
	for _, tt := range tests {
		if got := yearSpan(&tt.t); got != tt.want {
			t.Errorf("yearSpan(%s–%s) = %q, want %q", tt.t.FirstAired, tt.t.LastAired, got, tt.want)
		}
	}
	for min, want := range map[int]string{0: "", 45: "45 min", 60: "1 h", 70: "1 h 10 min", 132: "2 h 12 min"} {
		if got := formatRuntime(min); got != want {
			t.Errorf("formatRuntime(%d) = %q, want %q", min, got, want)
		}
	}
	if got := isoDuration(132); got != "PT2H12M" {
		t.Errorf("isoDuration(132) = %q", got)
	}
	share := 21.683
	if got := formatShare(&share); got != "21.7%" {
		t.Errorf("formatShare = %q", got)
	}
}

func TestParagraphsAndExcerpt(t *testing.T) {
	got := paragraphs("One.\r\n\r\nTwo\nlines.\n\n\n\nThree. ")
	if want := []string{"One.", "Two\nlines.", "Three."}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("paragraphs = %q", got)
	}
	if paragraphs("  ") != nil {
		t.Error("blank text has paragraphs")
	}
	if got := excerpt("A short line.", 100); got != "A short line." {
		t.Errorf("excerpt kept = %q", got)
	}
	if got := excerpt("Blown across the border by a sudden storm", 20); got != "Blown across the…" {
		t.Errorf("excerpt = %q", got)
	}
	if got := excerpt("사랑의 불시착은 2019년 드라마입니다", 10); !strings.HasSuffix(got, "…") || !utf8Valid(got) {
		t.Errorf("excerpt of Korean = %q", got)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func TestNativeHTML(t *testing.T) {
	tests := []struct{ in, hint, want string }{
		{"사랑의 불시착", "", `<span lang="ko">사랑의 불시착</span>`},
		{"사랑의 不時着", "", `<span lang="ko">사랑의 不時着</span>`},
		{"玄彬", "ko", `<span lang="ko">玄彬</span>`},
		{"玄彬", "", `玄彬`},
		{"ひまわり", "ko", `<span lang="ja">ひまわり</span>`},
		{"Crash <Landing>", "ko", `Crash &lt;Landing&gt;`},
		{`<b>"빈"</b>`, "", `<span lang="ko">&lt;b&gt;&#34;빈&#34;&lt;/b&gt;</span>`},
	}
	for _, tt := range tests {
		if got := string(nativeHTML(tt.in, tt.hint)); got != tt.want {
			t.Errorf("nativeHTML(%q, %q) = %q, want %q", tt.in, tt.hint, got, tt.want)
		}
	}
	if got := string(appendEscaped(nil, `a&b<c>"d'`)); got != `a&amp;b&lt;c&gt;&#34;d&#39;` {
		t.Errorf("appendEscaped = %q", got)
	}
	if initial("현빈", "Hyun Bin") != "현" || initial("", "'Hyun") != "H" || initial("", "") != "?" {
		t.Error("initial picks the wrong letter")
	}
}

func TestPager(t *testing.T) {
	link := func(p int) string { return "/people?page=" + strconv.Itoa(p) }
	render := func(p pager) string {
		var b strings.Builder
		for _, l := range p.Links {
			switch {
			case l.Gap:
				b.WriteString("… ")
			case l.Current:
				b.WriteString("[" + strconv.Itoa(l.N) + "] ")
			default:
				b.WriteString(strconv.Itoa(l.N) + " ")
			}
		}
		return strings.TrimSpace(b.String())
	}
	tests := []struct {
		cur, pages int
		want       string
	}{
		{1, 1, ""},
		{1, 5, "[1] 2 3 4 5"},
		{1, 20, "[1] 2 3 … 20"},
		{10, 20, "1 … 8 9 [10] 11 12 … 20"},
		{4, 20, "1 2 3 [4] 5 6 … 20"},
		{20, 20, "1 … 18 19 [20]"},
	}
	for _, tt := range tests {
		p := newPager(tt.cur, tt.pages, link)
		if got := render(p); got != tt.want {
			t.Errorf("pager(%d of %d) = %q, want %q", tt.cur, tt.pages, got, tt.want)
		}
		if (p.Prev != "") != (tt.cur > 1 && tt.pages > 1) || (p.Next != "") != (tt.cur < tt.pages) {
			t.Errorf("pager(%d of %d): prev %q next %q", tt.cur, tt.pages, p.Prev, p.Next)
		}
	}
}

func TestBrowseFilter(t *testing.T) {
	f, ok := parseBrowseFilter(map[string][]string{"kind": {"series"}, "country": {"kr"}, "genre": {"romance"}, "year": {"2019"}, "network": {"tvn"}})
	if !ok {
		t.Fatal("valid filter refused")
	}
	if got, want := f.url(2), "/browse?genre=romance&country=KR&year=2019&network=tvn&kind=series&page=2"; got != want {
		t.Errorf("url = %q, want %q", got, want)
	}
	if got := (browseFilter{Genre: "sci fi&more"}).url(1); got != "/browse?genre=sci+fi%26more" {
		t.Errorf("url escapes = %q", got)
	}
	for _, q := range []map[string][]string{{"year": {"abc"}}, {"kind": {"tv"}}, {"year": {"99"}}} {
		if _, ok := parseBrowseFilter(q); ok {
			t.Errorf("parseBrowseFilter(%v) accepted", q)
		}
	}
	for _, tt := range []struct {
		f           browseFilter
		genre, netw string
		want        string
	}{
		{browseFilter{Genre: "romance", Kind: "series", Country: "KR"}, "Romance", "", "Romance TV series from South Korea"},
		{browseFilter{Genre: "thriller", Kind: "movie", Year: 2019, Country: "KR"}, "Thriller", "", "Thriller movies from South Korea, 2019"},
		{browseFilter{Kind: "movie"}, "", "", "Movies"},
		{browseFilter{Network: "tvn", Year: 2019}, "", "tvN", "Titles on tvN from 2019"},
		{browseFilter{}, "", "", "Browse all titles"},
	} {
		if got := browseHeading(tt.f, tt.genre, tt.netw); got != tt.want {
			t.Errorf("browseHeading(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestTitleGroupings(t *testing.T) {
	cast := groupCast([]catalog.CastCredit{
		{Person: "c", Role: "supporting", Billing: 0},
		{Person: "b", Role: "main", Billing: 2},
		{Person: "a", Role: "main", Billing: 1},
		{Person: "d", Role: "supporting", Billing: 5},
		{Person: "e", Role: "cameo"},
	})
	var got []string
	for _, g := range cast {
		var ps []string
		for _, c := range g.Credits {
			ps = append(ps, c.Person)
		}
		got = append(got, g.Label+":"+strings.Join(ps, ","))
	}
	if want := "Main cast:a,b|Supporting cast:d,c|Other cast:e"; strings.Join(got, "|") != want {
		t.Errorf("groupCast = %q, want %q", strings.Join(got, "|"), want)
	}

	crew := groupCrew([]catalog.CrewCredit{
		{Person: "lee", Department: "directing", Job: "Director"},
		{Person: "park", Department: "writing", Job: "Writer"},
		{Person: "park", Department: "creative", Job: "Creator"},
		{Person: "park", Department: "writing", Job: "Script editor"},
	})
	if len(crew) != 3 || crew[0].Label != "Creative" || crew[1].Credits[0].Jobs != "Writer, Script editor" || crew[2].Label != "Directing" {
		t.Errorf("groupCrew = %+v", crew)
	}

	hi, lo := 21.7, 6.1
	mid := 10.0
	rows, hasRuntime, hasShare := episodeRows([]catalog.Episode{{Number: 1, AudienceShare: &lo}, {Number: 2, AudienceShare: &mid}, {Number: 3, AudienceShare: &hi, Runtime: 70}, {Number: 4}})
	if !hasRuntime || !hasShare || !rows[0].Lowest || !rows[2].Highest || rows[1].Highest || rows[3].Lowest {
		t.Errorf("episodeRows marks %+v", rows)
	}

	watch := groupWatch([]catalog.WatchOption{
		{Region: "KR", Provider: "Netflix", Offer: "subscription", SubtitleLanguages: []string{"ko", "en"}},
		{Region: "US", Provider: "Netflix", Offer: "subscription", SubtitleLanguages: []string{"en"}},
		{Region: "GB", Provider: "Netflix", Offer: "subscription", SubtitleLanguages: []string{"en"}},
	})
	if len(watch) != 2 || strings.Join(watch[1].Regions, ",") != "US,GB" {
		t.Errorf("groupWatch = %+v", watch)
	}

	offers, concerns := guideRows([]catalog.GuideEntry{
		{Category: catalog.GuideProfanity, Severity: "mild"},
		{Category: catalog.GuideEducationalValue, Severity: "severe"},
	})
	if len(offers) != 1 || offers[0].Value != "A lot" || offers[0].Level != 3 || len(concerns) != 1 || concerns[0].Value != "Mild" {
		t.Errorf("guideRows = %+v / %+v", offers, concerns)
	}
}

// testServer is a Server with the views and no catalog: enough to render.
func testServer(t testing.TB) *Server {
	v, err := loadViews("")
	if err != nil {
		t.Fatal(err)
	}
	return &Server{views: v, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// demoTitle is a title of the demo catalog, with the read-only names a
// catalog read would fill in.
func demoTitle(t testing.TB, slug string) *catalog.Title {
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]catalog.Person{}
	for _, p := range doc.People {
		people[p.Slug] = p
	}
	for i := range doc.Titles {
		ti := &doc.Titles[i]
		if ti.Slug != slug {
			continue
		}
		chars := map[string]catalog.Character{}
		for _, c := range ti.Characters {
			chars[c.Slug] = c
		}
		for j := range ti.Cast {
			c := &ti.Cast[j]
			c.PersonName, c.PersonNativeName = people[c.Person].Name, people[c.Person].NativeName
			c.CharacterName, c.CharacterNative = chars[c.Character].Name, chars[c.Character].NativeName
		}
		for j := range ti.Crew {
			c := &ti.Crew[j]
			c.PersonName, c.PersonNativeName = people[c.Person].Name, people[c.Person].NativeName
		}
		return ti
	}
	t.Fatalf("no demo title %s", slug)
	return nil
}

func TestRenderTitlePage(t *testing.T) {
	s := testServer(t)
	ti := demoTitle(t, "crash-landing-on-you")
	w := httptest.NewRecorder()
	s.render(w, httptest.NewRequest("GET", "/titles/"+ti.Slug, nil), http.StatusOK, "title", newTitleView(ti))
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d, type %q", w.Code, w.Header().Get("Content-Type"))
	}
	body := w.Body.String()
	for _, want := range []string{
		`<title>Crash Landing on You (TV series`,
		`<link rel="canonical" href="/titles/crash-landing-on-you">`,
		`<span lang="ko">사랑의 불시착</span>`,
		`href="/browse?genre=romance"`,
		`href="/browse?country=KR"`,
		`href="/people/hyun-bin"`,
		`href="/characters/`,
		`Role not specified`,
		`Saturdays and Sundays, 21:00 KST (Asia/Seoul)`,
		`Sat 14 Dec 2019`,
		`rel="nofollow noopener"`,
		`<details>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("title page lacks %q", want)
		}
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	if ld["@type"] != "TVSeries" || ld["name"] != "Crash Landing on You" || ld["numberOfSeasons"] == nil || ld["actor"] == nil {
		t.Errorf("JSON-LD = %v", ld)
	}
}

// JSON-LD cannot be broken out of with a title that contains </script>.
func TestJSONLDEscapes(t *testing.T) {
	ti := &catalog.Title{Slug: "x", Kind: catalog.KindMovie, Name: `</script><script>alert(1)</script>`}
	s := testServer(t)
	w := httptest.NewRecorder()
	s.render(w, httptest.NewRequest("GET", "/titles/x", nil), http.StatusOK, "title", newTitleView(ti))
	body := w.Body.String()
	if strings.Contains(body, "<script>alert") {
		t.Errorf("unescaped script in page:\n%s", body)
	}
	if !strings.Contains(body, `"@type":"Movie"`) {
		t.Error("a movie is not a schema.org Movie")
	}
}

func TestRenderErrorAndStatic(t *testing.T) {
	s := testServer(t)
	w := httptest.NewRecorder()
	s.notFoundPage(w, httptest.NewRequest("GET", "/nope", nil))
	if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Page not found") ||
		!strings.Contains(w.Body.String(), `<meta name="robots" content="noindex">`) {
		t.Errorf("404 page: %d\n%s", w.Code, w.Body.String())
	}
	css := regexp.MustCompile(`/static/site\.[0-9a-f]+\.css`).FindString(w.Body.String())
	if css == "" {
		t.Fatal("layout does not link a hashed stylesheet")
	}
	h := s.staticHandler()
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", css, nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("GET %s: %d %v", css, w.Code, w.Header())
	}
	r := httptest.NewRequest("GET", css, nil)
	r.Header.Set("If-None-Match", w.Header().Get("ETag"))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d", w.Code)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/static/missing.css", nil))
	if w.Code != http.StatusNotFound {
		t.Errorf("missing asset: %d", w.Code)
	}
}

// The page memo serves a page again only for the very value it was
// rendered from.
func TestPageMemo(t *testing.T) {
	m := newPageMemo(2)
	a, b := &catalog.Title{}, &catalog.Title{}
	p := m.put("t:x", a, []byte("page A"))
	if m.get("t:x", a) != p || m.get("t:x", b) != nil {
		t.Fatal("memo does not compare by identity")
	}
	m.put("t:y", b, []byte("y"))
	m.put("t:z", b, []byte("z"))
	if len(m.entries) != 2 {
		t.Errorf("memo holds %d entries, limit 2", len(m.entries))
	}
	if !etagMatch(`W/"x", `+p.etag, p.etag) || etagMatch(`"other"`, p.etag) {
		t.Error("etagMatch")
	}
}

func BenchmarkRenderTitle(b *testing.B) {
	s := testServer(b)
	ti := demoTitle(b, "crash-landing-on-you")
	r := httptest.NewRequest("GET", "/titles/"+ti.Slug, nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.render(w, r, http.StatusOK, "title", newTitleView(ti))
	}
}
