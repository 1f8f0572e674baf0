package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/review"
)

// maxBody bounds write bodies; a title with hundreds of episodes fits.
const maxBody = 4 << 20

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func invalid(field, format string, args ...any) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "The request is invalid.",
		Fields: []apperr.FieldError{{Field: field, Message: fmt.Sprintf(format, args...)}}}
}

// decode reads a JSON body into v, refusing unknown fields, trailing data
// and bodies over maxBody, and naming the offending field.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return invalid("Content-Type", "must be application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			return invalid("body", "has data after the JSON value")
		}
		return nil
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return invalid("body", "is larger than %d bytes", maxBody)
	case errors.Is(err, io.EOF):
		return invalid("body", "is empty; send a JSON object")
	case errors.As(err, &syn):
		return invalid("body", "is not valid JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return invalid(field, "must be %s, not a JSON %s", jsonKind(typ.Type.Kind().String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(name, "is not a known field")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("body", "ends before the JSON value is complete")
	}
	return invalid("body", "cannot be read: %v", err)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "slice":
		return "an array"
	case "struct", "ptr", "map":
		return "an object"
	}
	return goKind
}

// admin wraps a handler that needs the admin API token.
func (s *Server) admin(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		// Tokens are looked up by digest, so no comparison here leaks timing.
		token, ok := strings.CutPrefix(h, "Bearer ")
		if token = strings.TrimSpace(token); !ok || token == "" {
			s.fail(w, r, apperr.Errorf(apperr.Unauthorized, "This request needs an API token: send Authorization: Bearer TOKEN (create one with 'dramadb token create')."))
			return
		}
		if err := s.tokens.Check(r.Context(), token); err != nil {
			s.fail(w, r, err)
			return
		}
		next(w, r)
	}
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, apperr.Errorf(apperr.NotFound, "There is no API route %s %s.", r.Method, r.URL.Path))
}

// queryInt reads an optional positive integer query parameter.
func queryInt(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalid(name, "must be a positive whole number")
	}
	return n, nil
}

// titleFilter reads the browse filters of the titles API, naming every
// invalid parameter at once: those that are not numbers, then the rules
// catalog.NormalizeFilter checks (ranges, known sorts and statuses).
func titleFilter(r *http.Request) (catalog.TitleFilter, error) {
	q := r.URL.Query()
	f := catalog.TitleFilter{Genre: q.Get("genre"), Country: q.Get("country"), Network: q.Get("network"), Tag: q.Get("tag"),
		Kind: q.Get("kind"), Status: q.Get("status"), Provider: q.Get("provider"), Region: q.Get("region"), Sort: q.Get("sort")}
	var v apperr.Validation
	whole := func(name string, dst *int, positive bool) {
		if s := q.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			switch {
			case err != nil:
				v.Add(name, "must be a whole number")
			case positive && n < 1:
				v.Add(name, "must be a positive whole number")
			default:
				*dst = n
			}
		}
	}
	score := func(name string, dst *float64) {
		if s := q.Get(name); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				v.Add(name, "must be a score from 0.5 to 10")
				return
			}
			*dst = x
		}
	}
	whole("page", &f.Page, true)
	whole("per_page", &f.PerPage, true)
	whole("year", &f.Year, false)
	whole("year_from", &f.YearFrom, false)
	whole("year_to", &f.YearTo, false)
	score("score_min", &f.ScoreMin)
	score("score_max", &f.ScoreMax)
	named := map[string]bool{}
	for _, fe := range v.Fields() {
		named[fe.Field] = true
	}
	err := catalog.NormalizeFilter(&f)
	if e, ok := apperr.As(err); ok {
		for _, fe := range e.Fields {
			if !named[fe.Field] {
				v.Add(fe.Field, "%s", fe.Message)
			}
		}
	} else if err != nil {
		return f, err
	}
	return f, v.Err()
}

// statsGeneration is the rankings' generation for browse results sorted or
// filtered by the stats they compute (0 without rankings).
func (s *Server) statsGeneration(r *http.Request, f *catalog.TitleFilter) error {
	if s.rankings == nil || !f.UsesStats() {
		return nil
	}
	gen, err := s.rankings.Generation(r.Context())
	f.StatsGeneration = gen
	return err
}

