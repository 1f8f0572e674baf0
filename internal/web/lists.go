package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/list"
)

// ---------------------------------------------------------------- pages

// listsView is a member's lists, with the create form for the owner.
type listsView struct {
	page
	Member *account.User
	Lists  []*list.List
	Owner  bool
	Values map[string]string
	Errors map[string]string
	Public bool
}

// listView is one list; the owner gets forms on each entry.
type listView struct {
	page
	List   *list.List
	Owner  bool
	Last   int // the last position, to hide "move down" there
	Errors map[string]string
	Notice string
}

// activeMember finds a member by the {username} path value; disabled
// accounts are not found.
func (s *Server) activeMember(r *http.Request) (*account.User, error) {
	m, err := s.accounts.ByUsername(r.Context(), r.PathValue("username"))
	if err == nil && m.DisabledAt != nil {
		err = apperr.Errorf(apperr.NotFound, "There is no member %q.", r.PathValue("username"))
	}
	return m, err
}

// viewerID is the signed-in member's id, 0 for a visitor.
func viewerID(r *http.Request) int64 {
	if u := currentUser(r); u != nil {
		return u.ID
	}
	return 0
}

func (s *Server) memberListsPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.activeMember(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	s.renderLists(w, r, http.StatusOK, m, map[string]string{}, map[string]string{}, true)
}

func (s *Server) renderLists(w http.ResponseWriter, r *http.Request, status int, m *account.User, values, errs map[string]string, public bool) {
	ls, err := s.lists.Of(r.Context(), viewerID(r), m.ID)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &listsView{page: page{Title: "Lists by " + m.Username, Canonical: "/members/" + url.PathEscape(m.Username) + "/lists"},
		Member: m, Lists: ls, Owner: viewerID(r) == m.ID, Values: values, Errors: errs, Public: public}
	if v.Owner {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	s.render(w, r, status, "lists", v)
}

// formErrors copies the field errors of err into a map for a form, or
// returns false when err has none.
func formErrors(err error, into map[string]string) bool {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return false
	}
	for _, f := range e.Fields {
		if _, seen := into[f.Field]; !seen {
			into[f.Field] = f.Message
		}
	}
	return true
}

func (s *Server) createListPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	u := currentUser(r)
	name, desc := r.PostFormValue("name"), r.PostFormValue("description")
	public := r.PostFormValue("public") == "on"
	nonce := r.PostFormValue("once")
	if len(nonce) > 64 {
		nonce = ""
	}
	l, err := s.lists.Create(r.Context(), u.ID, list.Input{Name: &name, Description: &desc, Public: &public}, nonce)
	if err != nil {
		errs := map[string]string{}
		if !formErrors(err, errs) {
			s.pageError(w, r, err)
			return
		}
		status, _ := s.describe(r, err)
		s.renderLists(w, r, status, u, map[string]string{"name": name, "description": desc}, errs, public)
		return
	}
	http.Redirect(w, r, "/lists/"+strconv.FormatInt(l.ID, 10), http.StatusSeeOther)
}

// listID reads the {id} path value; a malformed one is a missing list.
func listID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.NotFound, "There is no list %q.", r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request) {
	s.renderList(w, r, http.StatusOK, nil)
}

