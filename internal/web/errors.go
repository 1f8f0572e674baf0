package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
)

// statusOf is the one place that maps application error codes to HTTP.
var statusOf = map[apperr.Code]int{
	apperr.Invalid:      http.StatusBadRequest,
	apperr.NotFound:     http.StatusNotFound,
	apperr.Conflict:     http.StatusConflict,
	apperr.Unauthorized: http.StatusUnauthorized,
	apperr.Forbidden:    http.StatusForbidden,
	apperr.TooLarge:     http.StatusRequestEntityTooLarge,
	apperr.TooMany:      http.StatusTooManyRequests,
	apperr.Unavailable:  http.StatusServiceUnavailable,
	apperr.Internal:     http.StatusInternalServerError,
}

var errPanic = errors.New("panic in handler")

// problem is an RFC 9457 problem details body with the invalid fields.
type problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
}

// describe turns err into a status and a message safe to show. Errors
// without a code are internal: logged in full, shown as a generic message.
func (s *Server) describe(r *http.Request, err error) (int, *apperr.Error) {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		s.log.Error("internal error", "request_id", RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
		return http.StatusInternalServerError, &apperr.Error{Code: apperr.Internal, Message: "Something went wrong on our side. It has been logged; please try again."}
	}
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	return status, e
}

// setRetryAfter tells the client when to come back from a rate limit or a
// busy server, in whole seconds rounded up.
func setRetryAfter(w http.ResponseWriter, e *apperr.Error) {
	if e.RetryAfter > 0 && (e.Code == apperr.TooMany || e.Code == apperr.Unavailable) {
		w.Header().Set("Retry-After", strconv.FormatInt(int64((e.RetryAfter+time.Second-1)/time.Second), 10))
	}
}

// fail answers an API request with problem+json.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, e := s.describe(r, err)
	setRetryAfter(w, e)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dramadb"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(problem{
		Type:      "https://dramadb.org/problems/" + strings.ReplaceAll(string(e.Code), "_", "-"),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    e.Message,
		Errors:    e.Fields,
		RequestID: RequestID(r.Context()),
	})
}

// pageError answers a page request with the error page.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	status, e := s.describe(r, err)
	setRetryAfter(w, e)
	heading := http.StatusText(status)
	if status == http.StatusNotFound {
		heading = "Page not found"
	}
	s.render(w, r, status, "error", errorPage{Status: status, Heading: heading, Message: e.Message})
}
