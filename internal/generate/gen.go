package generate

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/catalog"
)

// refDay is "today" for statuses (airing, upcoming …), fixed so that a seed
// always gives the same catalog: 2026-10-01.
var refDay = daysFromCivil(2026, 10, 1)

// Calendar range of every date the generator writes, preformatted.
var (
	calFirst = daysFromCivil(1940, 1, 1)
	calLast  = daysFromCivil(2035, 12, 31)
	calDates []any // "YYYY-MM-DD" by day number − calFirst
)

func init() {
	calDates = make([]any, calLast-calFirst+1)
	for d := calFirst; d <= calLast; d++ {
		y, m, dd := civilFromDays(d)
		var b [10]byte
		b[0], b[1], b[2], b[3] = byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
		b[4], b[7] = '-', '-'
		b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
		b[8], b[9] = byte('0'+dd/10), byte('0'+dd%10)
		calDates[d-calFirst] = string(b[:])
	}
}

// date returns day d as a boxed "YYYY-MM-DD".
func date(d int) any { return calDates[d-calFirst] }

func dateString(d int) string { return calDates[d-calFirst].(string) }

// daysFromCivil and civilFromDays convert between proleptic Gregorian
// dates and days since 1970-01-01 (H. Hinnant's algorithms).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// weekday of day d: 0 = Sunday.
func weekday(d int) int { return ((d+4)%7 + 7) % 7 }

// Small integers, boxed once.
var smallInts = func() []any {
	s := make([]any, 2048)
	for i := range s {
		s[i] = int64(i)
	}
	return s
}()

func num(n int) any {
	if n >= 0 && n < len(smallInts) {
		return smallInts[n]
	}
	return int64(n)
}

// pool draws people from a range of the person pool with a popularity skew:
// most draws follow a continuous Zipf-like law (s = 1) so a few people get
// long filmographies, the rest are uniform so most people get some work.
type pool struct {
	n       int     // people in the pool
	v, logR float64 // Zipf offset and log((n+v)/v)
	mult    int     // scrambles popularity ranks over the pool
	crew    bool    // the crew pool: every eighth person
	all     bool    // too few people for two pools: draw from everyone
	first   int64   // id of the pool's person 0
}

