// Package markup holds what every member's post shares: the rules its text
// follows and the one Markdown renderer that turns it into safe HTML.
package markup

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/dramadb/dramadb/internal/apperr"
)

// markdown renders members' Markdown. Raw HTML in the source is not passed
// through (goldmark's default), and the result is sanitized again with an
// allow-list policy, so no script, event handler or javascript: URL can
// reach a page even through a renderer bug.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Linkify))

var policy = func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.RequireNoReferrerOnLinks(true)
	p.AllowURLSchemes("http", "https", "mailto")
	return p
}()

// Render returns the sanitized HTML of a Markdown text.
func Render(src string) (string, error) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		return "", err
	}
	return policy.Sanitize(b.String()), nil
}

// CheckText records on v what is wrong with text s of field: not valid
// UTF-8 or holding NUL, blank when required, or longer than limit
// characters (runes, so Hangul and emoji count as one each).
func CheckText(v *apperr.Validation, field, s string, required bool, limit int) {
	switch {
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		v.Add(field, "is not valid text")
	case required && strings.TrimSpace(s) == "":
		v.Add(field, "is required")
	case utf8.RuneCountInString(s) > limit:
		v.Add(field, "is longer than %d characters", limit)
	}
}
