package web

import (
	"html/template"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/catalog"
)

// This file turns the catalog's codes into the words a reader sees: country
// and language names, labels for enum values, dates and durations. Every
// helper is a map look-up or a little string work, cheap enough to call
// hundreds of times per page.

// countryNames maps ISO 3166-1 alpha-2 codes to English short names.
var countryNames = map[string]string{
	"ZZ": "Worldwide",
	"KR": "South Korea",
	"KP": "North Korea",
	"US": "United States",
	"GB": "United Kingdom",
	"JP": "Japan",
	"CN": "China",
	"TW": "Taiwan",
	"HK": "Hong Kong",
	"MO": "Macao",
	"MN": "Mongolia",
	"CH": "Switzerland",
	"FR": "France",
	"DE": "Germany",
	"IT": "Italy",
	"ES": "Spain",
	"PT": "Portugal",
	"NL": "Netherlands",
	"BE": "Belgium",
	"AT": "Austria",
	"IE": "Ireland",
	"SE": "Sweden",
	"NO": "Norway",
	"DK": "Denmark",
	"FI": "Finland",
	"PL": "Poland",
	"CZ": "Czechia",
	"HU": "Hungary",
	"GR": "Greece",
	"RU": "Russia",
	"UA": "Ukraine",
	"TR": "Türkiye",
	"IL": "Israel",
	"AE": "United Arab Emirates",
	"SA": "Saudi Arabia",
	"EG": "Egypt",
	"ZA": "South Africa",
	"NG": "Nigeria",
	"CA": "Canada",
	"AU": "Australia",
	"NZ": "New Zealand",
	"IN": "India",
	"PK": "Pakistan",
	"BD": "Bangladesh",
	"LK": "Sri Lanka",
	"NP": "Nepal",
	"TH": "Thailand",
	"PH": "Philippines",
	"SG": "Singapore",
	"MY": "Malaysia",
	"ID": "Indonesia",
	"VN": "Vietnam",
	"KH": "Cambodia",
	"LA": "Laos",
	"MM": "Myanmar",
	"KZ": "Kazakhstan",
	"UZ": "Uzbekistan",
	"BR": "Brazil",
	"MX": "Mexico",
	"AR": "Argentina",
	"CL": "Chile",
	"CO": "Colombia",
	"PE": "Peru",
}

// countryName returns the English name of an ISO 3166-1 alpha-2 code ("ZZ"
// is worldwide), or the code itself when it is not known.
func countryName(code string) string {
	if n, ok := countryNames[code]; ok {
		return n
	}
	if n, ok := countryNames[strings.ToUpper(code)]; ok {
		return n
	}
	return code
}

// languageNames maps ISO 639 language subtags to English names.
var languageNames = map[string]string{
	"ko":  "Korean",
	"en":  "English",
	"ja":  "Japanese",
	"zh":  "Chinese",
	"yue": "Cantonese",
	"cmn": "Mandarin",
	"es":  "Spanish",
	"fr":  "French",
	"de":  "German",
	"pt":  "Portuguese",
	"th":  "Thai",
	"vi":  "Vietnamese",
	"id":  "Indonesian",
	"ar":  "Arabic",
	"hi":  "Hindi",
	"it":  "Italian",
	"ru":  "Russian",
	"tr":  "Turkish",
	"ms":  "Malay",
	"tl":  "Tagalog",
	"fil": "Filipino",
	"nl":  "Dutch",
	"pl":  "Polish",
	"sv":  "Swedish",
	"no":  "Norwegian",
	"nb":  "Norwegian Bokmål",
	"da":  "Danish",
	"fi":  "Finnish",
	"el":  "Greek",
	"he":  "Hebrew",
	"uk":  "Ukrainian",
	"cs":  "Czech",
	"hu":  "Hungarian",
	"ro":  "Romanian",
	"bn":  "Bengali",
	"ta":  "Tamil",
	"te":  "Telugu",
	"mn":  "Mongolian",
	"my":  "Burmese",
	"km":  "Khmer",
	"lo":  "Lao",
}