func newPool(total int, crew bool, first int64) *pool {
	p := &pool{crew: crew, first: first}
	nCrew := total / 8
	switch {
	case nCrew == 0:
		p.n, p.all = total, true
	case crew:
		p.n = nCrew
	default:
		p.n = total - nCrew
	}
	// The offset v flattens the head: the busiest actor gets about 0.3‰ of
	// all cast credits, the busiest crew member about 1‰ of crew credits,
	// whatever the size of the pool.
	if crew {
		p.v = max(float64(p.n)/50, 10)
	} else {
		p.v = max(float64(p.n)/150, 10)
	}
	p.logR = math.Log((float64(p.n) + p.v) / p.v)
	p.mult = int(float64(p.n)*0.6180339887) | 1
	for gcd(p.mult, p.n) != 1 {
		p.mult += 2
	}
	return p
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// isCrew reports whether person index i of the pool belongs to the crew.
func isCrew(total, i int) bool { return total/8 > 0 && i%8 == 7 }

// draw returns the id of a person.
func (p *pool) draw(r *rand.Rand) int64 {
	var k int
	if r.IntN(5) == 0 {
		k = r.IntN(p.n)
	} else {
		k = int(p.v * (math.Exp(r.Float64()*p.logR) - 1))
		k = min(k, p.n-1)
		k = int(uint64(k) * uint64(p.mult) % uint64(p.n))
	}
	var idx int
	switch {
	case p.all:
		idx = k
	case p.crew:
		idx = 8*k + 7
	default:
		idx = k/7*8 + k%7
	}
	return p.first + int64(idx)
}

// generator makes batches of rows. One goroutine uses it; its single
// random stream makes the output depend on the seed only.
type generator struct {
	opt   Options
	r     *rand.Rand
	next  [nTables]int64 // next id per table
	terms termIDs
	stamp any // created_at / updated_at

	peopleDone   int
	firstPerson  int64
	actors, crew *pool

	perEntity []float64 // arguments per title of each table in the last batch

	yearCum   []int // cumulative weights of first-air years
	familyCum []int // cumulative weights of family names
	byLang    map[string]*vocab
}

// vocab is the part of the word lists a language has words for.
type vocab struct {
	nouns, roles, adjectives []word
}

const (
	firstYear = 1990
	lastYear  = 2026
)

func newGenerator(opt Options, next [nTables]int64, terms termIDs, stamp any) *generator {
	g := &generator{
		opt:   opt,
		r:     rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15)),
		next:  next,
		terms: terms,
		stamp: stamp,
	}
	g.firstPerson = next[tPeople]
	g.actors = newPool(opt.People, false, g.firstPerson)
	g.crew = newPool(opt.People, true, g.firstPerson)
	sum := 0
	for y := firstYear; y <= lastYear; y++ {
		sum += y - firstYear + 6 // recent years have more titles
		g.yearCum = append(g.yearCum, sum)
	}
	sum = 0
	for _, f := range familyNames {
		sum += f.weight
		g.familyCum = append(g.familyCum, sum)
	}
	g.byLang = map[string]*vocab{}
	for _, lang := range []string{"ko", "ja", "zh", "th"} {
		v := &vocab{}
		for _, w := range nouns {
			if w.in(lang) != "" {
				v.nouns = append(v.nouns, w)
			}
		}
		for _, w := range roles {
			if w.in(lang) != "" {
				v.roles = append(v.roles, w)
			}
		}
		for _, w := range adjectives {
			if w.in(lang) != "" {
				v.adjectives = append(v.adjectives, w)
			}
		}
		g.byLang[lang] = v
	}
	return g
}

func (g *generator) id(t int) int64 {
	id := g.next[t]
	g.next[t]++
	return id
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// cumPick picks an index by cumulative weights.
func cumPick(r *rand.Rand, cum []int) int {
	x := r.IntN(cum[len(cum)-1])
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// slugify is catalog.Slugify with a fast path for ASCII names.
func slugify(s string) string {
	var b []byte
	hyphen := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			return catalog.Slugify(s)
		case c == '\'' || c == '`':
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if hyphen && len(b) > 0 {
				b = append(b, '-')
			}
			hyphen = false
			b = append(b, c)
		case c >= 'A' && c <= 'Z':
			if hyphen && len(b) > 0 {
				b = append(b, '-')
			}
			hyphen = false
			b = append(b, c+'a'-'A')
		default:
			hyphen = true
		}
	}
	if len(b) > 100 {
		return catalog.Slugify(s)
	}
	return string(b)
}

func slugWithID(name string, id int64) string {
	s := slugify(name)
	if s == "" {
		return strconv.FormatInt(id, 10)
	}
	return s + "-" + strconv.FormatInt(id, 10)
}

// koreanName is a person or character name in Hangul and in the popular
// romanization, with the RR spelling and another common spelling.
type koreanName struct {
	native, latin, rr, variant string
	family                     string // popular romanization of the family name
}

