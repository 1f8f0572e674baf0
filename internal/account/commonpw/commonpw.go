// Package commonpw tells whether a password is one of the most common
// passwords, so that sign-up and password changes can refuse it.
//
// The list (passwords.txt, embedded in the binary) holds the 30,000 most
// frequent passwords from the "passwords" frequency list of zxcvbn 4.4.2
// (MIT license, Copyright (c) 2012-2016 Dan Wheeler and Dropbox, Inc.),
// most common first; README.md says how it was made.
package commonpw

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed passwords.txt
var passwordsTxt string

type list struct {
	set    map[string]struct{}
	maxLen int // longest entry in bytes: longer input cannot match
}

// load builds the set once, on first use. The keys share the embedded
// string's memory: strings.ToLower returns its argument unchanged when it is
// already lowercase, as every entry of passwords.txt is.
var load = sync.OnceValue(func() list {
	l := list{set: make(map[string]struct{}, strings.Count(passwordsTxt, "\n")+1)}
	for line := range strings.Lines(passwordsTxt) {
		p := strings.ToLower(strings.TrimSpace(line))
		if p == "" {
			continue
		}
		l.set[p] = struct{}{}
		l.maxLen = max(l.maxLen, len(p))
	}
	return l
})

// Common reports whether password is among the most common passwords
// (case-insensitively, after trimming surrounding spaces). The empty password
// is not in the list: callers enforce a minimum length separately.
func Common(password string) bool {
	p := strings.TrimSpace(password)
	if p == "" {
		return false
	}
	l := load()
	// strings.ToLower shrinks input at most threefold (the 3-byte Kelvin
	// sign lowers to "k"), so longer input cannot match: skip lowercasing it.
	if len(p) > 4*l.maxLen {
		return false
	}
	_, ok := l.set[strings.ToLower(p)]
	return ok
}

// Len returns how many passwords the list holds.
func Len() int {
	return len(load().set)
}
