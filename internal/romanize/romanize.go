// Package romanize writes Korean text in Latin letters: the Revised
// Romanization of Korean (문화관광부 고시 제2000-8호, "RR") and a
// McCune–Reischauer variant ("MR").
//
// Both systems write pronunciation, not spelling, so a word is first read
// aloud by the standard pronunciation rules the 2000 romanization names —
// liaison, the seven final sounds, nasalization, lateralization,
// palatalization and aspiration with ㅎ — and then spelled. Tensing is never
// written. Sound changes stay inside a word: any rune that is not a Hangul
// syllable (a space, a digit, punctuation) ends one.
//
// Hangul syllables (U+AC00–U+D7A3), modern compatibility jamo standing alone
// (U+3131–U+3163) and conjoining jamo sequences that make a modern syllable
// are romanized; every other rune, archaic jamo included, passes through
// unchanged and in order.
//
// Before a vowel, a final is carried over into the next syllable; where the
// vowel cannot begin a particle or an ending (ㅗ ㅜ ㅘ ㅝ ㅟ …), the next
// syllable starts a new word of a compound and the final is first reduced
// to its representative sound (겉옷 → geodot, 굿와이프 → gudwaipeu).
//
// ㄴ insertion in compounds (색연필 → saengnyeonpil, 서울역 → seoullyeok)
// depends on the word, not on its spelling (금요일 → geumyoil), so it is
// applied to a built-in list of words only (insert.go); elsewhere the final
// is carried over.
//
// Not handled, by design: the verb-stem reading of ㄺ before ㄱ
// (맑게 → makge, not malge), hyphens before administrative units
// (-do, -si, -gu) and tensing, which RR does not write and MR here does not
// either. ㄴ+ㄹ is read ㄴㄴ, as in 신문로 → sinmunno, only where a suffix
// such as 로 路, 란 欄, 량 量, 력 力, 론 論, 료 料, 류 類 or 례 禮 follows two
// or more syllables; elsewhere it is ㄹㄹ (신라 → silla).
package romanize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// System selects the romanization.
type System uint8

const (
	// RR is the Revised Romanization of Korean of 2000, the default.
	RR System = iota
	// MR is McCune–Reischauer: breves (ŏ ŭ), apostrophes for aspirates
	// (k' t' p' ch') and for ㄴ before ㄱ (n'g), voiced g d b j between
	// voiced sounds, sh before i and wi (시 → shi).
	MR
)

// String returns "rr" or "mr".
func (s System) String() string {
	if s == MR {
		return "mr"
	}
	return "rr"
}

// Options change how text is romanized. The zero value writes RR for
// titles and other nouns.
type Options struct {
	System System
	// Name reads each word as a person's name: family name first (split off
	// by SplitName unless it stands as a word of its own), then the given
	// name, whose syllables are written without sound changes between them
	// (rule 3.4: 한복남 → Han Boknam). Names are capitalized.
	Name bool
	// Hyphenate writes a hyphen between syllables where the letters could
	// be read two ways (중앙 → jung-ang, 반구대 → ban-gudae, 세운 → se-un)
	// and, in names, between the syllables of the given name (Bok-nam).
	Hyphenate bool
	// Aspirate writes ㄱ ㄷ ㅂ followed by ㅎ as the aspirate they are
	// pronounced as (잡혀 → japyeo). Without it, the rule for nouns applies
	// and the ㅎ is written (묵호 → mukho, 집현전 → jiphyeonjeon), which is
	// right for titles and names. ㅎ before ㄱ ㄷ ㅈ (좋고 → joko) and ㅈ
	// before ㅎ are aspirated either way, as the rules say.
	Aspirate bool
	// CommonSurname writes family names in their most common spelling
	// (이 → Lee, 박 → Park) instead of the system's own (I, Bak). Only
	// with Name and in Name.
	CommonSurname bool
}

// Jamo indices of the Unicode syllable arithmetic.
const (
	jG, jGG, jN, jD, jDD, jR, jM, jB, jBB, jS, jSS, jNone, jJ, jJJ, jCh, jK, jT, jP, jH = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
)

