package spam

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/database"
)

// The corpus of labelled comments (see corpus/README.md): the seed that
// makes a fresh instance useful and the set the evaluation measures on.
//
//go:embed corpus/ham.txt corpus/spam.txt
var corpusFS embed.FS

// Example is one labelled post.
type Example struct {
	Text string
	Spam bool
}

// Corpus returns the built-in labelled comments.
func Corpus() []Example {
	var out []Example
	for _, f := range []struct {
		name string
		spam bool
	}{{"corpus/ham.txt", false}, {"corpus/spam.txt", true}} {
		b, err := corpusFS.ReadFile(f.name)
		if err != nil {
			panic(err) // embedded; cannot happen
		}
		for l := range strings.SplitSeq(string(b), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, Example{Text: l, Spam: f.spam})
			}
		}
	}
	return out
}

// ReadExamples reads a labelled set: one post per line, "spam" or "ham",
// a tab, then the text. Blank lines and lines starting with # are skipped.
func ReadExamples(r io.Reader) ([]Example, error) {
	var out []Example
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		label, text, ok := strings.Cut(l, "\t")
		if !ok || (label != "spam" && label != "ham") || !validText(text) {
			return nil, fmt.Errorf("line %d: want \"spam\" or \"ham\", a tab and the text", n)
		}
		out = append(out, Example{Text: text, Spam: label == "spam"})
	}
	return out, sc.Err()
}

// SeedIfUntrained trains the classifier on the built-in corpus when it has
// never been trained, and reports whether it did.
func (f *Filter) SeedIfUntrained(ctx context.Context) (bool, error) {
	seeded := false
	err := f.db.WithTx(ctx, func(q *database.Q) error {
		if err := q.Serialize(ctx, "spam-train"); err != nil {
			return err
		}
		var s, h int64
		if err := q.QueryRow(ctx, "SELECT spam, ham FROM spam_totals WHERE id = 1").Scan(&s, &h); err != nil {
			return err
		}
		if s+h > 0 {
			return nil
		}
		c := NewCounts()
		for _, e := range Corpus() {
			c.Add(Tokens(e.Text), e.Spam, 1)
		}
		seeded = true
		return store(ctx, q, c)
	})
	return seeded, err
}

// Result is how a classifier did on labelled posts.
type Result struct {
	Examples, Folds int
	TruePos         int // spam held
	FalsePos        int // ham held
	TrueNeg         int // ham published
	FalseNeg        int // spam published
}

// Precision is the share of held posts that were spam.
func (r Result) Precision() float64 { return ratio(r.TruePos, r.TruePos+r.FalsePos) }

// Recall is the share of spam that was held.
func (r Result) Recall() float64 { return ratio(r.TruePos, r.TruePos+r.FalseNeg) }

// F1 is the harmonic mean of precision and recall.
func (r Result) F1() float64 {
	p, q := r.Precision(), r.Recall()
	if p+q == 0 {
		return 0
	}
	return 2 * p * q / (p + q)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Evaluate measures the check by k-fold cross-validation: the examples are
// shuffled (with a fixed seed, so runs agree) and dealt into k folds; each
// fold is checked by a classifier trained on the other k-1 only. Posts are
// judged as from an established member posting at an ordinary rate, so
// what is measured is the text: the classifier and the link count.
func Evaluate(examples []Example, k int) Result {
	if k < 2 {
		k = 2
	}
	order := rand.New(rand.NewPCG(1, 2)).Perm(len(examples))
	fold := make([]int, len(examples))
	for i, j := range order {
		fold[j] = i % k
	}
	tokens := make([][]string, len(examples))
	for i, e := range examples {
		tokens[i] = Tokens(e.Text)
	}
	r := Result{Examples: len(examples), Folds: k}
	for test := range k {
		c := NewCounts()
		for i, e := range examples {
			if fold[i] != test {
				c.Add(tokens[i], e.Spam, 1)
			}
		}
		for i, e := range examples {
			if fold[i] != test {
				continue
			}
			v := Decide(Signals{Links: len(Links(e.Text)), AgeKnown: true, AccountAge: 365 * 24 * time.Hour,
				Classifier: c.Probability(tokens[i]), Trained: c.Trained()})
			switch {
			case v.Hold && e.Spam:
				r.TruePos++
			case v.Hold:
				r.FalsePos++
			case e.Spam:
				r.FalseNeg++
			default:
				r.TrueNeg++
			}
		}
	}
	return r
}
