package romanize

import (
	"strings"
	"unicode/utf8"
)

// Personal names follow rule 3.4 of the 2000 romanization: the family name
// comes first and apart, and the syllables of a given name are written
// without the sound changes between them (한복남 → Han Boknam, 홍빛나 →
// Hong Bitna), optionally joined by a hyphen (Han Bok-nam). Family names
// have conventional spellings the rules leave to custom; families holds the
// common ones, most common first.

// Name writes a person's name: the family name, a space and the given name,
// each capitalized. Either may be empty. Runes that are not Hangul are kept.
func Name(family, given string, opt Options) string {
	f := namePart(strings.TrimSpace(family), opt, true)
	g := namePart(strings.TrimSpace(given), opt, false)
	switch {
	case f == "":
		return g
	case g == "":
		return f
	}
	return f + " " + g
}

// SplitName splits a full Korean name into family and given name: at the
// first space if there is one, else after a two-syllable family name
// (남궁, 제갈, 독고, 황보, 선우, 사공, 서문, 동방) when at least one syllable
// follows, else after the first syllable.
func SplitName(full string) (family, given string) {
	full = strings.TrimSpace(full)
	if f, g, ok := strings.Cut(full, " "); ok {
		return f, strings.TrimSpace(g)
	}
	f, g := splitRunes([]rune(full))
	return string(f), string(g)
}

func splitRunes(r []rune) (family, given []rune) {
	switch {
	case len(r) >= 3 && compoundFamily[string(r[:2])]:
		return r[:2], r[2:]
	case len(r) >= 2:
		return r[:1], r[1:]
	}
	return r, nil
}

var compoundFamily = map[string]bool{"남궁": true, "제갈": true, "독고": true, "황보": true, "선우": true, "사공": true, "서문": true, "동방": true}

func isFamily(s string) bool {
	_, ok := families[s]
	return ok || compoundFamily[s]
}

// writeName writes family and given name as Name does.
func writeName(b *strings.Builder, family, given []rune, opt Options) {
	b.WriteString(namePart(string(family), opt, true))
	if len(given) > 0 {
		b.WriteByte(' ')
		b.WriteString(namePart(string(given), opt, false))
	}
}

func writeGiven(b *strings.Builder, given []rune, opt Options) {
	b.WriteString(namePart(string(given), opt, false))
}

