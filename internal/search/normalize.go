package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize reduces a name or a query to the words search compares:
// lowercase, accents and breves gone, apostrophes and hyphens joining what
// they separate (Sarang-ŭi → sarangui, pulshich'ak → pulshichak), Hangul
// syllables, jamo and Han characters kept as they are, every other rune a
// word break; words are separated by single spaces.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(r rune) {
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			emit(r)
		case r >= 'A' && r <= 'Z':
			emit(r + 'a' - 'A')
		case isHangul(r) || isJamo(r) || unicode.Is(unicode.Han, r):
			emit(r)
		case isJoiner(r) || unicode.Is(unicode.Mn, r):
		case r >= 0x80 && unicode.IsLetter(r):
			// Strip accents: é → e, ŏ → o; letters of other scripts stay.
			d := norm.NFD.String(string(r))
			for _, x := range d {
				if unicode.Is(unicode.Mn, x) {
					continue
				}
				emit(unicode.ToLower(x))
			}
		default:
			space = b.Len() > 0
		}
	}
	return b.String()
}

func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '‘', '`', '´', '-', '‐', '‑':
		return true
	}
	return false
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

// isJamo reports the compatibility jamo people type for initials (ㅅㄹㅇ).
func isJamo(r rune) bool { return r >= 0x3131 && r <= 0x318E }

func hasHangul(s string) bool {
	for _, r := range s {
		if isHangul(r) {
			return true
		}
	}
	return false
}

// isASCII reports whether s holds only ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// choseong are the compatibility jamo of the nineteen initial consonants,
// in the order of the Hangul syllable block.
var choseong = []rune("ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ")

// initials replaces every Hangul syllable by its initial consonant
// (사랑의 불시착 → ㅅㄹㅇ ㅂㅅㅊ) and drops everything else but spaces. It
// returns "" when s has no Hangul.
func initials(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		switch {
		case isHangul(r):
			b.WriteRune(choseong[(r-0xAC00)/588])
			n++
		case r == ' ':
			b.WriteByte(' ')
		}
	}
	if n == 0 {
		return ""
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// skeleton reduces a spaceless, lowercase Latin spelling of a Korean name to
// a key the common spellings share: eo, eu, o, oo and u are one vowel, ee
// and ui are i, ch is j, sh is s, k t p r are g d b l, and doubled letters
// are one. Jeonghyeok, Jung-hyuk and Chunghyok all become junghyug.
func skeleton(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		two := ""
		if i+1 < len(s) {
			two = s[i : i+2]
		}
		switch two {
		case "eo", "eu", "oo":
			c, i = 'u', i+1
		case "ee", "ui":
			c, i = 'i', i+1
		case "ch":
			c, i = 'j', i+1
		case "sh":
			c, i = 's', i+1
		default:
			switch c {
			case 'o':
				c = 'u'
			case 'k':
				c = 'g'
			case 't':
				c = 'd'
			case 'p':
				c = 'b'
			case 'r':
				c = 'l'
			}
		}
		if n := len(b); n > 0 && b[n-1] == c {
			continue
		}
		b = append(b, c)
	}
	return string(b)
}

// skeletonKey marks skeleton keys so they never meet ordinary spellings.
func skeletonKey(spaceless string) string { return "~" + skeleton(spaceless) }

// trigrams returns the distinct trigrams of a normalized ASCII text the
// way pg_trgm makes them — each word padded with two spaces before and one
// after — packed three bytes to a number and sorted, so comparing two sets
// allocates nothing per trigram. buf is reused when it has room.
func trigrams(s string, buf []uint32) []uint32 {
	out := buf[:0]
	for _, w := range strings.Fields(s) {
		p := "  " + w + " "
		for i := 0; i+3 <= len(p); i++ {
			out = append(out, uint32(p[i])<<16|uint32(p[i+1])<<8|uint32(p[i+2]))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// similarity is pg_trgm's: shared trigrams over all distinct trigrams of
// both texts, given as trigrams returns them.
func similarity(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			shared++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}
