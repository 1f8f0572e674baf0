package generate

import (
	"strings"
	"unicode/utf8"
)

// A simple syllable-table Revised Romanization: each Hangul syllable is
// split into its jamo and spelt from tables, with a final consonant carried
// over to a following vowel (비밀의 → bimirui). It ignores the other sound
// changes RR writes (신라 → Silla); the catalog's real romanizer does those.

const (
	hangulFirst = 0xAC00
	hangulLast  = 0xD7A3
)

var (
	rrInitial = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	rrMedial  = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	// rrFinal is a final consonant before another consonant or at the end
	// of a word; rrLinked is the same consonant before a vowel.
	rrFinal  = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
	rrLinked = [28]string{"", "g", "kk", "ks", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r", "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", ""}
)

func isHangul(r rune) bool { return r >= hangulFirst && r <= hangulLast }

// hasBatchim reports whether the last Hangul syllable of s ends in a
// consonant, which picks Korean particles: 과/와, 이/가, 은/는.
func hasBatchim(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return isHangul(r) && (r-hangulFirst)%28 != 0
}

// romanize spells Hangul in RR. Each word starts with a capital when title
// is true; other characters pass through.
func romanize(s string, title bool) string {
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	start := true
	for i, r := range rs {
		if !isHangul(r) {
			b.WriteRune(r)
			start = r == ' ' || r == '-'
			continue
		}
		n := int(r - hangulFirst)
		ini, med, fin := n/588, (n%588)/28, n%28
		syl := rrInitial[ini] + rrMedial[med]
		if fin != 0 {
			if i+1 < len(rs) && isHangul(rs[i+1]) && int(rs[i+1]-hangulFirst)/588 == 11 {
				syl += rrLinked[fin]
			} else {
				syl += rrFinal[fin]
			}
		}
		if start && title {
			syl = strings.ToUpper(syl[:1]) + syl[1:]
		}
		b.WriteString(syl)
		start = false
	}
	return b.String()
}

// romanizeSyllables spells each syllable on its own, as RR does for given
// names ("지은" → "ji" "eun").
func romanizeSyllable(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(romanize(string(r), false))
	}
	return b.String()
}

// capitalize upper-cases the first ASCII letter of s.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
