package spam

import (
	"fmt"
	"math"
	"time"
)

// Signals is everything the decision weighs.
type Signals struct {
	Honeypot    bool          // the hidden form field was filled in
	Links       int           // links in the text
	RecentPosts int           // the author's posts in the last RateWindow, before this one
	AccountAge  time.Duration // how old the author's account is
	AgeKnown    bool          // false when the author was not found
	Classifier  float64       // the classifier's spam probability
	Trained     bool          // whether the classifier has seen spam and ham
}

// Verdict is the check's answer about one post.
type Verdict struct {
	Probability float64  // the combined chance that the post is spam
	Hold        bool     // whether it waits for a moderator
	Reasons     []string // for moderators: "3 links", "classifier 0.97", …
}

// HoldAt is the combined probability from which a post is held.
const HoldAt = 0.7

// RateWindow is how far back the posting rate looks.
const RateWindow = 10 * time.Minute

// Decide combines the signals into a probability by adding their weights
// in log-odds, starting below even because most posts are fine. The
// weights are set by hand, so that no signal but the honeypot holds an
// ordinary post alone: an untrained classifier adds nothing, a new account
// alone does not reach HoldAt, and neither does one link.
func Decide(s Signals) Verdict {
	var v Verdict
	if s.Honeypot {
		v.Probability, v.Hold = 1, true
		v.Reasons = append(v.Reasons, "hidden honeypot field filled in")
		return v
	}
	logit := -1.0
	if s.Trained {
		p := math.Min(math.Max(s.Classifier, 0.005), 0.995)
		logit += math.Log(p / (1 - p))
		v.Reasons = append(v.Reasons, fmt.Sprintf("classifier %.2f", s.Classifier))
	}
	switch {
	case s.Links >= 3:
		logit += 3
	case s.Links == 2:
		logit += 1.5
	case s.Links == 1:
		logit += 0.5
	}
	if s.Links > 0 {
		v.Reasons = append(v.Reasons, plural(s.Links, "link", "links"))
	}
	switch {
	case s.RecentPosts >= 6:
		logit += 2.5
	case s.RecentPosts >= 3:
		logit += 1
	}
	if s.RecentPosts >= 3 {
		v.Reasons = append(v.Reasons, fmt.Sprintf("%s in the last %d minutes", plural(s.RecentPosts, "earlier post", "earlier posts"), int(RateWindow/time.Minute)))
	}
	if s.AgeKnown && s.AccountAge < 24*time.Hour {
		if s.AccountAge < time.Hour {
			logit += 1
		} else {
			logit += 0.5
		}
		v.Reasons = append(v.Reasons, "account "+age(s.AccountAge)+" old")
	}
	v.Probability = 1 / (1 + math.Exp(-logit))
	v.Hold = v.Probability >= HoldAt
	return v
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func age(d time.Duration) string {
	switch {
	case d < 2*time.Minute:
		return "1 minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes")
	default:
		return plural(int(d/time.Hour), "hour", "hours")
	}
}
