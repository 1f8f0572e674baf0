package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/moderation"
)

const discussionsPerPage = 20

// Forms carrying a discussion's opening post may be large: 20,000 Hangul
// characters are about 540 kB once form-encoded. Comments are half that.
const (
	maxDiscussionForm = 1 << 20
	maxCommentForm    = 512 << 10
)

// discussionCard is a discussion in a list.
type discussionCard struct {
	ID       int64
	Topic    string
	Title    *discussion.TitleRef // nil on the board
	Author   *comment.Author
	Comments int
	Activity string
	Pinned   bool
	Locked   bool
}

func discussionCards(ds []*discussion.Discussion) []discussionCard {
	out := make([]discussionCard, 0, len(ds))
	for _, d := range ds {
		out = append(out, discussionCard{ID: d.ID, Topic: d.Topic, Title: d.Title, Author: d.Author, Comments: int(d.CommentCount),
			Activity: formatDate(d.LastActivityAt.Format("2006-01-02")), Pinned: d.Pinned, Locked: d.Locked})
	}
	return out
}

// discussionsView is a title's discussions, or the site board, with the
// form to start one.
type discussionsView struct {
	page
	Show   *catalog.Title // nil on the board
	Items  []discussionCard
	Total  int
	Pager  pager
	Member bool
	Form   *accountForm
	Action string // where the form posts
}

func (s *Server) boardPage(w http.ResponseWriter, r *http.Request) {
	s.showDiscussions(w, r, http.StatusOK, newAccountForm(""))
}

func (s *Server) titleDiscussionsPage(w http.ResponseWriter, r *http.Request) {
	s.showDiscussions(w, r, http.StatusOK, newAccountForm(""))
}

// showDiscussions renders a title's discussions (when the URL names a
// title) or the board, with form f holding what a member typed.
func (s *Server) showDiscussions(w http.ResponseWriter, r *http.Request, status int, f *accountForm) {
	pageN, ok := pageParam(r)
	if !ok {
		s.notFoundPage(w, r)
		return
	}
	v := &discussionsView{Member: currentUser(r) != nil, Form: f}
	var items []*discussion.Discussion
	var err error
	base := "/discussions"
	if slug := r.PathValue("slug"); slug != "" {
		t, err := s.catalog.Title(r.Context(), slug)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		base = "/titles/" + url.PathEscape(t.Slug) + "/discussions"
		v.Show = t
		v.page = page{Title: "Discussions of " + t.Name, Canonical: base}
		items, v.Total, err = s.discussions.ListByTitle(r.Context(), t.ID, pageN, discussionsPerPage)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
	} else {
		v.page = page{Title: "Discussions", Description: "Members' discussions of Korean dramas and films, newest activity first.", Canonical: base, Nav: "discussions"}
		if items, v.Total, err = s.discussions.Board(r.Context(), pageN, discussionsPerPage); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	if pageN > 1 && len(items) == 0 {
		s.notFoundPage(w, r)
		return
	}
	if pageN > 1 {
		v.Canonical += "?page=" + strconv.Itoa(pageN)
	}
	v.Action = base
	v.Items = discussionCards(items)
	v.Pager = newPager(pageN, (v.Total+discussionsPerPage-1)/discussionsPerPage, func(n int) string {
		if n > 1 {
			return base + "?page=" + strconv.Itoa(n)
		}
		return base
	})
	s.render(w, r, status, "discussions", v)
}

// discussionForm reads a discussion form into f and the input.
func discussionForm(r *http.Request, f *accountForm) discussion.Input {
	for _, k := range []string{"topic", "body"} {
		f.Values[k] = r.PostFormValue(k)
	}
	if r.PostFormValue("spoiler") == "on" {
		f.Values["spoiler"] = "on"
	}
	return discussion.Input{Topic: f.Values["topic"], Body: f.Values["body"], Spoiler: f.Values["spoiler"] == "on",
		Nonce: formNonce(r), Honeypot: r.PostFormValue("website")}
}

// tooLarge marks a form whose body was over the limit.
func tooLarge(f *accountForm) int {
	f.Errors["body"] = "is too long to send"
	return http.StatusRequestEntityTooLarge
}

// postDiscussion handles the form starting a discussion about a title (when
// the URL names one) or on the board.
func (s *Server) postDiscussion(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxDiscussionForm)
	f := newAccountForm("")
	if err := r.ParseForm(); err != nil {
		s.showDiscussions(w, r, tooLarge(f), f)
		return
	}
	var titleID *int64
	if slug := r.PathValue("slug"); slug != "" {
		t, err := s.catalog.Title(r.Context(), slug)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		titleID = &t.ID
	}
	d, err := s.discussions.Create(r.Context(), currentUser(r).ID, titleID, discussionForm(r, f))
	if err != nil {
		s.showDiscussions(w, r, f.fail(err), f)
		return
	}
	if d.Status != moderation.Published {
		f = newAccountForm("")
		f.Done = "Thank you. Your discussion will appear once a moderator has looked at it."
		s.showDiscussions(w, r, http.StatusAccepted, f)
		return
	}
	http.Redirect(w, r, "/discussions/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
}

// discussionView is a discussion's page: the opening post and its thread.
type discussionView struct {
	page
	D         *discussion.Discussion
	Body      template.HTML // sanitized when it was written
	Thread    *threadView
	CanChange bool // the reader may edit or delete it
	Moderator bool
}

func (s *Server) discussionPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "discussion")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.showDiscussion(w, r, id, http.StatusOK, heldNote(r))
}

