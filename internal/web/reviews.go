package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
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
	Show     *catalog.Title
	Review   reviewCard
	Comments []*review.Comment
	Total    int
	Member   bool
	Error    string // what was wrong with a comment just sent
	Draft    string
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) {
	s.showReview(w, r, http.StatusOK, "", "")
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, status int, problem, draft string) {
	id, err := reviewID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	rv, err := s.reviews.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	comments, total, err := s.reviews.Thread(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &reviewView{page: page{Title: rv.Headline, Canonical: "/reviews/" + strconv.FormatInt(id, 10)},
		Review: reviewCards([]*review.Review{rv})[0], Comments: comments, Total: total, Member: currentUser(r) != nil,
		Error: problem, Draft: draft}
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

func (s *Server) postComment(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id, err := reviewID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	body := r.PostFormValue("body")
	var replyTo *int64
	if v := r.PostFormValue("reply_to"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.showReview(w, r, http.StatusBadRequest, "The comment answered is not in this thread.", body)
			return
		}
		replyTo = &n
	}
	nonce := r.PostFormValue("once")
	if len(nonce) > 64 {
		nonce = ""
	}
	c, err := s.reviews.AddComment(r.Context(), currentUser(r).ID, id, replyTo, body, nonce)
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Code == apperr.NotFound {
			s.pageError(w, r, err)
			return
		}
		msg := e.Message
		for _, f := range e.Fields {
			msg = "Your comment " + f.Message + "."
		}
		s.showReview(w, r, statusOf[e.Code], msg, body)
		return
	}
	http.Redirect(w, r, "/reviews/"+strconv.FormatInt(id, 10)+"#comment-"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// commentItem is a comment as the thread template draws it.
type commentItem struct {
	C      *review.Comment
	Body   template.HTML // sanitized when it was written
	Member bool          // the reader may reply
	Review int64
}

func commentOf(c *review.Comment, member bool, reviewID int64) commentItem {
	return commentItem{C: c, Body: template.HTML(c.BodyHTML), Member: member, Review: reviewID}
}

// repliesView lists what answers the member's posts.
type repliesView struct {
	page
	Replies []replyItem
}

type replyItem struct {
	review.Reply
	Body template.HTML
}

func (s *Server) repliesPage(w http.ResponseWriter, r *http.Request) {
	items, err := s.reviews.RepliesTo(r.Context(), currentUser(r).ID, 50)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &repliesView{page: page{Title: "Replies to you", NoIndex: true}}
	for _, it := range items {
		v.Replies = append(v.Replies, replyItem{Reply: it, Body: template.HTML(it.BodyHTML)})
	}
	s.render(w, r, http.StatusOK, "replies", v)
}