func (s *Server) renderList(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	id, err := listID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	l, err := s.lists.Get(r.Context(), viewerID(r), id)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &listView{page: page{Title: l.Name, Description: excerpt(l.Description, 200), Canonical: "/lists/" + strconv.FormatInt(l.ID, 10)},
		List: l, Owner: viewerID(r) == l.OwnerID, Last: len(l.Entries), Errors: errs}
	if !l.Public {
		v.NoIndex = true
	}
	if v.Owner {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	s.render(w, r, status, "list", v)
}

// editListPage handles the owner's forms on a list page: action "save"
// (name, description, visibility), "delete", and per entry ({slug} in the
// form's "title"): "note", "move" (to "position") and "remove".
func (s *Server) editListPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	id, err := listID(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	ctx, u := r.Context(), currentUser(r)
	back := "/lists/" + strconv.FormatInt(id, 10)
	titleID := func() (int64, error) {
		t, err := s.catalog.Title(ctx, r.PostFormValue("title"))
		if err != nil {
			return 0, err
		}
		return t.ID, nil
	}
	switch r.PostFormValue("action") {
	case "save":
		name, desc, public := r.PostFormValue("name"), r.PostFormValue("description"), r.PostFormValue("public") == "on"
		_, err = s.lists.Update(ctx, u.ID, id, list.Input{Name: &name, Description: &desc, Public: &public})
	case "delete":
		if err = s.lists.Delete(ctx, u.ID, id); err == nil {
			http.Redirect(w, r, "/members/"+url.PathEscape(u.Username)+"/lists", http.StatusSeeOther)
			return
		}
	case "note", "move", "remove":
		var tid int64
		if tid, err = titleID(); err != nil {
			break
		}
		back += "#entry-" + url.PathEscape(r.PostFormValue("title"))
		switch r.PostFormValue("action") {
		case "note":
			note := r.PostFormValue("note")
			_, err = s.lists.SetEntry(ctx, u.ID, id, tid, &note, nil)
		case "move":
			pos, perr := strconv.Atoi(r.PostFormValue("position"))
			if perr != nil {
				pos = 0 // refused with the rule's message
			}
			_, err = s.lists.SetEntry(ctx, u.ID, id, tid, nil, &pos)
		case "remove":
			err = s.lists.Remove(ctx, u.ID, id, tid)
		}
	default:
		err = invalid("action", "must be save, delete, note, move or remove")
	}
	if err != nil {
		errs := map[string]string{}
		if formErrors(err, errs) && apperr.CodeOf(err) == apperr.Invalid {
			status, _ := s.describe(r, err)
			s.renderList(w, r, status, errs)
			return
		}
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// addToListPage handles the title page's "Add to list" form.
func (s *Server) addToListPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PostFormValue("list"), 10, 64)
	if err != nil {
		s.pageError(w, r, invalid("list", "choose one of your lists"))
		return
	}
	_, err = s.lists.Add(r.Context(), currentUser(r).ID, id, t.ID, r.PostFormValue("note"), 0)
	// The title already on the list is what the member wanted.
	if err != nil && !errors.Is(err, list.ErrOnList) {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/lists/"+strconv.FormatInt(id, 10)+"#entry-"+url.PathEscape(t.Slug), http.StatusSeeOther)
}

// listsSlot is the title page's "Add to list" form for a member.
func (s *Server) listsSlot(r *http.Request, u *account.User, slug string) []byte {
	ls, err := s.lists.Of(r.Context(), u.ID, u.ID)
	if err != nil {
		s.log.Error("lists for the title page", "request_id", RequestID(r.Context()), "err", err)
		return nil
	}
	var b bytes.Buffer
	addToListForm.Execute(&b, struct {
		Slug, Username string
		Lists          []*list.List
	}{slug, u.Username, ls})
	return b.Bytes()
}

var addToListForm = template.Must(template.New("lists").Parse(`
{{- if .Lists -}}
<form class="rate" method="post" action="/titles/{{.Slug}}/lists">
<label for="add-list">Add to list</label>
<select id="add-list" name="list">{{range .Lists}}<option value="{{.ID}}">{{.Name}}</option>{{end}}</select>
<button class="button" type="submit">Add</button>
</form>
{{- else -}}
<p class="rate"><a href="/members/{{.Username}}/lists">Make a list to collect titles</a></p>
{{- end}}`))

// ---------------------------------------------------------------- API

func (s *Server) apiMyLists(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	ls, err := s.lists.Of(r.Context(), p.UserID, p.UserID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"lists": ls})
}

func (s *Server) apiCreateList(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in list.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.lists.Create(r.Context(), p.UserID, in, idempotencyKey(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/lists/"+strconv.FormatInt(l.ID, 10))
	writeJSON(w, http.StatusCreated, l)
}

// idempotencyKey is the request's Idempotency-Key, if short enough.
func idempotencyKey(r *http.Request) string {
	if k := r.Header.Get("Idempotency-Key"); len(k) <= 64 {
		return k
	}
	return ""
}

// apiGetList reads a list: anyone for public lists (with or without a
// token), only the owner's token for private ones.
func (s *Server) apiGetList(w http.ResponseWriter, r *http.Request) {
	id, err := listID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	viewer, err := s.optionalMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.lists.Get(r.Context(), viewer, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !l.Public {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	writeJSON(w, http.StatusOK, l)
}

// optionalMember returns the member whose personal token the request
// carries, 0 without a token; a wrong token is an error.
func (s *Server) optionalMember(r *http.Request) (int64, error) {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token = strings.TrimSpace(token); !ok || token == "" {
		return 0, nil
	}
	p, err := s.tokens.Authenticate(r.Context(), token)
	if err != nil {
		return 0, err
	}
	return p.UserID, nil
}

func (s *Server) apiUpdateList(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in list.Input
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := listID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.lists.Update(r.Context(), p.UserID, id, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, l)
}

func (s *Server) apiDeleteList(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := listID(r)
	if err == nil {
		err = s.lists.Delete(r.Context(), p.UserID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// entryInput is the body of the entry endpoints.
type entryInput struct {
	Title    string  `json:"title"` // slug; POST only
	Note     *string `json:"note"`
	Position *int    `json:"position"`
}

func (s *Server) apiAddListEntry(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in entryInput
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Title == "" {
		s.fail(w, r, invalid("title", "is required: the slug of a title"))
		return
	}
	id, err := listID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.catalog.Title(r.Context(), in.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	note, pos := "", 0
	if in.Note != nil {
		note = *in.Note
	}
	if in.Position != nil {
		if pos = *in.Position; pos < 1 {
			s.fail(w, r, invalid("position", "must be 1 or more"))
			return
		}
	}
	e, err := s.lists.Add(r.Context(), p.UserID, id, t.ID, note, pos)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiPutListEntry(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in entryInput
	if err := decode(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Title != "" {
		s.fail(w, r, invalid("title", "is named by the URL; leave it out"))
		return
	}
	id, err := listID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.catalog.Title(r.Context(), r.PathValue("title"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.lists.SetEntry(r.Context(), p.UserID, id, t.ID, in.Note, in.Position)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, e)
}

func (s *Server) apiDeleteListEntry(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	id, err := listID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.catalog.Title(r.Context(), r.PathValue("title"))
	if err == nil {
		err = s.lists.Remove(r.Context(), p.UserID, id, t.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiMemberLists lists a member's public lists, or all of them for the
// member's own token.
func (s *Server) apiMemberLists(w http.ResponseWriter, r *http.Request) {
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
	ls, err := s.lists.Of(r.Context(), viewer, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"lists": ls})
}
