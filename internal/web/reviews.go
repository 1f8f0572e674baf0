package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/review"
)

const reviewsPerPage = 20

// A review form may be large: 20,000 Hangul characters of body with pros
// and cons are about 600 kB once form-encoded.
const maxReviewForm = 1 << 20

// reviewsView is the data of a title's or a season's reviews page, its
// review form and, on a title's page, its critic reviews.
type reviewsView struct {
	page
	Show    *catalog.Title
	Season  *catalog.Season // nil on the title's page
	Heading string
	Base    string // the page's path, where the review form posts
	Reviews []reviewCard
	Total   int
	Sort    string
	Pager   pager
	// The form, for signed-in members.
	Member bool
	Form   *accountForm
	Held   string // "new" or "edit": the member's review just sent waits for a moderator
	// Critic reviews of the whole title; admins also get the form adding
	// one (Critic, holding what they typed) and a delete button on each.
	Critics     []review.CriticReview
	CriticScore review.CriticSummary
	Admin       bool
	Critic      *accountForm
}

func (s *Server) reviewsPage(w http.ResponseWriter, r *http.Request) {
	s.showReviews(w, r, http.StatusOK, newAccountForm(""), newAccountForm(""))
}

// reviewsPath is the reviews page of a title, or of one of its seasons.
func reviewsPath(t *catalog.Title, season *catalog.Season) string {
	if season != nil {
		return seasonURL(t.Slug, season.Number) + "/reviews"
	}
	return "/titles/" + url.PathEscape(t.Slug) + "/reviews"
}

// seasonByID finds one of a title's seasons; nil for the title itself.
func seasonByID(t *catalog.Title, id *int64) *catalog.Season {
	if id == nil {
		return nil
	}
	for i := range t.Seasons {
		if t.Seasons[i].ID == *id {
			return &t.Seasons[i]
		}
	}
	return nil
}

// showReviews renders the reviews page with the review form f and the
// critic form c (holding what a member typed and what was wrong with it).
func (s *Server) showReviews(w http.ResponseWriter, r *http.Request, status int, f, c *accountForm) {
	t, seasonID, err := s.reviewTarget(r)
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
	items, total, err := s.reviews.List(r.Context(), t.ID, seasonID, sort, pageN, reviewsPerPage)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if pageN > 1 && len(items) == 0 {
		s.notFoundPage(w, r)
		return
	}
	season := seasonByID(t, seasonID)
	base := reviewsPath(t, season)
	heading := "Reviews of " + t.Name
	if season != nil {
		heading += ", season " + strconv.Itoa(season.Number)
	}
	u := currentUser(r)
	v := &reviewsView{page: page{Title: heading, Canonical: base}, Show: t, Season: season, Heading: heading, Base: base,
		Reviews: reviewCards(items), Total: total, Sort: sort, Member: u != nil, Form: f, Critic: c}
	switch r.URL.Query().Get("held") {
	case "1":
		v.Held = "new"
	case "edit":
		v.Held = "edit"
	}
	if season == nil {
		if v.Critics, v.CriticScore, err = s.reviews.Critics(r.Context(), t.ID); err != nil {
			s.pageError(w, r, err)
			return
		}
		v.Admin = u != nil && u.Role == account.RoleAdmin
	}
	v.Pager = newPager(pageN, (total+reviewsPerPage-1)/reviewsPerPage, func(n int) string {
		u := base + "?sort=" + sort
		if n > 1 {
			u += "&page=" + strconv.Itoa(n)
		}
		return u
	})
	s.render(w, r, status, "reviews", v)
}

// subScoreField is one optional sub-score select of the review form.
type subScoreField struct{ Name, Label string }

var subScoreFields = []subScoreField{{"story_score", "Story"}, {"acting_score", "Acting"}, {"music_score", "Music"}, {"rewatch_score", "Rewatch value"}}

// reviewFail shows err on a review form. The rules name each pro and con
// ("pros[2]") and the episode total the form does not ask for; the form
// shows them beside the field the member typed them in.
func reviewFail(f *accountForm, err error) int {
	status := f.fail(err)
	for k, msg := range f.Errors {
		name, i, ok := strings.Cut(strings.TrimSuffix(k, "]"), "[")
		if ok && (name == "pros" || name == "cons") {
			delete(f.Errors, k)
			if n, err := strconv.Atoi(i); err == nil && f.Errors[name] == "" {
				f.Errors[name] = "line " + strconv.Itoa(n+1) + " " + msg
			}
		}
	}
	if msg, ok := f.Errors["episodes_total"]; ok {
		delete(f.Errors, "episodes_total")
		if msg == "must be at least 1 and at least episodes_seen" {
			msg = "must not be more than the episodes there are"
		}
		if f.Errors["episodes_seen"] == "" {
			f.Errors["episodes_seen"] = msg
		}
	}
	return status
}

