package main

import (
	"context"
	"fmt"
	"os"

	"github.com/dramadb/dramadb/internal/spam"
)

func runSpam(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 || args[0] != "eval" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(env.stdout, "Usage: dramadb spam eval [--file F] [--folds K]")
			return nil
		}
		return fmt.Errorf("spam: want a subcommand: eval")
	}
	fs := newFlags(env, "spam eval", "spam eval [--file F] [--folds K]")
	file := fs.String("file", "", "labelled posts, one per line: spam or ham, a tab, the text (default: the built-in comments)")
	folds := fs.Int("folds", 10, "number of cross-validation folds")
	if err := parse(env, fs, args[1:]); err != nil {
		return err
	}
	if *folds < 2 {
		return fmt.Errorf("--folds must be at least 2")
	}
	examples, source := spam.Corpus(), "built-in comments"
	if *file != "" {
		f, err := os.Open(*file)
		if err != nil {
			return err
		}
		defer f.Close()
		if examples, err = spam.ReadExamples(f); err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
		source = *file
	}
	var nspam int
	for _, e := range examples {
		if e.Spam {
			nspam++
		}
	}
	if nspam == 0 || nspam == len(examples) {
		return fmt.Errorf("%s: need both spam and ham to measure", source)
	}
	r := spam.Evaluate(examples, *folds)
	fmt.Fprintf(env.stdout, "%s: %d posts (%d spam, %d ham), %d-fold cross-validation\n", source, r.Examples, nspam, r.Examples-nspam, r.Folds)
	fmt.Fprintf(env.stdout, "precision %.3f  recall %.3f  F1 %.3f\n", r.Precision(), r.Recall(), r.F1())
	fmt.Fprintf(env.stdout, "spam held %d, spam missed %d, ham held %d, ham published %d\n", r.TruePos, r.FalseNeg, r.FalsePos, r.TrueNeg)
	return nil
}
