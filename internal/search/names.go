package search

import (
	"strings"
	"sync"

	"github.com/dramadb/dramadb/internal/romanize"
)

// Korean personal names are indexed once, under the skeleton of their
// strict Revised Romanization with the family name first. The spellings
// people type (Lee, Yi, Rhee and Ri for 이; either order; given name in MR
// or as the person spells it) are mapped to that key when searching, rather
// than each stored as a key of its own: the catalog holds four characters
// per title, so stored variants were a quarter of the index.

// familyRR is the strict RR of a Hangul family name, folded and without
// spaces: 이 → i, 리 → ri, 남궁 → namgung.
func familyRR(h string) string {
	return strings.ReplaceAll(romanize.Fold(romanize.Name(h, "", romanize.Options{})), " ", "")
}

// readings maps the skeleton of a family name's common spelling to the
// strict RR of each family name it spells, where the two skeletons differ:
// lee → i and ri, rhee → i, yi → i. Spellings whose skeleton is that of
// the RR itself need no mapping.
var readings = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		h := string(r)
		rr := familyRR(h)
		for _, v := range romanize.FamilyVariants(h) {
			s := skeleton(strings.ReplaceAll(romanize.Fold(v), " ", ""))
			if s == skeleton(rr) {
				continue
			}
			if !contains(m[s], rr) {
				m[s] = append(m[s], rr)
			}
		}
	}
	return m
})

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// hangulNameKeys returns the keys of a Hangul personal name (family and
// given name, at most one space): its strict RR, family name first, and
// the same with the given name in MR when that skeleton differs.
func hangulNameKeys(h string) []string {
	h = strings.TrimSpace(h)
	if strings.Count(h, " ") > 1 {
		return nil
	}
	for _, r := range h {
		if !isHangul(r) && r != ' ' {
			return nil
		}
	}
	family, given := romanize.SplitName(h)
	f := familyRR(family)
	var out []string
	for _, sys := range []romanize.System{romanize.RR, romanize.MR} {
		g := strings.ReplaceAll(romanize.Fold(romanize.Name("", given, romanize.Options{System: sys})), " ", "")
		if k := skeletonKey(f + g); !contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// latinNameKeys returns the keys of a personal name in Latin letters, words
// normalized: the name as written and, when its first or last word is a
// common spelling of a Korean family name, that family's strict RR first.
func latinNameKeys(w []string) []string {
	if len(w) == 0 || len(w) > 4 {
		return nil
	}
	out := []string{skeletonKey(strings.Join(w, ""))}
	add := func(family string, rest []string) {
		for _, rr := range readings()[skeleton(family)] {
			if k := skeletonKey(rr + strings.Join(rest, "")); !contains(out, k) {
				out = append(out, k)
			}
		}
	}
	add(w[0], w[1:])
	if len(w) > 1 {
		add(w[len(w)-1], w[:len(w)-1])
	}
	return out
}

// nameQueryKeys returns the keys under which a Latin query may find a
// person or character: its skeleton as typed and with the last word moved
// first or the first word moved last, each also with a family-name
// spelling replaced by the strict RR of the family names it spells. A query
// of one word is also tried as a family name of up to six letters joined
// to a given name, on either side.
func nameQueryKeys(norm string) []string {
	w := strings.Fields(norm)
	if len(w) == 0 || len(w) > 4 {
		return nil
	}
	var out []string
	add := func(k string) {
		if !contains(out, k) {
			out = append(out, k)
		}
	}
	orders := [][]string{w}
	if len(w) > 1 {
		last := append([]string{w[len(w)-1]}, w[:len(w)-1]...)
		first := append(append([]string{}, w[1:]...), w[0])
		orders = append(orders, last, first)
	}
	for _, o := range orders {
		add(skeletonKey(strings.Join(o, "")))
		for _, rr := range readings()[skeleton(o[0])] {
			add(skeletonKey(rr + strings.Join(o[1:], "")))
		}
	}
	if len(w) == 1 {
		q := w[0]
		for i := 1; i <= min(6, len(q)-2); i++ {
			for _, rr := range readings()[skeleton(q[:i])] {
				add(skeletonKey(rr + q[i:]))
			}
			for _, rr := range readings()[skeleton(q[len(q)-i:])] {
				add(skeletonKey(rr + q[:len(q)-i]))
			}
		}
	}
	return out
}
