package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/comment"
)

// Comment threads hang under reviews and discussions; the pages and API
// below serve both, told apart by the parent's kind.

// parentPath is the page of the post a thread hangs under.
func parentPath(kind string, id int64) string {
	if kind == comment.OnDiscussion {
		return "/discussions/" + strconv.FormatInt(id, 10)
	}
	return "/reviews/" + strconv.FormatInt(id, 10)
}

// showParent renders the page of a thread's post with a message about a
// comment form just sent and what the member wrote in it.
func (s *Server) showParent(w http.ResponseWriter, r *http.Request, kind string, id int64, status int, th threadNote) {
	if kind == comment.OnDiscussion {
		s.showDiscussion(w, r, id, status, th)
		return
	}
	s.showReview(w, r, id, status, th)
}

// parentExists checks that a thread's post is shown, for the API.
func (s *Server) parentExists(ctx context.Context, kind string, id int64) error {
	if kind == comment.OnDiscussion {
		_, err := s.discussions.Get(ctx, id)
		return err
	}
	_, err := s.reviews.Get(ctx, id)
	return err
}

// threadNote is what a page says about a comment form just sent: the
// problem, and the text to put back in the form it came from (a reply's
// or an edit's, named by the comment it belongs to; 0 for the new-comment form).
type threadNote struct {
	Error  string
	Notice string // a note that is not a problem
	Draft  string
	For    int64 // the comment replied to or edited
	Edit   bool
}

// threadView is a comment thread as the "comments" partial draws it.
type threadView struct {
	Action    string // where comment forms post
	Login     string // where a visitor signs in to comment
	Comments  []*comment.Comment
	Total     int
	Member    bool // the reader may comment
	Locked    bool
	ViewerID  int64
	Moderator bool
	threadNote
}

// commentItem is one comment as the "comment" partial draws it.
type commentItem struct {
	C    *comment.Comment
	Body template.HTML // sanitized when it was written
	T    *threadView
}

// Item wraps a comment of the thread for the template.
func (t *threadView) Item(c *comment.Comment) commentItem {
	return commentItem{C: c, Body: template.HTML(c.BodyHTML), T: t}
}

// Mine reports whether the reader may edit or delete the comment.
func (c commentItem) Mine() bool {
	return !c.C.Deleted && c.T.ViewerID != 0 && (c.C.UserID == c.T.ViewerID || c.T.Moderator)
}

// Draft is the text to put back in this comment's reply or edit form.
func (c commentItem) Draft(edit bool) string {
	if c.T.For == c.C.ID && c.T.Edit == edit {
		return c.T.Draft
	}
	return ""
}

// thread loads the comments under a post for its page.
func (s *Server) thread(r *http.Request, kind string, id int64, path string, locked bool, note threadNote) (*threadView, error) {
	comments, total, err := s.comments.Thread(r.Context(), kind, id)
	if err != nil {
		return nil, err
	}
	t := &threadView{Action: path + "/comments", Login: "/login?next=" + path, Comments: comments, Total: total, Locked: locked, threadNote: note}
	if u := currentUser(r); u != nil {
		t.Member, t.ViewerID, t.Moderator = true, u.ID, u.CanModerate()
	}
	return t, nil
}

// formNonce reads a form's one-time value; an overlong one is ignored.
func formNonce(r *http.Request) string {
	if n := r.PostFormValue("once"); len(n) <= 64 {
		return n
	}
	return ""
}

// commentMessage turns a refused comment into one sentence for the page.
func commentMessage(e *apperr.Error) string {
	msg := e.Message
	for _, f := range e.Fields {
		if f.Field == "body" {
			msg = "Your comment " + f.Message + "."
		} else {
			msg = e.Message
		}
	}
	return msg
}

