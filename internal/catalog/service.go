package catalog

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// TermCount is a genre, network, country or year with how many titles it has.
type TermCount struct {
	Slug  string `json:"slug"`
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Options tune a Service.
type Options struct {
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// MaxStale bounds how long a cached read may miss a write made by
	// another server on the same database (default 1s). Writes made through
	// this Service are seen at once.
	MaxStale time.Duration
	// CacheEntries bounds the read cache (default 5,000 entries, some
	// hundred megabytes at most for large titles).
	CacheEntries int
	// Indexer, when set, is told of every title and person written, inside
	// the write's transaction, so derived indexes never lag the catalog.
	Indexer Indexer
}

// Indexer keeps an index derived from the catalog (search) current. Each
// method runs inside the transaction of the write and fails it on error.
// Deletions need no call: the index's rows reference the catalog's and go
// with them.
type Indexer interface {
	// IndexTitle re-reads a title and its characters.
	IndexTitle(ctx context.Context, q *database.Q, id int64) error
	// IndexPerson re-reads a person.
	IndexPerson(ctx context.Context, q *database.Q, id int64) error
}

// Service is the catalog's use-case layer: validation, slugs, transactions
// and caching around the Store. Web pages and the JSON API both call it.
type Service struct {
	store   *Store
	now     func() time.Time
	cache   *readCache
	indexer Indexer
}

// NewService returns a Service over db.
func NewService(db *database.DB, opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.MaxStale <= 0 {
		opt.MaxStale = time.Second
	}
	if opt.CacheEntries <= 0 {
		opt.CacheEntries = 5000
	}
	st := NewStore(db)
	return &Service{store: st, now: opt.Now, cache: newReadCache(st, opt.MaxStale, opt.CacheEntries), indexer: opt.Indexer}
}

// Store returns the underlying store (for bulk loaders such as the generator).
func (s *Service) Store() *Store { return s.store }

func (s *Service) indexTitle(ctx context.Context, q *database.Q, id int64) error {
	if s.indexer == nil {
		return nil
	}
	return s.indexer.IndexTitle(ctx, q, id)
}

func (s *Service) indexPerson(ctx context.Context, q *database.Q, id int64) error {
	if s.indexer == nil {
		return nil
	}
	return s.indexer.IndexPerson(ctx, q, id)
}

func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// write runs fn in a transaction that marks the catalog changed, and drops
// this server's cached reads once it commits. The generation is bumped
// first: on PostgreSQL its row lock serializes catalog writes, as SQLite's
// single writer does, so choosing a free slug cannot race.
func (s *Service) write(ctx context.Context, fn func(q *database.Q) error) error {
	err := s.store.db.WithTx(ctx, func(q *database.Q) error {
		if err := bump(ctx, q); err != nil {
			return err
		}
		return fn(q)
	})
	if err == nil {
		s.cache.invalidate()
	}
	return err
}

// Title returns the title with the given slug and the requested sections
// (all of them when none are named). The result is shared: do not modify it.
func (s *Service) Title(ctx context.Context, slug string, sections ...string) (*Title, error) {
	v, err := s.cache.get(ctx, "t:"+slug, func() (any, error) {
		return s.store.loadTitle(ctx, slug, allSections)
	})
	if err != nil {
		return nil, err
	}
	t := v.(*Title)
	if len(sections) == 0 {
		return t, nil
	}
	return onlySections(t, sections)
}

var allSections = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range AllSections {
		m[s] = true
	}
	return m
}()

