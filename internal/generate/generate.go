// Package generate fills a database with a large, realistic synthetic
// catalog — mostly Korean series with Hangul titles, people, characters,
// credits, seasons and episodes — for load tests, benchmarks and demos.
//
// It writes rows directly with multi-row INSERT statements and explicit ids
// in large transactions instead of going through the catalog service, so a
// million titles take minutes. The output depends only on Options (not on
// the batch size), except for ids, which continue after what the database
// already holds, and timestamps. Run it on a database nothing else writes to
// at the same time: ids are taken from MAX(id) when it starts.
package generate

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/database"
)

// Options say how much to generate.
type Options struct {
	// Titles is the number of titles to generate.
	Titles int
	// People is the size of the pool credits draw from; 0 means as many as
	// Titles.
	People int
	// Seed makes the catalog reproducible: the same Seed and counts give
	// the same catalog.
	Seed int64
	// BatchSize is the number of titles per transaction (people go ten
	// times as many per transaction); 0 picks a default.
	BatchSize int
}

// DefaultBatchSize is the number of titles per transaction when
// Options.BatchSize is 0.
const DefaultBatchSize = 10000

// Progress is reported after each committed transaction.
type Progress struct {
	// Phase is "people" while the person pool is written, then "titles".
	Phase       string
	People      int // people committed so far
	PeopleTotal int
	Titles      int // titles committed so far
	Total       int // titles to generate
	Rows        int64
	Elapsed     time.Duration
}

// Stats counts what was written (committed).
type Stats struct {
	Titles      int
	People      int
	Seasons     int64
	Episodes    int64
	Characters  int64
	CastCredits int64
	CrewCredits int64
	// Rows counts every row inserted, in all tables.
	Rows    int64
	Elapsed time.Duration
}

func (s *Stats) add(o *Stats) {
	s.Titles += o.Titles
	s.People += o.People
	s.Seasons += o.Seasons
	s.Episodes += o.Episodes
	s.Characters += o.Characters
	s.CastCredits += o.CastCredits
	s.CrewCredits += o.CrewCredits
	s.Rows += o.Rows
}

// Tables the generator writes, in the order a batch inserts them (parents
// before children).
const (
	tPeople = iota
	tPersonNames
	tTitles
	tTitleNames
	tTitleGenres
	tTitleTags
	tTitleCountries
	tTitleLanguages
	tTitleNetworks
	tAgeRatings
	tWatchOptions
	tCharacters
	tCharacterNames
	tCast
	tCrew
	tSeasons
	tEpisodes
	nTables
)

type table struct {
	name    string
	columns []string
	hasID   bool // an id column the generator fills (and PostgreSQL's identity must follow)
}

var tables = [nTables]table{
	tPeople:         {"people", []string{"id", "slug", "name", "native_name", "birth_date", "birth_place", "biography", "created_at", "updated_at"}, true},
	tPersonNames:    {"person_names", []string{"id", "person_id", "position", "name", "type", "language", "script", "system"}, true},
	tTitles:         {"titles", []string{"id", "slug", "kind", "name", "original_title", "logline", "synopsis", "status", "first_aired", "last_aired", "start_year", "runtime_minutes", "original_language", "schedule_days", "schedule_time", "schedule_tz", "created_at", "updated_at"}, true},
	tTitleNames:     {"title_names", []string{"id", "title_id", "position", "name", "type", "language", "script", "system"}, true},
	tTitleGenres:    {"title_genres", []string{"title_id", "genre_id", "position"}, false},
	tTitleTags:      {"title_tags", []string{"title_id", "tag_id", "position"}, false},
	tTitleCountries: {"title_countries", []string{"title_id", "country", "position"}, false},
	tTitleLanguages: {"title_languages", []string{"title_id", "usage", "language", "position"}, false},
	tTitleNetworks:  {"title_networks", []string{"title_id", "network_id", "role", "position"}, false},
	tAgeRatings:     {"age_ratings", []string{"id", "title_id", "position", "country", "system", "rating"}, true},
	tWatchOptions:   {"watch_options", []string{"id", "title_id", "position", "region", "provider", "offer", "audio_languages", "subtitle_languages"}, true},
	tCharacters:     {"characters", []string{"id", "slug", "title_id", "position", "name", "native_name", "description", "created_at", "updated_at"}, true},
	tCharacterNames: {"character_names", []string{"id", "character_id", "position", "name", "type", "language", "script", "system"}, true},
	tCast:           {"cast_credits", []string{"id", "title_id", "person_id", "character_id", "position", "role", "billing"}, true},
	tCrew:           {"crew_credits", []string{"id", "title_id", "person_id", "position", "department", "job"}, true},
	tSeasons:        {"seasons", []string{"id", "title_id", "number", "name", "first_aired", "last_aired", "episode_count", "created_at", "updated_at"}, true},
	tEpisodes:       {"episodes", []string{"id", "season_id", "number", "air_date", "runtime_minutes", "audience_share", "created_at", "updated_at"}, true},
}