// Vowels used by the rules.
const (
	vI  = 20 // ㅣ
	vWi = 16 // ㅟ
)

// Finals (batchim) in Unicode order.
const (
	fNone = iota
	fG
	fGG
	fGS
	fN
	fNJ
	fNH
	fD
	fL
	fLG
	fLM
	fLB
	fLS
	fLT
	fLP
	fLH
	fM
	fB
	fBS
	fS
	fSS
	fNG
	fJ
	fCh
	fK
	fT
	fP
	fH
)

// Coda sounds: the seven a syllable can end in.
const (
	cNone int8 = iota
	cK
	cN
	cT
	cL
	cM
	cP
	cNG
)

const (
	sBase  = 0xAC00
	sLast  = 0xD7A3
	nVowel = 21
	nFinal = 28
)

// syl is one syllable as pronounced: its onset (a jamo index, jNone for
// none), vowel and coda sound.
type syl struct {
	on, vo, co int8
}

var (
	rrOnset = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	mrOnset = [19]string{"k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'", "p'", "h"}
	rrVowel = [nVowel]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	mrVowel = [nVowel]string{"a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"}
	coda    = [8]string{"", "k", "n", "t", "l", "m", "p", "ng"}

	// rep is the sound a final makes before a consonant or at the end.
	rep = [nFinal]int8{cNone, cK, cK, cK, cN, cN, cN, cT, cL, cK, cM, cL, cL, cL, cP, cL, cM, cP, cP, cT, cT, cNG, cT, cT, cK, cT, cP, cT}

	// liaison splits a final before a vowel into what stays and the onset
	// that moves into the next syllable (닭이 → 달기, 값이 → 갑시).
	liaison = [nFinal][2]int8{
		fNone: {cNone, jNone}, fG: {cNone, jG}, fGG: {cNone, jGG}, fGS: {cK, jS},
		fN: {cNone, jN}, fNJ: {cN, jJ}, fNH: {cNone, jN}, fD: {cNone, jD},
		fL: {cNone, jR}, fLG: {cL, jG}, fLM: {cL, jM}, fLB: {cL, jB},
		fLS: {cL, jS}, fLT: {cL, jT}, fLP: {cL, jP}, fLH: {cNone, jR},
		fM: {cNone, jM}, fB: {cNone, jB}, fBS: {cP, jS}, fS: {cNone, jS},
		fSS: {cNone, jSS}, fNG: {cNG, jNone}, fJ: {cNone, jJ}, fCh: {cNone, jCh},
		fK: {cNone, jK}, fT: {cNone, jT}, fP: {cNone, jP}, fH: {cNone, jNone},
	}
)

// Romanize writes s in Latin letters. Hangul comes out lowercase (names
// capitalized with Options.Name); everything else is copied as it is, but
// for bytes that are not UTF-8, which become U+FFFD.
func Romanize(s string, opt Options) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !hasHangul(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) * 2)
	var buf [32]syl
	var rbuf [32]rune
	familyAlone := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if _, ok := syllable(s[i:]); !ok {
			if isCompatJamo(r) {
				writeJamo(&b, r, opt.System)
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		// A word: the longest run of syllables.
		runes := rbuf[:0]
		for i < len(s) {
			sr, m := syllable(s[i:])
			if !m {
				break
			}
			runes = append(runes, sr)
			i += runeLen(s[i:])
		}
		if !opt.Name {
			writeWord(&b, runes, buf[:0], opt)
			continue
		}
		// A family name standing alone before another word ("홍 길동").
		if !familyAlone && isFamily(string(runes)) && nextIsWord(s[i:]) {
			familyAlone = true
			writeName(&b, runes, nil, opt)
			continue
		}
		if familyAlone {
			writeGiven(&b, runes, opt)
			familyAlone = false
			continue
		}
		fam, given := splitRunes(runes)
		writeName(&b, fam, given, opt)
	}
	return b.String()
}

