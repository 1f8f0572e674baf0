// Package spam scores members' posts for spam without leaving the machine:
// a naive Bayes classifier whose token counts live in the database and are
// trained by moderators' decisions, combined with signals about the post
// and its author (links, a honeypot form field, posting rate, account age).
package spam

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTokens bounds the distinct tokens taken from one post, so a huge post
// costs no more than a long one.
const maxTokens = 400

// linkPattern finds URLs and bare domains such as "cheap-pills.xyz" or
// "bit.ly/abc". A domain needs a letter-only top-level part of 2–12
// letters, so "9.5" or "e.g." are not links.
var linkPattern = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"'()]+|\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,12}\b(?:/[^\s<>"'()]*)?`)

// commonNotLinks are abbreviations that look like domains.
var commonNotLinks = map[string]bool{"e.g": true, "i.e": true, "a.m": true, "p.m": true, "etc.etc": true}

// Links returns the links in text: full URLs and bare domains.
func Links(text string) []string {
	var out []string
	for _, m := range linkPattern.FindAllString(text, -1) {
		m = strings.TrimRight(m, ".,;:!?")
		if commonNotLinks[strings.ToLower(m)] || !strings.Contains(m, ".") {
			continue
		}
		out = append(out, m)
	}
	return out
}

// host returns the lower-case host of a link, without "www.".
func host(link string) string {
	l := strings.ToLower(link)
	if i := strings.Index(l, "://"); i >= 0 {
		l = l[i+3:]
	}
	if i := strings.IndexAny(l, "/?#:"); i >= 0 {
		l = l[:i]
	}
	return strings.TrimPrefix(l, "www.")
}

// Tokens splits text into the distinct features the classifier counts:
//   - lower-cased words of Latin, Cyrillic and similar scripts;
//   - Hangul, Han and Kana runs as overlapping two-character pieces, since
//     Korean attaches particles to words ("드라마가", "드라마는") and Chinese
//     and Japanese do not separate words at all; a one-character run is
//     kept whole;
//   - each emoji or other symbol, and currency signs;
//   - every link as "host:" plus its host and "tld:" plus its top-level
//     domain, so a new page on a known spam domain still counts;
//   - long numbers by their length ("digits:11"), which catches phone
//     numbers without learning each one.
func Tokens(text string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if len(out) >= maxTokens || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
	}
	for _, l := range Links(text) {
		h := host(l)
		add("host:" + h)
		if i := strings.LastIndexByte(h, '.'); i >= 0 {
			add("tld:" + h[i+1:])
		}
	}
	text = linkPattern.ReplaceAllString(text, " ")

	var run []rune
	var runKind int // 0 none, 1 word, 2 CJK, 3 number
	flush := func() {
		switch runKind {
		case 1:
			if n := len(run); n >= 2 && n <= 30 {
				add(string(run))
			}
		case 2:
			if len(run) == 1 {
				add(string(run))
			}
			for i := 0; i+1 < len(run); i++ {
				add(string(run[i : i+2]))
			}
		case 3:
			if len(run) >= 5 {
				add("digits:" + strconv.Itoa(len(run)))
			} else {
				add(string(run))
			}
		}
		run, runKind = run[:0], 0
	}
	for _, r := range strings.ToLower(text) {
		var k int
		switch {
		case isCJK(r):
			k = 2
		case unicode.IsLetter(r) || (runKind == 1 && (r == '\'' || unicode.Is(unicode.Mn, r))):
			k = 1
		case unicode.IsDigit(r):
			k = 3
		}
		if k != runKind && runKind != 0 {
			flush()
		}
		if k != 0 {
			run, runKind = append(run, r), k
			continue
		}
		if unicode.Is(unicode.So, r) || unicode.Is(unicode.Sc, r) {
			add(string(r))
		}
	}
	flush()
	return out
}

func isCJK(r rune) bool {
	return unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// validText reports whether s can be tokenized and stored.
func validText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
