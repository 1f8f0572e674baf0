package web

import (
	"encoding/json"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/recommend"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/trend"
	"github.com/dramadb/dramadb/internal/watch"
)

// This file holds the HTML page handlers and the data each view renders.
// Handlers fetch from the catalog service, shape the result into a view
// struct (grouping, labels, derived numbers: all the logic lives here, in
// Go) and hand it to render; the templates only lay it out.

// Page sizes.
const (
	homePerPage   = 24
	browsePerPage = 36
	peoplePerPage = 60
)

// page is embedded in every view's data: what the layout needs for <head>
// and the navigation.
type page struct {
	Title       string // the document title, without the site name
	Description string // meta description, one or two sentences
	Canonical   string // canonical path and query, e.g. /titles/crash-landing-on-you
	Nav         string // the main navigation item to mark current: "browse", "rankings", "people" or "discussions"
	NoIndex     bool   // ask search engines not to index the page
	OGType      string // Open Graph type; "website" when empty
}

// Meta returns the page metadata; the layout reads everything through it,
// so a view's own fields (such as a Title) never shadow it.
func (p page) Meta() page { return p }

// errorPage is the data of the "error" view, used for 404s and every error
// page that s.pageError renders.
type errorPage struct {
	Status  int
	Heading string
	Message string
}

// Meta gives error pages a document title and keeps them out of indexes.
func (e errorPage) Meta() page {
	return page{Title: e.Heading, NoIndex: true}
}

// notFoundPage answers any path no route matched.
func (s *Server) notFoundPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "error", errorPage{
		Status:  http.StatusNotFound,
		Heading: "Page not found",
		Message: "There is no page at this address. It may have moved, or the link may be mistyped.",
	})
}

// ---------------------------------------------------------------- home

type homeView struct {
	page
	Recent    []catalog.TitleRef
	Total     int
	Kinds     []facetItem
	Genres    []facetItem
	Networks  []facetItem
	Countries []facetItem
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	recent, err := s.catalog.Titles(ctx, catalog.TitleFilter{Page: 1, PerPage: homePerPage})
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	facets, err := s.catalog.AllFacets(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", homeView{
		page: page{
			Description: "dramadb is an open database of Korean dramas, films and the people who make them: casts, episodes, ratings, parental guides and where to watch.",
			Canonical:   "/",
		},
		Recent:    recent.Items,
		Total:     recent.Total,
		Kinds:     kindFacet(browseFilter{}, false),
		Genres:    termLinks("genre", facets.Genres, nil),
		Networks:  termLinks("network", facets.Networks, nil),
		Countries: termLinks("country", facets.Countries, countryName),
	})
}

// ---------------------------------------------------------------- title

type titleView struct {
	page
	Title       *catalog.Title
	Native      string // the title in its original script
	Lang        string // the original language, a hint for marking up native text
	Hanja       string
	Romanized   string
	Years       string
	Runtime     string // per episode for series
	Episodes    int    // episodes over all seasons
	Rating      *catalog.AgeRating
	Audience    *audienceView
	RatingsOn   bool // members can rate: the page has a rating form
	Reviews     []reviewCard
	ReviewTotal int
	ReviewsOn   bool // members can review: link to the reviews page
	WatchOn     bool // members can track the title: the page has a watch form
	ListsOn     bool // members can add the title to their lists
	Tracking    int  // members who track the title
	Ranks       []titleRankLine
	Critics     []review.CriticReview
	CriticScore review.CriticSummary
	Originals   []catalog.Network
	Platforms   []catalog.Network
	AltTitles   []catalog.AltTitle
	Synopsis    []string
	Schedule    string
	Tags        []tagGroup
	Cast        []castGroup
	Characters  []characterCard
	Crew        []crewGroup
	Seasons     []seasonSummary
	Guide       []guideRow // what the title offers
	Concerns    []guideRow // what a parent may want to avoid
	Watch       []watchOffer
	Recommend   []catalog.Relation
	Related     []catalog.Relation
	Sections    []tocItem
	JSONLD      template.JS
	HasDetails  bool

	// The latest discussions, when the site has them.
	DiscussionsOn   bool
	Discussions     []discussionCard
	DiscussionTotal int

	// Similar titles: the editors' recommendations, then computed ones.
	Similar []catalog.Relation
	// Trends are the charts of the audience trends section.
	Trends []trendChart
}

type tocItem struct{ ID, Label string }

type tagGroup struct {
	Label string
	Tags  []catalog.Tag
}

type castGroup struct {
	Label   string
	Credits []catalog.CastCredit
}

type crewGroup struct {
	Label   string
	Credits []crewRow
}

// crewRow is one person's jobs in a department: "Writer, Creator".
type crewRow struct {
	Person     string
	Name       string
	NativeName string
	Jobs       string
	Note       string
}

type seasonSummary struct {
	Number     int
	Name       string
	URL        string
	FirstAired string
	LastAired  string
	Count      int
	Episodes   []episodeRow
	HasRuntime bool
	HasShare   bool
}

// episodeRow is an episode with whether its audience share is the season's
// highest or lowest.
type episodeRow struct {
	catalog.Episode
	Highest bool
	Lowest  bool
}

// watchOffer is one way to watch the title, merged over the regions that
// offer it on the same terms: a platform usually lists one offer per
// country, which reads better as one card naming the countries.
type watchOffer struct {
	Provider  string
	Offer     string
	URL       string
	Audio     []string
	Subtitles []string
	Regions   []string // ISO codes; "ZZ" for worldwide
}

// groupWatch merges watch options that differ only in region, keeping the
// order in which each offer first appears.
func groupWatch(opts []catalog.WatchOption) []watchOffer {
	if len(opts) == 0 {
		return nil
	}
	var out []watchOffer
	for _, o := range opts {
		i := 0
		for ; i < len(out); i++ {
			w := &out[i]
			if w.Provider == o.Provider && w.Offer == o.Offer && w.URL == o.URL &&
				slices.Equal(w.Audio, o.AudioLanguages) && slices.Equal(w.Subtitles, o.SubtitleLanguages) {
				break
			}
		}
		if i == len(out) {
			out = append(out, watchOffer{Provider: o.Provider, Offer: o.Offer, URL: o.URL, Audio: o.AudioLanguages, Subtitles: o.SubtitleLanguages})
		}
		if !slices.Contains(out[i].Regions, o.Region) {
			out[i].Regions = append(out[i].Regions, o.Region)
		}
	}
	return out
}

type guideRow struct {
	Category string
	Label    string
	Level    int    // 0–3
	Value    string // "Moderate", or "Some" for a positive category
	Note     string
}

