package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/rating"
)

// memberAPI wraps an API handler that acts for a member, who sends a
// personal token; write handlers need one with the write scope.
func (s *Server) memberAPI(write bool, next func(w http.ResponseWriter, r *http.Request, p *auth.Principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if token = strings.TrimSpace(token); !ok || token == "" {
			s.fail(w, r, apperr.Errorf(apperr.Unauthorized, "This request needs a personal API token: send Authorization: Bearer TOKEN (create one under Settings)."))
			return
		}
		p, err := s.tokens.Authenticate(r.Context(), token)
		switch {
		case err != nil:
			s.fail(w, r, err)
		case p.UserID == 0:
			s.fail(w, r, apperr.Errorf(apperr.Forbidden, "Admin tokens belong to no member; use a personal token."))
		case write && p.Scope != auth.ScopeWrite:
			s.fail(w, r, apperr.Errorf(apperr.Forbidden, "This token may only read."))
		default:
			next(w, r, p)
		}
	}
}

// ratingTarget finds what the URL names: a title, one of its seasons
// ({n}) or one of that season's episodes ({e}).
func (s *Server) ratingTarget(r *http.Request) (rating.Target, error) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		return rating.Target{}, err
	}
	if r.PathValue("n") == "" {
		return rating.Target{Kind: rating.Title, ID: t.ID}, nil
	}
	n, err := seasonNumber(r)
	if err != nil {
		return rating.Target{}, err
	}
	for _, se := range t.Seasons {
		if se.Number != n {
			continue
		}
		if r.PathValue("e") == "" {
			return rating.Target{Kind: rating.Season, ID: se.ID}, nil
		}
		e, err := strconv.Atoi(r.PathValue("e"))
		for _, ep := range se.Episodes {
			if err == nil && ep.Number == e {
				return rating.Target{Kind: rating.Episode, ID: ep.ID}, nil
			}
		}
		return rating.Target{}, apperr.Errorf(apperr.NotFound, "Season %d has no episode %q.", n, r.PathValue("e"))
	}
	return rating.Target{}, apperr.Errorf(apperr.NotFound, "%q has no season %d.", t.Slug, n)
}

// ratingAnswer is what rating endpoints return.
type ratingAnswer struct {
	Score         *float64          `json:"score"`
	AudienceScore *rating.Aggregate `json:"audience_score,omitempty"`
}

func (s *Server) apiPutRating(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in struct {
		Score *float64 `json:"score"`
	}
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Score == nil {
		s.fail(w, r, invalid("score", "is required: a number from 0.5 to 10 in steps of 0.5"))
		return
	}
	target, err := s.ratingTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	agg, err := s.ratings.Rate(r.Context(), p.UserID, target, *in.Score)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ratingAnswer{Score: in.Score, AudienceScore: agg})
}

func (s *Server) apiGetRating(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	target, err := s.ratingTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	score, err := s.ratings.Mine(r.Context(), p.UserID, target)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ratingAnswer{Score: &score})
}

func (s *Server) apiDeleteRating(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	target, err := s.ratingTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.ratings.Unrate(r.Context(), p.UserID, target); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
