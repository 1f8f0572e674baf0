package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/rating"
)

// sessionCookie holds the session token; the server keeps the session.
const sessionCookie = "dramadb_session"

type userKey struct{}

// withUser puts the signed-in member, if any, in the request context. Only
// requests carrying a session cookie cost a database read.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && s.accounts != nil {
			u, err := s.accounts.SessionUser(r.Context(), c.Value)
			switch {
			case err == nil:
				r = r.WithContext(context.WithValue(r.Context(), userKey{}, u))
			case apperr.CodeOf(err) == apperr.Unauthorized:
				clearSessionCookie(w, r) // ended, expired or disabled: forget it
			default:
				s.log.Error("session lookup failed", "request_id", RequestID(r.Context()), "err", err)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// currentUser returns the signed-in member, or nil.
func currentUser(r *http.Request) *account.User {
	u, _ := r.Context().Value(userKey{}).(*account.User)
	return u
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		MaxAge:   int((30 * 24 * time.Hour).Seconds()),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
}

// Slots are the per-member parts of a page: the layout and views write a
// marker (see slotMarker) where they go, and every answer fills each marker
// for the request's member. A kept page stores a visitor's filling and where
// each slot lies, so a member's copy is rebuilt without rendering again.
const (
	slotPrefix = "<!--dramadb:slot:"
	slotSuffix = "-->"
)

// slotMarker returns the marker of a slot; arg (a slug) says what it is about.
func slotMarker(kind, arg string) template.HTML {
	return template.HTML(slotPrefix + kind + ":" + url.PathEscape(arg) + slotSuffix)
}

// slot is where one filled slot lies in a body.
type slot struct {
	start, end int
	kind, arg  string
}

// fillSlots replaces every marker in body with fill(kind, arg) and says
// where each filling lies.
func fillSlots(body []byte, fill func(kind, arg string) []byte) ([]byte, []slot) {
	if !bytes.Contains(body, []byte(slotPrefix)) {
		return body, nil
	}
	var out []byte
	var slots []slot
	for {
		i := bytes.Index(body, []byte(slotPrefix))
		if i < 0 {
			return append(out, body...), slots
		}
		j := bytes.Index(body[i:], []byte(slotSuffix))
		if j < 0 {
			return append(out, body...), slots
		}
		kind, arg, _ := strings.Cut(string(body[i+len(slotPrefix):i+j]), ":")
		arg, _ = url.PathUnescape(arg)
		out = append(out, body[:i]...)
		filling := fill(kind, arg)
		slots = append(slots, slot{start: len(out), end: len(out) + len(filling), kind: kind, arg: arg})
		out = append(out, filling...)
		body = body[i+j+len(slotSuffix):]
	}
}

// refill returns body with each recorded slot filled anew.
func refill(body []byte, slots []slot, fill func(kind, arg string) []byte) []byte {
	out := make([]byte, 0, len(body)+256)
	at := 0
	for _, sl := range slots {
		out = append(out, body[at:sl.start]...)
		out = append(out, fill(sl.kind, sl.arg)...)
		at = sl.end
	}
	return append(out, body[at:]...)
}

var accountNav = template.Must(template.New("account").Parse(`
{{- if . -}}
{{- if or (eq .Role "moderator") (eq .Role "admin")}}<li><a href="/moderation">Moderation</a></li>{{end}}
<li><a href="/recommendations">For you</a></li>
<li><a href="/replies">Replies</a></li>
<li><a href="/settings">{{.Username}}</a></li>
<li><form class="inline-form" method="post" action="/logout"><button class="link-button" type="submit">Sign out</button></form></li>
{{- else -}}
<li><a href="/login">Sign in</a></li>
<li><a href="/signup">Join</a></li>
{{- end}}`))

// visitorSlot fills slots for someone who is not signed in.
func visitorSlot(kind, arg string) []byte {
	switch kind {
	case "account":
		var b bytes.Buffer
		accountNav.Execute(&b, nil)
		return b.Bytes()
	case "rate":
		var b bytes.Buffer
		rateForm.Execute(&b, rateData{Slug: arg})
		return b.Bytes()
	case "helpful":
		var b bytes.Buffer
		id, _, _ := strings.Cut(arg, ":")
		helpfulForm.Execute(&b, helpfulData{ID: id})
		return b.Bytes()
	}
	return nil
}

// slotFiller fills slots for the request's member, or as for a visitor.
func (s *Server) slotFiller(r *http.Request) func(kind, arg string) []byte {
	u := currentUser(r)
	if u == nil {
		return visitorSlot
	}
	return func(kind, arg string) []byte {
		var b bytes.Buffer
		switch kind {
		case "account":
			accountNav.Execute(&b, u)
		case "rate":
			d := rateData{Slug: arg, Member: true, Options: scoreOptions}
			if t, err := s.catalog.Title(r.Context(), arg); err == nil && s.ratings != nil {
				if mine, err := s.ratings.Mine(r.Context(), u.ID, rating.Target{Kind: rating.Title, ID: t.ID}); err == nil {
					d.Current = strconv.FormatFloat(mine, 'f', -1, 64)
				}
			}
			rateForm.Execute(&b, d)
		case "watch":
			d := watchData{Slug: arg, Statuses: watchStatuses}
			if t, err := s.catalog.Title(r.Context(), arg); err == nil && s.watch != nil {
				if e, err := s.watch.Get(r.Context(), u.ID, t.ID); err == nil {
					d.Current = e.Status
				}
			}
			watchForm.Execute(&b, d)
		case "lists":
			if s.lists != nil {
				return s.listsSlot(r, u, arg)
			}
		case "helpful":
			s.helpfulSlot(&b, r, u, arg)
		}
		return b.Bytes()
	}
}

// helpfulData is what a review card's own controls show: the Helpful
// toggle for other members, an edit link for its author and moderators.
type helpfulData struct {
	ID      string
	Member  bool
	Mine    bool // the member wrote it: no vote
	Voted   bool
	CanEdit bool
	Next    string // the page to come back to
}

// helpfulSlot fills a review card's controls; arg is "reviewID:authorID".
func (s *Server) helpfulSlot(b *bytes.Buffer, r *http.Request, u *account.User, arg string) {
	idText, authorText, _ := strings.Cut(arg, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || s.reviews == nil {
		return
	}
	author, _ := strconv.ParseInt(authorText, 10, 64)
	d := helpfulData{ID: idText, Member: true, Mine: author == u.ID, CanEdit: author == u.ID || u.CanModerate(),
		Next: r.URL.RequestURI() + "#review-" + idText + "-h"}
	if r.Method != http.MethodGet {
		d.Next = "/reviews/" + idText // a form shown again: its URL is not a page
	}
	if !d.Mine {
		// Shown unpressed if the lookup fails: pressing it again is harmless.
		d.Voted, _ = s.reviews.Voted(r.Context(), u.ID, id)
	}
	helpfulForm.Execute(b, d)
}

var helpfulForm = template.Must(template.New("helpful").Parse(`<div class="review__actions">
{{- if not .Member -}}
<a href="/login?next=%2Freviews%2F{{.ID}}">Sign in to vote</a>
{{- else -}}
{{- if not .Mine}}<form class="inline-form" method="post" action="/reviews/{{.ID}}/helpful">
<input type="hidden" name="next" value="{{.Next}}">
{{- if .Voted}}<input type="hidden" name="helpful" value="0"><button class="button button--pressed" type="submit" aria-pressed="true">Helpful ✓</button>
{{- else}}<input type="hidden" name="helpful" value="1"><button class="button button--quiet" type="submit" aria-pressed="false">Helpful</button>{{end}}
</form>{{end}}
{{- if .CanEdit}} <a href="/reviews/{{.ID}}/edit">{{if .Mine}}Edit your review{{else}}Edit{{end}}</a>{{end}}
{{- end -}}
</div>`))

// watchData is what the watch-status form shows.
type watchData struct {
	Slug     string
	Current  string
	Statuses []statusOption
}

type statusOption struct{ Value, Label string }

var watchStatuses = []statusOption{{"plan_to_watch", "Plan to watch"}, {"watching", "Watching"}, {"completed", "Completed"}, {"on_hold", "On hold"}, {"dropped", "Dropped"}}

var watchForm = template.Must(template.New("watch").Parse(`<form class="rate" method="post" action="/titles/{{.Slug}}/watch">
<label for="watch-status">My list</label>
<select id="watch-status" name="status"><option value="">Not tracking</option>{{range .Statuses}}<option value="{{.Value}}"{{if eq .Value $.Current}} selected{{end}}>{{.Label}}</option>{{end}}</select>
<button class="button" type="submit">Save</button>
</form>`))

// rateData is what the rating form shows.
type rateData struct {
	Slug    string
	Member  bool
	Current string // the member's score, "" when they have not rated
	Options []string
}

var scoreOptions = func() []string {
	var out []string
	for h := 20; h >= 1; h-- {
		out = append(out, strconv.FormatFloat(float64(h)/2, 'f', -1, 64))
	}
	return out
}()

var rateForm = template.Must(template.New("rate").Parse(`
{{- if .Member -}}
<form class="rate" method="post" action="/titles/{{.Slug}}/rating">
<label for="rate-score">Your rating</label>
<select id="rate-score" name="score">{{if not .Current}}<option value="" selected>—</option>{{end}}{{range .Options}}<option value="{{.}}"{{if eq . $.Current}} selected{{end}}>{{.}}</option>{{end}}</select>
<button class="button" type="submit">{{if .Current}}Change{{else}}Rate{{end}}</button>
{{- if .Current}} <button class="link-button" type="submit" name="remove" value="1">Remove my rating</button>{{end}}
</form>
{{- else -}}
<p class="rate"><a href="/login?next=%2Ftitles%2F{{.Slug}}%23audience">Sign in to rate this title</a></p>
{{- end}}`))

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// gzipBytes compresses b quickly, for bodies made per request.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&buf)
	zw.Write(b)
	zw.Close()
	gzipPool.Put(zw)
	return buf.Bytes()
}

// limiter counts attempts per key in a sliding window; log-in uses one per
// account and one per client address.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	hits   map[string][]time.Time
	now    func() time.Time
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, hits: map[string][]time.Time{}, now: time.Now}
}

// allow records an attempt for key and reports whether it is within the limit.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cut := now.Add(-l.window)
	h := l.hits[key]
	for len(h) > 0 && h[0].Before(cut) {
		h = h[1:]
	}
	if len(h) >= l.max {
		l.hits[key] = h
		return false
	}
	l.hits[key] = append(h, now)
	if len(l.hits) > 100000 { // drop stale keys now and then
		for k, v := range l.hits {
			if len(v) == 0 || v[len(v)-1].Before(cut) {
				delete(l.hits, k)
			}
		}
	}
	return true
}

// clientIP is the request's remote address without the port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