func (s *Server) showDiscussion(w http.ResponseWriter, r *http.Request, id int64, status int, note threadNote) {
	d, err := s.discussions.Get(r.Context(), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	path := "/discussions/" + strconv.FormatInt(id, 10)
	thread, err := s.thread(r, comment.OnDiscussion, id, path, d.Locked, note)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &discussionView{page: page{Title: d.Topic, Canonical: path, Nav: "discussions"}, D: d, Body: template.HTML(d.BodyHTML), Thread: thread}
	if u := currentUser(r); u != nil {
		v.Moderator = u.CanModerate()
		v.CanChange = v.Moderator || u.ID == d.UserID
	}
	s.render(w, r, status, "discussion", v)
}

// discussionEditView is the form editing a discussion.
type discussionEditView struct {
	page
	Form *accountForm
	D    *discussion.Discussion
}

func editView(f *accountForm, d *discussion.Discussion) discussionEditView {
	return discussionEditView{page: f.page, Form: f, D: d}
}

func (s *Server) editDiscussionPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.changeableDiscussion(w, r)
	if !ok {
		return
	}
	f := newAccountForm("Edit: " + d.Topic)
	f.Values["topic"], f.Values["body"] = d.Topic, d.Body
	if d.Spoiler {
		f.Values["spoiler"] = "on"
	}
	s.render(w, r, http.StatusOK, "discussion-edit", editView(f, d))
}

// changeableDiscussion loads the discussion of the URL for a member who
// may change it, answering with the error page otherwise.
func (s *Server) changeableDiscussion(w http.ResponseWriter, r *http.Request) (*discussion.Discussion, bool) {
	id, err := pathID(r, "discussion")
	if err == nil {
		var d *discussion.Discussion
		if d, err = s.discussions.Get(r.Context(), id); err == nil {
			if u := currentUser(r); u.ID == d.UserID || u.CanModerate() {
				return d, true
			}
			err = apperr.Errorf(apperr.Forbidden, "Only its author or a moderator may change this discussion.")
		}
	}
	s.pageError(w, r, err)
	return nil, false
}

func (s *Server) editDiscussion(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxDiscussionForm)
	d, ok := s.changeableDiscussion(w, r)
	if !ok {
		return
	}
	f := newAccountForm("Edit: " + d.Topic)
	if err := r.ParseForm(); err != nil {
		s.render(w, r, tooLarge(f), "discussion-edit", editView(f, d))
		return
	}
	u := currentUser(r)
	in := discussionForm(r, f)
	if _, err := s.discussions.Update(r.Context(), u.ID, u.CanModerate(), d.ID, in); err != nil {
		s.render(w, r, f.fail(err), "discussion-edit", editView(f, d))
		return
	}
	http.Redirect(w, r, "/discussions/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
}

func (s *Server) deleteDiscussion(w http.ResponseWriter, r *http.Request) {
	d, ok := s.changeableDiscussion(w, r)
	if !ok {
		return
	}
	u := currentUser(r)
	if err := s.discussions.Delete(r.Context(), u.ID, u.CanModerate(), d.ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	to := "/discussions"
	if d.Title != nil {
		to = "/titles/" + url.PathEscape(d.Title.Slug) + "/discussions"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// flagDiscussion handles the moderators' pin and lock buttons.
func (s *Server) flagDiscussion(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	id, err := pathID(r, "discussion")
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	var pinned, locked *bool
	for name, dst := range map[string]**bool{"pinned": &pinned, "locked": &locked} {
		switch r.PostFormValue(name) {
		case "on":
			*dst = new(true)
		case "off":
			*dst = new(false)
		}
	}
	if _, err := s.discussions.SetFlags(r.Context(), currentUser(r).CanModerate(), id, pinned, locked); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/discussions/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