// namePart spells one part of a name, syllable by syllable.
func namePart(s string, opt Options, family bool) string {
	if s == "" {
		return ""
	}
	if family && opt.CommonSurname {
		if v, ok := families[s]; ok {
			return v[0]
		}
	}
	hyphens := hyphenNone
	if !family && opt.Hyphenate {
		hyphens = hyphenEvery
	}
	var b strings.Builder
	var buf [16]syl
	var run []rune
	for i := 0; i < len(s); {
		if r, ok := syllable(s[i:]); ok {
			run = append(run, r)
			i += runeLen(s[i:])
			continue
		}
		if len(run) > 0 {
			spell(&b, isolated(run, buf[:0]), opt, hyphens)
			run = run[:0]
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isCompatJamo(r) {
			writeJamo(&b, r, opt.System)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	if len(run) > 0 {
		spell(&b, isolated(run, buf[:0]), opt, hyphens)
	}
	return capitalize(b.String())
}

// FamilyVariants returns the common Latin spellings of a Hangul family
// name, the most common first, followed by the strict RR and the MR
// spelling (without breves and apostrophes) where those are not already
// among them: 이 → Lee, Yi, Rhee, I, Ri; 정 → Jung, Jeong, Chung,
// Cheong, Joung, Chong. Names not in the table get the strict RR and MR
// spellings alone. The slice is the caller's.
func FamilyVariants(h string) []string {
	h = strings.TrimSpace(h)
	if !hasHangul(h) {
		return nil
	}
	var out []string
	add := func(v string) {
		for _, o := range out {
			if strings.EqualFold(o, v) {
				return
			}
		}
		out = append(out, v)
	}
	for _, v := range families[h] {
		add(v)
	}
	add(namePart(h, Options{}, true))
	add(capitalize(Fold(namePart(h, Options{System: MR}, true))))
	return out
}

// SyllableVariants returns the common Latin spellings of one syllable of a
// given name, in lowercase: the strict RR spelling first, then the
// spellings people choose for themselves and MR's without breves, made by
// trading g/k, d/t, b/p, j/ch, s/sh (before i), r/l, eo for u or o, yeo
// for yu, yo or you, u for oo, eu for u, ui for ee or eui and a final i for
// ee: 혁 → hyeok, hyuk, hyok, hyouk; 윤 → yun, yoon. It returns nil for a
// rune that is not a Hangul syllable.
func SyllableVariants(r rune) []string {
	if r < sBase || r > sLast {
		return nil
	}
	on, vo, f := decompose(r)
	c := coda[finalSound(f, r)]
	onsets := []string{rrOnset[on]}
	switch on {
	case jG, jD, jB:
		onsets = append(onsets, mrOnset[on])
	case jJ:
		onsets = append(onsets, "ch")
	case jS:
		if vo == vI || vo == vWi {
			onsets = append(onsets, "sh")
		}
	case jR:
		onsets = append(onsets, "l")
	}
	vowels := []string{rrVowel[vo]}
	switch rrVowel[vo] {
	case "eo":
		vowels = append(vowels, "u", "o")
	case "yeo":
		vowels = append(vowels, "yu", "yo", "you")
	case "u":
		vowels = append(vowels, "oo")
		if on == jNone {
			vowels = append(vowels, "woo", "wu")
		}
	case "yu":
		vowels = append(vowels, "yoo")
	case "eu":
		vowels = append(vowels, "u")
	case "ui":
		vowels = append(vowels, "ee", "eui")
	case "i":
		if c == "" {
			vowels = append(vowels, "ee")
		}
		if on == jNone {
			vowels = append(vowels, "yi")
		}
	case "wo":
		vowels = append(vowels, "weo")
	case "wi":
		if c == "" {
			vowels = append(vowels, "wee")
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, o := range onsets {
		for _, v := range vowels {
			if s := o + v + c; !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// families holds conventional spellings of family names, most common
// first. North Korean usage keeps the initial ㄹ (리, 림, 류, 로).
var families = map[string][]string{
	"김": {"Kim", "Gim"}, "이": {"Lee", "Yi", "Rhee", "I", "Ri"}, "박": {"Park", "Bak", "Pak", "Bahk"},
	"최": {"Choi", "Choe", "Choy", "Chey"}, "정": {"Jung", "Jeong", "Chung", "Cheong", "Joung", "Chong"},
	"강": {"Kang", "Gang"}, "조": {"Cho", "Jo", "Joe", "Chough"}, "윤": {"Yoon", "Yun", "Youn"},
	"장": {"Jang", "Chang"}, "임": {"Lim", "Im", "Yim", "Rim"}, "한": {"Han", "Hahn"}, "오": {"Oh", "O"},
	"서": {"Seo", "Suh", "So", "Sur"}, "신": {"Shin", "Sin"}, "권": {"Kwon", "Gwon", "Kweon"},
	"황": {"Hwang"}, "안": {"Ahn", "An"}, "송": {"Song"}, "전": {"Jeon", "Jun", "Chun", "Chon"},
	"홍": {"Hong"}, "유": {"Yoo", "Yu", "You"}, "고": {"Ko", "Go", "Koh"}, "문": {"Moon", "Mun"},
	"양": {"Yang"}, "손": {"Son", "Sohn"}, "배": {"Bae", "Pae"}, "백": {"Baek", "Paik", "Paek", "Baik"},
	"허": {"Heo", "Hur", "Huh", "Ho"}, "노": {"Noh", "No", "Roh", "Ro"}, "남": {"Nam"},
	"심": {"Shim", "Sim"}, "하": {"Ha"}, "곽": {"Kwak", "Gwak"}, "성": {"Sung", "Seong"}, "차": {"Cha"},
	"주": {"Joo", "Ju", "Chu"}, "우": {"Woo", "U", "Wu"}, "구": {"Koo", "Gu", "Ku"}, "민": {"Min"},
	"류": {"Ryu", "Yoo", "Yu", "Ryoo", "Rhyu"}, "나": {"Na", "Ra"}, "라": {"Ra", "Na", "La"},
	"진": {"Jin", "Chin"}, "지": {"Ji", "Jee", "Chi"}, "엄": {"Um", "Eom", "Uhm", "Om"},
	"채": {"Chae", "Chai"}, "원": {"Won"}, "천": {"Cheon", "Chun", "Chon"}, "방": {"Bang", "Pang"},
	"공": {"Gong", "Kong"}, "현": {"Hyun", "Hyeon", "Hyon"}, "함": {"Ham", "Hahm"},
	"변": {"Byun", "Byeon", "Pyun", "Pyon"}, "염": {"Yeom", "Youm", "Yum", "Yom"},
	"여": {"Yeo", "Yoh", "Yo"}, "추": {"Choo", "Chu"}, "도": {"Do", "Doh", "To"}, "소": {"So", "Soh"},
	"석": {"Seok", "Suk", "Sok"}, "선": {"Sun", "Seon", "Son"}, "설": {"Seol", "Sul", "Sol"},
	"마": {"Ma"}, "길": {"Gil", "Kil"}, "연": {"Yeon", "Yun", "Youn", "Yon"}, "위": {"Wi", "Wee", "Wie"},
	"표": {"Pyo"}, "명": {"Myung", "Myeong", "Myong"}, "기": {"Ki", "Gi"}, "반": {"Ban", "Pan"},
	"왕": {"Wang"}, "금": {"Keum", "Geum", "Kum"}, "옥": {"Ok", "Ock"}, "육": {"Yook", "Yuk"},
	"인": {"In"}, "맹": {"Maeng"}, "제": {"Je", "Jeh", "Che"}, "모": {"Mo"}, "탁": {"Tak", "Tahk"},
	"국": {"Kook", "Guk", "Kuk"}, "어": {"Eo", "Uh", "O"}, "은": {"Eun", "Un"},
	"편": {"Pyeon", "Pyun", "Pyon"}, "용": {"Yong"}, "예": {"Ye", "Yeh"},
	"경": {"Kyung", "Gyeong", "Kyeong", "Kyoung", "Kyong"}, "봉": {"Bong", "Pong"}, "사": {"Sa"},
	"부": {"Boo", "Bu", "Pu"}, "가": {"Ka", "Ga"}, "복": {"Bok", "Pok"}, "태": {"Tae", "Tai"},
	"목": {"Mok"}, "형": {"Hyung", "Hyeong", "Hyong"}, "피": {"Pi", "Pee"}, "두": {"Doo", "Du", "Tu"},
	"감": {"Kam", "Gam"}, "리": {"Ri", "Lee", "Yi", "Rhee"}, "림": {"Rim", "Lim"}, "로": {"Ro", "Roh", "Noh"},
	"남궁": {"Namgung", "Namkung"}, "제갈": {"Jegal", "Chegal"}, "독고": {"Dokgo", "Tokko", "Dokko"},
	"황보": {"Hwangbo", "Hwangpo"}, "선우": {"Sunwoo", "Seonu", "Sunwu"}, "사공": {"Sagong", "Sakong"},
	"서문": {"Seomun", "Seomoon", "Somun"}, "동방": {"Dongbang", "Tongbang"},
}