// idTables lists the tables whose ids the generator assigns.
func idTables() []string {
	var ts []string
	for _, t := range tables {
		if t.hasID {
			ts = append(ts, t.name)
		}
	}
	return ts
}

// maxParams stays under SQLite's 32766 bound parameters per statement
// (PostgreSQL allows 65535); maxRowsPerStatement keeps statements small
// enough to compile quickly.
const (
	maxParams           = 32766
	maxRowsPerStatement = 512
)

// batch is one transaction's worth of rows, as flat argument lists.
type batch struct {
	rows   [nTables][]any
	counts Stats // what the batch holds (Titles, People …)
}

func (b *batch) add(t int, vals ...any) { b.rows[t] = append(b.rows[t], vals...) }

// inserter writes batches; it is used by one goroutine.
type inserter struct {
	db    *database.DB
	stmts [nTables]map[int]string
}

// perStatement is the number of rows a full statement of t inserts: a power
// of two, so the rest of a batch goes in power-of-two pieces and only a
// handful of distinct statements are ever prepared (and cached by drivers).
func perStatement(t int) int {
	n := min(maxParams/len(tables[t].columns), maxRowsPerStatement)
	return 1 << (bits.Len(uint(n)) - 1)
}

func (in *inserter) statement(t, rows int) string {
	if in.stmts[t] == nil {
		in.stmts[t] = map[int]string{}
	}
	if s, ok := in.stmts[t][rows]; ok {
		return s
	}
	cols := tables[t].columns
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	var b strings.Builder
	b.Grow(64 + len(cols)*12 + rows*(len(one)+1))
	b.WriteString("INSERT INTO ")
	b.WriteString(tables[t].name)
	b.WriteString(" (")
	b.WriteString(strings.Join(cols, ", "))
	b.WriteString(") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(one)
	}
	s := b.String()
	in.stmts[t][rows] = s
	return s
}

// insert writes one batch in a transaction and marks the catalog changed.
func (in *inserter) insert(ctx context.Context, b *batch) error {
	return in.db.WithTx(ctx, func(q *database.Q) error {
		for t := range nTables {
			args := b.rows[t]
			nc := len(tables[t].columns)
			full := perStatement(t)
			for len(args) > 0 {
				n := len(args) / nc
				if n > full {
					n = full
				} else {
					n = 1 << (bits.Len(uint(n)) - 1) // largest power of two ≤ n
				}
				if _, err := q.Exec(ctx, in.statement(t, n), args[:n*nc]...); err != nil {
					return fmt.Errorf("insert into %s: %w", tables[t].name, err)
				}
				args = args[n*nc:]
			}
		}
		_, err := q.Exec(ctx, "UPDATE catalog_state SET generation = generation + 1 WHERE id = 1")
		return err
	})
}