// languageVariants names common BCP 47 tags whose plain composition would
// read badly, such as Chinese scripts.
var languageVariants = map[string]string{
	"zh-Hans": "Chinese (Simplified)",
	"zh-Hant": "Chinese (Traditional)",
	"zh-CN":   "Chinese (Simplified)",
	"zh-TW":   "Chinese (Traditional)",
	"zh-HK":   "Chinese (Hong Kong)",
	"es-419":  "Spanish (Latin America)",
	"pt-BR":   "Portuguese (Brazil)",
	"pt-PT":   "Portuguese (Portugal)",
	"en-US":   "English (US)",
	"en-GB":   "English (UK)",
	"fr-CA":   "French (Canada)",
	"ko-KP":   "Korean (North Korea)",
}

// scriptNames maps ISO 15924 codes to English names.
var scriptNames = map[string]string{
	"Hang": "Hangul",
	"Kore": "Hangul and Hanja",
	"Hani": "Han characters",
	"Hans": "Simplified Han",
	"Hant": "Traditional Han",
	"Jpan": "Japanese script",
	"Hira": "Hiragana",
	"Kana": "Katakana",
	"Latn": "Latin",
	"Cyrl": "Cyrillic",
	"Arab": "Arabic",
	"Thai": "Thai",
	"Deva": "Devanagari",
	"Grek": "Greek",
	"Hebr": "Hebrew",
}

// languageName returns the English name of a BCP 47 tag: "ko" → "Korean",
// "zh-Hant" → "Chinese (Traditional)", "pt-BR" → "Portuguese (Brazil)". It
// falls back to the tag itself.
func languageName(tag string) string {
	if n, ok := languageNames[tag]; ok {
		return n
	}
	if n, ok := languageVariants[tag]; ok {
		return n
	}
	base, rest, found := strings.Cut(tag, "-")
	n, ok := languageNames[strings.ToLower(base)]
	if !ok {
		return tag
	}
	if !found {
		return n
	}
	// Name the first subtag after the language that we know: a script
	// (four letters) or a region (two letters or three digits).
	for sub := range strings.SplitSeq(rest, "-") {
		switch len(sub) {
		case 4:
			if s, ok := scriptNames[sub]; ok {
				return n + " (" + s + ")"
			}
		case 2:
			if c, ok := countryNames[strings.ToUpper(sub)]; ok {
				return n + " (" + c + ")"
			}
		}
	}
	return n
}

// scriptName names an ISO 15924 script code for the given language: Han
// characters are Hanja in Korean and Kanji in Japanese.
func scriptName(script, lang string) string {
	if script == "Hani" {
		switch baseLang(lang) {
		case "ko":
			return "Hanja"
		case "ja":
			return "Kanji"
		case "zh":
			return "Hanzi"
		}
	}
	if n, ok := scriptNames[script]; ok {
		return n
	}
	return script
}

func baseLang(tag string) string {
	base, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(base)
}

// joinLanguages lists language names: "Korean, English and Japanese".
func joinLanguages(tags []string) string {
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = languageName(t)
	}
	return joinAnd(names)
}

// joinAnd joins words as an English list: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	case 2:
		return words[0] + " and " + words[1]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// humanize turns an unknown code such as "behind_the_scenes" into
// "Behind the scenes", so a new enum value still reads acceptably.
func humanize(code string) string {
	if code == "" {
		return ""
	}
	s := strings.ReplaceAll(code, "_", " ")
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[size:]
}

func label(m map[string]string, code string) string {
	if l, ok := m[code]; ok {
		return l
	}
	return humanize(code)
}

var kindLabels = map[string]string{
	catalog.KindSeries:  "TV series",
	catalog.KindMovie:   "Movie",
	catalog.KindSpecial: "Special",
}

// kindPlural labels a kind as a browse heading.
var kindPlural = map[string]string{
	catalog.KindSeries:  "TV series",
	catalog.KindMovie:   "Movies",
	catalog.KindSpecial: "Specials",
}

// kindPluralLower is kindPlural inside a sentence: "Romance movies".
var kindPluralLower = map[string]string{
	catalog.KindSeries:  "TV series",
	catalog.KindMovie:   "movies",
	catalog.KindSpecial: "specials",
}

