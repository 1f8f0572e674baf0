package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
)

// Store reads and writes the catalog with one set of SQL for both engines.
// Write methods take the transaction's *database.Q; the Service opens it.
type Store struct {
	db *database.DB
}

// NewStore returns a Store on db.
func NewStore(db *database.DB) *Store { return &Store{db: db} }

// DB returns the underlying database.
func (s *Store) DB() *database.DB { return s.db }

// bump marks the catalog as changed for every cache that holds a part of it.
func bump(ctx context.Context, q *database.Q) error {
	_, err := q.Exec(ctx, "UPDATE catalog_state SET generation = generation + 1 WHERE id = 1")
	return err
}

// Generation returns the catalog's change counter.
func (s *Store) Generation(ctx context.Context) (int64, error) {
	var g int64
	err := s.db.Reader().QueryRow(ctx, "SELECT generation FROM catalog_state WHERE id = 1").Scan(&g)
	return g, err
}

// sluggedTables are the tables whose rows have a unique slug.
var sluggedTables = map[string]bool{"titles": true, "people": true, "characters": true}

func slugTaken(ctx context.Context, q *database.Q, table, slug string) (bool, error) {
	if !sluggedTables[table] {
		panic("slugTaken: unknown table " + table)
	}
	var n int
	err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE slug = ?", slug).Scan(&n)
	return n > 0, err
}

// freeSlug returns base, or base-2, base-3 … whichever is free first.
func freeSlug(ctx context.Context, q *database.Q, table, base string) (string, error) {
	for i := 1; ; i++ {
		s := base
		if i > 1 {
			s = base + "-" + strconv.Itoa(i)
		}
		taken, err := slugTaken(ctx, q, table, s)
		if err != nil || !taken {
			return s, err
		}
	}
}

// claimSlug picks the slug for a new row: an explicit one must be free
// (else Conflict), a derived one gets a numeric suffix when needed.
func claimSlug(ctx context.Context, q *database.Q, table, explicit, name, field string) (string, error) {
	if explicit != "" {
		taken, err := slugTaken(ctx, q, table, explicit)
		if err != nil {
			return "", err
		}
		if taken {
			return "", &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("The slug %q is already in use.", explicit),
				Fields: []apperr.FieldError{{Field: field, Message: "is already in use"}}}
		}
		return explicit, nil
	}
	return freeSlug(ctx, q, table, Slugify(name))
}

func idBySlug(ctx context.Context, q *database.Q, table, slug string) (int64, error) {
	if !sluggedTables[table] {
		panic("idBySlug: unknown table " + table)
	}
	var id int64
	err := q.QueryRow(ctx, "SELECT id FROM "+table+" WHERE slug = ?", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound(table, slug)
	}
	return id, err
}

func notFound(table, slug string) error {
	what := map[string]string{"titles": "title", "people": "person", "characters": "character"}[table]
	return apperr.Errorf(apperr.NotFound, "There is no %s with the slug %q.", what, slug)
}