// postComment handles a comment form under a post of the given kind.
func (s *Server) postComment(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
		id, err := pathID(r, kind)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if err := r.ParseForm(); err != nil {
			s.showParent(w, r, kind, id, http.StatusRequestEntityTooLarge, threadNote{Error: "Your comment is too long to send."})
			return
		}
		in := comment.Input{Body: r.PostFormValue("body"), Nonce: formNonce(r), Honeypot: r.PostFormValue("website")}
		note := threadNote{Draft: in.Body}
		if v := r.PostFormValue("reply_to"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				note.Error = "The comment answered is not in this thread."
				s.showParent(w, r, kind, id, http.StatusBadRequest, note)
				return
			}
			in.ReplyTo, note.For = &n, n
		}
		c, err := s.comments.Add(r.Context(), currentUser(r).ID, kind, id, in)
		if err != nil {
			e, ok := apperr.As(err)
			if !ok || e.Code == apperr.NotFound {
				s.pageError(w, r, err)
				return
			}
			note.Error = commentMessage(e)
			s.showParent(w, r, kind, id, statusOf[e.Code], note)
			return
		}
		to := parentPath(kind, id)
		if c.Status == "published" {
			to += "#comment-" + strconv.FormatInt(c.ID, 10)
		} else {
			to += "?held=1#comments"
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}

// editComment handles the edit form under a comment.
func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	id, err := commentID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	old, err := s.comments.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.showParent(w, r, old.ParentType, old.ParentID, http.StatusRequestEntityTooLarge, threadNote{Error: "Your comment is too long to send.", For: id, Edit: true})
		return
	}
	u := currentUser(r)
	body := r.PostFormValue("body")
	if _, err := s.comments.Edit(r.Context(), u.ID, u.CanModerate(), id, body); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Code == apperr.NotFound || e.Code == apperr.Forbidden {
			s.pageError(w, r, err)
			return
		}
		s.showParent(w, r, old.ParentType, old.ParentID, statusOf[e.Code], threadNote{Error: commentMessage(e), Draft: body, For: id, Edit: true})
		return
	}
	http.Redirect(w, r, parentPath(old.ParentType, old.ParentID)+"#comment-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// deleteComment handles the delete button under a comment.
func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	id, err := commentID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	old, err := s.comments.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u := currentUser(r)
	if err := s.comments.Delete(r.Context(), u.ID, u.CanModerate(), id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, parentPath(old.ParentType, old.ParentID)+"#comment-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// repliesView lists what answers the member's posts.
type repliesView struct {
	page
	Replies []replyItem
}

type replyItem struct {
	comment.Reply
	Body template.HTML
	Link string
}

func (s *Server) repliesPage(w http.ResponseWriter, r *http.Request) {
	items, err := s.comments.RepliesTo(r.Context(), currentUser(r).ID, 50)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &repliesView{page: page{Title: "Replies to you", NoIndex: true}}
	for _, it := range items {
		v.Replies = append(v.Replies, replyItem{Reply: it, Body: template.HTML(it.BodyHTML),
			Link: parentPath(it.ParentType, it.ParentID) + "#comment-" + strconv.FormatInt(it.ID, 10)})
	}
	s.render(w, r, http.StatusOK, "replies", v)
}

func (s *Server) apiAddComment(kind string) func(http.ResponseWriter, *http.Request, *auth.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		id, err := pathID(r, kind)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var in comment.Input
		if err := decode(w, r, &in); err != nil {
			s.fail(w, r, err)
			return
		}
		in.Nonce = r.Header.Get("Idempotency-Key")
		if len(in.Nonce) > 64 {
			s.fail(w, r, invalid("Idempotency-Key", "must be at most 64 characters"))
			return
		}
		c, err := s.comments.Add(r.Context(), p.UserID, kind, id, in)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, createdStatus(c.Status), c)
	}
}

func (s *Server) apiThread(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, kind)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.parentExists(r.Context(), kind, id); err != nil {
			s.fail(w, r, err)
			return
		}
		tree, n, err := s.comments.Thread(r.Context(), kind, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if tree == nil {
			tree = []*comment.Comment{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"total": n, "comments": tree})
	}
}

func (s *Server) apiEditComment(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := commentID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.comments.Edit(r.Context(), p.UserID, p.CanModerate(), id, in.Body)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, c)
}

func (s *Server) apiDeleteComment(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := commentID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.comments.Delete(r.Context(), p.UserID, p.CanModerate(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiMyReplies(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	items, err := s.comments.RepliesTo(r.Context(), p.UserID, 50)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// heldNote tells a member whose comment waits for a moderator that it does.
func heldNote(r *http.Request) threadNote {
	if r.URL.Query().Get("held") != "" {
		return threadNote{Notice: "Thank you. Your comment will appear once a moderator has looked at it."}
	}
	return threadNote{}
}
