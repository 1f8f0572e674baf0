package spam

import (
	"math"
	"sort"
)

// Counts is what the classifier knows: how many spam and ham posts it was
// trained on and, per token, in how many of each the token appeared.
type Counts struct {
	Spam, Ham int64
	Tokens    map[string]TokenCount
}

// TokenCount is how many trained spam and ham posts contained a token.
type TokenCount struct{ Spam, Ham int64 }

// NewCounts returns empty counts.
func NewCounts() *Counts { return &Counts{Tokens: map[string]TokenCount{}} }

// Add trains the counts on one post's tokens; delta -1 untrains.
func (c *Counts) Add(tokens []string, spam bool, delta int64) {
	if spam {
		c.Spam += delta
	} else {
		c.Ham += delta
	}
	for _, t := range tokens {
		tc := c.Tokens[t]
		if spam {
			tc.Spam += delta
		} else {
			tc.Ham += delta
		}
		if tc.Spam == 0 && tc.Ham == 0 {
			delete(c.Tokens, t)
			continue
		}
		c.Tokens[t] = tc
	}
}

// Trained reports whether the classifier has seen both spam and ham; until
// then its opinion is neutral.
func (c *Counts) Trained() bool { return c.Spam > 0 && c.Ham > 0 }

// Robinson's parameters: a token seen n times gets the probability
// (s·x + n·p) / (s + n), so rare tokens stay near x. Only tokens at least
// minStrength away from 0.5 count, the strongest maxClues of them.
const (
	strengthS   = 1.0
	assumedX    = 0.5
	minStrength = 0.1
	maxClues    = 150
)

// Probability returns the chance that a post with these tokens is spam,
// by Robinson's token probabilities combined with Fisher's method
// (Robinson's "chi" combining, as in SpamBayes). An untrained classifier,
// or a post without telling tokens, gets 0.5.
func (c *Counts) Probability(tokens []string) float64 {
	if !c.Trained() {
		return 0.5
	}
	var clues []float64
	for _, t := range tokens {
		tc, ok := c.Tokens[t]
		if !ok {
			continue
		}
		sr := float64(tc.Spam) / float64(c.Spam)
		hr := float64(tc.Ham) / float64(c.Ham)
		if sr+hr == 0 {
			continue
		}
		p := sr / (sr + hr)
		n := float64(tc.Spam + tc.Ham)
		f := (strengthS*assumedX + n*p) / (strengthS + n)
		if math.Abs(f-0.5) >= minStrength {
			clues = append(clues, f)
		}
	}
	if len(clues) == 0 {
		return 0.5
	}
	sort.Slice(clues, func(i, j int) bool { return math.Abs(clues[i]-0.5) > math.Abs(clues[j]-0.5) })
	if len(clues) > maxClues {
		clues = clues[:maxClues]
	}
	var lnS, lnH float64 // sums of ln(1-f) and ln f
	for _, f := range clues {
		f = math.Min(math.Max(f, 0.0001), 0.9999)
		lnS += math.Log(1 - f)
		lnH += math.Log(f)
	}
	n := len(clues)
	s := 1 - chi2Q(-2*lnS, 2*n) // evidence for spam
	h := 1 - chi2Q(-2*lnH, 2*n) // evidence for ham
	return (1 + s - h) / 2
}

// chi2Q is the probability that a chi-squared variable with v (even)
// degrees of freedom is at least x2.
func chi2Q(x2 float64, v int) float64 {
	m := x2 / 2
	sum := math.Exp(-m)
	term := sum
	for i := 1; i < v/2; i++ {
		term *= m / float64(i)
		sum += term
	}
	return math.Min(sum, 1)
}
