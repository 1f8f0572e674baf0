package web

import (
	"net/http"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
)

// apiDeleteMe deletes the token's own account. The password confirms it
// even with a write token, since a leaked token must not end an account.
func (s *Server) apiDeleteMe(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in struct {
		Password string              `json:"password"`
		Posts    account.PostsChoice `json:"posts"`
	}
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.accounts.DeleteAccount(r.Context(), p.UserID, in.Password, in.Posts); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