// reviewForm reads the review form into f (to show it again) and into the
// service's input. total is how many episodes the reviewed title or season
// has (0 when unknown).
func reviewForm(r *http.Request, f *accountForm, total int) review.Input {
	for _, k := range []string{"score", "story_score", "acting_score", "music_score", "rewatch_score", "headline", "body", "pros", "cons", "episodes_seen"} {
		f.Values[k] = r.PostFormValue(k)
	}
	if r.PostFormValue("spoiler") == "on" {
		f.Values["spoiler"] = "on"
	}
	in := review.Input{Headline: f.Values["headline"], Body: f.Values["body"], Spoiler: f.Values["spoiler"] == "on",
		Pros: lines(f.Values["pros"]), Cons: lines(f.Values["cons"]), Honeypot: r.PostFormValue("website")}
	var err error
	in.Score, err = strconv.ParseFloat(f.Values["score"], 64)
	if err != nil {
		in.Score = -1 // refused by the rules, with their message
	}
	for name, dst := range map[string]**float64{"story_score": &in.Story, "acting_score": &in.Acting, "music_score": &in.Music, "rewatch_score": &in.Rewatch} {
		if v := strings.TrimSpace(f.Values[name]); v != "" {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				n = -1
			}
			*dst = &n
		}
	}
	if seen := strings.TrimSpace(f.Values["episodes_seen"]); seen != "" {
		n, err := strconv.Atoi(seen)
		if err != nil {
			n = -1
		}
		in.EpisodesSeen = &n
		if total > 0 {
			in.EpisodesTotal = &total
		}
	}
	return in
}

// fillReviewForm puts a stored review in the form, for editing.
func fillReviewForm(f *accountForm, rv *review.Review) {
	f.Values["score"] = fmtScore(rv.Score)
	for name, v := range map[string]*float64{"story_score": rv.Story, "acting_score": rv.Acting, "music_score": rv.Music, "rewatch_score": rv.Rewatch} {
		if v != nil {
			f.Values[name] = fmtScore(*v)
		}
	}
	f.Values["headline"], f.Values["body"] = rv.Headline, rv.Body
	f.Values["pros"], f.Values["cons"] = strings.Join(rv.Pros, "\n"), strings.Join(rv.Cons, "\n")
	if rv.Spoiler {
		f.Values["spoiler"] = "on"
	}
	if rv.EpisodesSeen != nil {
		f.Values["episodes_seen"] = strconv.Itoa(*rv.EpisodesSeen)
	}
}