func (g *generator) koreanName() koreanName {
	r := g.r
	f := familyNames[cumPick(r, g.familyCum)]
	n := 2
	if r.IntN(14) == 0 {
		n = 1
	}
	var syl [2]givenSyllable
	for i := range n {
		syl[i] = givenSyllables[r.IntN(len(givenSyllables))]
	}
	native := f.ko + syl[0].ko
	given := capitalize(syl[0].popular)
	rrGiven := capitalize(romanizeSyllable(syl[0].ko))
	for i := 1; i < n; i++ {
		native += syl[i].ko
		given += "-" + syl[i].popular
		rrGiven += "-" + romanizeSyllable(syl[i].ko)
	}
	k := koreanName{
		native: native,
		latin:  f.popular + " " + given,
		rr:     capitalize(romanize(f.ko, false)) + " " + rrGiven,
		family: f.popular,
	}
	// Another spelling: the family name's, a syllable's, or no hyphen.
	switch x := r.IntN(3); {
	case x == 0 && len(f.variants) > 0:
		k.variant = pick(r, f.variants) + " " + given
	case x == 1 && syl[n-1].variant != "":
		v := capitalize(syl[0].popular)
		if n == 2 {
			v += "-" + syl[1].variant
		} else {
			v = capitalize(syl[0].variant)
		}
		k.variant = f.popular + " " + v
	default:
		if n == 2 {
			k.variant = f.popular + " " + capitalize(syl[0].popular) + " " + capitalize(syl[1].popular)
		}
	}
	if k.variant == k.latin || k.variant == k.rr {
		k.variant = ""
	}
	return k
}

// people makes a batch of n people of the pool.
func (g *generator) people(n int) *batch {
	r := g.r
	b := &batch{}
	for _, t := range []int{tPeople, tPersonNames} {
		b.rows[t] = make([]any, 0, n*len(tables[t].columns)+16)
	}
	b.counts.People = n
	for range n {
		idx := g.peopleDone
		g.peopleDone++
		crew := isCrew(g.opt.People, idx)
		id := g.id(tPeople)
		k := g.koreanName()
		city := pick(r, birthCities)
		var born any = ""
		switch x := r.IntN(10); {
		case x < 7:
			lo, hi := daysFromCivil(1950, 1, 1), daysFromCivil(2006, 12, 31)
			if crew {
				lo, hi = daysFromCivil(1945, 1, 1), daysFromCivil(1992, 12, 31)
			} else if r.IntN(3) > 0 {
				lo = daysFromCivil(1975, 1, 1)
			}
			born = date(lo + r.IntN(hi-lo))
		case x < 8:
			born = strconv.Itoa(1950 + r.IntN(50))
		}
		bio := "South Korean actor from " + city + "."
		if crew {
			bio = "South Korean " + pick(r, []string{"television director", "screenwriter", "director and screenwriter", "composer", "producer"}) + " from " + city + "."
		}
		b.add(tPeople, id, slugWithID(k.latin, id), k.latin, k.native, born, city+", South Korea", bio, g.stamp, g.stamp)
		pos := 0
		if k.rr != k.latin {
			b.add(tPersonNames, g.id(tPersonNames), id, num(pos), k.rr, catalog.NameRomanized, "ko", "Latn", catalog.RomanizationRR)
			pos++
		}
		if k.variant != "" && r.IntN(3) == 0 {
			b.add(tPersonNames, g.id(tPersonNames), id, num(pos), k.variant, catalog.NameVariant, "ko", "Latn", "")
		}
	}
	return b
}

// titleText is a title in English and in its original language.
type titleText struct{ en, native string }

// smallWords stay lower case inside an English title.
var smallWords = map[string]bool{"of": true, "the": true, "in": true, "on": true, "and": true, "a": true, "an": true}

func withParticle(ko, consonant, vowel string) string {
	if hasBatchim(ko) {
		return ko + consonant
	}
	return ko + vowel
}

