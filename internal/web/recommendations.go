package web

import (
	"net/http"

	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/recommend"
)

// similarShown is how many similar titles the title page lists.
const similarShown = 12

// maxRecommendations bounds the limit parameter of the recommendation API.
const maxRecommendations = 50

// similarRelations turns similar titles into relations the title page's
// related-title markup shows; editorial ones keep the editors' note.
func similarRelations(items []recommend.Item) []catalog.Relation {
	out := make([]catalog.Relation, len(items))
	for i := range items {
		out[i] = catalog.Relation{Title: items[i].Title.Slug, Relation: catalog.RelRecommendation, Note: items[i].Note, Ref: &items[i].Title}
	}
	return out
}

type recommendationsView struct {
	page
	Items   []recommend.Item
	Popular bool
	BuiltAt string
}

// recommendationsPage is the signed-in member's "For you" page, made per
// request from the last build (one indexed query).
func (s *Server) recommendationsPage(w http.ResponseWriter, r *http.Request) {
	p, err := s.recommend.ForMember(r.Context(), currentUser(r).ID, 24)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &recommendationsView{page: page{Title: "Recommended for you", NoIndex: true}, Items: p.Items, Popular: p.Popular}
	if !p.BuiltAt.IsZero() {
		v.BuiltAt = p.BuiltAt.UTC().Format("2006-01-02")
	}
	s.render(w, r, http.StatusOK, "recommendations", v)
}

func recommendationLimit(r *http.Request) (int, error) {
	n, err := queryInt(r, "limit", 20)
	if err == nil && n > maxRecommendations {
		err = invalid("limit", "must be at most %d", maxRecommendations)
	}
	return n, err
}

type similarDocument struct {
	Title string           `json:"title"`
	Items []recommend.Item `json:"items"`
}

// apiSimilar answers the titles most like a title: the editors'
// recommendations first, then computed ones, best first.
func (s *Server) apiSimilar(w http.ResponseWriter, r *http.Request) {
	limit, err := recommendationLimit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sim, err := s.recommend.Similar(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := recommend.WithEditorial(t, sim, limit)
	if items == nil {
		items = []recommend.Item{}
	}
	writeJSON(w, http.StatusOK, similarDocument{Title: t.Slug, Items: items})
}

// apiMyRecommendations answers the token owner's recommendations.
func (s *Server) apiMyRecommendations(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	limit, err := recommendationLimit(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recs, err := s.recommend.ForMember(r.Context(), p.UserID, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, recs)
}
