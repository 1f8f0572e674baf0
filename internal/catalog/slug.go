package catalog

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slugPattern accepts lowercase letters of any script, digits and single
// hyphens, so a Hangul-only name can still have a readable slug.
var slugPattern = regexp.MustCompile(`^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$`)

// ValidSlug reports whether s is a well-formed slug.
func ValidSlug(s string) bool { return len(s) <= 120 && slugPattern.MatchString(s) }

// Slugify derives a slug from a name: Latin diacritics are dropped
// ("Sarang-ŭi" → "sarang-ui"), apostrophes vanish ("It's" → "its"), every
// other run of non-letters becomes one hyphen. Letters of other scripts
// (Hangul, Hanja) are kept as they are.
func Slugify(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining mark left by NFKD: drop it
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			// apostrophes join the letters around them
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	s := norm.NFC.String(b.String())
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-")
		for !ValidSlug(s) && len(s) > 0 { // cut inside a multi-byte rune
			s = s[:len(s)-1]
		}
	}
	return s
}