// titleName builds a title from a template; the Korean, Japanese, Chinese
// or Thai version says the same thing.
func (g *generator) titleName(lang string) titleText {
	r := g.r
	v := g.byLang[lang]
	n1, n2 := pick(r, v.nouns), pick(r, v.nouns)
	for n2.en == n1.en {
		n2 = pick(r, v.nouns)
	}
	a := pick(r, v.adjectives)
	role := pick(r, v.roles)
	templates := 6
	if lang == "ko" {
		templates = 14
	}
	switch r.IntN(templates) {
	case 0:
		return titleText{n1.en, n1.in(lang)}
	case 1:
		en := "The " + a.en + " " + n1.en
		switch lang {
		case "th":
			return titleText{en, n1.th + a.th}
		case "ko":
			return titleText{en, a.ko + " " + n1.ko}
		}
		return titleText{en, a.in(lang) + n1.in(lang)}
	case 2:
		en := "The " + n1.en + " of the " + a.en + " " + n2.en
		switch lang {
		case "ko":
			return titleText{en, a.ko + " " + n2.ko + "의 " + n1.ko}
		case "ja":
			return titleText{en, a.ja + n2.ja + "の" + n1.ja}
		case "zh":
			return titleText{en, a.zh + n2.zh + "之" + n1.zh}
		}
		return titleText{en, n1.th + "แห่ง" + n2.th + a.th}
	case 3:
		en := n1.en + " and " + n2.en
		switch lang {
		case "ko":
			return titleText{en, withParticle(n1.ko, "과", "와") + " " + n2.ko}
		case "ja":
			return titleText{en, n1.ja + "と" + n2.ja}
		case "zh":
			return titleText{en, n1.zh + "与" + n2.zh}
		}
		return titleText{en, n1.th + "กับ" + n2.th}
	case 4:
		en := "My " + a.en + " " + role.en
		switch lang {
		case "ko":
			return titleText{en, "나의 " + a.ko + " " + role.ko}
		case "ja":
			return titleText{en, "私の" + a.ja + role.ja}
		case "zh":
			return titleText{en, "我的" + a.zh + role.zh}
		}
		return titleText{en, role.th + a.th + "ของฉัน"}
	case 5:
		en := "The " + role.en + "'s " + n1.en
		switch lang {
		case "ko":
			return titleText{en, role.ko + "의 " + n1.ko}
		case "ja":
			return titleText{en, role.ja + "の" + n1.ja}
		case "zh":
			return titleText{en, role.zh + "的" + n1.zh}
		}
		return titleText{en, n1.th + "ของ" + role.th}
	// Korean only from here.
	case 6:
		return titleText{"Crash Course in " + n1.en, n1.ko + " 특강"}
	case 7:
		return titleText{"Crash Landing on " + n1.en, n1.ko + "의 불시착"}
	case 8:
		return titleText{"Descendants of the " + n1.en, n1.ko + "의 후예"}
	case 9:
		p := pick(r, places)
		return titleText{n1.en + " in " + p.en, p.ko + "의 " + n1.ko}
	case 10:
		vb := pick(r, verbs)
		return titleText{"When the " + n1.en + " " + vb.en, withParticle(n1.ko, "이", "가") + " " + vb.ko}
	case 11:
		k := g.koreanName()
		return titleText{a.en + " " + role.en + " " + k.family, a.ko + " " + role.ko + " " + k.native}
	case 12:
		return titleText{"Hello, " + role.en, "안녕, " + role.ko}
	default:
		return titleText{"The " + a.en + " " + role.en, a.ko + " " + role.ko}
	}
}

// english title-cases an English title.
func english(s string) string {
	ws := strings.Split(s, " ")
	for i, w := range ws {
		if i > 0 && smallWords[strings.ToLower(w)] {
			ws[i] = strings.ToLower(w)
		} else {
			ws[i] = capitalize(w)
		}
	}
	return strings.Join(ws, " ")
}

