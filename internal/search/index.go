package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/romanize"
)

// Classes of searchable form, best first. A form's class adds a small
// bonus to its match and never lifts it above a better kind of match.
const (
	classPrimary   = 1 // the display name
	classNative    = 2 // the name in Hangul (or another original script)
	classAKA       = 3 // other titles and names, abbreviations, Hanja
	classRomanized = 4 // derived and stored romanizations
	classVariant   = 5 // the skeleton of a Korean name's common spellings
	classInitials  = 6 // initial consonants of Hangul names
)

var classBonus = [...]float64{classPrimary: 20, classNative: 18, classAKA: 15, classRomanized: 12, classVariant: 10, classInitials: 6}

// maxWords bounds the word suffixes indexed per name, so a long AKA cannot
// grow the index without end.
const maxWords = 8

// maxNameLen bounds the runes of a name that are indexed.
const maxNameLen = 200

type name struct {
	text  string
	class int
}

// entity is one searchable title, person or character as read from the
// catalog.
type entity struct {
	kind       string
	ref        int64 // titles.id, people.id or characters.id
	slug       string
	name       string
	native     string
	context    string // a character's title
	popularity int64
	names      []name
}

type term struct {
	term  string
	class int
	word  int
}

type text struct {
	text  string
	class int
}

// forms derives every searchable form of e: each name's words as keys
// (whole, and from each later word on, without spaces), romanizations and
// initials of Hangul names, and for people and characters one skeleton of
// each name (see names.go). Texts are the Latin names a typo search
// compares: for people and characters their Latin names, or the RR of the
// Hangul one when they have none.
func forms(e *entity) ([]term, []text) {
	terms := map[string]term{}
	var texts []text
	addTerm := func(k string, class, word int) {
		if k == "" {
			return
		}
		if old, ok := terms[k]; ok && (old.class < class || old.class == class && old.word <= word) {
			return
		}
		terms[k] = term{k, class, word}
	}
	addWords := func(norm string, class int) {
		w := strings.Fields(norm)
		for i := 0; i < len(w) && i < maxWords; i++ {
			addTerm(strings.Join(w[i:], ""), class, i)
		}
	}
	addText := func(norm string, class int) {
		if norm == "" || !isASCII(norm) {
			return
		}
		for i, t := range texts {
			if t.text == norm {
				texts[i].class = min(t.class, class)
				return
			}
		}
		texts = append(texts, text{norm, class})
	}
	person := e.kind != KindTitle
	var fallback []string // RR of Hangul names, for people without a Latin one
	for _, n := range e.names {
		raw := truncate(n.text, maxNameLen)
		norm := normalize(raw)
		if norm == "" {
			continue
		}
		addWords(norm, n.class)
		if person && isASCII(norm) {
			addText(norm, n.class)
			for _, k := range latinNameKeys(strings.Fields(norm)) {
				addTerm(k, classVariant, 0)
			}
		}
		if !person {
			addText(norm, n.class)
		}
		if !hasHangul(norm) {
			continue
		}
		if person {
			// One spelling and one key stand for all the ways a Korean name
			// is written; initials only for people, as characters are four
			// times as many and are looked up by name.
			addWords(romanize.Fold(romanize.Romanize(raw, romanize.Options{})), classRomanized)
			f, g := romanize.SplitName(raw)
			fallback = append(fallback, romanize.Fold(romanize.Name(f, g, romanize.Options{})))
			for _, k := range hangulNameKeys(raw) {
				addTerm(k, classVariant, 0)
			}
			if e.kind == KindPerson {
				addWords(initials(norm), classInitials)
			}
			continue
		}
		addWords(initials(norm), classInitials)
		for _, sys := range []romanize.System{romanize.RR, romanize.MR} {
			r := romanize.Fold(romanize.Romanize(raw, romanize.Options{System: sys}))
			addWords(r, classRomanized)
			addText(r, classRomanized)
		}
	}
	if len(texts) == 0 {
		for _, f := range fallback {
			addText(f, classRomanized)
		}
	}
	tl := make([]term, 0, len(terms))
	for _, t := range terms {
		tl = append(tl, t)
	}
	slices.SortFunc(tl, func(a, b term) int { return strings.Compare(a.term, b.term) })
	return tl, texts
}

// entityCols are the columns of search_entities an index write fills, in
// the order of entityRow's values.
const entityCols = "kind, title_id, person_id, character_id, slug, name, native, context, popularity, keys, texts, text_classes"