func (s *Server) titlePage(w http.ResponseWriter, r *http.Request) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	audience, err := s.audience(r, t)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var top *review.TopReviews
	if s.reviews != nil {
		if top, err = s.reviews.Top(r.Context(), t.ID, 5); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	var tracking *watch.Counts
	if s.watch != nil {
		if tracking, err = s.watch.Counts(r.Context(), t.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	var talk *discussion.Recent
	if s.discussions != nil {
		if talk, err = s.discussions.Latest(r.Context(), t.ID, 5); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	var similar *recommend.Similar
	if s.recommend != nil {
		if similar, err = s.recommend.Similar(r.Context(), t.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	var ranks *ranking.TitleRanks
	if s.rankings != nil {
		if ranks, err = s.rankings.TitleRanks(r.Context(), t.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	trends, err := s.titleTrends(r, t, audience)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	// The services return the same shared values until something changes,
	// so the page rendered from them can be served again as it is.
	s.renderMemo(w, r, "title:"+t.Slug, titleSource{t, audience, top, tracking, talk, similar, ranks, trends}, "title", func() any {
		v := newTitleView(t)
		v.Audience = newAudienceView(audience)
		v.RatingsOn = s.ratings != nil
		v.ListsOn = s.lists != nil && s.accounts != nil
		if tracking != nil {
			v.WatchOn, v.Tracking = true, int(tracking.Total)
		}
		if top != nil {
			v.ReviewsOn = true
			v.Reviews, v.ReviewTotal = reviewCards(top.Items), top.Total
			v.Critics, v.CriticScore = top.Critics, top.CriticScore
		}
		if talk != nil {
			v.DiscussionsOn = true
			v.Discussions, v.DiscussionTotal = discussionCards(talk.Items), talk.Total
		}
		if similar != nil {
			// The editors' recommendations lead the similar titles.
			v.Similar, v.Recommend = similarRelations(recommend.WithEditorial(t, similar, similarShown)), nil
		}
		v.Ranks = titleRankLines(t, ranks)
		v.Trends = newTrendCharts(newTrendsDocument(t, audience, tracking, trends), tracking != nil && tracking.Total > 0)
		// Again, now that the community sections are known.
		v.Sections = titleSections(v)
		return v
	})
}

// titleSource is what a title page or document is made from; two are equal
// when both parts are the very same values.
type titleSource struct {
	title    *catalog.Title
	audience *rating.Aggregate
	reviews  *review.TopReviews
	tracking *watch.Counts
	// discussions are the latest shown in the title page's section.
	discussions *discussion.Recent
	// similar are the computed similar titles (recommend.Service.Similar).
	similar *recommend.Similar
	// ranks are the title's places in the rankings, the same value until
	// they are recomputed.
	ranks *ranking.TitleRanks
	// trends are the ratings over time and episode scores of its
	// audience trends.
	trends *trend.Trends
}

// audience returns the title's audience score, or nil without ratings.
func (s *Server) audience(r *http.Request, t *catalog.Title) (*rating.Aggregate, error) {
	if s.ratings == nil {
		return nil, nil
	}
	return s.ratings.Aggregate(r.Context(), rating.Target{Kind: rating.Title, ID: t.ID})
}

// reviewCard is a review as pages show it.
type reviewCard struct {
	ID           int64
	UserID       int64  // for the author's own controls; never shown
	Author, Name string // username, display name
	Score        string
	SubScores    []subScore
	Headline     string
	Body         template.HTML // sanitized when it was written
	Pros, Cons   []string
	Spoiler      bool
	Seen         string // "16 of 16 episodes seen"
	Helpful      int
	Date         string
	Edited       bool
}

type subScore struct{ Label, Score string }

func reviewCards(rs []*review.Review) []reviewCard {
	out := make([]reviewCard, 0, len(rs))
	for _, rv := range rs {
		c := reviewCard{ID: rv.ID, UserID: rv.UserID, Author: rv.Author.Username, Name: rv.Author.DisplayName, Score: fmtScore(rv.Score),
			Headline: rv.Headline, Body: template.HTML(rv.BodyHTML), Pros: rv.Pros, Cons: rv.Cons, Spoiler: rv.Spoiler,
			Helpful: int(rv.Helpful), Date: formatDate(rv.CreatedAt.Format("2006-01-02")), Edited: rv.EditedAt != nil}
		for _, sub := range []struct {
			label string
			v     *float64
		}{{"Story", rv.Story}, {"Acting", rv.Acting}, {"Music", rv.Music}, {"Rewatch value", rv.Rewatch}} {
			if sub.v != nil {
				c.SubScores = append(c.SubScores, subScore{sub.label, fmtScore(*sub.v)})
			}
		}
		if rv.EpisodesSeen != nil {
			c.Seen = strconv.Itoa(*rv.EpisodesSeen)
			if rv.EpisodesTotal != nil {
				c.Seen += " of " + strconv.Itoa(*rv.EpisodesTotal)
			}
			c.Seen += " episodes seen"
		}
		out = append(out, c)
	}
	return out
}

func fmtScore(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// audienceView is the audience score as the title page shows it.
type audienceView struct {
	Average string // "8.75"
	Count   int
	Max     int64 // the largest bucket, for the meters
	Buckets []audienceBucket
}

type audienceBucket struct {
	Score string // "9.5"
	Count int64
}

func newAudienceView(a *rating.Aggregate) *audienceView {
	if a == nil || a.Count == 0 {
		return nil
	}
	v := &audienceView{Average: strconv.FormatFloat(a.Average, 'f', -1, 64), Count: int(a.Count)}
	for i := len(a.Distribution) - 1; i >= 0; i-- {
		n := a.Distribution[i]
		v.Max = max(v.Max, n)
		v.Buckets = append(v.Buckets, audienceBucket{Score: strconv.FormatFloat(rating.ScoreOf(i), 'f', -1, 64), Count: n})
	}
	return v
}

func newTitleView(t *catalog.Title) *titleView {
	v := &titleView{Title: t, Lang: t.OriginalLanguage}
	if v.Lang == "" {
		v.Lang = "ko"
	}
	v.Native = t.OriginalTitle
	for _, a := range t.AltTitles {
		switch a.Type {
		case catalog.NameNative:
			if v.Native == "" {
				v.Native = a.Name
			}
			if a.Name == v.Native {
				continue // shown in the header already
			}
		case catalog.NameHanja:
			if v.Hanja == "" {
				v.Hanja = a.Name
			}
		case catalog.NameRomanized:
			if v.Romanized == "" {
				v.Romanized = a.Name
			}
		}
		v.AltTitles = append(v.AltTitles, a)
	}
	v.Years = yearSpan(t)
	v.Runtime = formatRuntime(t.Runtime)
	v.Rating = primaryRating(t)
	for _, n := range t.Networks {
		if n.Role == catalog.NetworkPlatform {
			v.Platforms = append(v.Platforms, n)
		} else {
			v.Originals = append(v.Originals, n)
		}
	}
	v.Synopsis = paragraphs(t.Synopsis)
	v.Schedule = scheduleText(t.Schedule)
	v.Tags = groupTags(t.Tags)
	v.Cast = groupCast(t.Cast)
	v.Crew = groupCrew(t.Crew)
	v.Characters = characterCards(t)
	v.Seasons, v.Episodes = summarizeSeasons(t)
	v.Guide, v.Concerns = guideRows(t.ParentalGuide)
	v.Watch = groupWatch(t.WatchOptions)
	for _, rel := range t.Related {
		if rel.Relation == catalog.RelRecommendation {
			v.Recommend = append(v.Recommend, rel)
		} else {
			v.Related = append(v.Related, rel)
		}
	}
	v.HasDetails = t.OriginalLanguage != "" || len(t.AudioLanguages) > 0 || len(t.SubtitleLanguages) > 0 ||
		v.Schedule != "" || t.FirstAired != "" || t.LastAired != "" || len(t.Networks) > 0 || len(t.Countries) > 0
	v.Sections = titleSections(v)

	v.page = page{
		Title:       titleDocTitle(t, v.Years),
		Description: titleDescription(t, v),
		Canonical:   "/titles/" + url.PathEscape(t.Slug),
		OGType:      ogType(t.Kind),
	}
	v.JSONLD = titleJSONLD(t, v)
	return v
}

func ogType(kind string) string {
	if kind == catalog.KindMovie {
		return "video.movie"
	}
	return "video.tv_show"
}

func titleDocTitle(t *catalog.Title, years string) string {
	k := label(kindLabels, t.Kind)
	if years != "" {
		return t.Name + " (" + k + " " + years + ")"
	}
	return t.Name + " (" + k + ")"
}

// titleDescription is the meta description: the logline, else the start of
// the synopsis, else a sentence made from the facts.
func titleDescription(t *catalog.Title, v *titleView) string {
	if t.Logline != "" {
		return excerpt(t.Logline, 200)
	}
	if t.Synopsis != "" {
		return excerpt(t.Synopsis, 200)
	}
	var b strings.Builder
	b.WriteString(t.Name)
	if v.Native != "" && v.Native != t.Name {
		b.WriteString(" (" + v.Native + ")")
	}
	b.WriteString(" is a ")
	if y := yearOf(t.FirstAired); y > 0 {
		b.WriteString(strconv.Itoa(y) + " ")
	}
	if len(t.Countries) > 0 {
		b.WriteString(demonym(t.Countries[0]) + " ")
	}
	b.WriteString(strings.ToLower(label(kindLabels, t.Kind)))
	if len(v.Originals) > 0 {
		b.WriteString(" from " + v.Originals[0].Name)
	}
	b.WriteString(".")
	return b.String()
}

var demonyms = map[string]string{
	"KR": "South Korean", "KP": "North Korean", "JP": "Japanese", "CN": "Chinese",
	"TW": "Taiwanese", "US": "American", "GB": "British", "TH": "Thai", "HK": "Hong Kong",
	"PH": "Filipino", "IN": "Indian", "FR": "French", "DE": "German", "ES": "Spanish",
}

func demonym(code string) string {
	if d, ok := demonyms[code]; ok {
		return d
	}
	return countryName(code)
}

// primaryRating picks the age rating for the header badge: the one from the
// title's first country of origin, else the first given.
func primaryRating(t *catalog.Title) *catalog.AgeRating {
	if len(t.AgeRatings) == 0 {
		return nil
	}
	if len(t.Countries) > 0 {
		for i := range t.AgeRatings {
			if t.AgeRatings[i].Country == t.Countries[0] {
				return &t.AgeRatings[i]
			}
		}
	}
	return &t.AgeRatings[0]
}

func groupTags(tags []catalog.Tag) []tagGroup {
	if len(tags) == 0 {
		return nil
	}
	var groups []tagGroup
	for _, kind := range tagKindOrder {
		var g []catalog.Tag
		for _, t := range tags {
			if t.Kind == kind {
				g = append(g, t)
			}
		}
		if len(g) > 0 {
			groups = append(groups, tagGroup{Label: tagKindLabels[kind], Tags: g})
		}
	}
	var other []catalog.Tag
	for _, t := range tags {
		if _, known := tagKindLabels[t.Kind]; !known {
			other = append(other, t)
		}
	}
	if len(other) > 0 {
		groups = append(groups, tagGroup{Label: "Other tags", Tags: other})
	}
	return groups
}

// groupCast groups credits by role, main cast first, each group in billing
// order (unbilled credits last, in the order given).
func groupCast(cast []catalog.CastCredit) []castGroup {
	if len(cast) == 0 {
		return nil
	}
	var groups []castGroup
	add := func(lbl string, keep func(c *catalog.CastCredit) bool) {
		var g []catalog.CastCredit
		for i := range cast {
			if keep(&cast[i]) {
				g = append(g, cast[i])
			}
		}
		if len(g) == 0 {
			return
		}
		sortByBilling(g)
		groups = append(groups, castGroup{Label: lbl, Credits: g})
	}
	for _, role := range roleOrder {
		add(roleLabels[role], func(c *catalog.CastCredit) bool { return c.Role == role })
	}
	add("Other cast", func(c *catalog.CastCredit) bool {
		_, known := roleLabels[c.Role]
		return !known
	})
	return groups
}

// sortByBilling is a stable insertion sort: billed credits by billing, then
// unbilled ones. Groups are small and usually already in order.
func sortByBilling(g []catalog.CastCredit) {
	key := func(c *catalog.CastCredit) int {
		if c.Billing <= 0 {
			return 1 << 30
		}
		return c.Billing
	}
	for i := 1; i < len(g); i++ {
		for j := i; j > 0 && key(&g[j]) < key(&g[j-1]); j-- {
			g[j], g[j-1] = g[j-1], g[j]
		}
	}
}

// groupCrew groups credits by department in a fixed order and merges one
// person's jobs within a department into one row.
func groupCrew(crew []catalog.CrewCredit) []crewGroup {
	if len(crew) == 0 {
		return nil
	}
	var groups []crewGroup
	add := func(lbl string, keep func(d string) bool) {
		var rows []crewRow
		for _, c := range crew {
			if !keep(c.Department) {
				continue
			}
			merged := false
			for i := range rows {
				if rows[i].Person == c.Person {
					if c.Job != "" {
						if rows[i].Jobs != "" {
							rows[i].Jobs += ", "
						}
						rows[i].Jobs += c.Job
					}
					if c.Note != "" {
						if rows[i].Note != "" {
							rows[i].Note += "; "
						}
						rows[i].Note += c.Note
					}
					merged = true
					break
				}
			}
			if !merged {
				rows = append(rows, crewRow{Person: c.Person, Name: c.PersonName, NativeName: c.PersonNativeName, Jobs: c.Job, Note: c.Note})
			}
		}
		if len(rows) > 0 {
			groups = append(groups, crewGroup{Label: lbl, Credits: rows})
		}
	}
	for _, d := range departmentOrder {
		add(departmentLabels[d], func(x string) bool { return x == d })
	}
	add("Other crew", func(x string) bool {
		_, known := departmentLabels[x]
		return !known
	})
	return groups
}

func summarizeSeasons(t *catalog.Title) ([]seasonSummary, int) {
	if len(t.Seasons) == 0 {
		return nil, 0
	}
	out := make([]seasonSummary, len(t.Seasons))
	total := 0
	for i := range t.Seasons {
		se := &t.Seasons[i]
		sum := seasonSummary{
			Number:     se.Number,
			Name:       seasonName(se),
			URL:        seasonURL(t.Slug, se.Number),
			FirstAired: se.FirstAired,
			LastAired:  se.LastAired,
			Count:      max(se.EpisodeCount, len(se.Episodes)),
		}
		sum.Episodes, sum.HasRuntime, sum.HasShare = episodeRows(se.Episodes)
		total += sum.Count
		out[i] = sum
	}
	return out, total
}

// seasonName is a season's own name, or "" when it only repeats its number
// ("Season 1").
func seasonName(se *catalog.Season) string {
	if se.Name == "" || se.Name == "Season "+strconv.Itoa(se.Number) {
		return ""
	}
	return se.Name
}

func seasonURL(titleSlug string, n int) string {
	return "/titles/" + url.PathEscape(titleSlug) + "/seasons/" + strconv.Itoa(n)
}

// episodeRows wraps episodes, marking the highest and lowest audience share
// when at least two are known, and reports which optional columns have data.
func episodeRows(eps []catalog.Episode) (rows []episodeRow, hasRuntime, hasShare bool) {
	if len(eps) == 0 {
		return nil, false, false
	}
	rows = make([]episodeRow, len(eps))
	hi, lo, known := -1, -1, 0
	for i := range eps {
		rows[i].Episode = eps[i]
		if eps[i].Runtime > 0 {
			hasRuntime = true
		}
		if p := eps[i].AudienceShare; p != nil {
			known++
			if hi < 0 || *p > *eps[hi].AudienceShare {
				hi = i
			}
			if lo < 0 || *p < *eps[lo].AudienceShare {
				lo = i
			}
		}
	}
	if known >= 2 && *eps[hi].AudienceShare != *eps[lo].AudienceShare {
		rows[hi].Highest = true
		rows[lo].Lowest = true
	}
	return rows, hasRuntime, known > 0
}

func guideRows(entries []catalog.GuideEntry) (offers, concerns []guideRow) {
	if len(entries) == 0 {
		return nil, nil
	}
	row := func(e catalog.GuideEntry, positive bool) guideRow {
		val := label(severityLabels, e.Severity)
		if positive {
			val = label(amountLabels, e.Severity)
		}
		return guideRow{Category: e.Category, Label: label(guideLabels, e.Category), Level: severityLevel(e.Severity), Value: val, Note: e.Note}
	}
	for _, g := range guideOrder {
		for _, e := range entries {
			if e.Category == g.Category {
				if g.Positive {
					offers = append(offers, row(e, true))
				} else {
					concerns = append(concerns, row(e, false))
				}
			}
		}
	}
	for _, e := range entries {
		if _, known := guideLabels[e.Category]; !known {
			concerns = append(concerns, row(e, false))
		}
	}
	return offers, concerns
}

// characterCard is one character in the title page's Characters section.
type characterCard struct {
	Slug, Name, Native string
	Nicknames          string // "Capt Ri, Comrade Captain"
	Description        string
	PlayedBy           []catalog.PersonRef
}

// characterCards lists the title's characters with who plays them, so the
// ones without a credited actor are shown too.
func characterCards(t *catalog.Title) []characterCard {
	out := make([]characterCard, 0, len(t.Characters))
	for _, c := range t.Characters {
		card := characterCard{Slug: c.Slug, Name: c.Name, Native: c.NativeName, Description: excerpt(c.Description, 320)}
		var nicks []string
		for _, n := range c.Names {
			if n.Type == catalog.NameNickname {
				nicks = append(nicks, n.Name)
			}
		}
		card.Nicknames = strings.Join(nicks, ", ")
		for _, cr := range t.Cast {
			if cr.Character == c.Slug {
				card.PlayedBy = append(card.PlayedBy, catalog.PersonRef{Slug: cr.Person, Name: cr.PersonName, NativeName: cr.PersonNativeName})
			}
		}
		out = append(out, card)
	}
	return out
}

// titleSections lists the sections the title page shows, for its table of
// contents; the ids match the templates.
func titleSections(v *titleView) []tocItem {
	t := v.Title
	var out []tocItem
	add := func(ok bool, id, lbl string) {
		if ok {
			out = append(out, tocItem{id, lbl})
		}
	}
	add(v.Audience != nil, "audience", "Audience score")
	add(len(v.Trends) > 0, "trends", "Audience trends")
	add(len(v.Critics) > 0, "critics", "Critics")
	add(len(v.Reviews) > 0, "reviews", "Reviews")
	add(v.DiscussionsOn, "discussions", "Discussions")
	add(len(v.Synopsis) > 0, "synopsis", "Synopsis")
	add(v.HasDetails, "details", "Details")
	add(len(v.Cast) > 0, "cast", "Cast")
	add(len(v.Characters) > 0, "characters", "Characters")
	add(len(v.Crew) > 0, "crew", "Crew")
	add(len(v.Seasons) > 0, "episodes", "Episodes")
	add(len(v.Guide)+len(v.Concerns)+len(t.AgeRatings)+len(t.ContentDescriptors) > 0, "parental-guide", "Parental guide")
	add(len(v.Watch) > 0, "watch", "Where to watch")
	add(len(t.Quotes) > 0, "quotes", "Quotes")
	add(len(t.FilmingLocations) > 0, "locations", "Filming locations")
	add(len(t.Trivia) > 0, "trivia", "Trivia")
	add(len(t.FAQ) > 0, "faq", "FAQ")
	add(len(v.Similar) > 0, "similar", "Similar titles")
	add(len(v.Recommend)+len(v.Related) > 0, "related", "Related titles")
	if len(out) < 4 {
		return nil // a short page needs no table of contents
	}
	return out
}

// ---------------------------------------------------------------- JSON-LD

type ldPerson struct {
	Type          string `json:"@type"`
	Name          string `json:"name"`
	AlternateName string `json:"alternateName,omitempty"`
}

type ldSeason struct {
	Type             string `json:"@type"`
	SeasonNumber     int    `json:"seasonNumber"`
	Name             string `json:"name,omitempty"`
	NumberOfEpisodes int    `json:"numberOfEpisodes,omitempty"`
	StartDate        string `json:"startDate,omitempty"`
	EndDate          string `json:"endDate,omitempty"`
}

type ldCountry struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldWork struct {
	Context          string      `json:"@context"`
	Type             string      `json:"@type"`
	Name             string      `json:"name"`
	AlternateName    []string    `json:"alternateName,omitempty"`
	Description      string      `json:"description,omitempty"`
	InLanguage       string      `json:"inLanguage,omitempty"`
	Genre            []string    `json:"genre,omitempty"`
	DatePublished    string      `json:"datePublished,omitempty"`
	StartDate        string      `json:"startDate,omitempty"`
	EndDate          string      `json:"endDate,omitempty"`
	Duration         string      `json:"duration,omitempty"`
	NumberOfSeasons  int         `json:"numberOfSeasons,omitempty"`
	NumberOfEpisodes int         `json:"numberOfEpisodes,omitempty"`
	ContainsSeason   []ldSeason  `json:"containsSeason,omitempty"`
	Actor            []ldPerson  `json:"actor,omitempty"`
	Director         []ldPerson  `json:"director,omitempty"`
	Creator          []ldPerson  `json:"creator,omitempty"`
	ContentRating    string      `json:"contentRating,omitempty"`
	CountryOfOrigin  []ldCountry `json:"countryOfOrigin,omitempty"`
	Keywords         string      `json:"keywords,omitempty"`
}

const ldMaxActors = 20

// titleJSONLD describes the title as schema.org TVSeries or Movie. The JSON
// encoder escapes <, > and &, so the result is safe inside a <script>.
func titleJSONLD(t *catalog.Title, v *titleView) template.JS {
	ld := ldWork{
		Context:     "https://schema.org",
		Type:        "TVSeries",
		Name:        t.Name,
		Description: t.Logline,
		InLanguage:  t.OriginalLanguage,
	}
	isSeries := t.Kind == catalog.KindSeries || (t.Kind != catalog.KindMovie && len(t.Seasons) > 0)
	if !isSeries {
		ld.Type = "Movie"
	}
	if ld.Description == "" && len(v.Synopsis) > 0 {
		ld.Description = excerpt(v.Synopsis[0], 300)
	}
	seen := map[string]bool{t.Name: true}
	for _, n := range append([]string{v.Native}, altNames(t.AltTitles)...) {
		if n != "" && !seen[n] {
			seen[n] = true
			ld.AlternateName = append(ld.AlternateName, n)
		}
	}
	for _, g := range t.Genres {
		ld.Genre = append(ld.Genre, g.Name)
	}
	ld.DatePublished = t.FirstAired
	if isSeries {
		ld.StartDate = t.FirstAired
		if t.Status == catalog.StatusEnded || t.Status == catalog.StatusCancelled {
			ld.EndDate = t.LastAired
		}
		ld.NumberOfSeasons = len(v.Seasons)
		ld.NumberOfEpisodes = v.Episodes
		for _, s := range v.Seasons {
			ld.ContainsSeason = append(ld.ContainsSeason, ldSeason{
				Type: "TVSeason", SeasonNumber: s.Number, Name: s.Name,
				NumberOfEpisodes: s.Count, StartDate: s.FirstAired, EndDate: s.LastAired,
			})
		}
	} else {
		ld.Duration = isoDuration(t.Runtime)
	}
	for _, g := range v.Cast {
		for _, c := range g.Credits {
			if len(ld.Actor) == ldMaxActors || c.Role == catalog.RoleGuest {
				break
			}
			ld.Actor = append(ld.Actor, ldPerson{Type: "Person", Name: c.PersonName, AlternateName: c.PersonNativeName})
		}
	}
	for _, c := range t.Crew {
		p := ldPerson{Type: "Person", Name: c.PersonName, AlternateName: c.PersonNativeName}
		switch {
		case c.Department == catalog.DeptDirecting && !strings.Contains(strings.ToLower(c.Job), "assistant"):
			if !containsPerson(ld.Director, p.Name) {
				ld.Director = append(ld.Director, p)
			}
		case c.Department == catalog.DeptCreative || c.Department == catalog.DeptWriting:
			if !containsPerson(ld.Creator, p.Name) {
				ld.Creator = append(ld.Creator, p)
			}
		}
	}
	if v.Rating != nil {
		ld.ContentRating = v.Rating.Rating
		if v.Rating.System != "" {
			ld.ContentRating = v.Rating.System + " " + v.Rating.Rating
		}
	}
	for _, c := range t.Countries {
		ld.CountryOfOrigin = append(ld.CountryOfOrigin, ldCountry{Type: "Country", Name: countryName(c)})
	}
	var kw []string
	for _, tg := range t.Tags {
		if tg.Kind == catalog.TagKeyword {
			kw = append(kw, tg.Name)
		}
	}
	ld.Keywords = strings.Join(kw, ", ")
	b, err := json.Marshal(ld)
	if err != nil {
		return ""
	}
	return template.JS(b)
}

func altNames(alts []catalog.AltTitle) []string {
	out := make([]string, 0, len(alts))
	for _, a := range alts {
		out = append(out, a.Name)
	}
	return out
}

func containsPerson(ps []ldPerson, name string) bool {
	for _, p := range ps {
		if p.Name == name {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------- season

type seasonView struct {
	page
	Season     *catalog.Season
	Show       catalog.TitleRef
	ShowURL    string
	Heading    string
	Count      int
	Synopsis   []string
	Episodes   []seasonEpisode
	HasShare   bool
	Siblings   []seasonLink
	Prev, Next *seasonLink
	// Audience scores and, for a signed-in member, marks and rating forms
	// (progress.go). The page is rendered per request, so these need no slots.
	RatingsOn, WatchOn bool
	Audience           *audienceView
	Member             *seasonMember
	Slug               string
	// The season's reviews page, when members can review, and how many
	// reviews it lists.
	ReviewsOn   bool
	ReviewTotal int
}

type seasonLink struct {
	Number  int
	Label   string
	URL     string
	Current bool
}

func (s *Server) seasonPage(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n > 10000 {
		s.notFoundPage(w, r)
		return
	}
	if strconv.Itoa(n) != r.PathValue("n") { // "01" or "+1": send to the one URL
		http.Redirect(w, r, seasonURL(slug, n), http.StatusMovedPermanently)
		return
	}
	ctx := r.Context()
	se, err := s.catalog.Season(ctx, slug, n)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &seasonView{Season: se, Synopsis: paragraphs(se.Synopsis), Count: max(se.EpisodeCount, len(se.Episodes))}
	if se.Title != nil {
		v.Show = *se.Title
	} else {
		v.Show = catalog.TitleRef{Slug: slug, Name: slug}
	}
	v.ShowURL = "/titles/" + url.PathEscape(v.Show.Slug)
	v.Heading = "Season " + strconv.Itoa(se.Number)
	rows, _, hasShare := episodeRows(se.Episodes)
	v.HasShare, v.Slug = hasShare, v.Show.Slug
	for _, row := range rows {
		v.Episodes = append(v.Episodes, seasonEpisode{episodeRow: row})
	}
	if err := s.fillSeasonRatings(ctx, r, v, se); err != nil {
		s.pageError(w, r, err)
		return
	}
	if s.reviews != nil && s.accounts != nil && se.Title != nil && se.Title.ID != 0 {
		if v.ReviewTotal, err = s.reviews.Count(ctx, se.Title.ID, &se.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
		v.ReviewsOn = true
	}

	// The other seasons, for navigation; best effort, as the page is
	// complete without them.
	// The title read without sections is the service's shared, cached copy.
	if t, err := s.catalog.Title(ctx, slug); err == nil && t != nil && len(t.Seasons) > 1 {
		for i, o := range t.Seasons {
			l := seasonLink{Number: o.Number, Label: "Season " + strconv.Itoa(o.Number), URL: seasonURL(slug, o.Number), Current: o.Number == se.Number}
			v.Siblings = append(v.Siblings, l)
			if l.Current {
				if i > 0 {
					p := seasonLink{Number: t.Seasons[i-1].Number, URL: seasonURL(slug, t.Seasons[i-1].Number)}
					p.Label = "Season " + strconv.Itoa(p.Number)
					v.Prev = &p
				}
				if i+1 < len(t.Seasons) {
					nx := seasonLink{Number: t.Seasons[i+1].Number, URL: seasonURL(slug, t.Seasons[i+1].Number)}
					nx.Label = "Season " + strconv.Itoa(nx.Number)
					v.Next = &nx
				}
			}
		}
	}

	docTitle := v.Show.Name + " — " + v.Heading
	if se.Name != "" && se.Name != v.Heading {
		docTitle += ": " + se.Name
	}
	desc := excerpt(se.Synopsis, 200)
	if desc == "" {
		desc = "Episode guide for " + v.Show.Name + " season " + strconv.Itoa(se.Number)
		if v.Count > 0 {
			desc += ": " + plural(v.Count, "episode", "episodes")
		}
		if se.FirstAired != "" {
			desc += ", first aired " + formatDate(se.FirstAired)
		}
		desc += ", with air dates, synopses and ratings."
	}
	v.page = page{
		Title:       docTitle,
		Description: desc,
		Canonical:   seasonURL(v.Show.Slug, se.Number),
		OGType:      "video.tv_show",
	}
	s.render(w, r, http.StatusOK, "season", v)
}

// ---------------------------------------------------------------- person

type personView struct {
	page
	Person    *catalog.Person
	Known     string // "Actor · Writer"
	Names     []catalog.AltTitle
	Biography []string
	Cast      []catalog.FilmographyEntry
	Crew      []crewCredit
}

// crewCredit is a person's jobs on one title: "Writer, Creator".
type crewCredit struct {
	Title catalog.TitleRef
	Jobs  string
}

func (s *Server) personPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.catalog.Person(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &personView{Person: p, Biography: paragraphs(p.Biography)}
	for _, n := range p.Names {
		if n.Name != p.NativeName || n.Type != catalog.NameNative {
			v.Names = append(v.Names, n)
		}
	}
	depts := make([]string, 0, 4)
	for _, f := range p.Filmography {
		if f.Job == "" && f.Department == "" {
			v.Cast = append(v.Cast, f)
			continue
		}
		merged := false
		for i := range v.Crew {
			if v.Crew[i].Title.Slug == f.Title.Slug {
				v.Crew[i].Jobs += ", " + f.Job
				merged = true
				break
			}
		}
		if !merged {
			v.Crew = append(v.Crew, crewCredit{Title: f.Title, Jobs: f.Job})
		}
		d := f.Department
		found := false
		for _, x := range depts {
			found = found || x == d
		}
		if !found {
			depts = append(depts, d)
		}
	}
	v.Known = knownFor(len(v.Cast) > 0, depts)

	desc := excerpt(p.Biography, 200)
	if desc == "" {
		desc = p.Name
		if p.NativeName != "" {
			desc += " (" + p.NativeName + ")"
		}
		desc += ": filmography"
		if n := len(v.Cast) + len(v.Crew); n > 0 {
			desc += " of " + plural(n, "title", "titles")
		}
		desc += ", names and biography."
	}
	v.page = page{Title: p.Name, Description: desc, Canonical: "/people/" + url.PathEscape(p.Slug), Nav: "people", OGType: "profile"}
	s.render(w, r, http.StatusOK, "person", v)
}

var deptPeople = map[string]string{
	catalog.DeptCreative:   "Creator",
	catalog.DeptWriting:    "Writer",
	catalog.DeptDirecting:  "Director",
	catalog.DeptProduction: "Producer",
	catalog.DeptMusic:      "Music",
	catalog.DeptCamera:     "Cinematographer",
	catalog.DeptEditing:    "Editor",
	catalog.DeptArt:        "Art",
}

// knownFor summarises what a person does: "Actor · Writer · Director".
func knownFor(acts bool, depts []string) string {
	var parts []string
	if acts {
		parts = append(parts, "Actor")
	}
	for _, d := range departmentOrder {
		for _, x := range depts {
			if x == d {
				if l, ok := deptPeople[d]; ok {
					parts = append(parts, l)
				}
			}
		}
	}
	return strings.Join(parts, " · ")
}

// ---------------------------------------------------------------- people

type peopleView struct {
	page
	People []catalog.PersonRef
	Total  int
	Pager  pager
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	n, ok := pageParam(r)
	if !ok {
		s.notFoundPage(w, r)
		return
	}
	res, err := s.catalog.People(r.Context(), n, peoplePerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if n > 1 && len(res.Items) == 0 {
		s.notFoundPage(w, r)
		return
	}
	link := func(p int) string {
		if p <= 1 {
			return "/people"
		}
		return "/people?page=" + strconv.Itoa(p)
	}
	v := &peopleView{People: res.Items, Total: res.Total, Pager: newPager(n, res.Pages(), link)}
	title := "People"
	if n > 1 {
		title += " — page " + strconv.Itoa(n)
	}
	v.page = page{
		Title:       title,
		Description: "Actors, writers, directors and everyone else credited in dramadb, with their filmographies.",
		Canonical:   link(n),
		Nav:         "people",
	}
	s.render(w, r, http.StatusOK, "people", v)
}

// pageParam reads the 1-based ?page= number; a malformed one is not ok.
func pageParam(r *http.Request) (int, bool) {
	q := r.URL.Query().Get("page")
	if q == "" {
		return 1, true
	}
	n, err := strconv.Atoi(q)
	if err != nil || n < 1 || n > 100000 {
		return 0, false
	}
	return n, true
}

// pager is the pagination of a list: previous and next links and a window
// of page numbers around the current one, with gaps.
type pager struct {
	Page, Pages int
	Prev, Next  string
	Links       []pageLink
}

type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool // an ellipsis in place of skipped numbers
}

func newPager(cur, pages int, link func(int) string) pager {
	p := pager{Page: cur, Pages: pages}
	if pages <= 1 {
		return p
	}
	if cur > 1 {
		p.Prev = link(min(cur-1, pages))
	}
	if cur < pages {
		p.Next = link(cur + 1)
	}
	const around = 2
	last := 0
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= cur-around && n <= cur+around) {
			if last > 0 && n > last+1 {
				if n == last+2 { // a gap of one page: show the number instead
					p.Links = append(p.Links, pageLink{N: last + 1, URL: link(last + 1)})
				} else {
					p.Links = append(p.Links, pageLink{Gap: true})
				}
			}
			p.Links = append(p.Links, pageLink{N: n, URL: link(n), Current: n == cur})
			last = n
		}
	}
	return p
}

// ---------------------------------------------------------------- character

type characterView struct {
	page
	Character   *catalog.Character
	Lang        string
	Nicknames   []catalog.AltTitle
	Names       []catalog.AltTitle // other names and spellings
	Description []string
	TitleURL    string
}

func (s *Server) characterPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.catalog.Character(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &characterView{Character: c, Description: paragraphs(c.Description), Lang: "ko"}
	for _, n := range c.Names {
		switch {
		case n.Type == catalog.NameNickname:
			v.Nicknames = append(v.Nicknames, n)
		case n.Type == catalog.NameNative && n.Name == c.NativeName:
		default:
			v.Names = append(v.Names, n)
		}
	}
	docTitle := c.Name
	if c.Title != nil {
		v.TitleURL = "/titles/" + url.PathEscape(c.Title.Slug)
		docTitle += " in " + c.Title.Name
	}
	desc := excerpt(c.Description, 200)
	if desc == "" {
		desc = c.Name
		if c.NativeName != "" {
			desc += " (" + c.NativeName + ")"
		}
		desc += " is a character"
		if c.Title != nil {
			desc += " in " + c.Title.Name
		}
		if len(c.Played) > 0 {
			desc += ", played by " + c.Played[0].Name
		}
		desc += "."
	}
	v.page = page{Title: docTitle, Description: desc, Canonical: "/characters/" + url.PathEscape(c.Slug)}
	s.render(w, r, http.StatusOK, "character", v)
}

// ---------------------------------------------------------------- browse

// browseFilter is the browse page's query, kept in a fixed order so each
// selection has exactly one URL.
type browseFilter struct {
	Genre, Country string
	Year           int
	Network, Kind  string
	Tag            string
	Status         string
	// Year and score ranges; 0 leaves a side open.
	YearFrom, YearTo   int
	ScoreMin, ScoreMax float64
	Provider, Region   string // where to watch
	Sort               string // empty for the default, newest first
}

// titleFilter is the catalog query for a page of the selection.
func (f browseFilter) titleFilter(pageN int) catalog.TitleFilter {
	return catalog.TitleFilter{Genre: f.Genre, Country: f.Country, Year: f.Year, Network: f.Network, Kind: f.Kind, Tag: f.Tag,
		Status: f.Status, YearFrom: f.YearFrom, YearTo: f.YearTo, ScoreMin: f.ScoreMin, ScoreMax: f.ScoreMax,
		Provider: f.Provider, Region: f.Region, Sort: f.Sort, Page: pageN, PerPage: browsePerPage}
}

func formatScore(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// url returns /browse with the filter and page, parameters in a fixed order.
func (f browseFilter) url(pageN int) string {
	var b strings.Builder
	b.WriteString("/browse")
	sep := byte('?')
	add := func(k, v string) {
		b.WriteByte(sep)
		sep = '&'
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	if f.Genre != "" {
		add("genre", f.Genre)
	}
	if f.Country != "" {
		add("country", f.Country)
	}
	if f.Year != 0 {
		add("year", strconv.Itoa(f.Year))
	}
	if f.Network != "" {
		add("network", f.Network)
	}
	if f.Kind != "" {
		add("kind", f.Kind)
	}
	if f.Tag != "" {
		add("tag", f.Tag)
	}
	if f.Status != "" {
		add("status", f.Status)
	}
	if f.YearFrom != 0 {
		add("year_from", strconv.Itoa(f.YearFrom))
	}
	if f.YearTo != 0 {
		add("year_to", strconv.Itoa(f.YearTo))
	}
	if f.ScoreMin != 0 {
		add("score_min", formatScore(f.ScoreMin))
	}
	if f.ScoreMax != 0 {
		add("score_max", formatScore(f.ScoreMax))
	}
	if f.Provider != "" {
		add("provider", f.Provider)
	}
	if f.Region != "" {
		add("region", f.Region)
	}
	if f.Sort != "" {
		add("sort", f.Sort)
	}
	if pageN > 1 {
		add("page", strconv.Itoa(pageN))
	}
	return b.String()
}

func (f browseFilter) empty() bool { return f == browseFilter{} }

// parseBrowseFilter reads the browse query. Values that cannot match any
// title (a malformed year, an unknown kind) are not ok, so such URLs get a
// 404 instead of a page that silently ignores them.
func parseBrowseFilter(q url.Values) (browseFilter, bool) {
	f := browseFilter{
		Genre:   strings.TrimSpace(q.Get("genre")),
		Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Network: strings.TrimSpace(q.Get("network")),
		Kind:    strings.TrimSpace(q.Get("kind")),
		Tag:     strings.TrimSpace(q.Get("tag")),
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1800 || n > 3000 {
			return f, false
		}
		f.Year = n
	}
	if f.Kind != "" {
		if _, ok := kindLabels[f.Kind]; !ok {
			return f, false
		}
	}
	if len(f.Country) > 3 || len(f.Genre) > 100 || len(f.Network) > 100 || len(f.Tag) > 120 {
		return f, false
	}
	// The form's fields: empty means unset; what is not a number cannot
	// be shown back, so it is a missing page like a malformed year.
	f.Status = strings.TrimSpace(q.Get("status"))
	f.Provider = strings.TrimSpace(q.Get("provider"))
	f.Region = strings.ToUpper(strings.TrimSpace(q.Get("region")))
	f.Sort = strings.TrimSpace(q.Get("sort"))
	if f.Sort == catalog.SortDate {
		f.Sort = ""
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"year_from", &f.YearFrom}, {"year_to", &f.YearTo}} {
		if v := strings.TrimSpace(q.Get(p.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < -1e6 || n > 1e6 {
				return f, false
			}
			*p.dst = n
		}
	}
	for _, p := range []struct {
		name string
		dst  *float64
	}{{"score_min", &f.ScoreMin}, {"score_max", &f.ScoreMax}} {
		if v := strings.TrimSpace(q.Get(p.name)); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < -1e6 || x > 1e6 {
				return f, false
			}
			*p.dst = x
		}
	}
	return f, true
}

type browseView struct {
	page
	Heading  string
	Filter   browseFilter
	Titles   []catalog.TitleRef
	Total    int
	Capped   bool // Total is a lower bound
	Pager    pager
	Active   []activeFilter
	Facets   []facet
	ClearAll string
	// The form of filters that are not links: its options and the
	// messages of fields that were not accepted.
	Form   browseForm
	Errors map[string]string
}

type browseForm struct {
	Hidden    []hiddenField // the link filters, kept when the form is sent
	Sorts     []option
	Statuses  []option
	Providers []option
	Regions   []option
	YearFrom  string
	YearTo    string
	ScoreMin  string
	ScoreMax  string
}

type hiddenField struct{ Name, Value string }

type option struct {
	Value, Label string
	Selected     bool
}

// activeFilter is one applied filter with a link that removes it.
type activeFilter struct {
	Label    string // "Genre"
	Value    string // "Romance"
	ClearURL string
}

type facet struct {
	ID    string
	Label string
	Items []facetItem
}

type facetItem struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

func (s *Server) browsePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, ok := parseBrowseFilter(q)
	pageN, okPage := pageParam(r)
	if !ok || !okPage {
		s.notFoundPage(w, r)
		return
	}
	// Forms send every field, most of them empty: redirect to the one
	// short address of the selection, which is what people share.
	if canon := f.url(pageN); r.URL.RequestURI() != canon {
		http.Redirect(w, r, canon, http.StatusFound)
		return
	}
	ctx := r.Context()
	tf := f.titleFilter(pageN)
	status := http.StatusOK
	var errs map[string]string
	res, err := func() (catalog.Page[catalog.TitleRef], error) {
		if err := s.statsGeneration(r, &tf); err != nil {
			return catalog.Page[catalog.TitleRef]{}, err
		}
		return s.catalog.Titles(ctx, tf)
	}()
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		// Shown beside the form with what was entered, and no results.
		status, errs, err = http.StatusBadRequest, map[string]string{}, nil
		for _, fe := range e.Fields {
			errs[fe.Field] = fe.Message
		}
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if pageN > 1 && len(res.Items) == 0 && errs == nil {
		s.notFoundPage(w, r)
		return
	}
	facets, err := s.catalog.AllFacets(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	genres, countries, years, networks := facets.Genres, facets.Countries, facets.Years, facets.Networks

	v := &browseView{Filter: f, Titles: res.Items, Total: res.Total, Capped: res.Capped, Errors: errs}
	providers, err := s.catalog.Providers(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	regions, err := s.catalog.Regions(ctx)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v.Form = browseFormFor(f, providers, regions, s.rankings != nil)
	v.Pager = newPager(pageN, res.Pages(), f.url)
	genreName := termName(genres, f.Genre)
	networkName := termName(networks, f.Network)

	if f.Genre != "" {
		c := f
		c.Genre = ""
		v.Active = append(v.Active, activeFilter{"Genre", genreName, c.url(1)})
	}
	if f.Country != "" {
		c := f
		c.Country = ""
		v.Active = append(v.Active, activeFilter{"Country", countryName(f.Country), c.url(1)})
	}
	if f.Year != 0 {
		c := f
		c.Year = 0
		v.Active = append(v.Active, activeFilter{"Year", strconv.Itoa(f.Year), c.url(1)})
	}
	if f.Network != "" {
		c := f
		c.Network = ""
		v.Active = append(v.Active, activeFilter{"Network", networkName, c.url(1)})
	}
	if f.Kind != "" {
		c := f
		c.Kind = ""
		v.Active = append(v.Active, activeFilter{"Type", label(kindPlural, f.Kind), c.url(1)})
	}
	var tagName string
	if f.Tag != "" {
		tag, err := s.catalog.Tag(ctx, f.Tag)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		tagName = tag.Name
		c := f
		c.Tag = ""
		v.Active = append(v.Active, activeFilter{label(tagKindSingular, tag.Kind), tag.Name, c.url(1)})
	}
	if f.Status != "" {
		c := f
		c.Status = ""
		v.Active = append(v.Active, activeFilter{"Status", label(statusLabels, f.Status), c.url(1)})
	}
	if f.YearFrom != 0 || f.YearTo != 0 {
		c := f
		c.YearFrom, c.YearTo = 0, 0
		v.Active = append(v.Active, activeFilter{"Years", rangeLabel(yearString(f.YearFrom), yearString(f.YearTo)), c.url(1)})
	}
	if f.ScoreMin != 0 || f.ScoreMax != 0 {
		c := f
		c.ScoreMin, c.ScoreMax = 0, 0
		v.Active = append(v.Active, activeFilter{"Score", rangeLabel(scoreString(f.ScoreMin), scoreString(f.ScoreMax)), c.url(1)})
	}
	if f.Provider != "" {
		c := f
		c.Provider = ""
		v.Active = append(v.Active, activeFilter{"Watch on", f.Provider, c.url(1)})
	}
	if f.Region != "" {
		c := f
		c.Region = ""
		v.Active = append(v.Active, activeFilter{"Watch in", countryName(f.Region), c.url(1)})
	}
	if f.Sort != "" {
		c := f
		c.Sort = ""
		v.Active = append(v.Active, activeFilter{"Sorted by", sortLabels[f.Sort], c.url(1)})
	}
	if len(v.Active) > 1 {
		v.ClearAll = "/browse"
	}

	v.Facets = []facet{
		{ID: "facet-kind", Label: "Type", Items: kindFacet(f, true)},
		{ID: "facet-genre", Label: "Genre", Items: facetLinks(f, genres, func(f *browseFilter, slug string) { f.Genre = slug }, f.Genre, nil)},
		{ID: "facet-country", Label: "Country", Items: facetLinks(f, countries, func(f *browseFilter, slug string) { f.Country = slug }, f.Country, countryName)},
		{ID: "facet-network", Label: "Network", Items: facetLinks(f, networks, func(f *browseFilter, slug string) { f.Network = slug }, f.Network, nil)},
		{ID: "facet-year", Label: "Year", Items: facetLinks(f, years, func(f *browseFilter, slug string) { f.Year, _ = strconv.Atoi(slug) }, yearString(f.Year), nil)},
	}

	v.Heading = browseHeading(f, genreName, networkName)
	if tagName != "" {
		v.Heading += " tagged “" + tagName + "”"
	}
	docTitle := v.Heading
	if pageN > 1 {
		docTitle += " — page " + strconv.Itoa(pageN)
	}
	desc := "Browse Korean dramas and films in dramadb by genre, country, year and network."
	if !f.empty() {
		desc = v.Heading + ": " + plural(res.Total, "title", "titles") + " in dramadb."
	}
	v.page = page{Title: docTitle, Description: desc, Canonical: f.url(pageN), Nav: "browse", NoIndex: errs != nil}
	s.render(w, r, status, "browse", v)
}

var sortLabels = map[string]string{
	catalog.SortDate:       "Newest first",
	catalog.SortScore:      "Top rated",
	catalog.SortPopularity: "Most popular",
	catalog.SortTitle:      "Title, A to Z",
}

func scoreString(x float64) string {
	if x == 0 {
		return ""
	}
	return formatScore(x)
}

// rangeLabel shows a range with open sides: "2019–2021", "from 2019",
// "up to 2021".
func rangeLabel(from, to string) string {
	switch {
	case from != "" && to != "" && from == to:
		return from
	case from != "" && to != "":
		return from + "–" + to
	case from != "":
		return "from " + from
	default:
		return "up to " + to
	}
}

// browseFormFor fills the browse form: the link filters ride along as
// hidden fields, the others are shown as chosen.
func browseFormFor(f browseFilter, providers, regions []catalog.TermCount, stats bool) browseForm {
	var form browseForm
	for _, h := range []hiddenField{{"genre", f.Genre}, {"country", f.Country}, {"year", yearString(f.Year)},
		{"network", f.Network}, {"kind", f.Kind}, {"tag", f.Tag}} {
		if h.Value != "" {
			form.Hidden = append(form.Hidden, h)
		}
	}
	sorts := []string{catalog.SortDate, catalog.SortTitle}
	if stats {
		sorts = []string{catalog.SortDate, catalog.SortScore, catalog.SortPopularity, catalog.SortTitle}
	}
	for _, so := range sorts {
		form.Sorts = append(form.Sorts, option{so, sortLabels[so], so == f.Sort || (f.Sort == "" && so == catalog.SortDate)})
	}
	form.Statuses = []option{{"", "Any status", f.Status == ""}}
	for _, st := range []string{catalog.StatusAiring, catalog.StatusUpcoming, catalog.StatusAnnounced, catalog.StatusEnded, catalog.StatusReleased, catalog.StatusCancelled} {
		form.Statuses = append(form.Statuses, option{st, label(statusLabels, st), st == f.Status})
	}
	form.Providers = []option{{"", "Any provider", f.Provider == ""}}
	for _, p := range providers {
		form.Providers = append(form.Providers, option{p.Slug, p.Name, p.Slug == f.Provider})
	}
	form.Regions = []option{{"", "Any region", f.Region == ""}}
	for _, p := range regions {
		form.Regions = append(form.Regions, option{p.Slug, countryName(p.Slug), p.Slug == f.Region})
	}
	form.YearFrom, form.YearTo = yearString(f.YearFrom), yearString(f.YearTo)
	form.ScoreMin, form.ScoreMax = scoreString(f.ScoreMin), scoreString(f.ScoreMax)
	return form
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func termName(terms []catalog.TermCount, slug string) string {
	if slug == "" {
		return ""
	}
	for _, t := range terms {
		if t.Slug == slug {
			if t.Name != "" {
				return t.Name
			}
			break
		}
	}
	return slug
}

// browseHeading names a selection: "Romance TV series from South Korea on
// tvN, 2020".
func browseHeading(f browseFilter, genre, network string) string {
	if f.empty() {
		return "Browse all titles"
	}
	var b strings.Builder
	if genre != "" {
		b.WriteString(genre + " ")
	}
	switch {
	case f.Kind != "" && genre != "":
		b.WriteString(label(kindPluralLower, f.Kind))
	case f.Kind != "":
		b.WriteString(label(kindPlural, f.Kind))
	case genre != "":
		b.WriteString("titles")
	default:
		b.WriteString("Titles")
	}
	if f.Country != "" {
		if f.Country == "ZZ" {
			b.WriteString(" from around the world")
		} else {
			b.WriteString(" from " + countryName(f.Country))
		}
	}
	if network != "" {
		b.WriteString(" on " + network)
	}
	if f.Year != 0 {
		if f.Country != "" {
			b.WriteString(", " + strconv.Itoa(f.Year))
		} else {
			b.WriteString(" from " + strconv.Itoa(f.Year))
		}
	}
	return b.String()
}

// facetLinks turns facet terms into links that set (or, for the active term,
// remove) one filter while keeping the others.
func facetLinks(f browseFilter, terms []catalog.TermCount, set func(*browseFilter, string), active string, name func(string) string) []facetItem {
	items := make([]facetItem, len(terms))
	for i, t := range terms {
		lbl := t.Name
		if name != nil {
			lbl = name(t.Slug)
		}
		if lbl == "" {
			lbl = t.Slug
		}
		c := f
		on := t.Slug == active
		if on {
			set(&c, "")
		} else {
			set(&c, t.Slug)
		}
		items[i] = facetItem{Label: lbl, Count: t.Count, URL: c.url(1), Active: on}
	}
	return items
}

// termLinks makes plain browse links for the home page: /browse?genre=slug.
func termLinks(param string, terms []catalog.TermCount, name func(string) string) []facetItem {
	items := make([]facetItem, len(terms))
	for i, t := range terms {
		lbl := t.Name
		if name != nil {
			lbl = name(t.Slug)
		}
		if lbl == "" {
			lbl = t.Slug
		}
		items[i] = facetItem{Label: lbl, Count: t.Count, URL: "/browse?" + param + "=" + url.QueryEscape(t.Slug)}
	}
	return items
}

func kindFacet(f browseFilter, toggle bool) []facetItem {
	kinds := []string{catalog.KindSeries, catalog.KindMovie, catalog.KindSpecial}
	items := make([]facetItem, len(kinds))
	for i, k := range kinds {
		c := f
		on := toggle && f.Kind == k
		if on {
			c.Kind = ""
		} else {
			c.Kind = k
		}
		items[i] = facetItem{Label: kindPlural[k], URL: c.url(1), Active: on}
	}
	return items
}