// abbreviation is the initials of an English title without articles, when
// that gives 3 to 6 letters.
func abbreviation(en string) string {
	var b []byte
	for _, w := range strings.Fields(en) {
		if lw := strings.ToLower(w); lw == "the" || lw == "a" || lw == "an" {
			continue
		}
		c := w[0]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	if len(b) < 3 || len(b) > 6 {
		return ""
	}
	return string(b)
}

// charName is a character's name in Latin letters and natively, with the
// family name for nicknames.
type charName struct{ latin, native, family string }

func (g *generator) characterName(lang string) charName {
	r := g.r
	switch lang {
	case "ja":
		f, gv := pick(r, jaFamily), pick(r, jaGiven)
		return charName{gv.latin + " " + f.latin, f.native + gv.native, f.latin}
	case "zh":
		f, gv := pick(r, zhFamily), pick(r, zhGiven)
		return charName{f.latin + " " + gv.latin, f.native + gv.native, f.latin}
	case "th":
		f, gv := pick(r, thFamily), pick(r, thGiven)
		return charName{gv.latin + " " + f.latin, gv.native + " " + f.native, gv.latin}
	}
	k := g.koreanName()
	return charName{k.latin, k.native, k.family}
}

func article(w string) string {
	switch w[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an " + w
	}
	return "a " + w
}

func lowerRole(s string) string {
	if s == strings.ToUpper(s) { // CEO
		return s
	}
	return strings.ToLower(s)
}

var (
	scriptOf  = map[string]string{"ko": "Hang", "ja": "Jpan", "zh": "Hans", "th": "Thai"}
	countryOf = map[string]string{"ko": "KR", "ja": "JP", "zh": "CN", "th": "TH"}
	tzOf      = map[string]string{"ko": "Asia/Seoul", "ja": "Asia/Tokyo", "zh": "Asia/Shanghai", "th": "Asia/Bangkok"}
	slotsOf   = map[string][][]int{ // broadcast weekdays, 0 = Sunday
		"ko": {{1, 2}, {1, 2}, {3, 4}, {3, 4}, {5, 6}, {6, 0}, {6, 0}, {6}, {0}, {1, 2, 3, 4, 5}},
		"ja": {{1}, {2}, {3}, {4}, {5}, {6}, {0}},
		"zh": {{1, 2, 3, 4}, {1, 2, 3, 4, 5, 6, 0}, {4, 5, 6}},
		"th": {{5, 6}, {6, 0}, {3, 4}, {1}},
	}
	timesOf = map[string][]string{
		"ko": {"20:50", "21:00", "21:00", "21:20", "22:00", "22:00", "22:30", "19:50", "20:30"},
		"ja": {"21:00", "22:00", "23:00", "23:15"},
		"zh": {"19:30", "20:00", "22:00"},
		"th": {"20:30", "20:30", "22:30"},
	}
	dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	ratings  = []string{"All", "12", "15", "15", "15", "19"}
	twists   = []string{"nothing goes to plan", "an old enemy is waiting", "the past refuses to stay buried",
		"a rival has other ideas", "time is running out", "the truth is stranger than anyone expected"}
	cable = map[string]bool{"tvN": true, "JTBC": true, "ENA": true, "OCN": true, "MBN": true, "TV Chosun": true, "Channel A": true}
)

// titles makes a batch of n titles with all their rows.
func (g *generator) titles(n int) *batch {
	b := g.newBatch(n)
	for range n {
		g.title(b)
	}
	g.sized(b, n)
	return b
}

// newBatch returns a batch whose row lists have room for n entities, by
// what the last batch of the kind held.
func (g *generator) newBatch(n int) *batch {
	b := &batch{}
	if g.perEntity != nil {
		for t := range nTables {
			b.rows[t] = make([]any, 0, int(g.perEntity[t]*float64(n)*1.05)+16)
		}
	}
	return b
}

func (g *generator) sized(b *batch, n int) {
	g.perEntity = make([]float64, nTables)
	for t := range nTables {
		g.perEntity[t] = float64(len(b.rows[t])) / float64(n)
	}
}

func (g *generator) title(b *batch) {
	r := g.r
	id := g.id(tTitles)
	tid := any(id)
	b.counts.Titles++

	var lang string
	switch x := r.IntN(100); {
	case x < 78:
		lang = "ko"
	case x < 87:
		lang = "ja"
	case x < 96:
		lang = "zh"
	default:
		lang = "th"
	}
	kind := catalog.KindSeries
	switch x := r.IntN(100); {
	case x < 20:
		kind = catalog.KindMovie
	case x < 25:
		kind = catalog.KindSpecial
	}

	name := g.titleName(lang)
	name.en = english(name.en)
	if kind == catalog.KindSeries && r.IntN(12) == 0 {
		n := strconv.Itoa(2 + r.IntN(2))
		name.en += " " + n
		name.native += " " + n
	}

	// Alternative titles.
	pos := 0
	altName := func(text, typ, lng, script, system string) {
		b.add(tTitleNames, g.id(tTitleNames), tid, num(pos), text, typ, lng, script, system)
		pos++
	}
	altName(name.native, catalog.NameNative, lang, scriptOf[lang], "")
	if lang == "ko" {
		altName(romanize(name.native, true), catalog.NameRomanized, "ko", "Latn", catalog.RomanizationRR)
	}
	if r.IntN(7) == 0 {
		aka := english(g.titleName(lang).en)
		if aka != name.en {
			altName(aka, catalog.NameAKA, "en", "Latn", "")
		}
	}
	if r.IntN(6) == 0 {
		if ab := abbreviation(name.en); ab != "" {
			altName(ab, catalog.NameAbbreviation, "en", "Latn", "")
		}
	}

	// Genres and tags.
	var chosen [4]int
	ng := 1 + r.IntN(3)
	for i := 0; i < ng; {
		x := r.IntN(len(genres))
		if slices.Contains(chosen[:i], x) {
			continue
		}
		chosen[i] = x
		b.add(tTitleGenres, tid, g.terms.genres[x], num(i))
		i++
	}
	nt := r.IntN(5)
	for i := 0; i < nt; {
		x := r.IntN(len(tags))
		if slices.Contains(chosen[:i], x) {
			continue
		}
		chosen[i] = x
		b.add(tTitleTags, tid, g.terms.tags[x], num(i))
		i++
	}

	// Countries and languages.
	countries := []string{countryOf[lang]}
	if r.IntN(20) == 0 {
		other := pick(r, []string{"US", "JP", "CN", "KR", "TH", "FR"})
		if other != countries[0] {
			countries = append(countries, other)
		}
	}
	for i, c := range countries {
		b.add(tTitleCountries, tid, c, num(i))
	}
	b.add(tTitleLanguages, tid, "audio", lang, num(0))
	subs := ""
	if r.IntN(10) < 6 {
		subs = "en"
		b.add(tTitleLanguages, tid, "subtitle", "en", num(0))
	}

	// Networks: a broadcaster, or a platform that made it, and perhaps a
	// platform that carries it.
	original := pick(r, broadcasters[lang])
	platformOriginal := r.IntN(100) < 12
	if platformOriginal {
		original = pick(r, originalPlatforms[lang])
	}
	b.add(tTitleNetworks, tid, g.terms.networks[original], catalog.NetworkOriginal, num(0))
	carrier := ""
	if r.IntN(10) < 4 {
		if p := pick(r, platforms); p != original {
			carrier = p
			b.add(tTitleNetworks, tid, g.terms.networks[p], catalog.NetworkPlatform, num(1))
		}
	}
	if carrier != "" || platformOriginal {
		p := carrier
		if p == "" {
			p = original
		}
		b.add(tWatchOptions, g.id(tWatchOptions), tid, num(0), "ZZ", p, catalog.OfferSubscription, lang, subs)
	}
	if lang == "ko" {
		system, rating := "KCSC", pick(r, ratings)
		if kind == catalog.KindMovie {
			system = "KMRB"
			if rating == "19" {
				rating = "18"
			}
		}
		b.add(tAgeRatings, g.id(tAgeRatings), tid, num(0), "KR", system, rating)
	}

	// Dates, runtime, schedule.
	year := firstYear + cumPick(r, g.yearCum)
	first := daysFromCivil(year, 1, 1) + r.IntN(365)
	var runtime int
	switch {
	case kind == catalog.KindMovie:
		runtime = 90 + r.IntN(51)
	case kind == catalog.KindSpecial:
		runtime = 60 + r.IntN(41)
	case r.IntN(20) == 0: // web drama
		runtime = 15 + r.IntN(16)
	case lang == "ko":
		runtime = 60 + 5*r.IntN(5)
	case lang == "ja":
		runtime = 45 + r.IntN(10)
	case lang == "zh":
		runtime = 40 + r.IntN(6)
	default:
		runtime = 50 + r.IntN(11)
	}
	var schedDays, schedTime, schedTZ string
	var slot []int
	if kind == catalog.KindSeries && !platformOriginal {
		slot = pick(r, slotsOf[lang])
		ds := make([]string, len(slot))
		for i, d := range slot {
			ds[i] = dayNames[d]
		}
		schedDays, schedTime, schedTZ = strings.Join(ds, ","), pick(r, timesOf[lang]), tzOf[lang]
		for !slices.Contains(slot, weekday(first)) {
			first++
		}
	}

	// Characters, cast and crew.
	nc := 2 + cumPick(r, []int{10, 30, 60, 85, 100})
	mainName := ""
	var castSeen [8]int64
	for i := range nc {
		cid := g.id(tCharacters)
		cn := g.characterName(lang)
		role := pick(r, g.byLang[lang].roles)
		trait := pick(r, traits)
		var desc string
		if i == 0 {
			mainName = cn.latin
			desc = capitalize(article(trait)) + " " + lowerRole(role.en) + " who " + pick(r, soloPlots) + "."
		} else {
			desc = mainName + "'s " + pick(r, relations) + ", " + article(trait) + " " + lowerRole(role.en) + "."
		}
		b.add(tCharacters, cid, slugWithID(cn.latin, cid), tid, num(i), cn.latin, cn.native, desc, g.stamp, g.stamp)
		b.counts.Characters++
		if r.IntN(7) == 0 {
			b.add(tCharacterNames, g.id(tCharacterNames), cid, num(0), role.en+" "+cn.family, catalog.NameNickname, "en", "Latn", "")
		}
		castRole, billing := catalog.RoleSupporting, i+1
		switch {
		case i < 2:
			castRole = catalog.RoleMain
		case i == nc-1 && nc >= 5 && r.IntN(10) < 3:
			castRole, billing = catalog.RoleGuest, 0
		}
		pid := g.actors.draw(r)
		for try := 0; try < 8 && slices.Contains(castSeen[:i], pid); try++ {
			pid = g.actors.draw(r)
		}
		castSeen[i] = pid
		b.add(tCast, g.id(tCast), tid, pid, cid, num(i), castRole, num(billing))
		b.counts.CastCredits++
	}
	crewPos := 0
	crewJob := func(n int, dept, job string) {
		var seen [2]int64
		for i := range n {
			pid := g.crew.draw(r)
			if i > 0 && pid == seen[0] {
				pid = g.crew.draw(r)
				if pid == seen[0] {
					continue
				}
			}
			seen[i] = pid
			b.add(tCrew, g.id(tCrew), tid, pid, num(crewPos), dept, job)
			crewPos++
			b.counts.CrewCredits++
		}
	}
	crewJob(1+btoi(r.IntN(7) == 0), catalog.DeptDirecting, "Director")
	crewJob(1+btoi(r.IntN(5) == 0), catalog.DeptWriting, "Screenwriter")
	if r.IntN(4) == 0 {
		crewJob(1, catalog.DeptMusic, "Music")
	}

	// Seasons and episodes.
	status, lastAired := catalog.StatusReleased, ""
	firstAired := dateString(first)
	if kind != catalog.KindSeries {
		if first > refDay {
			status = catalog.StatusUpcoming
		}
	} else {
		status, lastAired, firstAired = g.seasons(b, tid, lang, first, slot, runtime, platformOriginal, original)
	}

	logline, synopsis := g.logline(lang, mainName), ""
	if r.IntN(2) == 0 {
		role := pick(r, g.byLang[lang].roles)
		synopsis = logline + " When " + mainName + " meets " + article(lowerRole(role.en)) + " with a secret of their own, " + pick(r, twists) + "."
	}
	var startYear any
	if len(firstAired) >= 4 {
		startYear = num(atoi4(firstAired))
	}
	b.add(tTitles, tid, slugWithID(name.en, id), kind, name.en, name.native, logline, synopsis, status,
		firstAired, lastAired, startYear, num(runtime), lang, schedDays, schedTime, schedTZ, g.stamp, g.stamp)
}

// seasons writes a series' seasons and episodes and returns its status and
// first and last air dates.
func (g *generator) seasons(b *batch, tid any, lang string, first int, slot []int, runtime int, platformOriginal bool, network string) (status, lastAired, firstAired string) {
	r := g.r
	firstAired = dateString(first)
	if first > refDay && r.IntN(3) == 0 {
		// Announced: a year and an episode count, nothing scheduled yet.
		sid := g.id(tSeasons)
		b.add(tSeasons, sid, tid, num(1), "", "", "", num(12+4*r.IntN(3)), g.stamp, g.stamp)
		b.counts.Seasons++
		return catalog.StatusAnnounced, "", firstAired[:4]
	}
	ns := 1
	switch x := r.IntN(100); {
	case x < 5:
		ns = 3
	case x < 20:
		ns = 2
	}
	var share float64
	if lang == "ko" && !platformOriginal {
		share = 3 + r.Float64()*12
		if cable[network] {
			share = 1 + r.Float64()*6
		}
	}
	day := first
	last := first
	for s := 1; s <= ns; s++ {
		if s > 1 {
			day = last + 300 + r.IntN(600)
			for slot != nil && !slices.Contains(slot, weekday(day)) {
				day++
			}
		}
		if day > calLast-400 {
			break
		}
		ne := pick(r, []int{8, 10, 12, 12, 16, 16, 16, 16, 20, 14})
		sid := g.id(tSeasons)
		seasonFirst := day
		var eps [20]int
		for e := range ne {
			eps[e] = day
			switch {
			case slot == nil: // a platform drops a whole season at once
			case e == ne-1:
			default:
				day++
				for !slices.Contains(slot, weekday(day)) {
					day++
				}
			}
		}
		last = eps[ne-1]
		sname := ""
		if ns > 1 {
			sname = "Season " + strconv.Itoa(s)
		}
		b.add(tSeasons, sid, tid, num(s), sname, date(seasonFirst), date(last), num(ne), g.stamp, g.stamp)
		b.counts.Seasons++
		for e := range ne {
			var sh any
			if share > 0 {
				v := share * (0.75 + 0.5*float64(e)/float64(ne)) * (0.9 + 0.2*r.Float64())
				sh = math.Round(v*10) / 10
			}
			b.add(tEpisodes, g.id(tEpisodes), sid, num(e+1), date(eps[e]), num(runtime-3+r.IntN(7)), sh, g.stamp, g.stamp)
			b.counts.Episodes++
		}
	}
	switch {
	case first > refDay:
		return catalog.StatusUpcoming, "", firstAired
	case last > refDay:
		return catalog.StatusAiring, "", firstAired
	case r.IntN(30) == 0:
		return catalog.StatusCancelled, dateString(last), firstAired
	}
	return catalog.StatusEnded, dateString(last), firstAired
}

func (g *generator) logline(lang, main string) string {
	r := g.r
	v := g.byLang[lang]
	if r.IntN(5) < 3 {
		r1, r2 := pick(r, v.roles), pick(r, v.roles)
		s := capitalize(article(pick(r, traits))) + " " + lowerRole(r1.en) + " and " + article(pick(r, traits)) + " " + lowerRole(r2.en) + " " + pick(r, pairPlots)
		if lang == "ko" && r.IntN(2) == 0 {
			s += " in " + pick(r, places).en
		}
		return s + "."
	}
	return main + ", " + article(pick(r, traits)) + " " + lowerRole(pick(r, v.roles).en) + ", " + pick(r, soloPlots) + "."
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func atoi4(s string) int {
	return int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
}