// Generate fills db, which must be migrated, with a synthetic catalog and
// calls progress (when not nil, and never concurrently) after each
// committed transaction. When ctx is cancelled the transactions in progress
// roll back; what was committed stays, and the returned Stats count it.
// Every transaction bumps catalog_state.generation, so caches of a running
// server notice the new rows as soon as each batch commits.
func Generate(ctx context.Context, db *database.DB, opt Options, progress func(Progress)) (done Stats, err error) {
	start := time.Now()
	if opt.Titles < 0 || opt.People < 0 {
		return done, errors.New("generate: Titles and People must not be negative")
	}
	if opt.People == 0 {
		opt.People = opt.Titles
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = DefaultBatchSize
	}
	if opt.Titles == 0 && opt.People == 0 {
		return done, nil
	}

	var next [nTables]int64
	var terms termIDs
	err = db.WithTx(ctx, func(q *database.Q) error {
		var err error
		if terms, err = ensureTerms(ctx, q); err != nil {
			return err
		}
		for t := range nTables {
			if !tables[t].hasID {
				continue
			}
			if err := q.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+tables[t].name).Scan(&next[t]); err != nil {
				return err
			}
			next[t]++
		}
		return nil
	})
	if err != nil {
		return done, fmt.Errorf("generate: prepare: %w", err)
	}

	// Whatever happens, leave PostgreSQL's identity sequences past the ids
	// that were committed, and the SQLite connection as it was.
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if done.Rows > 0 {
			if serr := db.SyncIDSequences(cctx, idTables()...); serr != nil && err == nil {
				err = fmt.Errorf("generate: sync id sequences: %w", serr)
			}
		}
	}()
	restore, err := tuneSQLite(ctx, db)
	if err != nil {
		return done, fmt.Errorf("generate: %w", err)
	}
	defer restore()

	now := time.Now().UTC().Truncate(time.Microsecond)
	var stamp any = now
	if db.Engine() == database.SQLite {
		// The driver stores a time.Time as its String(); handing it the
		// string once saves formatting it for every row.
		stamp = now.String()
	}
	g := newGenerator(opt, next, terms, stamp)

	outer := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// One batch waits while the next is generated and others are inserted.
	batches := make(chan *batch, 1)
	produced := make(chan struct{})
	go func() {
		defer close(produced)
		defer close(batches)
		send := func(b *batch) bool {
			select {
			case batches <- b:
				return true
			case <-ctx.Done():
				return false
			}
		}
		perPeople := opt.BatchSize * 10
		for k := 0; k < opt.People; k += perPeople {
			if !send(g.people(min(perPeople, opt.People-k))) {
				return
			}
		}
		for k := 0; k < opt.Titles; k += opt.BatchSize {
			if !send(g.titles(min(opt.BatchSize, opt.Titles-k))) {
				return
			}
		}
	}()
	defer func() {
		cancel()
		for range batches { // let the producer finish
		}
		<-produced
	}()

	// SQLite has one writer. PostgreSQL inserts title batches over several
	// connections at once: they share no rows, and the people they credit
	// are committed before the first title batch starts.
	writers := 1
	if db.Engine() == database.Postgres {
		writers = postgresWriters
	}
	free := make(chan *inserter, writers)
	for range writers {
		free <- &inserter{db: db}
	}
	var (
		mu       sync.Mutex // guards done, failed and progress calls
		failed   error
		inFlight sync.WaitGroup
	)
	committed := func(b *batch) {
		for t := range nTables {
			b.counts.Rows += int64(len(b.rows[t]) / len(tables[t].columns))
		}
		mu.Lock()
		defer mu.Unlock()
		done.add(&b.counts)
		done.Elapsed = time.Since(start)
		if progress != nil {
			phase := "titles"
			if b.counts.Titles == 0 {
				phase = "people"
			}
			progress(Progress{Phase: phase, People: done.People, PeopleTotal: opt.People,
				Titles: done.Titles, Total: opt.Titles, Rows: done.Rows, Elapsed: done.Elapsed})
		}
	}
	fail := func(err error) {
		mu.Lock()
		if failed == nil {
			failed = err
		}
		mu.Unlock()
		cancel()
	}
	for b := range batches {
		in := <-free
		if ctx.Err() != nil {
			break
		}
		if writers == 1 || b.counts.Titles == 0 {
			err := in.insert(ctx, b)
			free <- in
			if err != nil {
				fail(err)
				break
			}
			committed(b)
			continue
		}
		inFlight.Add(1)
		go func() {
			defer inFlight.Done()
			err := in.insert(ctx, b)
			free <- in
			if err != nil {
				fail(err)
				return
			}
			committed(b)
		}()
	}
	inFlight.Wait()
	done.Elapsed = time.Since(start)
	if outer.Err() != nil {
		return done, fmt.Errorf("generate: %w", context.Cause(outer))
	}
	if failed != nil {
		return done, fmt.Errorf("generate: %w", failed)
	}
	return done, nil
}

