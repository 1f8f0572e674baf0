package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/watch"
)

// titleEpisodes is how many episodes a title lists (0 for a film).
func titleEpisodes(t *catalog.Title) int { return episodeCount(t) }

func (s *Server) apiGetWatch(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.watch.Get(r.Context(), p.UserID, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiPutWatch(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in watch.Entry
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.watch.Set(r.Context(), p.UserID, t.ID, titleEpisodes(t), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.watch.Get(r.Context(), p.UserID, t.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entry": e, "tracking": counts})
}

func (s *Server) apiDeleteWatch(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.watch.Remove(r.Context(), p.UserID, t.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// watchPage handles the title page's watch-status form.
func (s *Server) watchPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u := currentUser(r)
	status := r.PostFormValue("status")
	if status == "" {
		err = s.watch.Remove(r.Context(), u.ID, t.ID)
		if apperr.CodeOf(err) == apperr.NotFound {
			err = nil
		}
	} else {
		e := watch.Entry{Status: status}
		if old, gerr := s.watch.Get(r.Context(), u.ID, t.ID); gerr == nil {
			e = *old
			e.Status = status
		}
		if v := r.PostFormValue("episodes_seen"); v != "" {
			if e.EpisodesSeen, err = strconv.Atoi(v); err != nil {
				e.EpisodesSeen = -1
			}
		}
		_, err = s.watch.Set(r.Context(), u.ID, t.ID, titleEpisodes(t), e)
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/titles/"+url.PathEscape(t.Slug), http.StatusSeeOther)
}
