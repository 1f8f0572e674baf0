// Package search finds titles, people and characters by any of their
// names: the English title or an AKA or abbreviation, the Hangul title
// whole or from any word on, Hanja, romanizations in RR or MR however they
// are spaced and marked, initial consonants, Korean names in their common
// spellings in either order, and Latin names with a typo or two.
//
// The index lives in the database beside the catalog: search_entities (one
// row per title, person and character, deleted with it, holding its Latin
// names for typo search by trigrams: FTS5 on SQLite, pg_trgm on
// PostgreSQL) and search_terms (lookup keys, compared exactly and by prefix
// on a B-tree). The catalog calls the Service's Index methods in
// the transaction of every write, so the index is never behind the
// catalog; Reindex rebuilds it whole.
package search

import (
	"context"
	"database/sql"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Kinds of result.
const (
	KindTitle     = "title"
	KindPerson    = "person"
	KindCharacter = "character"
)

// Limits on queries.
const (
	MaxQueryLen  = 200 // runes
	MaxLimit     = 50
	DefaultLimit = 20
	SuggestLimit = 8
)

// Result is one entity found, in rank order.
type Result struct {
	Kind   string `json:"kind"`
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Native string `json:"native_name,omitempty"`
	// Context is the title a character belongs to.
	Context string `json:"context,omitempty"`
	// Match says how the best name matched: exact, prefix, word (a later
	// word of a name starts with the query) or fuzzy.
	Match string  `json:"match"`
	Score float64 `json:"score"`
}

// URL is the page of the result.
func (r Result) URL() string {
	switch r.Kind {
	case KindPerson:
		return "/people/" + r.Slug
	case KindCharacter:
		return "/characters/" + r.Slug
	}
	return "/titles/" + r.Slug
}

// Service searches the index and keeps it current.
type Service struct {
	db *database.DB

	mu   sync.Mutex
	trgm string // quoted schema of pg_trgm, with a dot, once known
}

// NewService returns a Service over db.
func NewService(db *database.DB) *Service { return &Service{db: db} }

// Match tiers: every exact match ranks above every prefix match, and so on.
// Class and popularity bonuses stay below the gap between tiers.
const (
	tierExact  = 400
	tierPrefix = 300
	tierWord   = 200
	tierFuzzy  = 100 // times the trigram similarity
)

// minSimilarity is the least trigram similarity a fuzzy match needs (as
// pg_trgm's default threshold).
const minSimilarity = 0.3

// fuzzyBelow is the number of exact and prefix matches under which a
// search also looks for names with typos.
const fuzzyBelow = 5

// Search returns up to limit entities whose names match query, best first.
// kinds restricts the kinds of result (all when empty).
func (s *Service) Search(ctx context.Context, query string, kinds []string, limit int) ([]Result, error) {
	norm, err := check(query, kinds)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	key := strings.ReplaceAll(norm, " ", "")
	keys := []string{key}
	if isASCII(key) && len(key) >= 3 {
		keys = append(keys, nameQueryKeys(norm)...)
	}
	best := map[int64]*Result{}
	r := s.db.Reader()
	kindSQL, kindArgs := kindFilter(kinds)
	for _, k := range keys {
		args := append([]any{k, k + "\U0010FFFF"}, kindArgs...)
		args = append(args, limit+50)
		err := each(ctx, r, "SELECT e.id, e.kind, e.slug, e.name, e.native, e.context, e.popularity, t.term, t.class, t.word FROM search_terms t JOIN search_entities e ON e.id = t.entity_id WHERE t.term >= ? AND t.term < ?"+kindSQL+" ORDER BY t.term LIMIT ?",
			func(rows *sql.Rows) error {
				var id, pop int64
				var res Result
				var term string
				var class, word int
				if err := rows.Scan(&id, &res.Kind, &res.Slug, &res.Name, &res.Native, &res.Context, &pop, &term, &class, &word); err != nil {
					return err
				}
				switch {
				case word == 0 && term == k:
					res.Match, res.Score = "exact", tierExact
				case word == 0:
					res.Match, res.Score = "prefix", tierPrefix
				default:
					res.Match, res.Score = "word", tierWord
				}
				res.Score += classBonus[class] + popBonus(pop)
				keep(best, id, res)
				return nil
			}, args...)
		if err != nil {
			return nil, err
		}
	}
	// Typo-tolerant matching is the costly part; it runs when exact and
	// prefix matches found only a few entities, which is when a typo is
	// likely.
	if len(best) < min(limit, fuzzyBelow) && utf8.RuneCountInString(norm) >= 3 && isASCII(norm) {
		if err := s.fuzzy(ctx, norm, kindSQL, kindArgs, best); err != nil {
			return nil, err
		}
	}
	out := make([]Result, 0, len(best))
	for _, r := range best {
		r.Score = math.Round(r.Score*100) / 100
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Kind+out[i].Slug < out[j].Kind+out[j].Slug
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Suggest is Search for a box being typed in: few results, all kinds.
func (s *Service) Suggest(ctx context.Context, query string) ([]Result, error) {
	return s.Search(ctx, query, nil, SuggestLimit)
}

func keep(best map[int64]*Result, id int64, r Result) {
	if old, ok := best[id]; ok && old.Score >= r.Score {
		return
	}
	best[id] = &r
}

// popBonus grows with the log of popularity, at most 40 points.
func popBonus(pop int64) float64 {
	if pop <= 0 {
		return 0
	}
	return min(40, 10*math.Log10(1+float64(pop)))
}

func kindFilter(kinds []string) (string, []any) {
	if len(kinds) == 0 || len(kinds) == 3 {
		return "", nil
	}
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return " AND e.kind IN (" + strings.TrimSuffix(strings.Repeat("?,", len(kinds)), ",") + ")", args
}

// check validates a query and the kinds asked for, naming each bad field,
// and returns the normalized query.
func check(query string, kinds []string) (string, error) {
	var fields []apperr.FieldError
	norm := ""
	switch n := utf8.RuneCountInString(query); {
	case !utf8.ValidString(query):
		fields = append(fields, apperr.FieldError{Field: "q", Message: "must be valid UTF-8"})
	case n > MaxQueryLen:
		fields = append(fields, apperr.FieldError{Field: "q", Message: "must be at most 200 characters"})
	default:
		norm = normalize(query)
		if norm == "" {
			fields = append(fields, apperr.FieldError{Field: "q", Message: "must contain a letter or digit"})
		}
	}
	for _, k := range kinds {
		if k != KindTitle && k != KindPerson && k != KindCharacter {
			fields = append(fields, apperr.FieldError{Field: "kind", Message: "unknown kind " + k + "; use title, person or character"})
			break
		}
	}
	if len(fields) > 0 {
		return "", &apperr.Error{Code: apperr.Invalid, Message: "The search is invalid.", Fields: fields}
	}
	return norm, nil
}

// fuzzy adds entities with a name sharing enough trigrams with norm. The
// candidates hold two of the query's rarest trigrams (see pickTrigrams),
// found by FTS5 on SQLite and by pairs of LIKE patterns under pg_trgm's GIN
// index on PostgreSQL, which intersects the lists of a pair by skipping.
func (s *Service) fuzzy(ctx context.Context, norm, kindSQL string, kindArgs []any, best map[int64]*Result) error {
	pg := s.db.Engine() == database.Postgres
	grams := windows(norm)
	if pg {
		// pg_trgm takes a LIKE pattern's trigrams from inside its words.
		grams = wordWindows(norm)
	}
	groups, err := s.pickTrigrams(ctx, grams)
	if err != nil || len(groups) == 0 {
		return err
	}
	// Each group is asked in turn, rarest first, until the bound: asked
	// together, the first rows in index order would often all come from a
	// weak pair.
	queries := make([]string, len(groups))
	argsOf := make([][]any, len(groups))
	for i, g := range groups {
		var where string
		var args []any
		if pg {
			ands := make([]string, len(g))
			for j, t := range g {
				ands[j] = "e.texts LIKE ?"
				args = append(args, "%"+t+"%")
			}
			where = " FROM search_entities e WHERE " + strings.Join(ands, " AND ")
		} else {
			ands := make([]string, len(g))
			for j, t := range g {
				ands[j] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
			}
			where = " FROM search_fuzzy f JOIN search_entities e ON e.id = f.rowid WHERE search_fuzzy MATCH ?"
			args = []any{strings.Join(ands, " AND ")}
		}
		queries[i] = "SELECT e.id, e.kind, e.slug, e.name, e.native, e.context, e.popularity, e.texts, e.text_classes" + where + kindSQL + " LIMIT ?"
		argsOf[i] = append(args, kindArgs...)
	}
	qg := trigrams(norm, nil)
	var tg []uint32
	seen := map[int64]bool{}
	scan := func(rows *sql.Rows) error {
		var id, pop int64
		var res Result
		var texts, classes string
		if err := rows.Scan(&id, &res.Kind, &res.Slug, &res.Name, &res.Native, &res.Context, &pop, &texts, &classes); err != nil {
			return err
		}
		if seen[id] {
			return nil
		}
		seen[id] = true
		// The entity's best name counts; on a tie, its better class.
		sim, class := 0.0, 0
		for i, txt := range strings.Split(texts, "\n") {
			c := classAKA
			if i < len(classes) {
				c = int(classes[i] - '0')
			}
			tg = trigrams(txt, tg)
			if v := similarity(qg, tg); v > sim || v == sim && c < class {
				sim, class = v, c
			}
		}
		if sim < minSimilarity || class < classPrimary || class >= len(classBonus) {
			return nil
		}
		res.Match = "fuzzy"
		res.Score = tierFuzzy*sim + classBonus[class]/2 + popBonus(pop)/2
		keep(best, id, res)
		return nil
	}
	run := func(q *database.Q) error {
		for i, query := range queries {
			left := fuzzyCandidates - len(seen)
			if left <= 0 {
				break
			}
			if err := each(ctx, q, query, scan, append(argsOf[i], left)...); err != nil {
				return err
			}
		}
		return nil
	}
	if !pg {
		return run(s.db.Reader())
	}
	// PostgreSQL's estimate of a LIKE pattern's share of rows is a guess,
	// often wrong by orders of magnitude, and with the bound it may choose to
	// scan the table. The trigram counts picked patterns that the index
	// answers quickly, so the scan is ruled out.
	return s.db.ReadTx(ctx, func(q *database.Q) error {
		if _, err := q.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		return run(q)
	})
}

// fuzzyCandidates bounds the entities a typo search compares with the
// query.
const fuzzyCandidates = 300

// trgmSchema returns where pg_trgm is installed, quoted and with a dot,
// since the search path need not include it.
func (s *Service) trgmSchema(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.trgm != "" {
		return s.trgm, nil
	}
	var name string
	if err := s.db.Reader().QueryRow(ctx, "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'").Scan(&name); err != nil {
		return "", err
	}
	s.trgm = `"` + strings.ReplaceAll(name, `"`, `""`) + `".`
	return s.trgm, nil
}

// pickTrigrams chooses which of a query's trigrams grams a typo search
// looks names up by, as groups of trigrams a name must all hold, any group
// sufficing: each trigram alone for a short query, else pairs of its six
// rarest, leaving out pairs of two common ones. Starting from the rarest
// keeps the candidates few however large the catalog, and a typo only
// removes the trigrams it touches. Trigrams no name holds are left out. A
// query made only of common trigrams is looked up by its rarest pair alone.
func (s *Service) pickTrigrams(ctx context.Context, grams []string) ([][]string, error) {
	if len(grams) == 0 {
		return nil, nil
	}
	args := make([]any, len(grams))
	for i, g := range grams {
		args[i] = g
	}
	df := map[string]int64{}
	err := each(ctx, s.db.Reader(), "SELECT trigram, names FROM search_trigrams WHERE trigram IN ("+strings.TrimSuffix(strings.Repeat("?,", len(grams)), ",")+")",
		func(rows *sql.Rows) error {
			var g string
			var n int64
			if err := rows.Scan(&g, &n); err != nil {
				return err
			}
			df[g] = n
			return nil
		}, args...)
	if err != nil {
		return nil, err
	}
	var present []string
	for _, g := range grams {
		if df[g] > 0 {
			present = append(present, g)
		}
	}
	sort.SliceStable(present, func(i, j int) bool { return df[present[i]] < df[present[j]] })
	var groups [][]string
	if len(present) < 4 {
		for _, g := range present {
			if df[g] <= commonTrigram {
				groups = append(groups, []string{g})
			}
		}
		return groups, nil
	}
	rare := present[:min(6, len(present))]
	for i := range rare {
		for j := i + 1; j < len(rare); j++ {
			if df[rare[i]] > commonTrigram {
				continue
			}
			groups = append(groups, []string{rare[i], rare[j]})
		}
	}
	if len(groups) == 0 {
		// Only common trigrams: the rarest pair alone, whose names are many
		// but come first in index order, so the bound ends the scan early.
		groups = append(groups, []string{rare[0], rare[1]})
	}
	return groups, nil
}

// commonTrigram is the number of names holding a trigram above which a
// typo search does not start from it.
const commonTrigram = 20000

// IndexTitle brings the index entries of a title and its characters up to
// date; it runs inside the catalog's write transaction q.
func (s *Service) IndexTitle(ctx context.Context, q *database.Q, id int64) error {
	if err := q.Serialize(ctx, "search"); err != nil {
		return err
	}
	if _, _, err := indexTitles(ctx, q, id, id); err != nil {
		return err
	}
	// A person's popularity is their number of credits, so the people the
	// title credits count again. (One dropped from it keeps the old count
	// until a rebuild.)
	_, err := q.Exec(ctx, `UPDATE search_entities SET popularity =
		(SELECT COUNT(*) FROM cast_credits c WHERE c.person_id = search_entities.person_id) +
		(SELECT COUNT(*) FROM crew_credits c WHERE c.person_id = search_entities.person_id)
		WHERE person_id IN (SELECT person_id FROM cast_credits WHERE title_id = ? UNION SELECT person_id FROM crew_credits WHERE title_id = ?)`, id, id)
	return err
}

// IndexPerson brings the index entry of a person up to date, inside q.
func (s *Service) IndexPerson(ctx context.Context, q *database.Q, id int64) error {
	if err := q.Serialize(ctx, "search"); err != nil {
		return err
	}
	_, _, err := indexPeople(ctx, q, id, id)
	return err
}
