package romanize

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces romanized text to what a search compares: lowercase ASCII
// letters and digits, words separated by single spaces. Accents and breves
// go (ŏ → o), apostrophes and hyphens join what they separate
// ("Sarang-ŭi pulshich'ak" → "sarangui pulshichak"), and every other rune,
// Hangul included, separates words. Romanize Hangul before folding it.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// MR's breves are the only non-ASCII letters romanizations write; other
	// text pays for the decomposition.
	for _, r := range s {
		if r >= 0x80 && r != 'ŏ' && r != 'ŭ' && r != 'Ŏ' && r != 'Ŭ' {
			s = norm.NFKD.String(s)
			break
		}
	}
	for _, r := range s {
		switch r {
		case 'ŏ', 'Ŏ':
			r = 'o'
		case 'ŭ', 'Ŭ':
			r = 'u'
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case unicode.Is(unicode.Mn, r), isJoiner(r):
			continue
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isJoiner reports apostrophes and hyphens, which Fold drops without a
// space: MR's k' and n'g, and hyphens inside names (Bok-nam).
func isJoiner(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', 'ʻ', '‘', '`', '´', '-', '‐', '‑':
		return true
	}
	return false
}
