package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/profile"
	"github.com/dramadb/dramadb/internal/rating"
)

// accountForm is the data of the sign-up, log-in and settings views: what
// the member typed (never the password) and a message per invalid field.
type accountForm struct {
	page
	Values  map[string]string
	Errors  map[string]string
	Message string // a message about the whole form
	Next    string // where to go after success
	User    *account.User
	Done    string // a success notice
	// Settings: the member's live API tokens, and one just made (shown once).
	Tokens   []auth.TokenInfo
	NewToken string
}

// formField is one field as the "field" partial draws it.
type formField struct {
	Name, Label, Type, Autocomplete, Hint string
	Value, Error                          string
	ID                                    string // the input's id, f-NAME unless set
}

// fieldOf describes a field of form f for the "field" partial.
func fieldOf(f *accountForm, name, label, typ, autocomplete, hint string) formField {
	return formField{Name: name, Label: label, Type: typ, Autocomplete: autocomplete, Hint: hint,
		Value: f.Values[name], Error: f.Errors[name], ID: "f-" + name}
}

func newAccountForm(title string) *accountForm {
	return &accountForm{page: page{Title: title, NoIndex: true}, Values: map[string]string{}, Errors: map[string]string{}}
}

// fail shows err on the form: field errors beside their fields, anything
// else as the form's message.
func (f *accountForm) fail(err error) int {
	e, ok := apperr.As(err)
	if !ok {
		f.Message = "Something went wrong on our side; please try again."
		return http.StatusInternalServerError
	}
	for _, fe := range e.Fields {
		if _, seen := f.Errors[fe.Field]; !seen {
			f.Errors[fe.Field] = fe.Message
		}
	}
	if len(e.Fields) == 0 || e.Code == apperr.Unauthorized || e.Code == apperr.Forbidden {
		f.Message = e.Message
	}
	return statusOf[e.Code]
}

// safeNext keeps post-login redirects on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request) {
	f := newAccountForm("Join dramadb")
	f.Next = safeNext(r.URL.Query().Get("next"))
	s.render(w, r, http.StatusOK, "signup", f)
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := newAccountForm("Join dramadb")
	f.Next = safeNext(r.PostFormValue("next"))
	in := account.SignUp{Username: r.PostFormValue("username"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password")}
	f.Values["username"], f.Values["email"] = in.Username, in.Email
	// A honeypot field people never see; bots fill every field.
	if r.PostFormValue("website") != "" {
		f.Message = "Your sign-up could not be accepted."
		s.render(w, r, http.StatusBadRequest, "signup", f)
		return
	}
	u, err := s.accounts.Create(r.Context(), in)
	if err != nil {
		s.render(w, r, f.fail(err), "signup", f)
		return
	}
	s.startSession(w, r, u, f.Next)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *account.User, next string) {
	token, err := s.accounts.StartSession(r.Context(), u, r.UserAgent(), clientIP(r))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	setSessionCookie(w, r, token)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if currentUser(r) != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	f := newAccountForm("Sign in")
	f.Next = safeNext(r.URL.Query().Get("next"))
	if r.URL.Query().Get("account") == "deleted" {
		f.Done = "Your account has been deleted."
	}
	s.render(w, r, http.StatusOK, "login", f)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := newAccountForm("Sign in")
	f.Next = safeNext(r.PostFormValue("next"))
	login := strings.TrimSpace(r.PostFormValue("login"))
	f.Values["login"] = login
	if !s.loginsByIP.allow(clientIP(r)) || !s.loginsByAccount.allow(strings.ToLower(login)) {
		f.Message = "Too many sign-in attempts. Please wait a few minutes and try again."
		w.Header().Set("Retry-After", "900")
		s.render(w, r, http.StatusTooManyRequests, "login", f)
		return
	}
	u, err := s.accounts.Authenticate(r.Context(), login, r.PostFormValue("password"))
	if err != nil {
		s.render(w, r, f.fail(err), "login", f)
		return
	}
	// A fresh session at every log-in: a token planted before cannot ride along.
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.accounts.EndSession(r.Context(), c.Value)
	}
	s.startSession(w, r, u, f.Next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.accounts.EndSession(r.Context(), c.Value); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// requireUser sends visitors who are not signed in to the log-in page.
func requireUser(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if currentUser(r) == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		next(w, r)
	}
}

// settingsForm is the settings view for the signed-in member.
func (s *Server) settingsForm(r *http.Request) (*accountForm, error) {
	u := currentUser(r)
	f := newAccountForm("Settings")
	f.User = u
	f.Values["display_name"], f.Values["bio"] = u.DisplayName, u.Bio
	f.Values["token_name"] = "cli"
	var err error
	f.Tokens, err = s.tokens.ListPersonal(r.Context(), u.ID)
	return f, err
}

// renderSettings shows the settings page; its answer is never cached, since
// it may hold a new token.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, f *accountForm) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "settings", f)
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.settingsForm(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	switch r.URL.Query().Get("changed") {
	case "password":
		f.Done = "Your password has been changed. Other devices have been signed out."
	case "profile":
		f.Done = "Your profile has been saved."
	case "token":
		f.Done = "The token has been revoked."
	}
	s.renderSettings(w, r, http.StatusOK, f)
}

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	p := account.Profile{DisplayName: r.PostFormValue("display_name"), Bio: r.PostFormValue("bio"), Public: r.PostFormValue("public") == "on"}
	if _, err := s.accounts.UpdateProfile(r.Context(), currentUser(r), p); err != nil {
		f, ferr := s.settingsForm(r)
		if ferr != nil {
			s.pageError(w, r, ferr)
			return
		}
		f.Values["display_name"], f.Values["bio"] = p.DisplayName, p.Bio
		s.renderSettings(w, r, f.fail(err), f)
		return
	}
	http.Redirect(w, r, "/settings?changed=profile", http.StatusSeeOther)
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	name := strings.TrimSpace(r.PostFormValue("token_name"))
	scope := r.PostFormValue("scope")
	f, err := s.settingsForm(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	f.Values["token_name"] = name
	if name == "" || len(name) > 100 {
		f.Errors["token_name"] = "must be 1 to 100 characters long"
		s.renderSettings(w, r, http.StatusBadRequest, f)
		return
	}
	tok, err := s.tokens.CreatePersonal(r.Context(), currentUser(r).ID, name, scope)
	if err != nil {
		s.renderSettings(w, r, f.fail(err), f)
		return
	}
	if f.Tokens, err = s.tokens.ListPersonal(r.Context(), currentUser(r).ID); err != nil {
		s.pageError(w, r, err)
		return
	}
	f.NewToken = tok
	s.renderSettings(w, r, http.StatusOK, f)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFoundPage(w, r)
		return
	}
	if err := s.tokens.RevokePersonalID(r.Context(), currentUser(r).ID, id); err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings?changed=token", http.StatusSeeOther)
}