// onlySections returns a shallow copy of t keeping only the named sections.
func onlySections(t *Title, sections []string) (*Title, error) {
	want := map[string]bool{}
	for _, sec := range sections {
		if !allSections[sec] {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "Unknown section.",
				Fields: []apperr.FieldError{{Field: "include", Message: "unknown section " + sec}}}
		}
		want[sec] = true
	}
	c := *t
	drop := func(sec string, clear func()) {
		if !want[sec] {
			clear()
		}
	}
	drop(SecNames, func() { c.AltTitles = nil })
	drop(SecGenres, func() { c.Genres = nil })
	drop(SecTags, func() { c.Tags = nil })
	drop(SecCountries, func() { c.Countries = nil })
	drop(SecLanguages, func() { c.AudioLanguages, c.SubtitleLanguages = nil, nil })
	drop(SecNetworks, func() { c.Networks = nil })
	drop(SecAgeRatings, func() { c.AgeRatings = nil })
	drop(SecLinks, func() { c.ExternalLinks = nil })
	drop(SecLocations, func() { c.FilmingLocations = nil })
	drop(SecTrivia, func() { c.Trivia = nil })
	drop(SecGuide, func() { c.ParentalGuide, c.ContentDescriptors = nil, nil })
	drop(SecWatch, func() { c.WatchOptions = nil })
	drop(SecCharacters, func() { c.Characters = nil })
	drop(SecCredits, func() { c.Cast, c.Crew = nil, nil })
	drop(SecQuotes, func() { c.Quotes = nil })
	drop(SecFAQ, func() { c.FAQ = nil })
	drop(SecRelated, func() { c.Related = nil })
	switch {
	case want[SecEpisodes]:
	case want[SecSeasons]:
		seasons := make([]Season, len(c.Seasons))
		for i, se := range c.Seasons {
			se.Episodes = nil
			seasons[i] = se
		}
		c.Seasons = seasons
	default:
		c.Seasons = nil
	}
	return &c, nil
}

// Season returns season n of a title with its episodes.
func (s *Service) Season(ctx context.Context, titleSlug string, n int) (*Season, error) {
	v, err := s.cache.get(ctx, "s:"+titleSlug+"\x00"+itoa(n), func() (any, error) {
		return s.store.loadSeason(ctx, titleSlug, n)
	})
	if err != nil {
		return nil, err
	}
	return v.(*Season), nil
}

// Person returns a person with their filmography.
func (s *Service) Person(ctx context.Context, slug string) (*Person, error) {
	v, err := s.cache.get(ctx, "p:"+slug, func() (any, error) { return s.store.loadPerson(ctx, slug) })
	if err != nil {
		return nil, err
	}
	return v.(*Person), nil
}

// Character returns a character with its title and who played it.
func (s *Service) Character(ctx context.Context, slug string) (*Character, error) {
	v, err := s.cache.get(ctx, "c:"+slug, func() (any, error) { return s.store.loadCharacter(ctx, slug) })
	if err != nil {
		return nil, err
	}
	return v.(*Character), nil
}

// MaxPerPage bounds list pages.
const MaxPerPage = 100

func normalizePage(page, perPage int) (int, int) {
	if page < 1 {
		page = 1
	}
	if perPage < 1 {
		perPage = 24
	}
	return page, min(perPage, MaxPerPage)
}

// Titles lists a page of titles matching f in f.Sort's order. Invalid
// filters are an Invalid error naming every bad field.
func (s *Service) Titles(ctx context.Context, f TitleFilter) (Page[TitleRef], error) {
	if err := NormalizeFilter(&f); err != nil {
		return Page[TitleRef]{}, err
	}
	gen := int64(0)
	if f.UsesStats() {
		gen = f.StatsGeneration
	}
	key := "l:" + strings.Join([]string{f.Genre, f.Country, f.Network, f.Tag, f.Kind, f.Status, itoa(f.YearFrom), itoa(f.YearTo),
		strconv.FormatFloat(f.ScoreMin, 'g', -1, 64), strconv.FormatFloat(f.ScoreMax, 'g', -1, 64), f.Provider, f.Region, f.Sort,
		strconv.FormatInt(gen, 10), itoa(f.Page), itoa(f.PerPage)}, "\x00")
	v, err := s.cache.get(ctx, key, func() (any, error) { return s.store.listTitles(ctx, f) })
	if err != nil {
		return Page[TitleRef]{}, err
	}
	return v.(Page[TitleRef]), nil
}

// MaxBrowsePage bounds how deep browse results can be paged.
const MaxBrowsePage = 100000

