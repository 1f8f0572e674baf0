package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dramadb/dramadb/internal/romanize"
)

const maxRomanizeLine = 1 << 20

func runRomanize(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "romanize", "romanize [--system rr|mr] [--name] [--hyphenate] [--aspirate] [--common-surname] [TEXT...]\n\n"+
		"Writes TEXT in Latin letters on one line; without TEXT, each line of standard input.\n"+
		"Runes that are not Hangul pass through unchanged.")
	var opt romanize.Options
	fs.Func("system", "`rr` for the Revised Romanization of 2000 (the default) or mr for McCune–Reischauer", func(v string) error {
		switch strings.ToLower(v) {
		case "rr":
			opt.System = romanize.RR
		case "mr":
			opt.System = romanize.MR
		default:
			return errors.New("want rr or mr")
		}
		return nil
	})
	fs.BoolVar(&opt.Name, "name", false, "read the text as personal names: family name first, given name without sound changes")
	fs.BoolVar(&opt.Hyphenate, "hyphenate", false, "hyphens where syllables could be misread (jung-ang) and inside given names (Bok-nam)")
	fs.BoolVar(&opt.Aspirate, "aspirate", false, "write ㄱ ㄷ ㅂ before ㅎ aspirated, as in verbs (japyeo); the default is the rule for nouns (mukho)")
	fs.BoolVar(&opt.CommonSurname, "common-surname", false, "with --name, family names in their common spelling (Lee, Park)")
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" || a == "-help" {
			return parse(env, fs, []string{a})
		}
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(env.stdout, romanize.Romanize(strings.Join(fs.Args(), " "), opt))
		return nil
	}
	sc := bufio.NewScanner(env.stdin)
	sc.Buffer(make([]byte, 0, 64<<10), maxRomanizeLine)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, romanize.Romanize(sc.Text(), opt))
	}
	if errors.Is(sc.Err(), bufio.ErrTooLong) {
		return fmt.Errorf("romanize: a line of standard input is longer than %d bytes", maxRomanizeLine)
	}
	return sc.Err()
}
