package web

import (
	"github.com/dramadb/dramadb/internal/moderation"
	"net/http"
	"strconv"

	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/discussion"
)

func discussionID(r *http.Request) (int64, error) { return pathID(r, "discussion") }

// apiCreateDiscussion starts a discussion about the title the URL names,
// or on the board.
func (s *Server) apiCreateDiscussion(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in discussion.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	in.Nonce = r.Header.Get("Idempotency-Key")
	if len(in.Nonce) > 64 {
		s.fail(w, r, invalid("Idempotency-Key", "must be at most 64 characters"))
		return
	}
	var titleID *int64
	if slug := r.PathValue("slug"); slug != "" {
		t, err := s.catalog.Title(r.Context(), slug)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		titleID = &t.ID
	}
	d, err := s.discussions.Create(r.Context(), p.UserID, titleID, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Status == moderation.Published {
		w.Header().Set("Location", "/api/v1/discussions/"+strconv.FormatInt(d.ID, 10))
	}
	writeJSON(w, createdStatus(d.Status), d)
}

// discussionPaging reads ?page= and ?per_page= for the discussion lists.
func discussionPaging(r *http.Request) (int, int, error) {
	page, err := queryInt(r, "page", 1)
	if err != nil {
		return 0, 0, err
	}
	per, err := queryInt(r, "per_page", discussionsPerPage)
	if err != nil || per > catalog.MaxPerPage {
		return 0, 0, invalid("per_page", "must be a whole number from 1 to %d", catalog.MaxPerPage)
	}
	return page, per, nil
}

func (s *Server) apiTitleDiscussions(w http.ResponseWriter, r *http.Request) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, per, err := discussionPaging(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, total, err := s.discussions.ListByTitle(r.Context(), t.ID, page, per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, catalog.Page[*discussion.Discussion]{Items: items, Total: total, Page: page, PerPage: per})
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request) {
	page, per, err := discussionPaging(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, total, err := s.discussions.Board(r.Context(), page, per)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, catalog.Page[*discussion.Discussion]{Items: items, Total: total, Page: page, PerPage: per})
}

func (s *Server) apiGetDiscussion(w http.ResponseWriter, r *http.Request) {
	id, err := discussionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.discussions.Get(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// apiUpdateDiscussion replaces the topic, body and spoiler flag; moderators
// may also send pinned and locked.
func (s *Server) apiUpdateDiscussion(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := discussionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in discussion.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.discussions.Update(r.Context(), p.UserID, p.CanModerate(), id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiDeleteDiscussion(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := discussionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.discussions.Delete(r.Context(), p.UserID, p.CanModerate(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
