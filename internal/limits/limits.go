// Package limits is the one place that states how much a client may send and
// how often it may act: request sizes, password hashing, sign-ups, log-in
// attempts and members' posting rates. Sizes are fixed; rates have defaults
// that operators change with flags (see README, "Limits").
package limits

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Request bodies. A body over its limit is refused with 413 before any of
// it is used.
const (
	// JSONBody bounds API write bodies; a title with hundreds of episodes fits.
	JSONBody = 4 << 20
	// FormBody bounds the site's ordinary forms (log-in, settings, posts).
	FormBody = 64 << 10
	// SmallForm bounds forms of a few short fields (rating, watch, seen,
	// flags, deletes).
	SmallForm = 16 << 10
	// JSONDepth is how deeply API bodies may nest arrays and objects.
	JSONDepth = 32
	// QueryBytes bounds a request's query string.
	QueryBytes = 4 << 10
	// MaxPage is the highest page number a listing accepts.
	MaxPage = 10_000
)

// Rate is a number of events per period; N of zero means unlimited.
type Rate struct {
	N   int
	Per time.Duration
}

func (r Rate) String() string {
	if r.N <= 0 {
		return "unlimited"
	}
	return strconv.Itoa(r.N) + "/" + periodName(r.Per)
}

func periodName(d time.Duration) string {
	switch d {
	case time.Second:
		return "s"
	case time.Minute:
		return "m"
	case time.Hour:
		return "h"
	case 24 * time.Hour:
		return "d"
	}
	return d.String()
}

// ParseRate reads "10/m" (per s, m, h or d, or a Go duration such as
// "10/15m"); "0" or "unlimited" means no limit.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "0" || s == "unlimited" {
		return Rate{}, nil
	}
	num, per, ok := strings.Cut(s, "/")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 0 {
		return Rate{}, fmt.Errorf("rate %q: want a count and a period such as 10/m, 100/h or 5/15m", s)
	}
	var d time.Duration
	switch per {
	case "s":
		d = time.Second
	case "m":
		d = time.Minute
	case "h":
		d = time.Hour
	case "d":
		d = 24 * time.Hour
	default:
		if d, err = time.ParseDuration(per); err != nil || d <= 0 {
			return Rate{}, fmt.Errorf("rate %q: the period must be s, m, h, d or a duration such as 15m", s)
		}
	}
	return Rate{N: n, Per: d}, nil
}

// Action is something members do that is limited per member.
type Action string

// The limited actions.
const (
	Review     Action = "review"
	Comment    Action = "comment"
	Discussion Action = "discussion"
	Report     Action = "report"
	ListChange Action = "list"
	Rating     Action = "rating"
)

// Actions lists every limited action, in the order the README gives them.
var Actions = []Action{Review, Comment, Discussion, Report, ListChange, Rating}

// Posting is one action's limit for established and for new members.
type Posting struct {
	Member, NewMember Rate
}

// Config holds every configurable rate.
type Config struct {
	// HashConcurrency is how many password hashes (19 MiB each) run at
	// once; the number of cores when zero.
	HashConcurrency int
	// HashWait is how long a request waits for a hashing slot before it is
	// answered 503 with Retry-After.
	HashWait time.Duration

	// SignupsPerAddress limits new accounts per client address.
	SignupsPerAddress Rate

	// LoginFailuresPerAddress limits failed log-ins per client address.
	LoginFailuresPerAddress Rate
	// LoginFreeFailures is how many failures an account takes before
	// further attempts on it are slowed; LoginMaxDelay caps the delay.
	LoginFreeFailures int
	LoginMaxDelay     time.Duration

	// NewAccount is the age under which a member gets NewMember rates.
	NewAccount time.Duration
	// Posting holds each action's rates; moderators and admins are not
	// limited.
	Posting map[Action]Posting
}

// Default returns the limits dramadb runs with unless told otherwise.
func Default() Config {
	return Config{
		HashConcurrency:         0,
		HashWait:                2 * time.Second,
		SignupsPerAddress:       Rate{N: 10, Per: time.Hour},
		LoginFailuresPerAddress: Rate{N: 50, Per: 15 * time.Minute},
		LoginFreeFailures:       5,
		LoginMaxDelay:           15 * time.Minute,
		NewAccount:              24 * time.Hour,
		Posting: map[Action]Posting{
			Review:     {Member: Rate{N: 5, Per: time.Minute}, NewMember: Rate{N: 2, Per: time.Minute}},
			Comment:    {Member: Rate{N: 10, Per: time.Minute}, NewMember: Rate{N: 4, Per: time.Minute}},
			Discussion: {Member: Rate{N: 3, Per: time.Minute}, NewMember: Rate{N: 1, Per: time.Minute}},
			Report:     {Member: Rate{N: 10, Per: time.Minute}, NewMember: Rate{N: 5, Per: time.Minute}},
			ListChange: {Member: Rate{N: 60, Per: time.Minute}, NewMember: Rate{N: 30, Per: time.Minute}},
			Rating:     {Member: Rate{N: 60, Per: time.Minute}, NewMember: Rate{N: 30, Per: time.Minute}},
		},
	}
}

// Hashers returns how many password hashes may run at once.
func (c Config) Hashers() int {
	if c.HashConcurrency > 0 {
		return c.HashConcurrency
	}
	return runtime.NumCPU()
}
