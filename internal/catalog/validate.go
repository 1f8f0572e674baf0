package catalog

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
)

// Limits on free text, generous enough for any real synopsis.
const (
	maxName  = 300
	maxShort = 2000
	maxLong  = 50000
	maxItems = 1000
)

var (
	countryPattern  = regexp.MustCompile(`^[A-Z]{2}$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)
	scriptPattern   = regexp.MustCompile(`^[A-Z][a-z]{3}$`)
	timePattern     = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

var (
	kinds      = []string{KindSeries, KindMovie, KindSpecial}
	statuses   = []string{StatusAnnounced, StatusUpcoming, StatusAiring, StatusEnded, StatusCancelled, StatusReleased}
	titleNames = []string{NameNative, NameHanja, NameRomanized, NameLiteral, NameAKA, NameAbbreviation}
	otherNames = []string{NameNative, NameHanja, NameRomanized, NameLiteral, NameAKA, NameNickname, NameVariant, NameBirth}
	systems    = []string{RomanizationRR, RomanizationMR}
	tagKinds   = []string{TagTrope, TagTheme, TagKeyword}
	netRoles   = []string{NetworkOriginal, NetworkPlatform}
	sites      = []string{SiteIMDb, SiteWikipedia, SiteRottenTomatoes, SiteOfficial, SiteOther}
	guideCats  = []string{GuideEducationalValue, GuidePositiveMessages, GuidePositiveRoleModels, GuideDiverseRepresentation,
		GuideViolenceScariness, GuideSexNudity, GuideViolenceGore, GuideProfanity, GuideAlcoholDrugsSmoking, GuideFrighteningIntense}
	severities = []string{SeverityNone, SeverityMild, SeverityModerate, SeveritySevere}
	offers     = []string{OfferSubscription, OfferFree, OfferRent, OfferBuy}
	castRoles  = []string{RoleMain, RoleSupporting, RoleGuest}
	depts      = []string{DeptCreative, DeptWriting, DeptDirecting, DeptProduction, DeptMusic, DeptCamera, DeptEditing, DeptArt, DeptOther}
	relations  = []string{RelRecommendation, RelSimilar, RelSequel, RelPrequel, RelRemake, RelAdaptation, RelSpinOff}
	weekdays   = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// GuideCategories lists the parental guide categories in display order.
func GuideCategories() []string { return slices.Clone(guideCats) }

// checker wraps apperr.Validation with the field rules the catalog shares.
type checker struct{ apperr.Validation }

func (c *checker) text(field, v string, required bool, limit int) {
	switch {
	case required && strings.TrimSpace(v) == "":
		c.Add(field, "is required")
	case !utf8.ValidString(v):
		c.Add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(v) > limit:
		c.Add(field, "is longer than %d characters", limit)
	case strings.ContainsRune(v, 0):
		c.Add(field, "contains a NUL character")
	}
}

func (c *checker) oneOf(field, v string, allowed []string, required bool) {
	if v == "" {
		if required {
			c.Add(field, "is required; one of %s", strings.Join(allowed, ", "))
		}
		return
	}
	if !slices.Contains(allowed, v) {
		c.Add(field, "must be one of %s", strings.Join(allowed, ", "))
	}
}

func (c *checker) slug(field, v string, required bool) {
	if v == "" {
		if required {
			c.Add(field, "is required")
		}
		return
	}
	if !ValidSlug(v) {
		c.Add(field, "must be lowercase letters or digits separated by single hyphens, like crash-landing-on-you")
	}
}

func (c *checker) country(field, v string, required bool) {
	if v == "" {
		if required {
			c.Add(field, "is required")
		}
		return
	}
	if !countryPattern.MatchString(v) {
		c.Add(field, "must be an ISO 3166-1 alpha-2 code in capitals, like KR")
	}
}

func (c *checker) language(field, v string) {
	if v != "" && !languagePattern.MatchString(v) {
		c.Add(field, "must be a BCP 47 language tag, like ko or en")
	}
}

func (c *checker) languages(field string, vs []string) {
	c.count(field, len(vs))
	seen := map[string]bool{}
	for i, v := range vs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if v == "" {
			c.Add(f, "is required")
			continue
		}
		c.language(f, v)
		if seen[v] {
			c.Add(f, "repeats %q", v)
		}
		seen[v] = true
	}
}

// date accepts reduced ISO 8601 calendar dates: YYYY, YYYY-MM, YYYY-MM-DD.
func (c *checker) date(field, v string) {
	if v == "" {
		return
	}
	if !ValidDate(v) {
		c.Add(field, "must be a date like 2019-12-14, 2019-12 or 2019")
	}
}

// ValidDate reports whether v is a reduced ISO 8601 date between 1850 and 2200.
func ValidDate(v string) bool {
	var layout string
	switch len(v) {
	case 4:
		layout = "2006"
	case 7:
		layout = "2006-01"
	case 10:
		layout = "2006-01-02"
	default:
		return false
	}
	t, err := time.Parse(layout, v)
	return err == nil && t.Year() >= 1850 && t.Year() <= 2200
}

func (c *checker) url(field, v string, required bool) {
	if v == "" {
		if required {
			c.Add(field, "is required")
		}
		return
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v) > maxShort {
		c.Add(field, "must be an absolute http or https URL")
	}
}

func (c *checker) count(field string, n int) {
	if n > maxItems {
		c.Add(field, "has more than %d entries", maxItems)
	}
}

func (c *checker) names(field string, ns []AltTitle, allowed []string) {
	c.count(field, len(ns))
	for i, n := range ns {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.text(f+".name", n.Name, true, maxName)
		c.oneOf(f+".type", n.Type, allowed, true)
		c.language(f+".language", n.Language)
		if n.Script != "" && !scriptPattern.MatchString(n.Script) {
			c.Add(f+".script", "must be an ISO 15924 code, like Hang, Kore or Latn")
		}
		c.oneOf(f+".system", n.System, systems, false)
		if n.System != "" && n.Type != NameRomanized {
			c.Add(f+".system", "is only for names of type romanized")
		}
	}
}

// term checks a named classification (genre, tag, network) whose slug is
// derived from its name when not given.
func (c *checker) term(field, name, slug string) {
	c.text(field+".name", name, true, maxName)
	c.slug(field+".slug", slug, false)
	if strings.TrimSpace(name) != "" && slug == "" && Slugify(name) == "" {
		c.Add(field+".name", "needs at least one letter or digit")
	}
}

func (c *checker) links(field string, ls []Link) {
	c.count(field, len(ls))
	for i, l := range ls {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.oneOf(f+".site", l.Site, sites, true)
		c.url(f+".url", l.URL, true)
		c.text(f+".label", l.Label, false, maxName)
	}
}

// validateTitle checks a title document. On create every required field
// must be present; sections that are nil are skipped (left as stored).
func validateTitle(t *Title) error {
	var c checker
	c.slug("slug", t.Slug, false)
	c.oneOf("kind", t.Kind, kinds, true)
	c.text("title", t.Name, true, maxName)
	if t.Slug == "" && strings.TrimSpace(t.Name) != "" && Slugify(t.Name) == "" {
		c.Add("slug", "cannot be derived from the title; give one")
	}
	c.text("original_title", t.OriginalTitle, false, maxName)
	c.text("logline", t.Logline, false, maxShort)
	c.text("synopsis", t.Synopsis, false, maxLong)
	c.oneOf("status", t.Status, statuses, false)
	c.date("first_aired", t.FirstAired)
	c.date("last_aired", t.LastAired)
	if t.FirstAired != "" && t.LastAired != "" && ValidDate(t.FirstAired) && ValidDate(t.LastAired) && t.LastAired < t.FirstAired {
		c.Add("last_aired", "is before first_aired")
	}
	if t.Runtime < 0 || t.Runtime > 10000 {
		c.Add("runtime_minutes", "must be between 0 and 10000")
	}
	c.language("original_language", t.OriginalLanguage)
	if s := t.Schedule; s != nil {
		if len(s.Days) == 0 {
			c.Add("schedule.days", "needs at least one day")
		}
		seen := map[string]bool{}
		for i, d := range s.Days {
			f := fmt.Sprintf("schedule.days[%d]", i)
			c.oneOf(f, d, weekdays, true)
			if seen[d] {
				c.Add(f, "repeats %q", d)
			}
			seen[d] = true
		}
		if !timePattern.MatchString(s.Time) {
			c.Add("schedule.time", "must be a 24-hour time like 21:00")
		}
		if s.TimeZone == "" {
			c.Add("schedule.time_zone", "is required, like Asia/Seoul")
		} else if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "Local" {
			c.Add("schedule.time_zone", "must be an IANA time zone, like Asia/Seoul")
		}
	}
	c.names("alternative_titles", t.AltTitles, titleNames)
	c.count("genres", len(t.Genres))
	for i, g := range t.Genres {
		c.term(fmt.Sprintf("genres[%d]", i), g.Name, g.Slug)
	}
	c.count("tags", len(t.Tags))
	for i, g := range t.Tags {
		f := fmt.Sprintf("tags[%d]", i)
		c.term(f, g.Name, g.Slug)
		c.oneOf(f+".kind", g.Kind, tagKinds, true)
	}
	c.count("countries", len(t.Countries))
	seenCountry := map[string]bool{}
	for i, v := range t.Countries {
		f := fmt.Sprintf("countries[%d]", i)
		c.country(f, v, true)
		if seenCountry[v] {
			c.Add(f, "repeats %q", v)
		}
		seenCountry[v] = true
	}
	c.languages("audio_languages", t.AudioLanguages)
	c.languages("subtitle_languages", t.SubtitleLanguages)
	c.count("networks", len(t.Networks))
	for i, n := range t.Networks {
		f := fmt.Sprintf("networks[%d]", i)
		c.term(f, n.Name, n.Slug)
		c.oneOf(f+".role", n.Role, netRoles, true)
	}
	c.count("age_ratings", len(t.AgeRatings))
	for i, a := range t.AgeRatings {
		f := fmt.Sprintf("age_ratings[%d]", i)
		c.country(f+".country", a.Country, true)
		c.text(f+".system", a.System, false, maxName)
		c.text(f+".rating", a.Rating, true, 40)
		c.text(f+".reason", a.Reason, false, maxShort)
	}
	c.links("external_links", t.ExternalLinks)
	c.count("filming_locations", len(t.FilmingLocations))
	for i, l := range t.FilmingLocations {
		f := fmt.Sprintf("filming_locations[%d]", i)
		c.text(f+".place", l.Place, true, maxName)
		c.text(f+".region", l.Region, false, maxName)
		c.country(f+".country", l.Country, false)
		c.text(f+".note", l.Note, false, maxShort)
	}
	c.count("trivia", len(t.Trivia))
	for i, tr := range t.Trivia {
		c.text(fmt.Sprintf("trivia[%d].text", i), tr.Text, true, maxShort)
	}
	seenCat := map[string]bool{}
	for i, g := range t.ParentalGuide {
		f := fmt.Sprintf("parental_guide[%d]", i)
		c.oneOf(f+".category", g.Category, guideCats, true)
		c.oneOf(f+".severity", g.Severity, severities, true)
		c.text(f+".note", g.Note, false, maxShort)
		if seenCat[g.Category] {
			c.Add(f+".category", "repeats %q", g.Category)
		}
		seenCat[g.Category] = true
	}
	c.count("content_descriptors", len(t.ContentDescriptors))
	seenDesc := map[string]bool{}
	for i, d := range t.ContentDescriptors {
		f := fmt.Sprintf("content_descriptors[%d]", i)
		c.text(f, d, true, maxName)
		if seenDesc[d] {
			c.Add(f, "repeats %q", d)
		}
		seenDesc[d] = true
	}
	c.count("where_to_watch", len(t.WatchOptions))
	for i, w := range t.WatchOptions {
		f := fmt.Sprintf("where_to_watch[%d]", i)
		c.country(f+".region", w.Region, true)
		c.text(f+".provider", w.Provider, true, maxName)
		c.oneOf(f+".offer", w.Offer, offers, true)
		c.languages(f+".audio_languages", w.AudioLanguages)
		c.languages(f+".subtitle_languages", w.SubtitleLanguages)
		c.url(f+".url", w.URL, false)
	}
	c.count("characters", len(t.Characters))
	charSlugs := map[string]bool{}
	for i, ch := range t.Characters {
		f := fmt.Sprintf("characters[%d]", i)
		checkCharacter(&c, f+".", &ch)
		slug := ch.Slug
		if slug == "" {
			slug = Slugify(ch.Name)
		}
		if slug != "" {
			if charSlugs[slug] {
				c.Add(f+".slug", "repeats %q", slug)
			}
			charSlugs[slug] = true
		}
	}
	// A character reference is checked here only when the document names
	// its characters; otherwise the store checks it against stored ones.
	knownChar := func(field, slug string) {
		if slug != "" && t.Characters != nil && !charSlugs[slug] {
			c.Add(field, "names no character of this title: %q", slug)
		}
	}
	c.count("cast", len(t.Cast))
	for i, cr := range t.Cast {
		f := fmt.Sprintf("cast[%d]", i)
		c.slug(f+".person", cr.Person, true)
		c.slug(f+".character", cr.Character, false)
		knownChar(f+".character", cr.Character)
		c.oneOf(f+".role", cr.Role, castRoles, true)
		if cr.Billing < 0 {
			c.Add(f+".billing", "must not be negative")
		}
		c.text(f+".note", cr.Note, false, maxName)
	}
	c.count("crew", len(t.Crew))
	for i, cr := range t.Crew {
		f := fmt.Sprintf("crew[%d]", i)
		c.slug(f+".person", cr.Person, true)
		c.oneOf(f+".department", cr.Department, depts, true)
		c.text(f+".job", cr.Job, true, maxName)
		c.text(f+".note", cr.Note, false, maxName)
	}
	seenSeason := map[int]bool{}
	c.count("seasons", len(t.Seasons))
	for i := range t.Seasons {
		f := fmt.Sprintf("seasons[%d]", i)
		checkSeason(&c, f+".", &t.Seasons[i])
		if seenSeason[t.Seasons[i].Number] {
			c.Add(f+".number", "repeats season %d", t.Seasons[i].Number)
		}
		seenSeason[t.Seasons[i].Number] = true
	}
	c.count("quotes", len(t.Quotes))
	for i, q := range t.Quotes {
		f := fmt.Sprintf("quotes[%d]", i)
		c.text(f+".text", q.Text, true, maxShort)
		c.slug(f+".character", q.Character, false)
		knownChar(f+".character", q.Character)
		if q.Season < 0 || q.Episode < 0 {
			c.Add(f+".episode", "season and episode numbers must not be negative")
		}
		if q.Episode > 0 && q.Season == 0 {
			c.Add(f+".season", "is required when episode is given")
		}
	}
	c.count("faq", len(t.FAQ))
	for i, q := range t.FAQ {
		f := fmt.Sprintf("faq[%d]", i)
		c.text(f+".question", q.Question, true, maxShort)
		c.text(f+".answer", q.Answer, true, maxLong)
	}
	c.count("related", len(t.Related))
	for i, r := range t.Related {
		f := fmt.Sprintf("related[%d]", i)
		c.slug(f+".title", r.Title, true)
		c.oneOf(f+".relation", r.Relation, relations, true)
		c.text(f+".note", r.Note, false, maxShort)
		if r.Title != "" && r.Title == t.Slug {
			c.Add(f+".title", "a title cannot be related to itself")
		}
	}
	return c.Err()
}

// validateSeason checks a season document on its own (PUT of one season).
func validateSeason(s *Season) error {
	var c checker
	checkSeason(&c, "", s)
	return c.Err()
}

func checkSeason(c *checker, prefix string, s *Season) {
	if s.Number < 0 || s.Number > 1000 {
		c.Add(prefix+"number", "must be between 0 (specials) and 1000")
	}
	c.text(prefix+"title", s.Name, false, maxName)
	c.date(prefix+"first_aired", s.FirstAired)
	c.date(prefix+"last_aired", s.LastAired)
	if s.EpisodeCount < 0 || s.EpisodeCount > 10000 {
		c.Add(prefix+"episode_count", "must be between 0 and 10000")
	}
	c.text(prefix+"synopsis", s.Synopsis, false, maxLong)
	c.count(prefix+"episodes", len(s.Episodes))
	seen := map[int]bool{}
	for i, e := range s.Episodes {
		f := fmt.Sprintf("%sepisodes[%d]", prefix, i)
		if e.Number < 1 || e.Number > 10000 {
			c.Add(f+".number", "must be between 1 and 10000")
		}
		if seen[e.Number] {
			c.Add(f+".number", "repeats episode %d", e.Number)
		}
		seen[e.Number] = true
		c.text(f+".title", e.Name, false, maxName)
		c.date(f+".air_date", e.AirDate)
		if e.Runtime < 0 || e.Runtime > 10000 {
			c.Add(f+".runtime_minutes", "must be between 0 and 10000")
		}
		c.text(f+".synopsis", e.Synopsis, false, maxLong)
		if e.AudienceShare != nil && (*e.AudienceShare < 0 || *e.AudienceShare > 100) {
			c.Add(f+".audience_share", "must be a percentage between 0 and 100")
		}
	}
}

// validateCharacter checks a character document on its own.
func validateCharacter(ch *Character) error {
	var c checker
	checkCharacter(&c, "", ch)
	return c.Err()
}

func checkCharacter(c *checker, prefix string, ch *Character) {
	c.slug(prefix+"slug", ch.Slug, false)
	c.text(prefix+"name", ch.Name, true, maxName)
	c.text(prefix+"native_name", ch.NativeName, false, maxName)
	c.text(prefix+"description", ch.Description, false, maxLong)
	c.names(prefix+"names", ch.Names, otherNames)
	if ch.Slug == "" && strings.TrimSpace(ch.Name) != "" && Slugify(ch.Name) == "" {
		c.Add(prefix+"slug", "cannot be derived from the name; give one")
	}
}

// validatePerson checks a person document.
func validatePerson(p *Person) error {
	var c checker
	c.slug("slug", p.Slug, false)
	c.text("name", p.Name, true, maxName)
	c.text("native_name", p.NativeName, false, maxName)
	c.names("names", p.Names, otherNames)
	c.date("birth_date", p.BirthDate)
	c.text("birth_place", p.BirthPlace, false, maxName)
	c.text("biography", p.Biography, false, maxLong)
	c.links("external_links", p.Links)
	if p.Slug == "" && p.Name != "" && Slugify(p.Name) == "" {
		c.Add("slug", "cannot be derived from the name; give one")
	}
	return c.Err()
}