// nextIsWord reports whether s starts with spaces and then a syllable.
func nextIsWord(s string) bool {
	t := strings.TrimLeft(s, " ")
	if len(t) == len(s) {
		return false
	}
	_, ok := syllable(t)
	return ok
}

// hasHangul reports whether s has anything Romanize changes.
func hasHangul(s string) bool {
	for i := 0; i < len(s); i++ {
		// Every rune Romanize changes starts with 0xE1 (conjoining jamo),
		// 0xE3 (compatibility jamo) or 0xEA–0xED (syllables).
		if c := s[i]; c == 0xE1 || c == 0xE3 || (c >= 0xEA && c <= 0xED) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if isCompatJamo(r) || (r >= sBase && r <= sLast) {
				return true
			}
			if _, ok := syllable(s[i:]); ok {
				return true
			}
		}
	}
	return false
}

func isCompatJamo(r rune) bool { return r >= 0x3131 && r <= 0x3163 }

// syllable reads a Hangul syllable at the start of s: a precomposed one or
// a sequence of modern conjoining jamo (leading consonant, vowel and an
// optional trailing consonant), as text in decomposed form has.
func syllable(s string) (rune, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if r >= sBase && r <= sLast {
		return r, true
	}
	if r < 0x1100 || r > 0x1112 {
		return 0, false
	}
	v, m := utf8.DecodeRuneInString(s[n:])
	if v < 0x1161 || v > 0x1175 {
		return 0, false
	}
	syl := sBase + ((r-0x1100)*nVowel+(v-0x1161))*nFinal
	if t, _ := utf8.DecodeRuneInString(s[n+m:]); t >= 0x11A8 && t <= 0x11C2 {
		syl += t - 0x11A7
	}
	return syl, true
}

// runeLen is how many bytes the syllable at the start of s takes.
func runeLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if r >= sBase && r <= sLast {
		return n
	}
	_, m := utf8.DecodeRuneInString(s[n:])
	if t, k := utf8.DecodeRuneInString(s[n+m:]); t >= 0x11A8 && t <= 0x11C2 {
		return n + m + k
	}
	return n + m
}

func decompose(r rune) (initial, vowel, final int) {
	i := int(r - sBase)
	return i / (nVowel * nFinal), (i % (nVowel * nFinal)) / nFinal, i % nFinal
}

// suffixNN holds the syllables after which ㄴ+ㄹ reads ㄴㄴ (신문로 →
// 신문노) when two or more syllables come before them.
var suffixNN = map[rune]bool{'로': true, '란': true, '량': true, '력': true, '론': true, '료': true, '류': true, '례': true}

// pronounce reads a word by the standard pronunciation rules.
func pronounce(word []rune, out []syl, aspirate bool) []syl {
	for _, r := range word {
		on, vo, _ := decompose(r)
		out = append(out, syl{on: int8(on), vo: int8(vo)})
	}
	for i, r := range word {
		_, _, f := decompose(r)
		if i == len(word)-1 {
			out[i].co = finalSound(f, r)
			continue
		}
		next := &out[i+1]
		if f != fNone && next.on == jNone && takesN[next.vo] && addsN(word, i+1) {
			next.on = jN // 색연필 → 색년필, which join then reads 생년필
		}
		out[i].co, next.on = join(f, r, next.on, next.vo, aspirate, i+1 >= 2 && suffixNN[word[i+1]])
	}
	return out
}

// contentVowel marks the vowels that, after a final consonant, start a
// new word within a compound rather than a particle or an ending: Korean
// particles and endings after a consonant do not begin with ㅗ ㅜ ㅘ ㅙ ㅚ
// ㅝ ㅞ ㅟ. Before such a word a final is first reduced to its representative
// sound and only then carried over (표준 발음법 제15항). Sino-Korean finals
// are representative already, so only native words are affected.
// Before ㅣ ㅑ ㅕ ㅛ ㅠ compounds usually add ㄴ instead (닭요리 → 당뇨리),
// which pronounce does for the words of nWords only, so those vowels are
// otherwise left to liaison.
var contentVowel = [nVowel]bool{8: true, 9: true, 10: true, 11: true, 13: true, 14: true, 15: true, 16: true}

