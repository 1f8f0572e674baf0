package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/database"
)

// scanAll runs query and calls scan for each row.
func scanAll(ctx context.Context, q *database.Q, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// loadTitle reads a title and the requested sections.
func (s *Store) loadTitle(ctx context.Context, slug string, want map[string]bool) (*Title, error) {
	q := s.db.Reader()
	t := &Title{}
	var days, at, tz string
	err := q.QueryRow(ctx, `SELECT id, slug, kind, name, original_title, logline, synopsis, status, first_aired, last_aired,
		runtime_minutes, original_language, schedule_days, schedule_time, schedule_tz, created_at, updated_at
		FROM titles WHERE slug = ?`, slug).Scan(&t.ID, &t.Slug, &t.Kind, &t.Name, &t.OriginalTitle, &t.Logline, &t.Synopsis,
		&t.Status, &t.FirstAired, &t.LastAired, &t.Runtime, &t.OriginalLanguage, &days, &at, &tz, &t.CreatedAt, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("titles", slug)
	}
	if err != nil {
		return nil, err
	}
	if days != "" {
		t.Schedule = &Schedule{Days: splitList(days), Time: at, TimeZone: tz}
	}
	id := []any{t.ID}
	type loader struct {
		section string
		query   string
		scan    func(*sql.Rows) error
	}
	loaders := []loader{
		{SecNames, "SELECT name, type, language, script, system FROM title_names WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var n AltTitle
			err := r.Scan(&n.Name, &n.Type, &n.Language, &n.Script, &n.System)
			t.AltTitles = append(t.AltTitles, n)
			return err
		}},
		{SecGenres, "SELECT g.slug, g.name FROM title_genres tg JOIN genres g ON g.id = tg.genre_id WHERE tg.title_id = ? ORDER BY tg.position", func(r *sql.Rows) error {
			var g Term
			err := r.Scan(&g.Slug, &g.Name)
			t.Genres = append(t.Genres, g)
			return err
		}},
		{SecTags, "SELECT g.slug, g.name, g.kind FROM title_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.title_id = ? ORDER BY tt.position", func(r *sql.Rows) error {
			var g Tag
			err := r.Scan(&g.Slug, &g.Name, &g.Kind)
			t.Tags = append(t.Tags, g)
			return err
		}},
		{SecCountries, "SELECT country FROM title_countries WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var c string
			err := r.Scan(&c)
			t.Countries = append(t.Countries, c)
			return err
		}},
		{SecLanguages, "SELECT usage, language FROM title_languages WHERE title_id = ? ORDER BY usage, position", func(r *sql.Rows) error {
			var usage, l string
			err := r.Scan(&usage, &l)
			if usage == "audio" {
				t.AudioLanguages = append(t.AudioLanguages, l)
			} else {
				t.SubtitleLanguages = append(t.SubtitleLanguages, l)
			}
			return err
		}},
		{SecNetworks, "SELECT n.slug, n.name, tn.role FROM title_networks tn JOIN networks n ON n.id = tn.network_id WHERE tn.title_id = ? ORDER BY tn.position", func(r *sql.Rows) error {
			var n Network
			err := r.Scan(&n.Slug, &n.Name, &n.Role)
			t.Networks = append(t.Networks, n)
			return err
		}},
		{SecAgeRatings, "SELECT country, system, rating, reason FROM age_ratings WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var a AgeRating
			err := r.Scan(&a.Country, &a.System, &a.Rating, &a.Reason)
			t.AgeRatings = append(t.AgeRatings, a)
			return err
		}},
		{SecLinks, "SELECT site, url, label FROM title_links WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var l Link
			err := r.Scan(&l.Site, &l.URL, &l.Label)
			t.ExternalLinks = append(t.ExternalLinks, l)
			return err
		}},
		{SecLocations, "SELECT place, region, country, note FROM filming_locations WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var l Location
			err := r.Scan(&l.Place, &l.Region, &l.Country, &l.Note)
			t.FilmingLocations = append(t.FilmingLocations, l)
			return err
		}},
		{SecTrivia, "SELECT body, spoiler FROM trivia WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var tr Trivia
			err := r.Scan(&tr.Text, &tr.Spoiler)
			t.Trivia = append(t.Trivia, tr)
			return err
		}},
		{SecGuide, "SELECT category, severity, note FROM parental_guide WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var g GuideEntry
			err := r.Scan(&g.Category, &g.Severity, &g.Note)
			t.ParentalGuide = append(t.ParentalGuide, g)
			return err
		}},
		{SecGuide, "SELECT descriptor FROM content_descriptors WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var d string
			err := r.Scan(&d)
			t.ContentDescriptors = append(t.ContentDescriptors, d)
			return err
		}},
		{SecWatch, "SELECT region, provider, offer, audio_languages, subtitle_languages, url FROM watch_options WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var w WatchOption
			var audio, subs string
			err := r.Scan(&w.Region, &w.Provider, &w.Offer, &audio, &subs, &w.URL)
			w.AudioLanguages, w.SubtitleLanguages = splitList(audio), splitList(subs)
			t.WatchOptions = append(t.WatchOptions, w)
			return err
		}},
		{SecCredits, `SELECT p.slug, p.name, p.native_name, COALESCE(c.slug, ''), COALESCE(c.name, ''), COALESCE(c.native_name, ''), cc.role, cc.billing, cc.note
			FROM cast_credits cc JOIN people p ON p.id = cc.person_id LEFT JOIN characters c ON c.id = cc.character_id
			WHERE cc.title_id = ? ORDER BY cc.position`, func(r *sql.Rows) error {
			var c CastCredit
			err := r.Scan(&c.Person, &c.PersonName, &c.PersonNativeName, &c.Character, &c.CharacterName, &c.CharacterNative, &c.Role, &c.Billing, &c.Note)
			t.Cast = append(t.Cast, c)
			return err
		}},
		{SecCredits, `SELECT p.slug, p.name, p.native_name, cc.department, cc.job, cc.note
			FROM crew_credits cc JOIN people p ON p.id = cc.person_id WHERE cc.title_id = ? ORDER BY cc.position`, func(r *sql.Rows) error {
			var c CrewCredit
			err := r.Scan(&c.Person, &c.PersonName, &c.PersonNativeName, &c.Department, &c.Job, &c.Note)
			t.Crew = append(t.Crew, c)
			return err
		}},
		{SecQuotes, `SELECT qu.body, COALESCE(c.slug, ''), COALESCE(c.name, ''), qu.season_number, qu.episode_number
			FROM quotes qu LEFT JOIN characters c ON c.id = qu.character_id WHERE qu.title_id = ? ORDER BY qu.position`, func(r *sql.Rows) error {
			var x Quote
			err := r.Scan(&x.Text, &x.Character, &x.CharacterName, &x.Season, &x.Episode)
			t.Quotes = append(t.Quotes, x)
			return err
		}},
		{SecFAQ, "SELECT question, answer FROM faq_entries WHERE title_id = ? ORDER BY position", func(r *sql.Rows) error {
			var f FAQEntry
			err := r.Scan(&f.Question, &f.Answer)
			t.FAQ = append(t.FAQ, f)
			return err
		}},
		{SecRelated, `SELECT o.id, o.slug, o.kind, o.name, o.original_title, o.start_year, o.logline, tr.relation, tr.note
			FROM title_relations tr JOIN titles o ON o.id = tr.related_id WHERE tr.title_id = ? ORDER BY tr.position`, func(r *sql.Rows) error {
			var rel Relation
			ref := &TitleRef{}
			var year sql.NullInt64
			err := r.Scan(&ref.ID, &ref.Slug, &ref.Kind, &ref.Name, &ref.NativeName, &year, &ref.Logline, &rel.Relation, &rel.Note)
			ref.Year = int(year.Int64)
			rel.Title, rel.Ref = ref.Slug, ref
			t.Related = append(t.Related, rel)
			return err
		}},
	}
	for _, l := range loaders {
		if !want[l.section] {
			continue
		}
		if err := scanAll(ctx, q, l.query, id, l.scan); err != nil {
			return nil, err
		}
	}
	if want[SecCharacters] {
		if err := s.loadCharacters(ctx, q, t); err != nil {
			return nil, err
		}
	}
	if want[SecSeasons] || want[SecEpisodes] {
		if err := s.loadSeasons(ctx, q, t, want[SecEpisodes]); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (s *Store) loadCharacters(ctx context.Context, q *database.Q, t *Title) error {
	byID := map[int64]int{}
	err := scanAll(ctx, q, "SELECT id, slug, name, native_name, description FROM characters WHERE title_id = ? ORDER BY position", []any{t.ID}, func(r *sql.Rows) error {
		var c Character
		err := r.Scan(&c.ID, &c.Slug, &c.Name, &c.NativeName, &c.Description)
		byID[c.ID] = len(t.Characters)
		t.Characters = append(t.Characters, c)
		return err
	})
	if err != nil || len(t.Characters) == 0 {
		return err
	}
	return scanAll(ctx, q, `SELECT n.character_id, n.name, n.type, n.language, n.script, n.system FROM character_names n
		JOIN characters c ON c.id = n.character_id WHERE c.title_id = ? ORDER BY n.character_id, n.position`, []any{t.ID}, func(r *sql.Rows) error {
		var cid int64
		var n AltTitle
		if err := r.Scan(&cid, &n.Name, &n.Type, &n.Language, &n.Script, &n.System); err != nil {
			return err
		}
		if i, ok := byID[cid]; ok {
			t.Characters[i].Names = append(t.Characters[i].Names, n)
		}
		return nil
	})
}

func (s *Store) loadSeasons(ctx context.Context, q *database.Q, t *Title, episodes bool) error {
	byID := map[int64]int{}
	err := scanAll(ctx, q, `SELECT id, number, name, first_aired, last_aired, episode_count, synopsis FROM seasons
		WHERE title_id = ? ORDER BY number`, []any{t.ID}, func(r *sql.Rows) error {
		var se Season
		err := r.Scan(&se.ID, &se.Number, &se.Name, &se.FirstAired, &se.LastAired, &se.EpisodeCount, &se.Synopsis)
		byID[se.ID] = len(t.Seasons)
		t.Seasons = append(t.Seasons, se)
		return err
	})
	if err != nil || len(t.Seasons) == 0 {
		return err
	}
	if !episodes {
		// Only counts: how many episodes each season lists.
		return scanAll(ctx, q, `SELECT e.season_id, COUNT(*) FROM episodes e JOIN seasons se ON se.id = e.season_id
			WHERE se.title_id = ? GROUP BY e.season_id`, []any{t.ID}, func(r *sql.Rows) error {
			var sid int64
			var n int
			if err := r.Scan(&sid, &n); err != nil {
				return err
			}
			if i, ok := byID[sid]; ok {
				t.Seasons[i].EpisodeCount = max(t.Seasons[i].EpisodeCount, n)
			}
			return nil
		})
	}
	return scanAll(ctx, q, `SELECT e.season_id, e.id, e.number, e.name, e.air_date, e.runtime_minutes, e.synopsis, e.audience_share
		FROM episodes e JOIN seasons se ON se.id = e.season_id WHERE se.title_id = ? ORDER BY e.season_id, e.number`, []any{t.ID}, func(r *sql.Rows) error {
		var sid int64
		e, err := scanEpisode(r, &sid)
		if err != nil {
			return err
		}
		if i, ok := byID[sid]; ok {
			se := &t.Seasons[i]
			se.Episodes = append(se.Episodes, e)
			se.EpisodeCount = max(se.EpisodeCount, len(se.Episodes))
		}
		return nil
	})
}

func scanEpisode(r *sql.Rows, seasonID *int64) (Episode, error) {
	var e Episode
	var share sql.NullFloat64
	err := r.Scan(seasonID, &e.ID, &e.Number, &e.Name, &e.AirDate, &e.Runtime, &e.Synopsis, &share)
	if share.Valid {
		v := share.Float64
		e.AudienceShare = &v
	}
	return e, err
}

const titleRefColumns = "t.id, t.slug, t.kind, t.name, t.original_title, t.start_year, t.logline"

func scanTitleRef(r interface{ Scan(...any) error }) (TitleRef, error) {
	var ref TitleRef
	var year sql.NullInt64
	err := r.Scan(&ref.ID, &ref.Slug, &ref.Kind, &ref.Name, &ref.NativeName, &year, &ref.Logline)
	ref.Year = int(year.Int64)
	return ref, err
}

// titleRef reads the summary of one title.
func (s *Store) titleRef(ctx context.Context, q *database.Q, id int64) (*TitleRef, error) {
	ref, err := scanTitleRef(q.QueryRow(ctx, "SELECT "+titleRefColumns+" FROM titles t WHERE t.id = ?", id))
	if err != nil {
		return nil, err
	}
	return &ref, nil
}

// loadSeason reads one season of a title with its episodes.
func (s *Store) loadSeason(ctx context.Context, titleSlug string, n int) (*Season, error) {
	q := s.db.Reader()
	var titleID int64
	if err := q.QueryRow(ctx, "SELECT id FROM titles WHERE slug = ?", titleSlug).Scan(&titleID); errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("titles", titleSlug)
	} else if err != nil {
		return nil, err
	}
	se := &Season{}
	err := q.QueryRow(ctx, `SELECT id, number, name, first_aired, last_aired, episode_count, synopsis FROM seasons
		WHERE title_id = ? AND number = ?`, titleID, n).Scan(&se.ID, &se.Number, &se.Name, &se.FirstAired, &se.LastAired, &se.EpisodeCount, &se.Synopsis)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundf("%q has no season %d.", titleSlug, n)
	}
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, q, `SELECT season_id, id, number, name, air_date, runtime_minutes, synopsis, audience_share
		FROM episodes WHERE season_id = ? ORDER BY number`, []any{se.ID}, func(r *sql.Rows) error {
		var sid int64
		e, err := scanEpisode(r, &sid)
		se.Episodes = append(se.Episodes, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	se.EpisodeCount = max(se.EpisodeCount, len(se.Episodes))
	if se.Title, err = s.titleRef(ctx, q, titleID); err != nil {
		return nil, err
	}
	return se, nil
}

func (s *Store) loadNames(ctx context.Context, q *database.Q, table, owner string, id int64) ([]AltTitle, error) {
	var ns []AltTitle
	err := scanAll(ctx, q, "SELECT name, type, language, script, system FROM "+table+" WHERE "+owner+" = ? ORDER BY position", []any{id}, func(r *sql.Rows) error {
		var n AltTitle
		err := r.Scan(&n.Name, &n.Type, &n.Language, &n.Script, &n.System)
		ns = append(ns, n)
		return err
	})
	return ns, err
}

// loadPerson reads a person with names, links and filmography.
func (s *Store) loadPerson(ctx context.Context, slug string) (*Person, error) {
	q := s.db.Reader()
	p := &Person{}
	err := q.QueryRow(ctx, `SELECT id, slug, name, native_name, birth_date, birth_place, biography, created_at, updated_at
		FROM people WHERE slug = ?`, slug).Scan(&p.ID, &p.Slug, &p.Name, &p.NativeName, &p.BirthDate, &p.BirthPlace, &p.Biography, &p.CreatedAt, &p.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("people", slug)
	}
	if err != nil {
		return nil, err
	}
	if p.Names, err = s.loadNames(ctx, q, "person_names", "person_id", p.ID); err != nil {
		return nil, err
	}
	err = scanAll(ctx, q, "SELECT site, url, label FROM person_links WHERE person_id = ? ORDER BY position", []any{p.ID}, func(r *sql.Rows) error {
		var l Link
		err := r.Scan(&l.Site, &l.URL, &l.Label)
		p.Links = append(p.Links, l)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, q, `SELECT `+titleRefColumns+`, COALESCE(c.name, ''), COALESCE(c.slug, ''), cc.role
		FROM cast_credits cc JOIN titles t ON t.id = cc.title_id LEFT JOIN characters c ON c.id = cc.character_id
		WHERE cc.person_id = ? ORDER BY t.first_aired DESC, t.id DESC, cc.position`, []any{p.ID}, func(r *sql.Rows) error {
		var f FilmographyEntry
		var year sql.NullInt64
		err := r.Scan(&f.Title.ID, &f.Title.Slug, &f.Title.Kind, &f.Title.Name, &f.Title.NativeName, &year, &f.Title.Logline,
			&f.Character, &f.CharacterSlug, &f.Role)
		f.Title.Year = int(year.Int64)
		p.Filmography = append(p.Filmography, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, q, `SELECT `+titleRefColumns+`, cc.department, cc.job
		FROM crew_credits cc JOIN titles t ON t.id = cc.title_id
		WHERE cc.person_id = ? ORDER BY t.first_aired DESC, t.id DESC, cc.position`, []any{p.ID}, func(r *sql.Rows) error {
		var f FilmographyEntry
		var year sql.NullInt64
		err := r.Scan(&f.Title.ID, &f.Title.Slug, &f.Title.Kind, &f.Title.Name, &f.Title.NativeName, &year, &f.Title.Logline,
			&f.Department, &f.Job)
		f.Title.Year = int(year.Int64)
		p.Filmography = append(p.Filmography, f)
		return err
	})
	return p, err
}

// loadCharacter reads a character with its title and who played it.
func (s *Store) loadCharacter(ctx context.Context, slug string) (*Character, error) {
	q := s.db.Reader()
	c := &Character{}
	var titleID int64
	err := q.QueryRow(ctx, "SELECT id, slug, title_id, name, native_name, description FROM characters WHERE slug = ?", slug).
		Scan(&c.ID, &c.Slug, &titleID, &c.Name, &c.NativeName, &c.Description)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("characters", slug)
	}
	if err != nil {
		return nil, err
	}
	if c.Names, err = s.loadNames(ctx, q, "character_names", "character_id", c.ID); err != nil {
		return nil, err
	}
	if c.Title, err = s.titleRef(ctx, q, titleID); err != nil {
		return nil, err
	}
	err = scanAll(ctx, q, `SELECT p.slug, p.name, p.native_name FROM cast_credits cc JOIN people p ON p.id = cc.person_id
		WHERE cc.character_id = ? ORDER BY cc.position`, []any{c.ID}, func(r *sql.Rows) error {
		var p PersonRef
		err := r.Scan(&p.Slug, &p.Name, &p.NativeName)
		c.Played = append(c.Played, p)
		return err
	})
	return c, err
}

// MaxBrowseCount is how far browse counts a selection; deeper pages of a
// larger one are not offered (use more filters or the API's sorts).
const MaxBrowseCount = 10000

// browseOrder is each sort's ORDER BY; every one ends in the id so that
// ties have one order and offset pages neither overlap nor skip.
var browseOrder = map[string]string{
	SortDate:       "t.first_aired DESC, t.id DESC",
	SortTitle:      "t.name, t.id",
	SortScore:      "s.weighted DESC, s.title_id",
	SortPopularity: "s.popularity DESC, s.title_id",
}

// listTitles returns a page of titles matching a normalized filter.
func (s *Store) listTitles(ctx context.Context, f TitleFilter) (Page[TitleRef], error) {
	q := s.db.Reader()
	var where []string
	var args []any
	if f.Genre != "" {
		where = append(where, "EXISTS (SELECT 1 FROM title_genres tg WHERE tg.title_id = t.id AND tg.genre_id = (SELECT id FROM genres WHERE slug = ?))")
		args = append(args, f.Genre)
	}
	if f.Country != "" {
		where = append(where, "EXISTS (SELECT 1 FROM title_countries c WHERE c.title_id = t.id AND c.country = ?)")
		args = append(args, f.Country)
	}
	if f.Network != "" {
		where = append(where, "EXISTS (SELECT 1 FROM title_networks tn WHERE tn.title_id = t.id AND tn.network_id = (SELECT id FROM networks WHERE slug = ?))")
		args = append(args, f.Network)
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM title_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.title_id = t.id AND g.slug = ?)")
		args = append(args, f.Tag)
	}
	if f.YearFrom != 0 {
		where = append(where, "t.start_year >= ?")
		args = append(args, f.YearFrom)
	}
	if f.YearTo != 0 {
		where = append(where, "t.start_year <= ?")
		args = append(args, f.YearTo)
	}
	if f.Kind != "" {
		where = append(where, "t.kind = ?")
		args = append(args, f.Kind)
	}
	if f.Status != "" {
		where = append(where, "t.status = ?")
		args = append(args, f.Status)
	}
	switch {
	case f.Provider != "" && f.Region != "":
		where = append(where, "EXISTS (SELECT 1 FROM watch_options w WHERE w.title_id = t.id AND w.provider = ? AND w.region IN (?, 'ZZ'))")
		args = append(args, f.Provider, f.Region)
	case f.Provider != "":
		where = append(where, "EXISTS (SELECT 1 FROM watch_options w WHERE w.title_id = t.id AND w.provider = ?)")
		args = append(args, f.Provider)
	case f.Region != "":
		where = append(where, "EXISTS (SELECT 1 FROM watch_options w WHERE w.title_id = t.id AND w.region IN (?, 'ZZ'))")
		args = append(args, f.Region)
	}
	if f.ScoreMin != 0 || f.ScoreMax != 0 {
		where = append(where, "s.ratings > 0")
	}
	if f.ScoreMin != 0 {
		where = append(where, "s.mean >= ?")
		args = append(args, f.ScoreMin)
	}
	if f.ScoreMax != 0 {
		where = append(where, "s.mean <= ?")
		args = append(args, f.ScoreMax)
	}
	from := " FROM titles t"
	if f.UsesStats() {
		// Every title has a stats row (made with the title, refreshed by
		// the rankings), so the join keeps them all.
		from = " FROM title_stats s JOIN titles t ON t.id = s.title_id"
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	page := Page[TitleRef]{Page: f.Page, PerPage: f.PerPage, Items: []TitleRef{}}
	// Counting a selection of a million titles costs more than the page;
	// past MaxBrowseCount the total says "at least".
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1"+from+cond+" LIMIT "+itoa(MaxBrowseCount+1)+") x", args...).Scan(&page.Total); err != nil {
		return page, err
	}
	if page.Total > MaxBrowseCount {
		page.Total, page.Capped = MaxBrowseCount, true
	}
	if (f.Page-1)*f.PerPage >= page.Total {
		return page, nil
	}
	args = append(args, f.PerPage, (f.Page-1)*f.PerPage)
	err := scanAll(ctx, q, "SELECT "+titleRefColumns+from+cond+" ORDER BY "+browseOrder[f.Sort]+" LIMIT ? OFFSET ?", args, func(r *sql.Rows) error {
		ref, err := scanTitleRef(r)
		page.Items = append(page.Items, ref)
		return err
	})
	return page, err
}

// tagBySlug returns the tag with the given slug (the first, should two
// kinds share one).
func (s *Store) tagBySlug(ctx context.Context, slug string) (Tag, error) {
	var t Tag
	err := s.db.Reader().QueryRow(ctx, "SELECT slug, name, kind FROM tags WHERE slug = ? ORDER BY kind LIMIT 1", slug).Scan(&t.Slug, &t.Name, &t.Kind)
	if errors.Is(err, sql.ErrNoRows) {
		return t, notFoundf("There is no tag %q.", slug)
	}
	return t, err
}

// listPeople returns a page of people ordered by name.
func (s *Store) listPeople(ctx context.Context, pg, perPage int) (Page[PersonRef], error) {
	q := s.db.Reader()
	page := Page[PersonRef]{Page: pg, PerPage: perPage, Items: []PersonRef{}}
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM people").Scan(&page.Total); err != nil {
		return page, err
	}
	err := scanAll(ctx, q, "SELECT slug, name, native_name FROM people ORDER BY name, id LIMIT ? OFFSET ?", []any{perPage, (pg - 1) * perPage}, func(r *sql.Rows) error {
		var p PersonRef
		err := r.Scan(&p.Slug, &p.Name, &p.NativeName)
		page.Items = append(page.Items, p)
		return err
	})
	return page, err
}