// NormalizeFilter fills defaults (page, sort, a single year as a range,
// upper-case codes) and checks f, naming every invalid field as the API's
// query parameters do.
func NormalizeFilter(f *TitleFilter) error {
	var v apperr.Validation
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Region = strings.ToUpper(strings.TrimSpace(f.Region))
	f.Provider = strings.TrimSpace(f.Provider)
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PerPage == 0 {
		f.PerPage = 24
	}
	v.Check(f.Page >= 1 && f.Page <= MaxBrowsePage, "page", "must be between 1 and 100000")
	v.Check(f.PerPage >= 1 && f.PerPage <= MaxPerPage, "per_page", "must be between 1 and "+itoa(MaxPerPage))
	if f.Year != 0 {
		v.Check(validYear(f.Year), "year", "must be a year like 2019")
		f.YearFrom, f.YearTo, f.Year = f.Year, f.Year, 0
	}
	v.Check(f.YearFrom == 0 || validYear(f.YearFrom), "year_from", "must be a year like 2019")
	v.Check(f.YearTo == 0 || validYear(f.YearTo), "year_to", "must be a year like 2019")
	if f.YearFrom != 0 && f.YearTo != 0 && validYear(f.YearFrom) && validYear(f.YearTo) {
		v.Check(f.YearFrom <= f.YearTo, "year_to", "must not be before year_from")
	}
	validScore := func(x float64) bool { return x == 0 || (x >= 0.5 && x <= 10) }
	v.Check(validScore(f.ScoreMin), "score_min", "must be a score from 0.5 to 10")
	v.Check(validScore(f.ScoreMax), "score_max", "must be a score from 0.5 to 10")
	if f.ScoreMin != 0 && f.ScoreMax != 0 && validScore(f.ScoreMin) && validScore(f.ScoreMax) {
		v.Check(f.ScoreMin <= f.ScoreMax, "score_max", "must not be below score_min")
	}
	v.Check(f.Kind == "" || slices.Contains(kinds, f.Kind), "kind", "must be series, movie or special")
	v.Check(f.Status == "" || slices.Contains(statuses, f.Status), "status", "must be one of "+strings.Join(statuses, ", "))
	v.Check(f.Country == "" || len(f.Country) == 2, "country", "must be a two-letter country code like KR")
	v.Check(f.Region == "" || len(f.Region) == 2, "region", "must be a two-letter country code like KR, or ZZ for worldwide")
	v.Check(len(f.Genre) <= 100, "genre", "is too long")
	v.Check(len(f.Network) <= 100, "network", "is too long")
	v.Check(len(f.Tag) <= 120, "tag", "is too long")
	v.Check(len(f.Provider) <= 100, "provider", "is too long")
	if f.Sort == "" {
		f.Sort = SortDate
	}
	switch f.Sort {
	case SortDate, SortScore, SortPopularity, SortTitle:
	default:
		v.Add("sort", "must be one of date, score, popularity, title")
	}
	return v.Err()
}

func validYear(y int) bool { return y >= 1850 && y <= 2200 }

// Tag returns the tag with the given slug.
func (s *Service) Tag(ctx context.Context, slug string) (Tag, error) {
	v, err := s.cache.get(ctx, "tag:"+slug, func() (any, error) { return s.store.tagBySlug(ctx, slug) })
	if err != nil {
		return Tag{}, err
	}
	return v.(Tag), nil
}

// People lists people by name.
func (s *Service) People(ctx context.Context, page, perPage int) (Page[PersonRef], error) {
	page, perPage = normalizePage(page, perPage)
	v, err := s.cache.get(ctx, "lp:"+itoa(page)+"\x00"+itoa(perPage), func() (any, error) { return s.store.listPeople(ctx, page, perPage) })
	if err != nil {
		return Page[PersonRef]{}, err
	}
	return v.(Page[PersonRef]), nil
}

func (s *Service) facet(ctx context.Context, kind string) ([]TermCount, error) {
	v, err := s.cache.get(ctx, "f:"+kind, func() (any, error) { return s.store.facet(ctx, kind) })
	if err != nil {
		return nil, err
	}
	return v.([]TermCount), nil
}

// Genres lists genres with their title counts, most used first.
func (s *Service) Genres(ctx context.Context) ([]TermCount, error) { return s.facet(ctx, "genres") }

// Networks lists networks and platforms with their title counts.
func (s *Service) Networks(ctx context.Context) ([]TermCount, error) { return s.facet(ctx, "networks") }

// Countries lists country codes (in Slug and Name) with their title counts.
func (s *Service) Countries(ctx context.Context) ([]TermCount, error) {
	return s.facet(ctx, "countries")
}

// Providers lists where-to-watch providers with how many titles each offers.
func (s *Service) Providers(ctx context.Context) ([]TermCount, error) {
	return s.facet(ctx, "providers")
}

// Regions lists where-to-watch regions (ISO codes, ZZ for worldwide) with
// how many titles can be watched in each.
func (s *Service) Regions(ctx context.Context) ([]TermCount, error) { return s.facet(ctx, "regions") }

// Years lists first-air years with their title counts, newest first.
func (s *Service) Years(ctx context.Context) ([]TermCount, error) { return s.facet(ctx, "years") }

