package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/review"
)

const reviewsPerPage = 20

// reviewsView is the data of a title's reviews page and its review form.
type reviewsView struct {
	page
	Show    *catalog.Title
	Reviews []reviewCard
	Total   int
	Sort    string
	Pager   pager
	// The form, for signed-in members.
	Member  bool
	Form    *accountForm
	Scores  []string
	Current string
	Held    bool // the member's review just sent waits for a moderator
}

func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request) {
	s.showReviews(w, r, http.StatusOK, newAccountForm(""))
}

// showReviews renders the reviews page with form f (holding what a member
// typed and what was wrong with it).
func (s *Server) showReviews(w http.ResponseWriter, r *http.Request, status int, f *accountForm) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	sort := r.URL.Query().Get("sort")
	if sort != review.SortDate {
		sort = review.SortHelpful
	}
	pageN, ok := pageParam(r)
	if !ok {
		s.notFoundPage(w, r)
		return
	}
	items, total, err := s.reviews.List(r.Context(), t.ID, nil, sort, pageN, reviewsPerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if pageN > 1 && len(items) == 0 {
		s.notFoundPage(w, r)
		return
	}
	base := "/titles/" + url.PathEscape(t.Slug) + "/reviews"
	v := &reviewsView{page: page{Title: "Reviews of " + t.Name, Canonical: base}, Show: t, Reviews: reviewCards(items), Total: total, Sort: sort,
		Member: currentUser(r) != nil, Form: f, Scores: scoreOptions, Held: r.URL.Query().Get("held") == "1"}
	v.Pager = newPager(pageN, (total+reviewsPerPage-1)/reviewsPerPage, func(n int) string {
		u := base + "?sort=" + sort
		if n > 1 {
			u += "&page=" + strconv.Itoa(n)
		}
		return u
	})
	s.render(w, r, status, "reviews", v)
}

// postReview handles the review form.
func (s *Server) postReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := newAccountForm("")
	for _, k := range []string{"score", "headline", "body", "pros", "cons", "episodes_seen"} {
		f.Values[k] = r.PostFormValue(k)
	}
	if r.PostFormValue("spoiler") == "on" {
		f.Values["spoiler"] = "on"
	}
	in := review.Input{Headline: f.Values["headline"], Body: f.Values["body"], Spoiler: f.Values["spoiler"] == "on",
		Pros: lines(f.Values["pros"]), Cons: lines(f.Values["cons"]), Honeypot: r.PostFormValue("website")}
	in.Score, err = strconv.ParseFloat(f.Values["score"], 64)
	if err != nil {
		in.Score = -1 // refused by the rules, with their message
	}
	if seen := strings.TrimSpace(f.Values["episodes_seen"]); seen != "" {
		n, err := strconv.Atoi(seen)
		if err != nil {
			n = -1
		}
		in.EpisodesSeen = &n
		if total := episodeCount(t); total > 0 {
			in.EpisodesTotal = &total
		}
	}
	created, err := s.reviews.Create(r.Context(), currentUser(r).ID, t.ID, nil, in)
	if err != nil {
		status := f.fail(err)
		if apperr.CodeOf(err) == apperr.Conflict {
			f.Message = err.Error()
		}
		s.showReviews(w, r, status, f)
		return
	}
	next := "/titles/" + url.PathEscape(t.Slug) + "/reviews?sort=date"
	if created.Status == moderation.Held {
		next += "&held=1#write-h"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// lines splits a textarea into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// episodeCount is how many episodes the title has over all seasons.
func episodeCount(t *catalog.Title) int {
	n := 0
	for _, se := range t.Seasons {
		n += se.EpisodeCount
	}
	return n
}

// reviewView is one review with its comment thread.
type reviewView struct {
	page
	Show   *catalog.Title
	Review reviewCard
	Thread *threadView
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	id, err := reviewID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.showReview(w, r, id, http.StatusOK, heldNote(r))
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, id int64, status int, note threadNote) {
	rv, err := s.reviews.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	path := "/reviews/" + strconv.FormatInt(id, 10)
	thread, err := s.thread(r, comment.OnReview, id, path, false, note)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &reviewView{page: page{Title: rv.Headline, Canonical: path}, Review: reviewCards([]*review.Review{rv})[0], Thread: thread}
	if t, err := s.titleByID(r, rv.TitleID); err == nil {
		v.Show = t
	}
	s.render(w, r, status, "review", v)
}

// titleByID finds a title among the catalog's by its id, for breadcrumbs.
func (s *Server) titleByID(r *http.Request, id int64) (*catalog.Title, error) {
	slug, err := s.catalog.SlugOf(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return s.catalog.Title(r.Context(), slug)
}