// facet counts titles per genre, network, country or year.
func (s *Store) facet(ctx context.Context, kind string) ([]TermCount, error) {
	var query string
	switch kind {
	case "genres":
		query = "SELECT g.slug, g.name, COUNT(*) FROM title_genres tg JOIN genres g ON g.id = tg.genre_id GROUP BY g.slug, g.name ORDER BY COUNT(*) DESC, g.name"
	case "networks":
		query = "SELECT n.slug, n.name, COUNT(DISTINCT tn.title_id) FROM title_networks tn JOIN networks n ON n.id = tn.network_id GROUP BY n.slug, n.name ORDER BY COUNT(DISTINCT tn.title_id) DESC, n.name"
	case "countries":
		query = "SELECT country, country, COUNT(*) FROM title_countries GROUP BY country ORDER BY COUNT(*) DESC, country"
	case "providers":
		query = "SELECT provider, provider, COUNT(DISTINCT title_id) FROM watch_options GROUP BY provider ORDER BY COUNT(DISTINCT title_id) DESC, provider"
	case "regions":
		query = "SELECT region, region, COUNT(DISTINCT title_id) FROM watch_options GROUP BY region ORDER BY COUNT(DISTINCT title_id) DESC, region"
	case "years":
		query = "SELECT start_year, start_year, COUNT(*) FROM titles WHERE start_year IS NOT NULL GROUP BY start_year ORDER BY start_year DESC"
	default:
		panic("facet: unknown kind " + kind)
	}
	var out []TermCount
	err := scanAll(ctx, s.db.Reader(), query, nil, func(r *sql.Rows) error {
		var t TermCount
		if kind == "years" {
			var y int
			if err := r.Scan(&y, &y, &t.Count); err != nil {
				return err
			}
			t.Slug, t.Name = strconv.Itoa(y), strconv.Itoa(y)
		} else if err := r.Scan(&t.Slug, &t.Name, &t.Count); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}