// startYear derives the year used by browse from a reduced date.
func startYear(date string) any {
	if len(date) < 4 {
		return nil
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil {
		return nil
	}
	return y
}

func scheduleColumns(s *Schedule) (days, at, tz string) {
	if s == nil {
		return "", "", ""
	}
	return strings.Join(s.Days, ","), s.Time, s.TimeZone
}

// insertTitle creates the title row and every section in t.
func insertTitle(ctx context.Context, q *database.Q, t *Title, now time.Time) (int64, error) {
	slug, err := claimSlug(ctx, q, "titles", t.Slug, t.Name, "slug")
	if err != nil {
		return 0, err
	}
	t.Slug = slug
	days, at, tz := scheduleColumns(t.Schedule)
	var id int64
	err = q.QueryRow(ctx, `INSERT INTO titles (slug, kind, name, original_title, logline, synopsis, status,
		first_aired, last_aired, start_year, runtime_minutes, original_language, schedule_days, schedule_time, schedule_tz,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Slug, t.Kind, t.Name, t.OriginalTitle, t.Logline, t.Synopsis, t.Status, t.FirstAired, t.LastAired,
		startYear(t.FirstAired), t.Runtime, t.OriginalLanguage, days, at, tz, now, now).Scan(&id)
	if err != nil {
		return 0, err
	}
	// A row of zeros until the rankings are next computed, so browse
	// sorted by score or popularity lists the new title at once.
	if _, err := q.Exec(ctx, "INSERT INTO title_stats (title_id) VALUES (?)", id); err != nil {
		return 0, err
	}
	return id, writeSections(ctx, q, id, t, now)
}

// updateTitle replaces the title's core fields and every non-nil section.
func updateTitle(ctx context.Context, q *database.Q, id int64, t *Title, now time.Time) error {
	days, at, tz := scheduleColumns(t.Schedule)
	_, err := q.Exec(ctx, `UPDATE titles SET slug = ?, kind = ?, name = ?, original_title = ?, logline = ?, synopsis = ?,
		status = ?, first_aired = ?, last_aired = ?, start_year = ?, runtime_minutes = ?, original_language = ?,
		schedule_days = ?, schedule_time = ?, schedule_tz = ?, updated_at = ? WHERE id = ?`,
		t.Slug, t.Kind, t.Name, t.OriginalTitle, t.Logline, t.Synopsis, t.Status, t.FirstAired, t.LastAired,
		startYear(t.FirstAired), t.Runtime, t.OriginalLanguage, days, at, tz, now, id)
	if err != nil {
		if database.IsUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("The slug %q is already in use.", t.Slug),
				Fields: []apperr.FieldError{{Field: "slug", Message: "is already in use"}}}
		}
		return err
	}
	return writeSections(ctx, q, id, t, now)
}

// writeSections replaces each non-nil section of t. References to people,
// characters and other titles that do not exist are collected and returned
// together as one Invalid error, which rolls the transaction back.
func writeSections(ctx context.Context, q *database.Q, id int64, t *Title, now time.Time) error {
	var c checker
	ex := func(query string, args ...any) error {
		_, err := q.Exec(ctx, query, args...)
		return err
	}
	if t.AltTitles != nil {
		if err := ex("DELETE FROM title_names WHERE title_id = ?", id); err != nil {
			return err
		}
		if err := insertNames(ctx, q, "title_names", "title_id", id, t.AltTitles); err != nil {
			return err
		}
	}
	if t.Genres != nil {
		if err := ex("DELETE FROM title_genres WHERE title_id = ?", id); err != nil {
			return err
		}
		for i := range t.Genres {
			gid, err := upsertTerm(ctx, q, "genres", "", &t.Genres[i])
			if err != nil {
				return err
			}
			if err := ex("INSERT INTO title_genres (title_id, genre_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, gid, i); err != nil {
				return err
			}
		}
	}
	if t.Tags != nil {
		if err := ex("DELETE FROM title_tags WHERE title_id = ?", id); err != nil {
			return err
		}
		for i := range t.Tags {
			term := Term{Slug: t.Tags[i].Slug, Name: t.Tags[i].Name}
			tid, err := upsertTerm(ctx, q, "tags", t.Tags[i].Kind, &term)
			if err != nil {
				return err
			}
			t.Tags[i].Slug = term.Slug
			if err := ex("INSERT INTO title_tags (title_id, tag_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", id, tid, i); err != nil {
				return err
			}
		}
	}
	if t.Countries != nil {
		if err := ex("DELETE FROM title_countries WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, v := range t.Countries {
			if err := ex("INSERT INTO title_countries (title_id, country, position) VALUES (?, ?, ?)", id, v, i); err != nil {
				return err
			}
		}
	}
	for usage, langs := range map[string][]string{"audio": t.AudioLanguages, "subtitle": t.SubtitleLanguages} {
		if langs == nil {
			continue
		}
		if err := ex("DELETE FROM title_languages WHERE title_id = ? AND usage = ?", id, usage); err != nil {
			return err
		}
		for i, v := range langs {
			if err := ex("INSERT INTO title_languages (title_id, usage, language, position) VALUES (?, ?, ?, ?)", id, usage, v, i); err != nil {
				return err
			}
		}
	}
	if t.Networks != nil {
		if err := ex("DELETE FROM title_networks WHERE title_id = ?", id); err != nil {
			return err
		}
		for i := range t.Networks {
			term := Term{Slug: t.Networks[i].Slug, Name: t.Networks[i].Name}
			nid, err := upsertTerm(ctx, q, "networks", "", &term)
			if err != nil {
				return err
			}
			t.Networks[i].Slug = term.Slug
			if err := ex("INSERT INTO title_networks (title_id, network_id, role, position) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
				id, nid, t.Networks[i].Role, i); err != nil {
				return err
			}
		}
	}
	if t.AgeRatings != nil {
		if err := ex("DELETE FROM age_ratings WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, a := range t.AgeRatings {
			if err := ex("INSERT INTO age_ratings (title_id, position, country, system, rating, reason) VALUES (?, ?, ?, ?, ?, ?)",
				id, i, a.Country, a.System, a.Rating, a.Reason); err != nil {
				return err
			}
		}
	}
	if t.ExternalLinks != nil {
		if err := ex("DELETE FROM title_links WHERE title_id = ?", id); err != nil {
			return err
		}
		if err := insertLinks(ctx, q, "title_links", "title_id", id, t.ExternalLinks); err != nil {
			return err
		}
	}
	if t.FilmingLocations != nil {
		if err := ex("DELETE FROM filming_locations WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, l := range t.FilmingLocations {
			if err := ex("INSERT INTO filming_locations (title_id, position, place, region, country, note) VALUES (?, ?, ?, ?, ?, ?)",
				id, i, l.Place, l.Region, l.Country, l.Note); err != nil {
				return err
			}
		}
	}
	if t.Trivia != nil {
		if err := ex("DELETE FROM trivia WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, tr := range t.Trivia {
			if err := ex("INSERT INTO trivia (title_id, position, body, spoiler) VALUES (?, ?, ?, ?)", id, i, tr.Text, tr.Spoiler); err != nil {
				return err
			}
		}
	}
	if t.ParentalGuide != nil {
		if err := ex("DELETE FROM parental_guide WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, g := range t.ParentalGuide {
			if err := ex("INSERT INTO parental_guide (title_id, category, position, severity, note) VALUES (?, ?, ?, ?, ?)",
				id, g.Category, i, g.Severity, g.Note); err != nil {
				return err
			}
		}
	}
	if t.ContentDescriptors != nil {
		if err := ex("DELETE FROM content_descriptors WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, d := range t.ContentDescriptors {
			if err := ex("INSERT INTO content_descriptors (title_id, descriptor, position) VALUES (?, ?, ?)", id, d, i); err != nil {
				return err
			}
		}
	}
	if t.WatchOptions != nil {
		if err := ex("DELETE FROM watch_options WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, w := range t.WatchOptions {
			if err := ex(`INSERT INTO watch_options (title_id, position, region, provider, offer, audio_languages, subtitle_languages, url)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, i, w.Region, w.Provider, w.Offer,
				strings.Join(w.AudioLanguages, ","), strings.Join(w.SubtitleLanguages, ","), w.URL); err != nil {
				return err
			}
		}
	}

	var chars map[string]int64
	var err error
	if t.Characters != nil {
		chars, err = writeCharacters(ctx, q, id, t.Characters, now)
	} else if t.Cast != nil || t.Quotes != nil {
		chars, err = characterIDs(ctx, q, id)
	}
	if err != nil {
		return err
	}
	if t.Cast != nil || t.Crew != nil {
		people, err := personIDs(ctx, q, t)
		if err != nil {
			return err
		}
		if t.Cast != nil {
			if err := ex("DELETE FROM cast_credits WHERE title_id = ?", id); err != nil {
				return err
			}
			for i, cr := range t.Cast {
				f := fmt.Sprintf("cast[%d]", i)
				pid, ok := people[cr.Person]
				if !ok {
					c.Add(f+".person", "names no person: %q", cr.Person)
					continue
				}
				var cid any
				if cr.Character != "" {
					v, ok := chars[cr.Character]
					if !ok {
						c.Add(f+".character", "names no character of this title: %q", cr.Character)
						continue
					}
					cid = v
				}
				if err := ex("INSERT INTO cast_credits (title_id, person_id, character_id, position, role, billing, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
					id, pid, cid, i, cr.Role, cr.Billing, cr.Note); err != nil {
					return err
				}
			}
		}
		if t.Crew != nil {
			if err := ex("DELETE FROM crew_credits WHERE title_id = ?", id); err != nil {
				return err
			}
			for i, cr := range t.Crew {
				pid, ok := people[cr.Person]
				if !ok {
					c.Add(fmt.Sprintf("crew[%d].person", i), "names no person: %q", cr.Person)
					continue
				}
				if err := ex("INSERT INTO crew_credits (title_id, person_id, position, department, job, note) VALUES (?, ?, ?, ?, ?, ?)",
					id, pid, i, cr.Department, cr.Job, cr.Note); err != nil {
					return err
				}
			}
		}
	}
	if t.Seasons != nil {
		keep := make([]int64, 0, len(t.Seasons))
		for i := range t.Seasons {
			sid, err := upsertSeason(ctx, q, id, &t.Seasons[i], now)
			if err != nil {
				return err
			}
			keep = append(keep, sid)
		}
		if err := deleteExcept(ctx, q, "seasons", "title_id", id, keep); err != nil {
			return err
		}
	}
	if t.Quotes != nil {
		if err := ex("DELETE FROM quotes WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, qu := range t.Quotes {
			var cid any
			if qu.Character != "" {
				v, ok := chars[qu.Character]
				if !ok {
					c.Add(fmt.Sprintf("quotes[%d].character", i), "names no character of this title: %q", qu.Character)
					continue
				}
				cid = v
			}
			if err := ex("INSERT INTO quotes (title_id, position, body, character_id, season_number, episode_number) VALUES (?, ?, ?, ?, ?, ?)",
				id, i, qu.Text, cid, qu.Season, qu.Episode); err != nil {
				return err
			}
		}
	}
	if t.FAQ != nil {
		if err := ex("DELETE FROM faq_entries WHERE title_id = ?", id); err != nil {
			return err
		}
		for i, f := range t.FAQ {
			if err := ex("INSERT INTO faq_entries (title_id, position, question, answer) VALUES (?, ?, ?, ?)", id, i, f.Question, f.Answer); err != nil {
				return err
			}
		}
	}
	if t.Related != nil {
		if err := ex("DELETE FROM title_relations WHERE title_id = ?", id); err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, r := range t.Related {
			f := fmt.Sprintf("related[%d]", i)
			rid, err := idBySlug(ctx, q, "titles", r.Title)
			if apperr.CodeOf(err) == apperr.NotFound {
				c.Add(f+".title", "names no title: %q", r.Title)
				continue
			} else if err != nil {
				return err
			}
			if rid == id {
				c.Add(f+".title", "a title cannot be related to itself")
				continue
			}
			if key := r.Title + "\x00" + r.Relation; seen[key] {
				c.Add(f, "repeats the %s relation to %q", r.Relation, r.Title)
				continue
			} else {
				seen[key] = true
			}
			if err := ex("INSERT INTO title_relations (title_id, related_id, position, relation, note) VALUES (?, ?, ?, ?, ?)",
				id, rid, i, r.Relation, r.Note); err != nil {
				return err
			}
		}
	}
	return c.Err()
}