var statusLabels = map[string]string{
	catalog.StatusAnnounced: "Announced",
	catalog.StatusUpcoming:  "Upcoming",
	catalog.StatusAiring:    "Airing",
	catalog.StatusEnded:     "Ended",
	catalog.StatusCancelled: "Cancelled",
	catalog.StatusReleased:  "Released",
}

var nameTypeLabels = map[string]string{
	catalog.NameNative:       "Native title",
	catalog.NameHanja:        "Hanja",
	catalog.NameRomanized:    "Romanized",
	catalog.NameLiteral:      "Literal translation",
	catalog.NameAKA:          "Also known as",
	catalog.NameAbbreviation: "Abbreviation",
	catalog.NameNickname:     "Nickname",
	catalog.NameVariant:      "Variant",
	catalog.NameBirth:        "Birth name",
}

var romanizationLabels = map[string]string{
	catalog.RomanizationRR: "Revised Romanization",
	catalog.RomanizationMR: "McCune–Reischauer",
}

// tagKindLabels are headings for groups of tags.
var tagKindLabels = map[string]string{
	catalog.TagTrope:   "Tropes",
	catalog.TagTheme:   "Themes",
	catalog.TagKeyword: "Keywords",
}

// tagKindSingular names one tag's kind, as in an applied browse filter.
var tagKindSingular = map[string]string{
	catalog.TagTrope:   "Trope",
	catalog.TagTheme:   "Theme",
	catalog.TagKeyword: "Keyword",
}

var tagKindOrder = []string{catalog.TagTrope, catalog.TagTheme, catalog.TagKeyword}

var networkRoleLabels = map[string]string{
	catalog.NetworkOriginal: "Original network",
	catalog.NetworkPlatform: "Streaming platform",
}

var siteLabels = map[string]string{
	catalog.SiteIMDb:           "IMDb",
	catalog.SiteWikipedia:      "Wikipedia",
	catalog.SiteRottenTomatoes: "Rotten Tomatoes",
	catalog.SiteOfficial:       "Official site",
	catalog.SiteOther:          "Other",
}

var guideLabels = map[string]string{
	catalog.GuideEducationalValue:      "Educational value",
	catalog.GuidePositiveMessages:      "Positive messages",
	catalog.GuidePositiveRoleModels:    "Positive role models",
	catalog.GuideDiverseRepresentation: "Diverse representations",
	catalog.GuideViolenceScariness:     "Violence & scariness",
	catalog.GuideSexNudity:             "Sex & nudity",
	catalog.GuideViolenceGore:          "Violence & gore",
	catalog.GuideProfanity:             "Profanity",
	catalog.GuideAlcoholDrugsSmoking:   "Alcohol, drugs & smoking",
	catalog.GuideFrighteningIntense:    "Frightening & intense scenes",
}

// guideOrder is the order a parental guide lists its categories in, and
// whether each describes something the title offers (true) or something a
// parent may want to avoid.
var guideOrder = []struct {
	Category string
	Positive bool
}{
	{catalog.GuideEducationalValue, true},
	{catalog.GuidePositiveMessages, true},
	{catalog.GuidePositiveRoleModels, true},
	{catalog.GuideDiverseRepresentation, true},
	{catalog.GuideViolenceScariness, false},
	{catalog.GuideViolenceGore, false},
	{catalog.GuideSexNudity, false},
	{catalog.GuideProfanity, false},
	{catalog.GuideAlcoholDrugsSmoking, false},
	{catalog.GuideFrighteningIntense, false},
}

var severityLabels = map[string]string{
	catalog.SeverityNone:     "None",
	catalog.SeverityMild:     "Mild",
	catalog.SeverityModerate: "Moderate",
	catalog.SeveritySevere:   "Severe",
}

// amountLabels describe the same four levels for the categories that are
// something good to have, where "severe educational value" would read oddly.
var amountLabels = map[string]string{
	catalog.SeverityNone:     "None",
	catalog.SeverityMild:     "A little",
	catalog.SeverityModerate: "Some",
	catalog.SeveritySevere:   "A lot",
}

