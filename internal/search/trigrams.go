package search

import (
	"context"
	"slices"
	"strings"

	"github.com/dramadb/dramadb/internal/database"
)

// A typo search starts from the rarest of a query's trigrams, so the index
// keeps in search_trigrams how many entities' texts hold each trigram: a
// rebuild counts them while deriving the rows, and each catalog write adds
// its own (a deleted entity's stay counted until the next rebuild, which
// only makes a trigram look a little commoner than it is).

// windows returns the distinct three-rune windows of s, spaces included,
// as FTS5's trigram tokenizer indexes a lowercase text.
func windows(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i+3 <= len(rs); i++ {
		if g := string(rs[i : i+3]); !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// wordWindows returns the distinct windows inside the words of a
// normalized ASCII query: the trigrams pg_trgm takes from a LIKE pattern.
func wordWindows(norm string) []string {
	var out []string
	for _, w := range strings.Fields(norm) {
		for _, g := range windows(w) {
			if !slices.Contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

// trigramCounts counts, per trigram, the texts holding it. Texts are
// lowercase ASCII (see forms), so a trigram is three bytes.
type trigramCounts map[[3]byte]int64

// add counts the distinct trigrams of one entity's texts.
func (c trigramCounts) add(doc string) {
	var seen [][3]byte
	for i := 0; i+3 <= len(doc); i++ {
		g := [3]byte{doc[i], doc[i+1], doc[i+2]}
		if !slices.Contains(seen, g) {
			seen = append(seen, g)
			c[g]++
		}
	}
}

func (c trigramCounts) merge(o trigramCounts) {
	for g, n := range o {
		c[g] += n
	}
}

// write adds the counts to search_trigrams.
func (c trigramCounts) write(ctx context.Context, q *database.Q) error {
	vals := make([]any, 0, 2*len(c))
	for g, n := range c {
		vals = append(vals, string(g[:]), n)
	}
	const upsert = " ON CONFLICT (trigram) DO UPDATE SET names = search_trigrams.names + excluded.names"
	for start := 0; start < len(vals); start += 2 * 500 {
		part := vals[start:min(start+2*500, len(vals))]
		stmt := "INSERT INTO search_trigrams (trigram, names) VALUES " + strings.TrimSuffix(strings.Repeat("(?,?),", len(part)/2), ",") + upsert
		if _, err := q.Exec(ctx, stmt, part...); err != nil {
			return err
		}
	}
	return nil
}

// countTrigrams adds the texts of entities just written to the counts.
func countTrigrams(ctx context.Context, q *database.Q, docs []string) error {
	c := trigramCounts{}
	for _, d := range docs {
		c.add(d)
	}
	return c.write(ctx, q)
}