func (s *Server) apiListTitles(w http.ResponseWriter, r *http.Request) {
	f, err := titleFilter(r)
	if err == nil {
		err = s.statsGeneration(r, &f)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, err := s.catalog.Titles(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiGetTitle(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	include, hasInclude := r.URL.Query()["include"]
	var sections []string
	if hasInclude {
		for sec := range strings.SplitSeq(strings.Join(include, ","), ",") {
			if sec = strings.TrimSpace(sec); sec != "" {
				sections = append(sections, sec)
			}
		}
		if len(sections) == 0 {
			sections = []string{"none"}
		}
	}
	// The encoded answer is kept for as long as the service hands out the
	// same shared title, like rendered pages (see renderMemo).
	full, err := s.catalog.Title(r.Context(), slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	audience, err := s.audience(r, full)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var top *review.TopReviews
	if s.reviews != nil {
		if top, err = s.reviews.Top(r.Context(), full.ID, 5); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	src := titleSource{title: full, audience: audience, reviews: top}
	key := "api:" + slug + "?" + strings.Join(sections, ",")
	p := s.views.memo.get(key, src)
	if p == nil {
		t, err := s.titleWithSections(r.Context(), slug, sections)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		doc := titleDocument{Title: t, AudienceScore: audience}
		if top != nil {
			doc.CriticScore = &top.CriticScore
		}
		if doc.AudienceScore == nil && s.ratings != nil {
			doc.AudienceScore = &rating.Aggregate{}
		}
		b, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p = s.views.memo.put(key, src, append(b, '\n'))
	}
	serveMemo(w, r, p, "application/json; charset=utf-8", nil)
}

// titleDocument is a title as the API returns it: the catalog's fields
// with the audience score beside them.
type titleDocument struct {
	*catalog.Title
	AudienceScore *rating.Aggregate     `json:"audience_score,omitempty"`
	CriticScore   *review.CriticSummary `json:"critic_score,omitempty"`
}

// titleWithSections handles include=none (core fields only) besides the
// catalog's section names.
func (s *Server) titleWithSections(ctx context.Context, slug string, sections []string) (*catalog.Title, error) {
	if len(sections) == 1 && sections[0] == "none" {
		t, err := s.catalog.Title(ctx, slug, catalog.SecNames)
		if err != nil {
			return nil, err
		}
		c := *t
		c.AltTitles = nil
		return &c, nil
	}
	return s.catalog.Title(ctx, slug, sections...)
}

func (s *Server) apiCreateTitle(w http.ResponseWriter, r *http.Request) {
	var t catalog.Title
	if err := decode(w, r, &t); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.CreateTitle(r.Context(), &t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/titles/"+out.Slug)
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiUpdateTitle(w http.ResponseWriter, r *http.Request) {
	var t catalog.Title
	if err := decode(w, r, &t); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.UpdateTitle(r.Context(), r.PathValue("slug"), &t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeleteTitle(w http.ResponseWriter, r *http.Request) {
	if err := s.catalog.DeleteTitle(r.Context(), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// seasonNumber reads {n}; a malformed number names no season, so 404.
func seasonNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n > 1000 {
		return 0, apperr.Errorf(apperr.NotFound, "There is no season %q.", r.PathValue("n"))
	}
	return n, nil
}

func (s *Server) apiGetSeason(w http.ResponseWriter, r *http.Request) {
	n, err := seasonNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	se, err := s.catalog.Season(r.Context(), r.PathValue("slug"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, se)
}

func (s *Server) apiPutSeason(w http.ResponseWriter, r *http.Request) {
	n, err := seasonNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var se catalog.Season
	if err := decode(w, r, &se); err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.catalog.PutSeason(r.Context(), r.PathValue("slug"), n, &se)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.Season(r.Context(), r.PathValue("slug"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", fmt.Sprintf("/api/v1/titles/%s/seasons/%d", r.PathValue("slug"), n))
	}
	writeJSON(w, status, out)
}

func (s *Server) apiDeleteSeason(w http.ResponseWriter, r *http.Request) {
	n, err := seasonNumber(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.catalog.DeleteSeason(r.Context(), r.PathValue("slug"), n); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiListPeople(w http.ResponseWriter, r *http.Request) {
	page, err := queryInt(r, "page", 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	per, err := queryInt(r, "per_page", 24)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if per > catalog.MaxPerPage {
		s.fail(w, r, invalid("per_page", "must be at most %d", catalog.MaxPerPage))
		return
	}
	p, err := s.catalog.People(r.Context(), page, per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiGetPerson(w http.ResponseWriter, r *http.Request) {
	p, err := s.catalog.Person(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request) {
	var p catalog.Person
	if err := decode(w, r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.CreatePerson(r.Context(), &p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/people/"+out.Slug)
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiUpdatePerson(w http.ResponseWriter, r *http.Request) {
	var p catalog.Person
	if err := decode(w, r, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.UpdatePerson(r.Context(), r.PathValue("slug"), &p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeletePerson(w http.ResponseWriter, r *http.Request) {
	if err := s.catalog.DeletePerson(r.Context(), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiGetCharacter(w http.ResponseWriter, r *http.Request) {
	c, err := s.catalog.Character(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiCreateCharacter(w http.ResponseWriter, r *http.Request) {
	var c catalog.Character
	if err := decode(w, r, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.CreateCharacter(r.Context(), r.PathValue("slug"), &c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/characters/"+out.Slug)
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiUpdateCharacter(w http.ResponseWriter, r *http.Request) {
	var c catalog.Character
	if err := decode(w, r, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.catalog.UpdateCharacter(r.Context(), r.PathValue("slug"), &c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiDeleteCharacter(w http.ResponseWriter, r *http.Request) {
	if err := s.catalog.DeleteCharacter(r.Context(), r.PathValue("slug")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiFacet(list func(context.Context) ([]catalog.TermCount, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		items, err := list(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if items == nil {
			items = []catalog.TermCount{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": items})
	}
}