// deleteAccount handles the settings page's last form: the member confirms
// with their password and chooses what happens to their posts.
func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	posts := account.PostsChoice(r.PostFormValue("posts"))
	err := s.accounts.DeleteAccount(r.Context(), currentUser(r).ID, r.PostFormValue("delete_password"), posts)
	if err != nil {
		f, ferr := s.settingsForm(r)
		if ferr != nil {
			s.pageError(w, r, ferr)
			return
		}
		// The password field is named apart from the password change's.
		if e, ok := apperr.As(err); ok {
			for i, fe := range e.Fields {
				if fe.Field == "password" {
					e.Fields[i].Field = "delete_password"
				}
			}
		}
		f.Values["posts"] = string(posts)
		s.renderSettings(w, r, f.fail(err), f)
		return
	}
	clearSessionCookie(w, r)
	http.Redirect(w, r, "/login?account=deleted", http.StatusSeeOther)
}

// memberView is the data of a member's profile page.
type memberView struct {
	page
	Member  *account.User
	Bio     []string
	Private bool // the profile is private and the reader is someone else
	// What the member watches, rates, reviews and lists (profile.go).
	Profile  *profile.Profile
	Watching []watchGroup
	Lists    []*list.List
	ListsOn  bool
}

func (s *Server) memberPage(w http.ResponseWriter, r *http.Request) {
	m, err := s.accounts.ByUsername(r.Context(), r.PathValue("username"))
	if err == nil && m.DisabledAt != nil {
		err = apperr.Errorf(apperr.NotFound, "There is no member %q.", r.PathValue("username"))
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	v := &memberView{page: page{Title: m.Username, Canonical: "/members/" + url.PathEscape(m.Username)}, Member: m}
	me := currentUser(r)
	v.Private = !m.ProfilePublic && (me == nil || (me.ID != m.ID && !me.CanModerate()))
	if v.Private {
		v.NoIndex = true
	} else {
		v.Bio = paragraphs(m.Bio)
		if err := s.fillProfile(r, v); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	if me != nil && (me.ID == m.ID || !m.ProfilePublic) {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	s.render(w, r, http.StatusOK, "member", v)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	u := currentUser(r)
	f := newAccountForm("Settings")
	f.User = u
	err := s.accounts.ChangePassword(r.Context(), u, r.PostFormValue("current_password"), r.PostFormValue("new_password"))
	if err != nil {
		s.render(w, r, f.fail(err), "settings", f)
		return
	}
	// Every session ended with the change; this device gets a new one.
	s.startSession(w, r, u, "/settings?changed=password")
}

// ratePage handles the title page's rating form.
func (s *Server) ratePage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	target := rating.Target{Kind: rating.Title, ID: t.ID}
	u := currentUser(r)
	if r.PostFormValue("remove") != "" {
		if _, err := s.ratings.Unrate(r.Context(), u.ID, target); err != nil && apperr.CodeOf(err) != apperr.NotFound {
			s.pageError(w, r, err)
			return
		}
	} else {
		score, perr := strconv.ParseFloat(r.PostFormValue("score"), 64)
		if perr != nil {
			score = -1 // refused below with the rule's own message
		}
		if _, err := s.ratings.Rate(r.Context(), u.ID, target, score); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/titles/"+url.PathEscape(t.Slug)+"#audience", http.StatusSeeOther)
}
