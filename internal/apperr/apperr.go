// Package apperr defines the application's error codes. Domain packages
// return these; the web layer maps them to HTTP statuses in one place.
package apperr

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Code classifies an error for callers; it is stable and safe to show.
type Code string

const (
	Invalid      Code = "invalid"      // the input breaks a rule; see Fields
	NotFound     Code = "not_found"    // the named thing does not exist
	Conflict     Code = "conflict"     // the write clashes with existing state
	Unauthorized Code = "unauthorized" // missing or wrong credentials
	Forbidden    Code = "forbidden"    // credentials are fine but not enough
	TooLarge     Code = "too_large"    // the request is over a stated size limit
	TooMany      Code = "too_many"     // the client is over a rate limit; see RetryAfter
	Unavailable  Code = "unavailable"  // the server is busy for now; see RetryAfter
	Internal     Code = "internal"     // anything else; details are logged, not shown
)

// FieldError names one invalid field with a JSON-path-like name such as
// "seasons[0].episodes[3].air_date".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an application error with a code and a message meant for users.
type Error struct {
	Code    Code
	Message string
	Fields  []FieldError
	// RetryAfter says when a TooMany or Unavailable request may be tried
	// again; zero when unknown.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Retry returns an error of code (TooMany or Unavailable) that says when to
// try again.
func Retry(code Code, after time.Duration, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), RetryAfter: after}
}

// CodeOf reports the code of err, or Internal when err carries none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// FieldNames lists the fields err names as invalid, in order; none when
// err is not an *Error.
func FieldNames(err error) []string {
	e, ok := As(err)
	if !ok {
		return nil
	}
	out := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = f.Field
	}
	return out
}

// Validation collects every invalid field so a form or an API client can be
// told about all of them at once.
type Validation struct {
	fields []FieldError
}

// Add records that field is invalid.
func (v *Validation) Add(field, format string, args ...any) {
	v.fields = append(v.fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Check records message for field when ok is false.
func (v *Validation) Check(ok bool, field, message string) {
	if !ok {
		v.Add(field, "%s", message)
	}
}

// Fields returns the recorded field errors.
func (v *Validation) Fields() []FieldError { return v.fields }

// Err returns nil when nothing was recorded, else an Invalid error.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "The input is invalid.", Fields: v.fields}
}