// entityRow returns the column values of e with its keys ts and texts xs:
// the keys as a JSON array (so deleting the entity finds them), the texts
// one per line (the document of the trigram index) with their classes as
// digits.
func entityRow(e *entity, ts []term, xs []text) []any {
	var tid, pid, cid any
	switch e.kind {
	case KindTitle:
		tid = e.ref
	case KindPerson:
		pid = e.ref
	default:
		cid = e.ref
	}
	keys := make([]string, len(ts))
	for i, t := range ts {
		keys[i] = t.term
	}
	kj, _ := json.Marshal(keys) // strings always marshal
	var txt, cls strings.Builder
	for i, x := range xs {
		if i > 0 {
			txt.WriteByte('\n')
		}
		txt.WriteString(x.text)
		cls.WriteByte(byte('0' + x.class))
	}
	return []any{e.kind, tid, pid, cid, e.slug, e.name, e.native, e.context, e.popularity, string(kj), txt.String(), cls.String()}
}

func truncate(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// altClass maps an alternative name's type to its class.
func altClass(typ string) int {
	switch typ {
	case "native":
		return classNative
	case "romanized":
		return classRomanized
	}
	return classAKA
}

// loadTitles reads the titles with ids in [lo, hi] and their characters.
func loadTitles(ctx context.Context, q *database.Q, lo, hi int64) ([]*entity, error) {
	byID := map[int64]*entity{}
	var out []*entity
	rows, err := q.Query(ctx, "SELECT id, slug, name, original_title FROM titles WHERE id BETWEEN ? AND ? ORDER BY id", lo, hi)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		e := &entity{kind: KindTitle}
		var orig string
		if err := rows.Scan(&e.ref, &e.slug, &e.name, &orig); err != nil {
			rows.Close()
			return nil, err
		}
		e.native = orig
		e.names = append(e.names, name{e.name, classPrimary}, name{orig, classNative})
		byID[e.ref] = e
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return nil, err
	}
	err = each(ctx, q, "SELECT title_id, name, type FROM title_names WHERE title_id BETWEEN ? AND ? ORDER BY title_id, position",
		func(r *sql.Rows) error {
			var id int64
			var n, typ string
			if err := r.Scan(&id, &n, &typ); err != nil {
				return err
			}
			if e := byID[id]; e != nil {
				e.names = append(e.names, name{n, altClass(typ)})
				if e.native == "" && typ == "native" {
					e.native = n
				}
			}
			return nil
		}, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, qs := range []string{
		"SELECT title_id, SUM(count) FROM watch_counts WHERE title_id BETWEEN ? AND ? GROUP BY title_id",
		"SELECT target_id, SUM(count) FROM title_rating_counts WHERE target_id BETWEEN ? AND ? GROUP BY target_id",
	} {
		err = each(ctx, q, qs, func(r *sql.Rows) error {
			var id, n int64
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			if e := byID[id]; e != nil {
				e.popularity += n
			}
			return nil
		}, lo, hi)
		if err != nil {
			return nil, err
		}
	}
	chars := map[int64]*entity{}
	var cl []*entity
	err = each(ctx, q, "SELECT id, title_id, slug, name, native_name FROM characters WHERE title_id BETWEEN ? AND ? ORDER BY id",
		func(r *sql.Rows) error {
			e := &entity{kind: KindCharacter}
			var tid int64
			if err := r.Scan(&e.ref, &tid, &e.slug, &e.name, &e.native); err != nil {
				return err
			}
			if t := byID[tid]; t != nil {
				e.context, e.popularity = t.name, t.popularity
			}
			e.names = append(e.names, name{e.name, classPrimary}, name{e.native, classNative})
			chars[e.ref] = e
			cl = append(cl, e)
			return nil
		}, lo, hi)
	if err != nil {
		return nil, err
	}
	if len(cl) > 0 {
		err = each(ctx, q, "SELECT n.character_id, n.name, n.type FROM character_names n JOIN characters c ON c.id = n.character_id WHERE c.title_id BETWEEN ? AND ? ORDER BY n.character_id, n.position",
			func(r *sql.Rows) error {
				var id int64
				var n, typ string
				if err := r.Scan(&id, &n, &typ); err != nil {
					return err
				}
				if e := chars[id]; e != nil {
					e.names = append(e.names, name{n, altClass(typ)})
				}
				return nil
			}, lo, hi)
		if err != nil {
			return nil, err
		}
	}
	return append(out, cl...), nil
}

// loadPeople reads the people with ids in [lo, hi]. A person's popularity
// is their number of credits.
func loadPeople(ctx context.Context, q *database.Q, lo, hi int64) ([]*entity, error) {
	byID := map[int64]*entity{}
	var out []*entity
	err := each(ctx, q, "SELECT id, slug, name, native_name FROM people WHERE id BETWEEN ? AND ? ORDER BY id", func(r *sql.Rows) error {
		e := &entity{kind: KindPerson}
		if err := r.Scan(&e.ref, &e.slug, &e.name, &e.native); err != nil {
			return err
		}
		e.names = append(e.names, name{e.name, classPrimary}, name{e.native, classNative})
		byID[e.ref] = e
		out = append(out, e)
		return nil
	}, lo, hi)
	if err != nil || len(out) == 0 {
		return nil, err
	}
	err = each(ctx, q, "SELECT person_id, name, type FROM person_names WHERE person_id BETWEEN ? AND ? ORDER BY person_id, position", func(r *sql.Rows) error {
		var id int64
		var n, typ string
		if err := r.Scan(&id, &n, &typ); err != nil {
			return err
		}
		if e := byID[id]; e != nil {
			e.names = append(e.names, name{n, altClass(typ)})
		}
		return nil
	}, lo, hi)
	if err != nil {
		return nil, err
	}
	for _, qs := range []string{
		"SELECT person_id, COUNT(*) FROM cast_credits WHERE person_id BETWEEN ? AND ? GROUP BY person_id",
		"SELECT person_id, COUNT(*) FROM crew_credits WHERE person_id BETWEEN ? AND ? GROUP BY person_id",
	} {
		err = each(ctx, q, qs, func(r *sql.Rows) error {
			var id, n int64
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			if e := byID[id]; e != nil {
				e.popularity += n
			}
			return nil
		}, lo, hi)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func each(ctx context.Context, q *database.Q, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// write adds the index entries of the given entities; their old entities
// (and with them their keys) are deleted first by the caller.
func write(ctx context.Context, q *database.Q, es []*entity) (terms int, err error) {
	const perStmt = 400
	ncol := strings.Count(entityCols, ",") + 1
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", ncol), ",") + ")"
	for start := 0; start < len(es); start += perStmt {
		part := es[start:min(start+perStmt, len(es))]
		var b strings.Builder
		b.WriteString("INSERT INTO search_entities (" + entityCols + ") VALUES ")
		args := make([]any, 0, ncol*len(part))
		formed := make([][]term, len(part))
		var docs []string
		for i, e := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(tuple)
			ts, xs := forms(e)
			formed[i] = ts
			row := entityRow(e, ts, xs)
			if d := row[10].(string); d != "" {
				docs = append(docs, d)
			}
			args = append(args, row...)
		}
		b.WriteString(" RETURNING id")
		ids, err := database.All(ctx, q, b.String(), func(r *sql.Rows) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, args...)
		if err != nil {
			return terms, err
		}
		if len(ids) != len(part) {
			return terms, fmt.Errorf("search: %d entities written, %d ids returned", len(part), len(ids))
		}
		var tr []any
		for i, ts := range formed {
			for _, t := range ts {
				tr = append(tr, ids[i], t.term, t.class, t.word)
			}
			terms += len(ts)
		}
		if err := insertRows(ctx, q, "INSERT INTO search_terms (entity_id, term, class, word) VALUES ", 4, tr); err != nil {
			return terms, err
		}
		if err := countTrigrams(ctx, q, docs); err != nil {
			return terms, err
		}
	}
	return terms, nil
}

// insertRows inserts flat values, cols per row, in statements of at most
// 1,000 rows.
func insertRows(ctx context.Context, q *database.Q, prefix string, cols int, vals []any) error {
	const perStmt = 1000
	tuple := "(" + strings.Repeat("?,", cols-1) + "?)"
	for start := 0; start < len(vals); start += perStmt * cols {
		part := vals[start:min(start+perStmt*cols, len(vals))]
		n := len(part) / cols
		var b strings.Builder
		b.Grow(len(prefix) + n*(len(tuple)+1))
		b.WriteString(prefix)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(tuple)
		}
		if _, err := q.Exec(ctx, b.String(), part...); err != nil {
			return err
		}
	}
	return nil
}

// indexTitles replaces the index entries of the titles with ids in
// [lo, hi] and of their characters.
func indexTitles(ctx context.Context, q *database.Q, lo, hi int64) (entities, terms int, err error) {
	if _, err := q.Exec(ctx, "DELETE FROM search_entities WHERE character_id IN (SELECT id FROM characters WHERE title_id BETWEEN ? AND ?)", lo, hi); err != nil {
		return 0, 0, err
	}
	if _, err := q.Exec(ctx, "DELETE FROM search_entities WHERE title_id BETWEEN ? AND ?", lo, hi); err != nil {
		return 0, 0, err
	}
	es, err := loadTitles(ctx, q, lo, hi)
	if err != nil {
		return 0, 0, err
	}
	terms, err = write(ctx, q, es)
	return len(es), terms, err
}

// indexPeople replaces the index entries of the people with ids in [lo, hi].
func indexPeople(ctx context.Context, q *database.Q, lo, hi int64) (entities, terms int, err error) {
	if _, err := q.Exec(ctx, "DELETE FROM search_entities WHERE person_id BETWEEN ? AND ?", lo, hi); err != nil {
		return 0, 0, err
	}
	es, err := loadPeople(ctx, q, lo, hi)
	if err != nil {
		return 0, 0, err
	}
	terms, err = write(ctx, q, es)
	return len(es), terms, err
}