// neutralizes reports whether a final sounds different before a vowel
// than at the end, leaving out ㅎ, which is silent before a vowel either way.
func neutralizes(f int) bool {
	switch f {
	case fNone, fG, fN, fL, fM, fB, fNG, fH, fNH, fLH:
		return false
	}
	return true
}

// onsetOf is the onset a coda sound becomes when carried over.
var onsetOf = [8]int8{cNone: jNone, cK: jG, cN: jN, cT: jD, cL: jR, cM: jM, cP: jB, cNG: jNone}

// finalSound is the sound of a final before a consonant or at the end of a
// word: one of the seven. 밟 is the standard exception of ㄼ read as ㅂ.
func finalSound(f int, r rune) int8 {
	if f == fLB && r == '밟' {
		return cP
	}
	return rep[f]
}

// join applies the rules at a syllable boundary: final f of syllable r
// meets onset on with vowel vo. It returns the coda sound and new onset.
func join(f int, r rune, on, vo int8, aspirate, nn bool) (int8, int8) {
	if on == jNone {
		if contentVowel[vo] && neutralizes(f) { // 굿와이프 → 구돠이프, 겉옷 → 거돋
			return cNone, onsetOf[finalSound(f, r)]
		}
		stay, move := liaison[f][0], liaison[f][1]
		if vo == vI && move == jD { // 해돋이 → 해도지
			move = jJ
		} else if vo == vI && move == jT { // 같이 → 가치, 핥이 → 할치
			move = jCh
		}
		return stay, move
	}
	switch f {
	case fH, fNH, fLH: // ㅎ aspirates a following ㄱ ㄷ ㅈ and is otherwise silent
		c := cNone
		if f == fNH {
			c = cN
		} else if f == fLH {
			c = cL
		}
		switch on {
		case jG:
			return c, jK
		case jD:
			return c, jT
		case jJ:
			return c, jCh
		case jS, jH:
			return c, on
		}
		if f == fH { // 놓는 → 논는: ㅎ reads ㄷ, then nasalizes
			c = cT
		}
		return assimilate(c, on, nn)
	}
	if on == jH {
		if vo == vI && (f == fD || f == fT) { // 굳히다 → 구치다
			return cNone, jCh
		}
		switch f {
		case fJ: // 앉히다 → 안치다, 맞히다 → 마치다: always aspirated
			return cNone, jCh
		case fNJ:
			return cN, jCh
		}
		c := finalSound(f, r)
		if aspirate && f == fLB && c == cL { // 넓히다 → 널피다
			return cL, jP
		}
		if aspirate && (c == cK || c == cT || c == cP) {
			stay := cNone
			if f == fLG { // 밝히다 → 발키다
				stay = cL
			}
			return stay, aspirated(c)
		}
		return c, jH
	}
	return assimilate(finalSound(f, r), on, nn)
}

func aspirated(c int8) int8 {
	switch c {
	case cK:
		return jK
	case cT:
		return jT
	}
	return jP
}

// assimilate applies nasalization and lateralization to coda c before
// onset on and returns both.
func assimilate(c, on int8, nn bool) (int8, int8) {
	switch on {
	case jN, jM:
		switch c {
		case cK: // 백마 → 뱅마
			return cNG, on
		case cT:
			return cN, on
		case cP:
			return cM, on
		case cL:
			if on == jN { // 설날 → 설랄
				return cL, jR
			}
		}
	case jR:
		switch c {
		case cK: // 국립 → 궁닙
			return cNG, jN
		case cT:
			return cN, jN
		case cP: // 왕십리 → 왕심니
			return cM, jN
		case cM, cNG: // 종로 → 종노
			return c, jN
		case cN:
			if nn { // 신문로 → 신문노
				return cN, jN
			}
			return cL, jR // 신라 → 실라
		}
	}
	return c, on
}