// severityLevel places a severity on a 0–3 scale for the meter.
func severityLevel(s string) int {
	switch s {
	case catalog.SeverityMild:
		return 1
	case catalog.SeverityModerate:
		return 2
	case catalog.SeveritySevere:
		return 3
	}
	return 0
}

var offerLabels = map[string]string{
	catalog.OfferSubscription: "Subscription",
	catalog.OfferFree:         "Free",
	catalog.OfferRent:         "Rent",
	catalog.OfferBuy:          "Buy",
}

// roleLabels are headings for groups of cast credits.
var roleLabels = map[string]string{
	catalog.RoleMain:       "Main cast",
	catalog.RoleSupporting: "Supporting cast",
	catalog.RoleGuest:      "Guest appearances",
}

// roleShort labels a role in a filmography row.
var roleShort = map[string]string{
	catalog.RoleMain:       "Main role",
	catalog.RoleSupporting: "Supporting role",
	catalog.RoleGuest:      "Guest role",
}

var roleOrder = []string{catalog.RoleMain, catalog.RoleSupporting, catalog.RoleGuest}

var departmentLabels = map[string]string{
	catalog.DeptCreative:   "Creative",
	catalog.DeptWriting:    "Writing",
	catalog.DeptDirecting:  "Directing",
	catalog.DeptProduction: "Production",
	catalog.DeptMusic:      "Music",
	catalog.DeptCamera:     "Camera",
	catalog.DeptEditing:    "Editing",
	catalog.DeptArt:        "Art",
	catalog.DeptOther:      "Other",
}

var departmentOrder = []string{
	catalog.DeptCreative, catalog.DeptWriting, catalog.DeptDirecting,
	catalog.DeptProduction, catalog.DeptMusic, catalog.DeptCamera,
	catalog.DeptEditing, catalog.DeptArt, catalog.DeptOther,
}

var relationLabels = map[string]string{
	catalog.RelRecommendation: "Recommended",
	catalog.RelSimilar:        "Similar",
	catalog.RelSequel:         "Sequel",
	catalog.RelPrequel:        "Prequel",
	catalog.RelRemake:         "Remake",
	catalog.RelAdaptation:     "Adaptation",
	catalog.RelSpinOff:        "Spin-off",
}

// Days of the week as stored in a schedule, Monday first.
var dayCodes = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

var dayNames = map[string]string{
	"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday",
	"fri": "Friday", "sat": "Saturday", "sun": "Sunday",
}

// dayName returns the English name of a schedule day code ("sat" →
// "Saturday"), or the code when unknown.
func dayName(code string) string {
	if n, ok := dayNames[strings.ToLower(code)]; ok {
		return n
	}
	return code
}

