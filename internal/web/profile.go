package web

import (
	"net/http"
	"time"

	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/profile"
)

// watchGroup is a watch status with its label and titles, for the profile.
type watchGroup struct {
	Label  string
	Titles []profile.Watched
}

func statusLabel(st string) string {
	for _, o := range watchStatuses {
		if o.Value == st {
			return o.Label
		}
	}
	return st
}

// fillProfile adds what the member watches, rates, reviews and lists, with
// their statistics, to a profile page the reader may see.
func (s *Server) fillProfile(r *http.Request, v *memberView) error {
	if s.profiles != nil {
		p, err := s.profiles.Of(r.Context(), v.Member.ID)
		if err != nil {
			return err
		}
		v.Profile = p
		for _, g := range p.Watching {
			v.Watching = append(v.Watching, watchGroup{Label: statusLabel(g.Status), Titles: g.Titles})
		}
	}
	if s.lists != nil {
		ls, err := s.lists.Of(r.Context(), viewerID(r), v.Member.ID)
		if err != nil {
			return err
		}
		v.Lists, v.ListsOn = ls, true
	}
	return nil
}

// memberAnswer is a member's profile in the API.
type memberAnswer struct {
	Username    string           `json:"username"`
	DisplayName string           `json:"display_name,omitempty"`
	Bio         string           `json:"bio,omitempty"`
	Private     bool             `json:"private"`
	Since       *time.Time       `json:"member_since,omitempty"`
	Profile     *profile.Profile `json:"profile,omitempty"`
	Lists       []*list.List     `json:"lists,omitempty"`
}

// apiMember answers with a member's profile: in full when it is public or
// the token is the member's own, else only that it is private.
func (s *Server) apiMember(w http.ResponseWriter, r *http.Request) {
	viewer, err := s.optionalMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.activeMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := memberAnswer{Username: m.Username, Private: !m.ProfilePublic && viewer != m.ID}
	if !a.Private {
		a.DisplayName, a.Bio, a.Since = m.DisplayName, m.Bio, &m.CreatedAt
		if a.Profile, err = s.profiles.Of(r.Context(), m.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		if s.lists != nil {
			if a.Lists, err = s.lists.Of(r.Context(), viewer, m.ID); err != nil {
				s.fail(w, r, err)
				return
			}
		}
	}
	if a.Private || !m.ProfilePublic {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	writeJSON(w, http.StatusOK, a)
}
