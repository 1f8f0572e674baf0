package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/search"
)

// searchView is the data of the "search" view.
type searchView struct {
	page
	Query   string
	Results []search.Result
	// Problem is the message for a query that cannot be searched.
	Problem string
}

// resultKinds name result kinds on the page.
var resultKinds = map[string]string{search.KindTitle: "Title", search.KindPerson: "Person", search.KindCharacter: "Character"}

// searchPage answers the search box: GET /search?q=…, results of every
// kind in rank order, each labelled with its kind.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	v := &searchView{Query: q}
	v.page = page{Title: "Search", Description: "Search titles, people and characters by any of their names.", Canonical: "/search", NoIndex: true}
	status := http.StatusOK
	if strings.TrimSpace(q) != "" {
		v.Title = "Search: " + q
		res, err := s.search.Search(r.Context(), q, nil, search.DefaultLimit)
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			status, v.Problem = http.StatusBadRequest, e.Fields[0].Message
		} else if err != nil {
			s.pageError(w, r, err)
			return
		}
		v.Results = res
	}
	s.render(w, r, status, "search", v)
}

// apiSearch is GET /api/v1/search?q=…&kind=title,person&limit=20.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := search.DefaultLimit
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > search.MaxLimit {
			s.fail(w, r, invalid("limit", "must be a whole number from 1 to %d", search.MaxLimit))
			return
		}
		limit = n
	}
	var kinds []string
	for _, k := range strings.Split(q.Get("kind"), ",") {
		if k = strings.TrimSpace(k); k != "" {
			kinds = append(kinds, k)
		}
	}
	s.answerSearch(w, r, q.Get("q"), kinds, limit)
}

// apiSuggest is GET /api/v1/search/suggest?q=…: the few best results for a
// search box being typed in.
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request) {
	s.answerSearch(w, r, r.URL.Query().Get("q"), nil, search.SuggestLimit)
}

// searchItem is a result as the API answers it, with its page.
type searchItem struct {
	search.Result
	URL string `json:"url"`
}

func (s *Server) answerSearch(w http.ResponseWriter, r *http.Request, q string, kinds []string, limit int) {
	res, err := s.search.Search(r.Context(), q, kinds, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]searchItem, len(res))
	for i, x := range res {
		items[i] = searchItem{x, x.URL()}
	}
	// Results change with the catalog; a few seconds of caching spare a
	// busy box without showing stale names for long.
	w.Header().Set("Cache-Control", "public, max-age=5")
	writeJSON(w, http.StatusOK, map[string]any{"results": items})
}

// KindLabels names result kinds for the template.
func (v *searchView) KindLabels() map[string]string { return resultKinds }