var monthAbbr = [...]string{"", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var weekdayAbbr = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// parseDate splits a possibly reduced ISO 8601 date ("2019-12-14",
// "2019-12" or "2019") into its parts; month and day are 0 when absent.
func parseDate(s string) (year, month, day int, ok bool) {
	n := len(s)
	if n != 4 && n != 7 && n != 10 {
		return 0, 0, 0, false
	}
	year, ok = digits(s[0:4])
	if !ok {
		return 0, 0, 0, false
	}
	if n >= 7 {
		if s[4] != '-' {
			return 0, 0, 0, false
		}
		if month, ok = digits(s[5:7]); !ok || month < 1 || month > 12 {
			return 0, 0, 0, false
		}
	}
	if n == 10 {
		if s[7] != '-' {
			return 0, 0, 0, false
		}
		if day, ok = digits(s[8:10]); !ok || day < 1 || day > 31 {
			return 0, 0, 0, false
		}
	}
	return year, month, day, true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// formatDate formats a reduced date for reading: "2026" → "2026", "2019-12"
// → "Dec 2019", "2019-12-14" → "14 Dec 2019". Anything else is returned as
// it is.
func formatDate(s string) string {
	y, m, d, ok := parseDate(s)
	if !ok {
		return s
	}
	switch {
	case m == 0:
		return strconv.Itoa(y)
	case d == 0:
		return monthAbbr[m] + " " + strconv.Itoa(y)
	}
	return strconv.Itoa(d) + " " + monthAbbr[m] + " " + strconv.Itoa(y)
}

// formatDay formats a full date with its weekday: "Sat 14 Dec 2019".
// Reduced dates are formatted as formatDate does.
func formatDay(s string) string {
	y, m, d, ok := parseDate(s)
	if !ok || d == 0 {
		return formatDate(s)
	}
	wd := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC).Weekday()
	return weekdayAbbr[wd] + " " + strconv.Itoa(d) + " " + monthAbbr[m] + " " + strconv.Itoa(y)
}

// yearOf returns the year of a reduced date, or 0.
func yearOf(s string) int {
	if len(s) < 4 {
		return 0
	}
	y, ok := digits(s[:4])
	if !ok {
		return 0
	}
	return y
}

// yearSpan describes when a title ran: "2019–2020", "2019", or "2024–" for a
// series still airing.
func yearSpan(t *catalog.Title) string {
	first, last := yearOf(t.FirstAired), yearOf(t.LastAired)
	if first == 0 {
		return ""
	}
	fs := strconv.Itoa(first)
	if t.Kind == catalog.KindSeries && t.Status == catalog.StatusAiring && (last == 0 || last == first) {
		return fs + "–"
	}
	if last == 0 || last == first {
		return fs
	}
	return fs + "–" + strconv.Itoa(last)
}

// formatRuntime formats minutes: "45 min", "1 h 10 min", "2 h".
func formatRuntime(min int) string {
	if min <= 0 {
		return ""
	}
	if min < 60 {
		return strconv.Itoa(min) + " min"
	}
	h, m := min/60, min%60
	if m == 0 {
		return strconv.Itoa(h) + " h"
	}
	return strconv.Itoa(h) + " h " + strconv.Itoa(m) + " min"
}

// isoDuration formats minutes as an ISO 8601 duration for schema.org.
func isoDuration(min int) string {
	if min <= 0 {
		return ""
	}
	h, m := min/60, min%60
	s := "PT"
	if h > 0 {
		s += strconv.Itoa(h) + "H"
	}
	if m > 0 {
		s += strconv.Itoa(m) + "M"
	}
	return s
}

// formatShare formats an audience share in percent: "21.7%".
func formatShare(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 1, 64) + "%"
}

// plural returns "1 episode" or "16 episodes".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// scheduleText describes a broadcast slot: "Saturdays and Sundays, 21:00
// KST (Asia/Seoul)".
func scheduleText(s *catalog.Schedule) string {
	if s == nil {
		return ""
	}
	days := scheduleDays(s.Days)
	out := days
	if s.Time != "" {
		if out != "" {
			out += ", "
		}
		out += s.Time
		if s.TimeZone != "" {
			if abbr := zoneAbbr(s.TimeZone); abbr != "" {
				out += " " + abbr
			}
			out += " (" + s.TimeZone + ")"
		}
	} else if s.TimeZone != "" && out != "" {
		out += " (" + s.TimeZone + ")"
	}
	return out
}

// scheduleDays names the days in week order: "Saturdays and Sundays",
// "Weekdays", "Daily".
func scheduleDays(days []string) string {
	var set [7]bool
	var unknown []string
	n := 0
	for _, d := range days {
		i := dayIndex(d)
		if i < 0 {
			unknown = append(unknown, d)
			continue
		}
		if !set[i] {
			set[i] = true
			n++
		}
	}
	switch {
	case n == 7:
		return "Daily"
	case n == 5 && !set[5] && !set[6]:
		return "Weekdays"
	case n == 2 && set[5] && set[6]:
		return "Saturdays and Sundays"
	}
	words := make([]string, 0, n+len(unknown))
	for i, on := range set {
		if on {
			words = append(words, dayNames[dayCodes[i]]+"s")
		}
	}
	words = append(words, unknown...)
	return joinAnd(words)
}

func dayIndex(code string) int {
	c := strings.ToLower(code)
	if len(c) > 3 {
		c = c[:3]
	}
	for i, d := range dayCodes {
		if d == c {
			return i
		}
	}
	return -1
}