// isolated reads each syllable on its own, as the syllables of a given
// name are written (rule 3.4).
func isolated(word []rune, out []syl) []syl {
	for _, r := range word {
		on, vo, f := decompose(r)
		out = append(out, syl{on: int8(on), vo: int8(vo), co: finalSound(f, r)})
	}
	return out
}

func writeWord(b *strings.Builder, word []rune, buf []syl, opt Options) {
	h := hyphenNone
	if opt.Hyphenate {
		h = hyphenAmbiguous
	}
	spell(b, pronounce(word, buf, opt.Aspirate), opt, h)
}

// Where spell writes hyphens between syllables.
const (
	hyphenNone = iota
	hyphenAmbiguous
	hyphenEvery
)

// spell writes pronounced syllables in the letters of opt.System.
func spell(b *strings.Builder, ss []syl, opt Options, hyphens int) {
	for i, s := range ss {
		prev := cNone
		hyphen := false
		if i > 0 {
			prev = ss[i-1].co
			if hyphens == hyphenEvery || (hyphens == hyphenAmbiguous && ambiguous(ss[i-1], s)) {
				b.WriteByte('-')
				hyphen = true
			}
		}
		if opt.System == MR {
			on := mrOnsetOf(s, i, prev)
			if hyphen && on == "'g" { // the hyphen already separates n and g
				on = "g"
			}
			b.WriteString(on)
			b.WriteString(mrVowel[s.vo])
		} else {
			if s.on == jR && prev == cL && i > 0 { // ㄹㄹ → ll
				b.WriteByte('l')
			} else {
				b.WriteString(rrOnset[s.on])
			}
			b.WriteString(rrVowel[s.vo])
		}
		b.WriteString(coda[s.co])
	}
}

// ambiguous reports whether a hyphen between a and b helps the reader:
// ng or a vowel before a vowel, or n before g (반구대 ban-gudae, not
// bang-udae).
func ambiguous(a, b syl) bool {
	if b.on == jNone {
		return true
	}
	return a.co == cN && b.on == jG
}

func mrOnsetOf(s syl, i int, prev int8) string {
	voiced := i > 0 && (prev == cNone || prev == cN || prev == cM || prev == cNG || prev == cL)
	switch s.on {
	case jG:
		if voiced {
			if prev == cN { // 한글 → han'gŭl, not hangŭl
				return "'g"
			}
			return "g"
		}
	case jD:
		if voiced {
			return "d"
		}
	case jB:
		if voiced {
			return "b"
		}
	case jJ:
		if voiced {
			return "j"
		}
	case jS:
		if s.vo == vI || s.vo == vWi {
			return "sh"
		}
	case jR:
		if i > 0 && prev == cL {
			return "l"
		}
	}
	return mrOnset[s.on]
}

var (
	rrJamo = [...]string{"g", "kk", "gs", "n", "nj", "nh", "d", "tt", "r", "lg", "lm", "lb", "ls", "lt", "lp", "lh", "m", "b", "pp", "bs", "s", "ss", "ng", "j", "jj", "ch", "k", "t", "p", "h"}
	mrJamo = [...]string{"k", "kk", "ks", "n", "nj", "nh", "t", "tt", "r", "lk", "lm", "lp", "ls", "lt'", "lp'", "lh", "m", "p", "pp", "ps", "s", "ss", "ng", "ch", "tch", "ch'", "k'", "t'", "p'", "h"}
)

// writeJamo writes a compatibility jamo standing alone: a consonant by its
// letters as an onset (ㅇ as ng, clusters letter by letter), a vowel as a
// vowel.
func writeJamo(b *strings.Builder, r rune, sys System) {
	i := int(r - 0x3131)
	if i >= len(rrJamo) {
		if sys == MR {
			b.WriteString(mrVowel[i-len(rrJamo)])
		} else {
			b.WriteString(rrVowel[i-len(rrJamo)])
		}
		return
	}
	if sys == MR {
		b.WriteString(mrJamo[i])
	} else {
		b.WriteString(rrJamo[i])
	}
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
