package web

import (
	"net/http"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/review"
)

// reviewTarget finds the title, and the season when the URL names one.
func (s *Server) reviewTarget(r *http.Request) (*catalog.Title, *int64, error) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, nil, err
	}
	if r.PathValue("n") == "" {
		return t, nil, nil
	}
	n, err := seasonNumber(r)
	if err != nil {
		return nil, nil, err
	}
	for _, se := range t.Seasons {
		if se.Number == n {
			return t, &se.ID, nil
		}
	}
	return nil, nil, apperr.Errorf(apperr.NotFound, "%q has no season %d.", t.Slug, n)
}

// pathID reads the {id} of a URL; one that is not a positive number names
// no thing, so it is a 404 that says what was looked for.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, apperr.Errorf(apperr.NotFound, "There is no %s %q.", what, r.PathValue("id"))
	}
	return id, nil
}

func reviewID(r *http.Request) (int64, error)  { return pathID(r, "review") }
func commentID(r *http.Request) (int64, error) { return pathID(r, "comment") }

func (s *Server) apiCreateReview(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in review.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, season, err := s.reviewTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.reviews.Create(r.Context(), p.UserID, t.ID, season, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// A held review has no address readers can follow yet.
	if out.Status == moderation.Published {
		w.Header().Set("Location", "/api/v1/reviews/"+strconv.FormatInt(out.ID, 10))
	}
	writeJSON(w, createdStatus(out.Status), out)
}

func (s *Server) apiListReviews(w http.ResponseWriter, r *http.Request) {
	t, season, err := s.reviewTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sort := r.URL.Query().Get("sort")
	if sort == "" {
		sort = review.SortHelpful
	}
	if sort != review.SortHelpful && sort != review.SortDate {
		s.fail(w, r, invalid("sort", "must be helpful or date"))
		return
	}
	page, err := queryInt(r, "page", 1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	per, err := queryInt(r, "per_page", 20)
	if err != nil || per > catalog.MaxPerPage {
		s.fail(w, r, invalid("per_page", "must be a whole number from 1 to %d", catalog.MaxPerPage))
		return
	}
	items, total, err := s.reviews.List(r.Context(), t.ID, season, sort, page, per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, catalog.Page[*review.Review]{Items: items, Total: total, Page: page, PerPage: per})
}

func (s *Server) apiGetReview(w http.ResponseWriter, r *http.Request) {
	id, err := reviewID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rv, err := s.reviews.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rv)
}

func (s *Server) apiUpdateReview(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := reviewID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in review.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.reviews.Update(r.Context(), p.UserID, p.CanModerate(), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if out.Status == moderation.Held {
		status = http.StatusAccepted
	}
	writeJSON(w, status, out)
}

func (s *Server) apiDeleteReview(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := reviewID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.reviews.Delete(r.Context(), p.UserID, p.CanModerate(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiVoteReview(helpful bool) func(http.ResponseWriter, *http.Request, *auth.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		id, err := reviewID(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		n, err := s.reviews.Vote(r.Context(), p.UserID, id, helpful)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]int64{"helpful": n})
	}
}

func (s *Server) apiAddCriticReview(w http.ResponseWriter, r *http.Request) {
	var in review.CriticInput
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Nonce = r.Header.Get("Idempotency-Key"); len(in.Nonce) > 64 {
		s.fail(w, r, invalid("Idempotency-Key", "must be at most 64 characters"))
		return
	}
	t, season, err := s.reviewTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out, err := s.reviews.AddCritic(r.Context(), t.ID, season, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiListCriticReviews(w http.ResponseWriter, r *http.Request) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, summary, err := s.reviews.Critics(r.Context(), t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"critic_score": summary, "items": items})
}

func (s *Server) apiDeleteCriticReview(w http.ResponseWriter, r *http.Request) {
	id, err := reviewID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.reviews.DeleteCritic(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// createdStatus is the answer to a new post: 201, or 202 when it is held
// (accepted, but not shown to readers until a moderator approves it).
func createdStatus(status string) int {
	if status == moderation.Held {
		return http.StatusAccepted
	}
	return http.StatusCreated
}
