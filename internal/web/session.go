package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"html/template"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/apperr"
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

// accountMarker stands in every rendered page where the account links go,
// so a page kept for everyone is still personal when served.
var accountMarker = []byte("<!--dramadb:account-->")

var accountNav = template.Must(template.New("account").Parse(`
{{- if . -}}
<li><a href="/settings">{{.Username}}</a></li>
<li><form class="inline-form" method="post" action="/logout"><button class="link-button" type="submit">Sign out</button></form></li>
{{- else -}}
<li><a href="/login">Sign in</a></li>
<li><a href="/signup">Join</a></li>
{{- end}}`))

// navHTML renders the account links for u (nil: a visitor).
func navHTML(u *account.User) []byte {
	var nav bytes.Buffer
	accountNav.Execute(&nav, u)
	return nav.Bytes()
}

// splice returns body with body[start:end] replaced by insert.
func splice(body []byte, start, end int, insert []byte) []byte {
	out := make([]byte, 0, len(body)-(end-start)+len(insert))
	out = append(out, body[:start]...)
	out = append(out, insert...)
	return append(out, body[end:]...)
}

// personalize returns body with the account links of the request's member
// (or a visitor's) in place of the marker.
func personalize(r *http.Request, body []byte) []byte {
	i := bytes.Index(body, accountMarker)
	if i < 0 {
		return body
	}
	return splice(body, i, i+len(accountMarker), navHTML(currentUser(r)))
}

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