func insertNames(ctx context.Context, q *database.Q, table, owner string, id int64, ns []AltTitle) error {
	for i, n := range ns {
		_, err := q.Exec(ctx, "INSERT INTO "+table+" ("+owner+", position, name, type, language, script, system) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, i, n.Name, n.Type, n.Language, n.Script, n.System)
		if err != nil {
			return err
		}
	}
	return nil
}

func insertLinks(ctx context.Context, q *database.Q, table, owner string, id int64, ls []Link) error {
	for i, l := range ls {
		_, err := q.Exec(ctx, "INSERT INTO "+table+" ("+owner+", position, site, url, label) VALUES (?, ?, ?, ?, ?)",
			id, i, l.Site, l.URL, l.Label)
		if err != nil {
			return err
		}
	}
	return nil
}

// upsertTerm finds or creates a genre, network or tag (kind set) and fills
// in its slug.
func upsertTerm(ctx context.Context, q *database.Q, table, kind string, t *Term) (int64, error) {
	if t.Slug == "" {
		t.Slug = Slugify(t.Name)
	}
	var id int64
	var err error
	switch table {
	case "genres", "networks":
		err = q.QueryRow(ctx, "INSERT INTO "+table+" (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id",
			t.Slug, t.Name).Scan(&id)
	case "tags":
		err = q.QueryRow(ctx, "INSERT INTO tags (kind, slug, name) VALUES (?, ?, ?) ON CONFLICT (kind, slug) DO UPDATE SET slug = excluded.slug RETURNING id",
			kind, t.Slug, t.Name).Scan(&id)
	default:
		panic("upsertTerm: unknown table " + table)
	}
	return id, err
}

func characterIDs(ctx context.Context, q *database.Q, titleID int64) (map[string]int64, error) {
	rows, err := q.Query(ctx, "SELECT slug, id FROM characters WHERE title_id = ?", titleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var slug string
		var id int64
		if err := rows.Scan(&slug, &id); err != nil {
			return nil, err
		}
		m[slug] = id
	}
	return m, rows.Err()
}

// writeCharacters makes the title's characters match chars, keeping the
// ids (and so the URLs) of characters whose slug is unchanged.
func writeCharacters(ctx context.Context, q *database.Q, titleID int64, chars []Character, now time.Time) (map[string]int64, error) {
	existing, err := characterIDs(ctx, q, titleID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(chars))
	keep := make([]int64, 0, len(chars))
	derived := map[string]string{} // slug derived from the name → slug given
	for i := range chars {
		ch := &chars[i]
		if ch.Slug == "" {
			base := Slugify(ch.Name)
			if _, ok := existing[base]; ok {
				ch.Slug = base
			} else if ch.Slug, err = freeSlug(ctx, q, "characters", base); err != nil {
				return nil, err
			}
			derived[base] = ch.Slug
		}
		cid, ok := existing[ch.Slug]
		if ok {
			if _, err := q.Exec(ctx, "UPDATE characters SET position = ?, name = ?, native_name = ?, description = ?, updated_at = ? WHERE id = ?",
				i, ch.Name, ch.NativeName, ch.Description, now, cid); err != nil {
				return nil, err
			}
			if _, err := q.Exec(ctx, "DELETE FROM character_names WHERE character_id = ?", cid); err != nil {
				return nil, err
			}
		} else {
			taken, err := slugTaken(ctx, q, "characters", ch.Slug)
			if err != nil {
				return nil, err
			}
			if taken {
				f := fmt.Sprintf("characters[%d].slug", i)
				return nil, &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("The character slug %q is already in use.", ch.Slug),
					Fields: []apperr.FieldError{{Field: f, Message: "is already in use by another title's character"}}}
			}
			if err := q.QueryRow(ctx, `INSERT INTO characters (slug, title_id, position, name, native_name, description, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, ch.Slug, titleID, i, ch.Name, ch.NativeName, ch.Description, now, now).Scan(&cid); err != nil {
				return nil, err
			}
		}
		if err := insertNames(ctx, q, "character_names", "character_id", cid, ch.Names); err != nil {
			return nil, err
		}
		ch.ID = cid
		out[ch.Slug] = cid
		keep = append(keep, cid)
	}
	// Credits in the same document may name a character by the slug its
	// name gives even when a suffix had to be added to keep it unique.
	for base, slug := range derived {
		if _, ok := out[base]; !ok {
			out[base] = out[slug]
		}
	}
	return out, deleteExcept(ctx, q, "characters", "title_id", titleID, keep)
}

// deleteExcept deletes the owner's rows of table whose id is not in keep.
func deleteExcept(ctx context.Context, q *database.Q, table, owner string, ownerID int64, keep []int64) error {
	query := "DELETE FROM " + table + " WHERE " + owner + " = ?"
	args := []any{ownerID}
	if len(keep) > 0 {
		query += " AND id NOT IN (" + placeholders(len(keep)) + ")"
		for _, k := range keep {
			args = append(args, k)
		}
	}
	_, err := q.Exec(ctx, query, args...)
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// personIDs resolves every person slug the title's credits name.
func personIDs(ctx context.Context, q *database.Q, t *Title) (map[string]int64, error) {
	seen := map[string]bool{}
	var slugs []any
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			slugs = append(slugs, s)
		}
	}
	for _, c := range t.Cast {
		add(c.Person)
	}
	for _, c := range t.Crew {
		add(c.Person)
	}
	m := map[string]int64{}
	for len(slugs) > 0 {
		batch := slugs[:min(len(slugs), 500)]
		slugs = slugs[len(batch):]
		rows, err := q.Query(ctx, "SELECT slug, id FROM people WHERE slug IN ("+placeholders(len(batch))+")", batch...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s string
			var id int64
			if err := rows.Scan(&s, &id); err != nil {
				rows.Close()
				return nil, err
			}
			m[s] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// upsertSeason writes season s of a title, matching episodes by number so
// their ids survive edits; episodes missing from s are deleted.
func upsertSeason(ctx context.Context, q *database.Q, titleID int64, s *Season, now time.Time) (int64, error) {
	var sid int64
	err := q.QueryRow(ctx, "SELECT id FROM seasons WHERE title_id = ? AND number = ?", titleID, s.Number).Scan(&sid)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = q.QueryRow(ctx, `INSERT INTO seasons (title_id, number, name, first_aired, last_aired, episode_count, synopsis, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, titleID, s.Number, s.Name, s.FirstAired, s.LastAired, s.EpisodeCount, s.Synopsis, now, now).Scan(&sid)
	case err == nil:
		_, err = q.Exec(ctx, `UPDATE seasons SET name = ?, first_aired = ?, last_aired = ?, episode_count = ?, synopsis = ?, updated_at = ? WHERE id = ?`,
			s.Name, s.FirstAired, s.LastAired, s.EpisodeCount, s.Synopsis, now, sid)
	}
	if err != nil {
		return 0, err
	}
	s.ID = sid
	existing := map[int]int64{}
	rows, err := q.Query(ctx, "SELECT number, id FROM episodes WHERE season_id = ?", sid)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var n int
		var id int64
		if err := rows.Scan(&n, &id); err != nil {
			rows.Close()
			return 0, err
		}
		existing[n] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	keep := make([]int64, 0, len(s.Episodes))
	for i := range s.Episodes {
		e := &s.Episodes[i]
		var share any
		if e.AudienceShare != nil {
			share = *e.AudienceShare
		}
		if eid, ok := existing[e.Number]; ok {
			if _, err := q.Exec(ctx, `UPDATE episodes SET name = ?, air_date = ?, runtime_minutes = ?, synopsis = ?, audience_share = ?, updated_at = ? WHERE id = ?`,
				e.Name, e.AirDate, e.Runtime, e.Synopsis, share, now, eid); err != nil {
				return 0, err
			}
			e.ID = eid
		} else if err := q.QueryRow(ctx, `INSERT INTO episodes (season_id, number, name, air_date, runtime_minutes, synopsis, audience_share, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, sid, e.Number, e.Name, e.AirDate, e.Runtime, e.Synopsis, share, now, now).Scan(&e.ID); err != nil {
			return 0, err
		}
		keep = append(keep, e.ID)
	}
	return sid, deleteExcept(ctx, q, "episodes", "season_id", sid, keep)
}

// insertPerson creates a person.
func insertPerson(ctx context.Context, q *database.Q, p *Person, now time.Time) (int64, error) {
	slug, err := claimSlug(ctx, q, "people", p.Slug, p.Name, "slug")
	if err != nil {
		return 0, err
	}
	p.Slug = slug
	var id int64
	if err := q.QueryRow(ctx, `INSERT INTO people (slug, name, native_name, birth_date, birth_place, biography, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.Slug, p.Name, p.NativeName, p.BirthDate, p.BirthPlace, p.Biography, now, now).Scan(&id); err != nil {
		return 0, err
	}
	if err := insertNames(ctx, q, "person_names", "person_id", id, p.Names); err != nil {
		return 0, err
	}
	return id, insertLinks(ctx, q, "person_links", "person_id", id, p.Links)
}

// updatePerson replaces a person's fields; nil Names or Links keep theirs.
func updatePerson(ctx context.Context, q *database.Q, id int64, p *Person, now time.Time) error {
	_, err := q.Exec(ctx, `UPDATE people SET slug = ?, name = ?, native_name = ?, birth_date = ?, birth_place = ?, biography = ?, updated_at = ? WHERE id = ?`,
		p.Slug, p.Name, p.NativeName, p.BirthDate, p.BirthPlace, p.Biography, now, id)
	if database.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("The slug %q is already in use.", p.Slug),
			Fields: []apperr.FieldError{{Field: "slug", Message: "is already in use"}}}
	}
	if err != nil {
		return err
	}
	if p.Names != nil {
		if _, err := q.Exec(ctx, "DELETE FROM person_names WHERE person_id = ?", id); err != nil {
			return err
		}
		if err := insertNames(ctx, q, "person_names", "person_id", id, p.Names); err != nil {
			return err
		}
	}
	if p.Links != nil {
		if _, err := q.Exec(ctx, "DELETE FROM person_links WHERE person_id = ?", id); err != nil {
			return err
		}
		return insertLinks(ctx, q, "person_links", "person_id", id, p.Links)
	}
	return nil
}

func notFoundf(format string, args ...any) error {
	return apperr.Errorf(apperr.NotFound, format, args...)
}

func itoa(n int) string { return strconv.Itoa(n) }

// insertCharacter adds one character at the end of a title's list.
func insertCharacter(ctx context.Context, q *database.Q, titleID int64, c *Character, now time.Time) error {
	slug, err := claimSlug(ctx, q, "characters", c.Slug, c.Name, "slug")
	if err != nil {
		return err
	}
	c.Slug = slug
	var pos int
	if err := q.QueryRow(ctx, "SELECT COALESCE(MAX(position) + 1, 0) FROM characters WHERE title_id = ?", titleID).Scan(&pos); err != nil {
		return err
	}
	if err := q.QueryRow(ctx, `INSERT INTO characters (slug, title_id, position, name, native_name, description, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.Slug, titleID, pos, c.Name, c.NativeName, c.Description, now, now).Scan(&c.ID); err != nil {
		return err
	}
	return insertNames(ctx, q, "character_names", "character_id", c.ID, c.Names)
}

// updateCharacter replaces one character's fields.
func updateCharacter(ctx context.Context, q *database.Q, id int64, c *Character, now time.Time) error {
	_, err := q.Exec(ctx, "UPDATE characters SET slug = ?, name = ?, native_name = ?, description = ?, updated_at = ? WHERE id = ?",
		c.Slug, c.Name, c.NativeName, c.Description, now, id)
	if database.IsUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: fmt.Sprintf("The slug %q is already in use.", c.Slug),
			Fields: []apperr.FieldError{{Field: "slug", Message: "is already in use"}}}
	}
	if err != nil || c.Names == nil {
		return err
	}
	if _, err := q.Exec(ctx, "DELETE FROM character_names WHERE character_id = ?", id); err != nil {
		return err
	}
	return insertNames(ctx, q, "character_names", "character_id", id, c.Names)
}
