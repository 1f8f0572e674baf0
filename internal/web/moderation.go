package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/moderation"
)

// postPath is where readers see a post of a kind, to come back to after
// reporting it; a comment is shown in its parent's thread.
func (s *Server) postPath(r *http.Request, kind string, id int64) string {
	switch kind {
	case "review", "discussion":
		return parentPath(kind, id)
	case "comment":
		if s.comments != nil {
			if c, err := s.comments.Get(r.Context(), id); err == nil {
				return parentPath(c.ParentType, c.ParentID) + "#comment-" + strconv.FormatInt(id, 10)
			}
		}
	}
	return "/"
}

// reportTarget is the post a report form names.
type reportTarget struct {
	Kind string
	ID   int64
}

// reportView is the confirmation page after a report, or the report form
// again with what was wrong.
type reportView struct {
	page
	Kind   string
	ID     int64
	Back   string
	Reason string
	Error  string
	Done   bool
	Max    int
}

// postReport handles the report form on review cards.
func (s *Server) postReport(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	kind := r.PostFormValue("kind")
	id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
	back := s.postPath(r, kind, id)
	if currentUser(r) == nil {
		// The form is on pages kept for everyone; send visitors to sign
		// in and back to the post.
		http.Redirect(w, r, "/login?next="+url.QueryEscape(back), http.StatusSeeOther)
		return
	}
	v := &reportView{page: page{Title: "Report a post", NoIndex: true}, Kind: kind, ID: id, Back: back,
		Reason: r.PostFormValue("reason"), Max: moderation.MaxReason}
	err := s.moderation.Report(r.Context(), currentUser(r).ID, kind, id, v.Reason)
	status := http.StatusOK
	switch e, _ := apperr.As(err); {
	case err == nil:
		v.Done = true
	case e == nil || e.Code == apperr.Internal || e.Code == apperr.NotFound:
		s.pageError(w, r, err)
		return
	default:
		status = statusOf[e.Code]
		v.Error = e.Message
		for _, f := range e.Fields {
			v.Error = "The " + f.Field + " " + f.Message + "."
			break
		}
	}
	s.render(w, r, status, "moderation-report", v)
}

type reportRequest struct {
	Kind   string `json:"kind"`
	ID     int64  `json:"id"`
	Reason string `json:"reason"`
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in reportRequest
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.moderation.Report(r.Context(), p.UserID, in.Kind, in.ID, in.Reason); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"status": "reported"})
}

// queueView is the moderators' queue page.
type queueView struct {
	page
	Items []*moderation.Item
	Done  string
	Error string
}

// requireModerator answers 403 to members who are not moderators or admins.
func (s *Server) requireModerator(next http.HandlerFunc) http.HandlerFunc {
	return requireUser(func(w http.ResponseWriter, r *http.Request) {
		if role := currentUser(r).Role; role != "moderator" && role != "admin" {
			s.pageError(w, r, apperr.Errorf(apperr.Forbidden, "Only moderators and admins may see the moderation queue."))
			return
		}
		next(w, r)
	})
}

func (s *Server) moderationPage(w http.ResponseWriter, r *http.Request) {
	s.showQueue(w, r, http.StatusOK, decisionDone[r.URL.Query().Get("done")], "")
}

var decisionDone = map[string]string{
	moderation.Approve:  "Approved: the post is published.",
	moderation.MarkSpam: "Marked as spam: the post is hidden and the filter learned from it.",
	moderation.Delete:   "Deleted: the post is hidden.",
	moderation.Ban:      "Banned: the post is hidden as spam and its author's account is disabled.",
}

func (s *Server) showQueue(w http.ResponseWriter, r *http.Request, status int, done, problem string) {
	items, err := s.moderation.Queue(r.Context())
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.render(w, r, status, "moderation", &queueView{page: page{Title: "Moderation queue", NoIndex: true}, Items: items, Done: done, Error: problem})
}

// moderationDecide handles a decision button on the queue page.
func (s *Server) moderationDecide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id, err := pathID(r, "queue item")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	decision := r.PostFormValue("decision")
	if err := s.moderation.Decide(r.Context(), currentUser(r).ID, id, decision); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Code == apperr.Internal {
			s.pageError(w, r, err)
			return
		}
		s.showQueue(w, r, statusOf[e.Code], "", e.Message)
		return
	}
	http.Redirect(w, r, "/moderation?done="+url.QueryEscape(decision), http.StatusSeeOther)
}

// moderatorAPI wraps an API handler for moderators and admins.
func (s *Server) moderatorAPI(write bool, next func(http.ResponseWriter, *http.Request, *auth.Principal)) http.HandlerFunc {
	return s.memberAPI(write, func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		if !p.CanModerate() {
			s.fail(w, r, apperr.Errorf(apperr.Forbidden, "Only moderators and admins may use the moderation queue."))
			return
		}
		next(w, r, p)
	})
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	items, err := s.moderation.Queue(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

type decisionRequest struct {
	Decision string `json:"decision"`
}

func (s *Server) apiDecide(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := pathID(r, "queue item")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in decisionRequest
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.moderation.Decide(r.Context(), p.UserID, id, strings.TrimSpace(in.Decision)); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "decision": in.Decision})
}