// Well-known zone abbreviations, so the common case needs no zoneinfo.
var zoneAbbrs = map[string]string{
	"Asia/Seoul":     "KST",
	"Asia/Pyongyang": "KST",
	"Asia/Tokyo":     "JST",
	"Asia/Shanghai":  "CST",
	"Asia/Taipei":    "CST",
	"Asia/Hong_Kong": "HKT",
	"Asia/Bangkok":   "ICT",
	"Asia/Manila":    "PHT",
	"Asia/Kolkata":   "IST",
	"UTC":            "UTC",
	"Etc/UTC":        "UTC",
}

var zoneCache sync.Map // IANA name → abbreviation ("" when unknown)

// zoneAbbr returns the current abbreviation of an IANA time zone ("KST"),
// or "" when it has none that reads as letters.
func zoneAbbr(name string) string {
	if a, ok := zoneAbbrs[name]; ok {
		return a
	}
	if a, ok := zoneCache.Load(name); ok {
		return a.(string)
	}
	abbr := ""
	if loc, err := time.LoadLocation(name); err == nil {
		a, _ := time.Now().In(loc).Zone()
		if a != "" && a[0] != '+' && a[0] != '-' {
			abbr = a
		}
	}
	zoneCache.Store(name, abbr)
	return abbr
}

// paragraphs splits text into paragraphs on blank lines, trimming each.
func paragraphs(s string) []string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return nil
	}
	if !strings.Contains(s, "\n\n") {
		return []string{s}
	}
	var out []string
	for p := range strings.SplitSeq(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// excerpt shortens s to at most max bytes at a word boundary, adding "…".
func excerpt(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > max/2 {
		cut = i
	}
	return strings.TrimRight(s[:cut], " ,.;:–—") + "…"
}

// textLang guesses the language of a short native-script text: Hangul is
// Korean and kana Japanese; Han characters alone take hint's language when
// it is a CJK one. It returns "" for anything else.
func textLang(s, hint string) string {
	han := false
	for _, r := range s {
		switch {
		case r < 0x1100:
			continue
		case isHangul(r):
			return "ko"
		case r >= 0x3040 && r <= 0x30FF: // Hiragana, Katakana
			return "ja"
		case (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0xF900 && r <= 0xFAFF):
			han = true
		}
	}
	if han {
		switch b := baseLang(hint); b {
		case "ko", "ja", "zh":
			return hint
		}
	}
	return ""
}

func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x1100 && r <= 0x11FF) ||
		(r >= 0x3130 && r <= 0x318F) || (r >= 0xA960 && r <= 0xA97F) || (r >= 0xD7B0 && r <= 0xD7FF)
}

// nativeHTML marks up native-script text with its language so the browser
// picks a suitable font: <span lang="ko">사랑의 불시착</span>. Text in no
// recognised script is only escaped.
func nativeHTML(s, hint string) template.HTML {
	if s == "" {
		return ""
	}
	esc := template.HTMLEscapeString(s)
	lang := textLang(s, hint)
	if lang == "" {
		return template.HTML(esc)
	}
	return template.HTML(`<span lang="` + template.HTMLEscapeString(lang) + `">` + esc + `</span>`)
}

// tintCount is how many placeholder colours the stylesheet defines, as
// [data-tint="0"] … [data-tint="23"]; a class-like attribute rather than an
// inline style, which the Content-Security-Policy forbids.
const tintCount = 24

// tint picks a stable placeholder colour (0 to tintCount-1) for a slug, so a
// title's poster and a person's avatar keep their colour across pages.
func tint(slug string) int {
	var h uint32 = 2166136261 // FNV-1a
	for i := 0; i < len(slug); i++ {
		h ^= uint32(slug[i])
		h *= 16777619
	}
	return int(h % tintCount)
}

// initial returns the first letter of a name for a placeholder poster,
// preferring the native name (a Hangul syllable reads well at large size).
func initial(native, name string) string {
	for _, s := range [2]string{native, name} {
		for _, r := range s {
			if r == ' ' || r == '\'' || r == '"' || r == '(' {
				continue
			}
			return string(r)
		}
	}
	return "?"
}

// hasSystem reports whether any name gives a romanization system, so a
// table of names can leave out an empty column.
func hasSystem(names []catalog.AltTitle) bool {
	for i := range names {
		if names[i].System != "" {
			return true
		}
	}
	return false
}
