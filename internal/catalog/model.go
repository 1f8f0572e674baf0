// Package catalog holds dramadb's catalog: titles with their seasons and
// episodes, people, characters and credits, and every section a title page
// shows. The same types are read by the web pages, returned by the JSON API
// and accepted as write documents; the demo catalog is a file of them.
package catalog

import "time"

// Kinds of title.
const (
	KindSeries  = "series"
	KindMovie   = "movie"
	KindSpecial = "special"
)

// Title statuses.
const (
	StatusAnnounced = "announced"
	StatusUpcoming  = "upcoming"
	StatusAiring    = "airing"
	StatusEnded     = "ended"
	StatusCancelled = "cancelled"
	StatusReleased  = "released"
)

// Title is one series, movie or special with all its sections. Read
// responses fill what the caller asked for; on writes, a nil section is left
// as stored and a non-nil one (even empty) replaces what is stored.
type Title struct {
	ID            int64  `json:"id,omitempty"`
	Slug          string `json:"slug"`
	Kind          string `json:"kind"`
	Name          string `json:"title"`
	OriginalTitle string `json:"original_title,omitempty"`
	Logline       string `json:"logline,omitempty"`
	Synopsis      string `json:"synopsis,omitempty"`
	Status        string `json:"status,omitempty"`
	// Dates are ISO 8601 calendar dates, possibly reduced: "2019-12-14",
	// "2019-12" or "2026".
	FirstAired       string `json:"first_aired,omitempty"`
	LastAired        string `json:"last_aired,omitempty"`
	Runtime          int    `json:"runtime_minutes,omitempty"`
	OriginalLanguage string `json:"original_language,omitempty"` // BCP 47, e.g. "ko"

	Schedule *Schedule `json:"schedule,omitempty"`

	AltTitles          []AltTitle    `json:"alternative_titles,omitempty"`
	Genres             []Term        `json:"genres,omitempty"`
	Tags               []Tag         `json:"tags,omitempty"`
	Countries          []string      `json:"countries,omitempty"` // ISO 3166-1 alpha-2
	AudioLanguages     []string      `json:"audio_languages,omitempty"`
	SubtitleLanguages  []string      `json:"subtitle_languages,omitempty"`
	Networks           []Network     `json:"networks,omitempty"`
	AgeRatings         []AgeRating   `json:"age_ratings,omitempty"`
	ExternalLinks      []Link        `json:"external_links,omitempty"`
	FilmingLocations   []Location    `json:"filming_locations,omitempty"`
	Trivia             []Trivia      `json:"trivia,omitempty"`
	ParentalGuide      []GuideEntry  `json:"parental_guide,omitempty"`
	ContentDescriptors []string      `json:"content_descriptors,omitempty"`
	WatchOptions       []WatchOption `json:"where_to_watch,omitempty"`
	Characters         []Character   `json:"characters,omitempty"`
	Cast               []CastCredit  `json:"cast,omitempty"`
	Crew               []CrewCredit  `json:"crew,omitempty"`
	Seasons            []Season      `json:"seasons,omitempty"`
	Quotes             []Quote       `json:"quotes,omitempty"`
	FAQ                []FAQEntry    `json:"faq,omitempty"`
	Related            []Relation    `json:"related,omitempty"`

	CreatedAt time.Time `json:"created_at,omitzero"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Schedule is a weekly broadcast slot, e.g. Saturdays and Sundays at 21:00
// in Asia/Seoul.
type Schedule struct {
	Days     []string `json:"days"`      // "mon" … "sun"
	Time     string   `json:"time"`      // "21:00"
	TimeZone string   `json:"time_zone"` // IANA name, e.g. "Asia/Seoul"
}

// Alternative-title and name types.
const (
	NameNative       = "native"       // in the original script, e.g. Hangul
	NameHanja        = "hanja"        // written with Hanja (mixed script)
	NameRomanized    = "romanized"    // System says which romanization
	NameLiteral      = "literal"      // literal translation
	NameAKA          = "aka"          // another title it is known by
	NameAbbreviation = "abbreviation" // e.g. CLOY
	NameNickname     = "nickname"     // characters: e.g. "Capt Ri"
	NameVariant      = "variant"      // another spelling of a name
	NameBirth        = "birth"        // people: birth name
)

// Romanization systems.
const (
	RomanizationRR = "rr" // Revised Romanization of Korean
	RomanizationMR = "mr" // McCune–Reischauer
)

// AltTitle is another title or name of an entity with its language, script
// and type.
type AltTitle struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Language string `json:"language,omitempty"` // BCP 47
	Script   string `json:"script,omitempty"`   // ISO 15924: Hang, Kore, Latn …
	System   string `json:"system,omitempty"`   // for romanized: rr or mr
}

// Term is a named classification with a slug, such as a genre.
type Term struct {
	Slug string `json:"slug,omitempty"`
	Name string `json:"name"`
}

// Tag kinds.
const (
	TagTrope   = "trope"
	TagTheme   = "theme"
	TagKeyword = "keyword"
)

// Tag is a trope, theme or keyword.
type Tag struct {
	Slug string `json:"slug,omitempty"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Network roles.
const (
	NetworkOriginal = "original" // the broadcaster that first aired it
	NetworkPlatform = "platform" // a streaming platform that carries it
)

// Network is a broadcaster or platform and its role for a title.
type Network struct {
	Slug string `json:"slug,omitempty"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// AgeRating is a rating given by a country's rating system.
type AgeRating struct {
	Country string `json:"country"` // ISO 3166-1 alpha-2
	System  string `json:"system,omitempty"`
	Rating  string `json:"rating"`
	Reason  string `json:"reason,omitempty"`
}

// Link sites.
const (
	SiteIMDb           = "imdb"
	SiteWikipedia      = "wikipedia"
	SiteRottenTomatoes = "rotten_tomatoes"
	SiteOfficial       = "official"
	SiteOther          = "other"
)

// Link is an external page about the entity.
type Link struct {
	Site  string `json:"site"`
	URL   string `json:"url"`
	Label string `json:"label,omitempty"`
}

// Location is a filming location.
type Location struct {
	Place   string `json:"place"`
	Region  string `json:"region,omitempty"`
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-2
	Note    string `json:"note,omitempty"`    // what was shot there
}

// Trivia is one fact about the title.
type Trivia struct {
	Text    string `json:"text"`
	Spoiler bool   `json:"spoiler,omitempty"`
}

// Parental guide categories. The first five describe what a title offers,
// the rest what a parent may want to avoid.
const (
	GuideEducationalValue      = "educational_value"
	GuidePositiveMessages      = "positive_messages"
	GuidePositiveRoleModels    = "positive_role_models"
	GuideDiverseRepresentation = "diverse_representations"
	GuideViolenceScariness     = "violence_scariness"
	GuideSexNudity             = "sex_nudity"
	GuideViolenceGore          = "violence_gore"
	GuideProfanity             = "profanity"
	GuideAlcoholDrugsSmoking   = "alcohol_drugs_smoking"
	GuideFrighteningIntense    = "frightening_intense"
)

// Parental guide severities, in increasing order.
const (
	SeverityNone     = "none"
	SeverityMild     = "mild"
	SeverityModerate = "moderate"
	SeveritySevere   = "severe"
)

// GuideEntry is one parental guide category for a title.
type GuideEntry struct {
	Category string `json:"category"`
	Severity string `json:"severity"`
	Note     string `json:"note,omitempty"`
}

// Offer types for where to watch.
const (
	OfferSubscription = "subscription"
	OfferFree         = "free"
	OfferRent         = "rent"
	OfferBuy          = "buy"
)

// WatchOption is a place to watch the title in a region.
type WatchOption struct {
	Region            string   `json:"region"` // ISO 3166-1 alpha-2, or "ZZ" for worldwide
	Provider          string   `json:"provider"`
	Offer             string   `json:"offer"`
	AudioLanguages    []string `json:"audio_languages,omitempty"`
	SubtitleLanguages []string `json:"subtitle_languages,omitempty"`
	URL               string   `json:"url,omitempty"`
}

// Character is a role in a title, with its own names.
type Character struct {
	ID          int64      `json:"id,omitempty"`
	Slug        string     `json:"slug,omitempty"`
	Name        string     `json:"name"`
	NativeName  string     `json:"native_name,omitempty"`
	Names       []AltTitle `json:"names,omitempty"` // variants and nicknames
	Description string     `json:"description,omitempty"`
	// Read-only context filled on character reads.
	Title  *TitleRef   `json:"title,omitempty"`
	Played []PersonRef `json:"played_by,omitempty"`
}

// Cast roles.
const (
	RoleMain       = "main"
	RoleSupporting = "supporting"
	RoleGuest      = "guest"
)

// CastCredit is a person playing a character. Character is the slug of one
// of the title's characters, or empty when the role is not specified.
type CastCredit struct {
	Person    string `json:"person"` // person slug
	Character string `json:"character,omitempty"`
	Role      string `json:"role"`
	Billing   int    `json:"billing,omitempty"` // 1 = top billed; 0 = unbilled
	Note      string `json:"note,omitempty"`
	// Read-only, filled on reads.
	PersonName       string `json:"person_name,omitempty"`
	PersonNativeName string `json:"person_native_name,omitempty"`
	CharacterName    string `json:"character_name,omitempty"`
	CharacterNative  string `json:"character_native_name,omitempty"`
}

// Crew departments.
const (
	DeptCreative   = "creative"
	DeptWriting    = "writing"
	DeptDirecting  = "directing"
	DeptProduction = "production"
	DeptMusic      = "music"
	DeptCamera     = "camera"
	DeptEditing    = "editing"
	DeptArt        = "art"
	DeptOther      = "other"
)

// CrewCredit is a person's job on a title, e.g. writing / "Writer".
type CrewCredit struct {
	Person     string `json:"person"`
	Department string `json:"department"`
	Job        string `json:"job"`
	Note       string `json:"note,omitempty"`
	// Read-only, filled on reads.
	PersonName       string `json:"person_name,omitempty"`
	PersonNativeName string `json:"person_native_name,omitempty"`
}

// Season is a numbered season of a series with its episodes.
type Season struct {
	ID           int64     `json:"id,omitempty"`
	Number       int       `json:"number"`
	Name         string    `json:"title,omitempty"`
	FirstAired   string    `json:"first_aired,omitempty"`
	LastAired    string    `json:"last_aired,omitempty"`
	EpisodeCount int       `json:"episode_count,omitempty"` // announced count; read: max(announced, listed)
	Synopsis     string    `json:"synopsis,omitempty"`
	Episodes     []Episode `json:"episodes,omitempty"`
	// Read-only context filled on season reads.
	Title *TitleRef `json:"title_ref,omitempty"`
}

// Episode is one episode of a season.
type Episode struct {
	ID       int64  `json:"id,omitempty"`
	Number   int    `json:"number"`
	Name     string `json:"title,omitempty"`
	AirDate  string `json:"air_date,omitempty"`
	Runtime  int    `json:"runtime_minutes,omitempty"`
	Synopsis string `json:"synopsis,omitempty"`
	// AudienceShare is the nationwide broadcast share in percent, when known.
	AudienceShare *float64 `json:"audience_share,omitempty"`
}

// Quote is a line said by a character, optionally in a given episode.
type Quote struct {
	Text          string `json:"text"`
	Character     string `json:"character,omitempty"` // character slug
	Season        int    `json:"season,omitempty"`
	Episode       int    `json:"episode,omitempty"`
	CharacterName string `json:"character_name,omitempty"` // read-only
}

// FAQEntry is a question about the title and its answer.
type FAQEntry struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Relations between titles.
const (
	RelRecommendation = "recommendation" // editorial; Note says why
	RelSimilar        = "similar"
	RelSequel         = "sequel"
	RelPrequel        = "prequel"
	RelRemake         = "remake"
	RelAdaptation     = "adaptation"
	RelSpinOff        = "spin_off"
)

// Relation links a title to another title.
type Relation struct {
	Title    string    `json:"title"` // slug of the other title
	Relation string    `json:"relation"`
	Note     string    `json:"note,omitempty"`
	Ref      *TitleRef `json:"ref,omitempty"` // read-only summary of the other title
}

// TitleRef is a short summary of a title, used in lists and links.
type TitleRef struct {
	ID         int64  `json:"id,omitempty"`
	Slug       string `json:"slug"`
	Kind       string `json:"kind"`
	Name       string `json:"title"`
	NativeName string `json:"native_title,omitempty"`
	Year       int    `json:"year,omitempty"`
	Logline    string `json:"logline,omitempty"`
}

// Person is an actor or crew member.
type Person struct {
	ID         int64      `json:"id,omitempty"`
	Slug       string     `json:"slug"`
	Name       string     `json:"name"`
	NativeName string     `json:"native_name,omitempty"`
	Names      []AltTitle `json:"names,omitempty"`
	BirthDate  string     `json:"birth_date,omitempty"`
	BirthPlace string     `json:"birth_place,omitempty"`
	Biography  string     `json:"biography,omitempty"`
	Links      []Link     `json:"external_links,omitempty"`
	// Read-only: the person's filmography, newest first.
	Filmography []FilmographyEntry `json:"filmography,omitempty"`
	CreatedAt   time.Time          `json:"created_at,omitzero"`
	UpdatedAt   time.Time          `json:"updated_at,omitzero"`
}

// PersonRef is a short summary of a person.
type PersonRef struct {
	Slug       string `json:"slug"`
	Name       string `json:"name"`
	NativeName string `json:"native_name,omitempty"`
}

// FilmographyEntry is one title a person worked on and what they did.
type FilmographyEntry struct {
	Title         TitleRef `json:"title"`
	Character     string   `json:"character,omitempty"`      // cast: character name
	CharacterSlug string   `json:"character_slug,omitempty"` // cast
	Role          string   `json:"role,omitempty"`           // cast: main, supporting, guest
	Department    string   `json:"department,omitempty"`     // crew
	Job           string   `json:"job,omitempty"`            // crew
}

// Page is one page of a list.
type Page[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
	// Capped says Total stopped counting: there are at least that many.
	Capped bool `json:"total_capped,omitempty"`
}

// Pages returns the number of pages.
func (p Page[T]) Pages() int {
	if p.PerPage <= 0 {
		return 0
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}

// TitleFilter selects titles for browse pages and lists.
type TitleFilter struct {
	Genre   string // genre slug
	Country string // ISO code
	Year    int    // a single year; the same as YearFrom = YearTo = Year
	Network string // network or platform slug, in any role
	Tag     string // tag slug, of any kind
	Kind    string
	Status  string // airing, ended, …
	// YearFrom and YearTo bound the first-air year; 0 leaves a side open.
	YearFrom, YearTo int
	// ScoreMin and ScoreMax bound the audience score (0.5–10); 0 leaves a
	// side open. Either keeps only rated titles.
	ScoreMin, ScoreMax float64
	// Provider and Region select titles one can watch on a provider
	// (its name, as in where_to_watch) and/or in a region; worldwide
	// offers count for every region.
	Provider string
	Region   string
	// Sort is date (first aired, newest first; the default), score (the
	// weighted rating, best first), popularity (members tracking) or title.
	// Ties are broken by id, so pages never overlap or skip.
	Sort string
	// StatsGeneration is the rankings' generation; results that depend on
	// the stats are cached under it, so a recomputation shows at once.
	StatsGeneration int64
	Page            int // 1-based
	PerPage         int
}

// Browse sorts.
const (
	SortDate       = "date"
	SortScore      = "score"
	SortPopularity = "popularity"
	SortTitle      = "title"
)

// UsesStats reports whether the result depends on title_stats, which the
// rankings recompute in the background.
func (f TitleFilter) UsesStats() bool {
	return f.Sort == SortScore || f.Sort == SortPopularity || f.ScoreMin != 0 || f.ScoreMax != 0
}

// Sections a title read can include. The core fields are always present.
const (
	SecNames      = "alternative_titles"
	SecGenres     = "genres"
	SecTags       = "tags"
	SecCountries  = "countries"
	SecLanguages  = "languages"
	SecNetworks   = "networks"
	SecAgeRatings = "age_ratings"
	SecLinks      = "external_links"
	SecLocations  = "filming_locations"
	SecTrivia     = "trivia"
	SecGuide      = "parental_guide"
	SecWatch      = "where_to_watch"
	SecCharacters = "characters"
	SecCredits    = "credits"
	SecSeasons    = "seasons"
	SecEpisodes   = "episodes"
	SecQuotes     = "quotes"
	SecFAQ        = "faq"
	SecRelated    = "related"
)

// AllSections lists every section, in the order a title page shows them.
var AllSections = []string{
	SecNames, SecGenres, SecTags, SecCountries, SecLanguages, SecNetworks,
	SecAgeRatings, SecLinks, SecLocations, SecTrivia, SecGuide, SecWatch,
	SecCharacters, SecCredits, SecSeasons, SecEpisodes, SecQuotes, SecFAQ, SecRelated,
}