// Facets are the browse facets together.
type Facets struct {
	Genres, Networks, Countries, Years []TermCount
}

// AllFacets returns every browse facet.
func (s *Service) AllFacets(ctx context.Context) (Facets, error) {
	var f Facets
	for _, x := range []struct {
		kind string
		dst  *[]TermCount
	}{{"genres", &f.Genres}, {"networks", &f.Networks}, {"countries", &f.Countries}, {"years", &f.Years}} {
		v, err := s.facet(ctx, x.kind)
		if err != nil {
			return Facets{}, err
		}
		*x.dst = v
	}
	return f, nil
}

// Empty reports whether the catalog has no titles.
func (s *Service) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.store.db.Reader().QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM titles LIMIT 1) x").Scan(&n)
	return n == 0, err
}

// CreateTitle validates and stores a new title with every section given.
func (s *Service) CreateTitle(ctx context.Context, t *Title) (*Title, error) {
	if err := validateTitle(t); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		id, err := insertTitle(ctx, q, t, s.clock())
		if err != nil {
			return err
		}
		return s.indexTitle(ctx, q, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Title(ctx, t.Slug)
}

// UpdateTitle replaces the title's fields; sections left nil keep their
// stored contents. An empty slug keeps the current one.
func (s *Service) UpdateTitle(ctx context.Context, slug string, t *Title) (*Title, error) {
	if t.Slug == "" {
		t.Slug = slug
	}
	if err := validateTitle(t); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "titles", slug)
		if err != nil {
			return err
		}
		if err := updateTitle(ctx, q, id, t, s.clock()); err != nil {
			return err
		}
		return s.indexTitle(ctx, q, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Title(ctx, t.Slug)
}

// DeleteTitle deletes a title with its seasons, characters and sections.
func (s *Service) DeleteTitle(ctx context.Context, slug string) error {
	return s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "titles", slug)
		if err != nil {
			return err
		}
		_, err = q.Exec(ctx, "DELETE FROM titles WHERE id = ?", id)
		return err
	})
}

// PutSeason creates or replaces season n of a title with its episodes and
// reports whether it was created.
func (s *Service) PutSeason(ctx context.Context, titleSlug string, n int, se *Season) (bool, error) {
	if se.Number != 0 && se.Number != n {
		return false, &apperr.Error{Code: apperr.Invalid, Message: "The input is invalid.",
			Fields: []apperr.FieldError{{Field: "number", Message: "does not match the season number in the URL"}}}
	}
	se.Number = n
	if err := validateSeason(se); err != nil {
		return false, err
	}
	created := false
	err := s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "titles", titleSlug)
		if err != nil {
			return err
		}
		var count int
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM seasons WHERE title_id = ? AND number = ?", id, n).Scan(&count); err != nil {
			return err
		}
		created = count == 0
		_, err = upsertSeason(ctx, q, id, se, s.clock())
		return err
	})
	return created, err
}

// DeleteSeason deletes season n of a title and its episodes.
func (s *Service) DeleteSeason(ctx context.Context, titleSlug string, n int) error {
	return s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "titles", titleSlug)
		if err != nil {
			return err
		}
		res, err := q.Exec(ctx, "DELETE FROM seasons WHERE title_id = ? AND number = ?", id, n)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return notFoundf("%q has no season %d.", titleSlug, n)
		}
		return nil
	})
}

// CreatePerson validates and stores a new person.
func (s *Service) CreatePerson(ctx context.Context, p *Person) (*Person, error) {
	if err := validatePerson(p); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		id, err := insertPerson(ctx, q, p, s.clock())
		if err != nil {
			return err
		}
		return s.indexPerson(ctx, q, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Person(ctx, p.Slug)
}

// UpdatePerson replaces a person's fields; nil names or links keep theirs.
func (s *Service) UpdatePerson(ctx context.Context, slug string, p *Person) (*Person, error) {
	if p.Slug == "" {
		p.Slug = slug
	}
	if err := validatePerson(p); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "people", slug)
		if err != nil {
			return err
		}
		if err := updatePerson(ctx, q, id, p, s.clock()); err != nil {
			return err
		}
		return s.indexPerson(ctx, q, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Person(ctx, p.Slug)
}

// DeletePerson deletes a person who has no credits; one with credits is a
// Conflict, since deleting would silently change title pages.
func (s *Service) DeletePerson(ctx context.Context, slug string) error {
	return s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "people", slug)
		if err != nil {
			return err
		}
		var n int
		if err := q.QueryRow(ctx, "SELECT (SELECT COUNT(*) FROM cast_credits WHERE person_id = ?) + (SELECT COUNT(*) FROM crew_credits WHERE person_id = ?)", id, id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.Errorf(apperr.Conflict, "%q has %d credits; remove them from the titles first.", slug, n)
		}
		_, err = q.Exec(ctx, "DELETE FROM people WHERE id = ?", id)
		return err
	})
}