// postgresWriters is how many transactions insert title batches at once on
// PostgreSQL; on a 2-core machine 2 and 3 are equally fast (1.6× one), a
// server with more cores gains more from 3.
const postgresWriters = 3

// tuneSQLite gives SQLite's write connection a larger page cache while the
// generator runs — the random inserts into slug and person indexes stay in
// memory — and returns a function that puts the old size back. Durability
// settings are left alone.
func tuneSQLite(ctx context.Context, db *database.DB) (restore func(), err error) {
	if db.Engine() != database.SQLite {
		return func() {}, nil
	}
	var old int64
	err = db.WithTx(ctx, func(q *database.Q) error {
		if err := q.QueryRow(ctx, "PRAGMA cache_size").Scan(&old); err != nil {
			return err
		}
		_, err := q.Exec(ctx, "PRAGMA cache_size = -524288") // 512 MiB
		return err
	})
	if err != nil {
		return nil, err
	}
	return func() {
		ctx := context.WithoutCancel(ctx)
		db.WithTx(ctx, func(q *database.Q) error {
			_, err := q.Exec(ctx, "PRAGMA cache_size = "+strconv.FormatInt(old, 10))
			return err
		})
	}, nil
}

// termIDs are the ids of the genres, tags and networks titles refer to.
type termIDs struct {
	genres   []int64 // parallel to genres
	tags     []int64 // parallel to tags
	networks map[string]int64
}

// ensureTerms creates the genres, tags and networks the generator uses
// (keeping any that exist) and returns their ids.
func ensureTerms(ctx context.Context, q *database.Q) (termIDs, error) {
	ids := termIDs{networks: map[string]int64{}}
	lookup := func(query string, args ...any) (int64, error) {
		var id int64
		err := q.QueryRow(ctx, query, args...).Scan(&id)
		return id, err
	}
	for _, name := range genres {
		slug := catalog.Slugify(name)
		if _, err := q.Exec(ctx, "INSERT INTO genres (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", slug, name); err != nil {
			return ids, err
		}
		id, err := lookup("SELECT id FROM genres WHERE slug = ?", slug)
		if err != nil {
			return ids, err
		}
		ids.genres = append(ids.genres, id)
	}
	for _, t := range tags {
		slug := catalog.Slugify(t.name)
		if _, err := q.Exec(ctx, "INSERT INTO tags (kind, slug, name) VALUES (?, ?, ?) ON CONFLICT (kind, slug) DO NOTHING", t.kind, slug, t.name); err != nil {
			return ids, err
		}
		id, err := lookup("SELECT id FROM tags WHERE kind = ? AND slug = ?", t.kind, slug)
		if err != nil {
			return ids, err
		}
		ids.tags = append(ids.tags, id)
	}
	var names []string
	for _, ns := range broadcasters {
		names = append(names, ns...)
	}
	for _, ns := range originalPlatforms {
		names = append(names, ns...)
	}
	names = append(names, platforms...)
	for _, name := range names {
		if _, ok := ids.networks[name]; ok {
			continue
		}
		slug := catalog.Slugify(name)
		if _, err := q.Exec(ctx, "INSERT INTO networks (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING", slug, name); err != nil {
			return ids, err
		}
		id, err := lookup("SELECT id FROM networks WHERE slug = ?", slug)
		if err != nil {
			return ids, err
		}
		ids.networks[name] = id
	}
	return ids, nil
}