// postReview handles the review form of a title or a season.
func (s *Server) postReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReviewForm)
	t, seasonID, err := s.reviewTarget(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f := newAccountForm("")
	if err := r.ParseForm(); err != nil {
		s.showReviews(w, r, tooLarge(f), f, newAccountForm(""))
		return
	}
	season := seasonByID(t, seasonID)
	created, err := s.reviews.Create(r.Context(), currentUser(r).ID, t.ID, seasonID, reviewForm(r, f, episodeTotal(t, season)))
	if err != nil {
		status := reviewFail(f, err)
		if apperr.CodeOf(err) == apperr.Conflict {
			f.Message = err.Error()
		}
		s.showReviews(w, r, status, f, newAccountForm(""))
		return
	}
	next := reviewsPath(t, season) + "?sort=date"
	if created.Status == moderation.Held {
		next += "&held=1#write-h"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// episodeTotal is how many episodes a season has, or the title over all
// its seasons when season is nil.
func episodeTotal(t *catalog.Title, season *catalog.Season) int {
	if season != nil {
		return max(season.EpisodeCount, len(season.Episodes))
	}
	return episodeCount(t)
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
	Back   string // the reviews page it is listed on
	Review reviewCard
	Thread *threadView
	// The reader may edit and delete it: its author or a moderator.
	CanChange bool
	// DeleteError says why the delete form was refused.
	DeleteError string
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
	s.showReviewWith(w, r, id, status, note, "")
}

// showReviewWith renders a review's page with notes about a comment form
// and the delete form just sent.
func (s *Server) showReviewWith(w http.ResponseWriter, r *http.Request, id int64, status int, note threadNote, deleteError string) {
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
	v := &reviewView{page: page{Title: rv.Headline, Canonical: path}, Review: reviewCards([]*review.Review{rv})[0], Thread: thread, DeleteError: deleteError}
	if u := currentUser(r); u != nil {
		v.CanChange = u.ID == rv.UserID || u.CanModerate()
	}
	if t, err := s.titleByID(r, rv.TitleID); err == nil {
		v.Show, v.Back = t, reviewsPath(t, seasonByID(t, rv.SeasonID))
	}
	s.render(w, r, status, "review", v)
}

// reviewEditView is the form editing a review.
type reviewEditView struct {
	page
	Form   *accountForm
	Review *review.Review
	Show   *catalog.Title
	Mine   bool // the reader wrote it (else a moderator edits it)
}

func (s *Server) reviewEditOf(r *http.Request, f *accountForm, rv *review.Review, t *catalog.Title) reviewEditView {
	f.Title = "Edit: " + rv.Headline
	return reviewEditView{page: f.page, Form: f, Review: rv, Show: t, Mine: currentUser(r).ID == rv.UserID}
}

// changeableReview loads the review of the URL, with its title, for a
// member who may change it, answering with the error page otherwise.
func (s *Server) changeableReview(w http.ResponseWriter, r *http.Request) (*review.Review, *catalog.Title, bool) {
	id, err := reviewID(r)
	if err == nil {
		var rv *review.Review
		if rv, err = s.reviews.Get(r.Context(), id); err == nil {
			if u := currentUser(r); u.ID == rv.UserID || u.CanModerate() {
				var t *catalog.Title
				if t, err = s.titleByID(r, rv.TitleID); err == nil {
					return rv, t, true
				}
			} else {
				err = apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this review.")
			}
		}
	}
	s.pageError(w, r, err)
	return nil, nil, false
}

func (s *Server) editReviewPage(w http.ResponseWriter, r *http.Request) {
	rv, t, ok := s.changeableReview(w, r)
	if !ok {
		return
	}
	f := newAccountForm("")
	fillReviewForm(f, rv)
	s.render(w, r, http.StatusOK, "review-edit", s.reviewEditOf(r, f, rv, t))
}

func (s *Server) editReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxReviewForm)
	rv, t, ok := s.changeableReview(w, r)
	if !ok {
		return
	}
	f := newAccountForm("")
	if err := r.ParseForm(); err != nil {
		s.render(w, r, tooLarge(f), "review-edit", s.reviewEditOf(r, f, rv, t))
		return
	}
	season := seasonByID(t, rv.SeasonID)
	u := currentUser(r)
	out, err := s.reviews.Update(r.Context(), u.ID, u.CanModerate(), rv.ID, reviewForm(r, f, episodeTotal(t, season)))
	if err != nil {
		s.render(w, r, reviewFail(f, err), "review-edit", s.reviewEditOf(r, f, rv, t))
		return
	}
	if out.Status == moderation.Held {
		// Readers no longer see it, so neither does its page: say so on
		// the list it will come back to.
		http.Redirect(w, r, reviewsPath(t, season)+"?sort=date&held=edit#write-h", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/reviews/"+strconv.FormatInt(rv.ID, 10), http.StatusSeeOther)
}

// deleteReview handles the delete form, which asks to tick a box first.
func (s *Server) deleteReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	rv, t, ok := s.changeableReview(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		s.showReviewWith(w, r, rv.ID, http.StatusBadRequest, threadNote{}, "Tick “Yes, delete it” to delete this review.")
		return
	}
	u := currentUser(r)
	if err := s.reviews.Delete(r.Context(), u.ID, u.CanModerate(), rv.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, reviewsPath(t, seasonByID(t, rv.SeasonID)), http.StatusSeeOther)
}

// voteReview handles the Helpful button: helpful=1 marks the review
// helpful for the member, 0 takes the mark back; both are safe to repeat.
func (s *Server) voteReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id, err := reviewID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var helpful bool
	switch r.PostFormValue("helpful") {
	case "1":
		helpful = true
	case "0":
	default:
		s.pageError(w, r, invalid("helpful", "must be 1 or 0"))
		return
	}
	if _, err := s.reviews.Vote(r.Context(), currentUser(r).ID, id, helpful); err != nil {
		s.pageError(w, r, err)
		return
	}
	to := "/reviews/" + strconv.FormatInt(id, 10)
	if next := r.PostFormValue("next"); next != "" && safeNext(next) == next {
		to = next
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// requireAdmin lets only admins, the site's editors, through.
func (s *Server) requireAdmin(next http.HandlerFunc) http.HandlerFunc {
	return requireUser(func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r).Role != account.RoleAdmin {
			s.pageError(w, r, apperr.Errorf(apperr.Forbidden, "Only editors may enter and remove critic reviews."))
			return
		}
		next(w, r)
	})
}

// postCriticReview handles the editors' form adding a critic review to a title.
func (s *Server) postCriticReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	c := newAccountForm("")
	if err := r.ParseForm(); err != nil {
		c.Errors["excerpt"] = "is too long to send"
		s.showReviews(w, r, http.StatusRequestEntityTooLarge, newAccountForm(""), c)
		return
	}
	for _, k := range []string{"publication", "author", "url", "published_on", "score", "excerpt"} {
		c.Values[k] = r.PostFormValue(k)
	}
	in := review.CriticInput{Publication: c.Values["publication"], Author: c.Values["author"], URL: c.Values["url"],
		PublishedOn: c.Values["published_on"], Score: c.Values["score"], Excerpt: c.Values["excerpt"], Nonce: formNonce(r)}
	if _, err := s.reviews.AddCritic(r.Context(), t.ID, nil, in); err != nil {
		s.showReviews(w, r, c.fail(err), newAccountForm(""), c)
		return
	}
	http.Redirect(w, r, "/titles/"+url.PathEscape(t.Slug)+"/reviews#critics", http.StatusSeeOther)
}

// deleteCriticReview handles the delete button beside a critic review.
func (s *Server) deleteCriticReview(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id, err := pathID(r, "critic review")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := s.reviews.DeleteCritic(r.Context(), id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// titleByID finds a title among the catalog's by its id, for breadcrumbs.
func (s *Server) titleByID(r *http.Request, id int64) (*catalog.Title, error) {
	slug, err := s.catalog.SlugOf(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return s.catalog.Title(r.Context(), slug)
}