// readCache keeps recent reads while the catalog generation is unchanged.
// This server's writes clear it at once; another server's writes are seen
// once the generation is checked again, at most MaxStale later.
type readCache struct {
	store    *Store
	maxStale time.Duration
	limit    int

	mu      sync.Mutex
	gen     int64
	checked time.Time
	entries map[string]any
}

func newReadCache(st *Store, maxStale time.Duration, limit int) *readCache {
	return &readCache{store: st, maxStale: maxStale, limit: limit, entries: map[string]any{}}
}

func (c *readCache) invalidate() {
	c.mu.Lock()
	// gen -1 matches no generation, so loads already under way are not
	// kept and the next read checks the database again.
	c.gen, c.entries, c.checked = -1, map[string]any{}, time.Time{}
	c.mu.Unlock()
}

func (c *readCache) get(ctx context.Context, key string, load func() (any, error)) (any, error) {
	c.mu.Lock()
	stale := time.Since(c.checked) > c.maxStale
	c.mu.Unlock()
	if stale {
		gen, err := c.store.Generation(ctx)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		if gen != c.gen {
			c.gen, c.entries = gen, map[string]any{}
		}
		c.checked = time.Now()
		c.mu.Unlock()
	}
	c.mu.Lock()
	v, ok := c.entries[key]
	gen := c.gen
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen == gen {
		if len(c.entries) >= c.limit {
			for k := range c.entries { // map order is random: evict one at random
				delete(c.entries, k)
				break
			}
		}
		c.entries[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// CreateCharacter adds a character to a title.
func (s *Service) CreateCharacter(ctx context.Context, titleSlug string, c *Character) (*Character, error) {
	if err := validateCharacter(c); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		tid, err := idBySlug(ctx, q, "titles", titleSlug)
		if err != nil {
			return err
		}
		if err := insertCharacter(ctx, q, tid, c, s.clock()); err != nil {
			return err
		}
		return s.indexTitle(ctx, q, tid)
	})
	if err != nil {
		return nil, err
	}
	return s.Character(ctx, c.Slug)
}

// UpdateCharacter replaces a character's names and description; nil Names
// keep theirs. An empty slug keeps the current one.
func (s *Service) UpdateCharacter(ctx context.Context, slug string, c *Character) (*Character, error) {
	if c.Slug == "" {
		c.Slug = slug
	}
	if err := validateCharacter(c); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "characters", slug)
		if err != nil {
			return err
		}
		if err := updateCharacter(ctx, q, id, c, s.clock()); err != nil {
			return err
		}
		var tid int64
		if err := q.QueryRow(ctx, "SELECT title_id FROM characters WHERE id = ?", id).Scan(&tid); err != nil {
			return err
		}
		return s.indexTitle(ctx, q, tid)
	})
	if err != nil {
		return nil, err
	}
	return s.Character(ctx, c.Slug)
}

// DeleteCharacter deletes a character; its cast credits remain with the
// role unspecified and its quotes become unattributed.
func (s *Service) DeleteCharacter(ctx context.Context, slug string) error {
	return s.write(ctx, func(q *database.Q) error {
		id, err := idBySlug(ctx, q, "characters", slug)
		if err != nil {
			return err
		}
		_, err = q.Exec(ctx, "DELETE FROM characters WHERE id = ?", id)
		return err
	})
}

// SlugOf returns the slug of the title with the given id.
func (s *Service) SlugOf(ctx context.Context, id int64) (string, error) {
	v, err := s.cache.get(ctx, "id:"+strconv.FormatInt(id, 10), func() (any, error) {
		var slug string
		err := s.store.db.Reader().QueryRow(ctx, "SELECT slug FROM titles WHERE id = ?", id).Scan(&slug)
		if errors.Is(err, sql.ErrNoRows) {
			return "", notFoundf("There is no title %d.", id)
		}
		return slug, err
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}
