// Package review holds reviews of titles and seasons. This file reads the
// scores critics publish in their own scales.
package review

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dramadb/dramadb/internal/apperr"
)

// CriticScore is a critic's score as written and on a 0–100 scale.
type CriticScore struct {
	Raw        string  `json:"raw"`        // as published: "4.5/5", "★★★★☆", "A−"
	Normalized float64 `json:"normalized"` // 0–100, one decimal
}

var (
	fraction = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*(?:/|out of|of)\s*(\d+(?:[.,]\d+)?)$`)
	percent  = regexp.MustCompile(`^(\d+(?:[.,]\d+)?)\s*%$`)
	counted  = regexp.MustCompile(`^(\d+(?:[.,]5)?|half|one|two|three|four|five|six|seven|eight|nine|ten)(?: and a half)?\s+(?:stars?|hearts?|points?)(?:\s+(?:out\s+)?of\s+(\d+|five|ten|four))?$`)
)

var numberWords = map[string]float64{"half": 0.5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}

// letterGrades follow the usual conversion of letter grades to 100 points.
var letterGrades = map[string]float64{
	"A+": 100, "A": 100, "A-": 91, "B+": 83, "B": 75, "B-": 67, "C+": 58,
	"C": 50, "C-": 42, "D+": 33, "D": 25, "D-": 16, "E": 8, "F": 0,
}

func parseNumber(s string) (float64, bool) {
	if v, ok := numberWords[s]; ok {
		return v, true
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	return v, err == nil
}

func invalidScore(raw string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "The critic's score cannot be read.",
		Fields: []apperr.FieldError{{Field: "score", Message: fmt.Sprintf("%q is not a score such as 4.5/5, 9/10, 88/100, 92%%, ★★★★☆, four stars or A−", raw)}}}
}

// ParseCriticScore reads a published score and puts it on a 0–100 scale.
func ParseCriticScore(raw string) (CriticScore, error) {
	s := strings.TrimSpace(raw)
	if s == "" || utf8.RuneCountInString(s) > 40 {
		return CriticScore{}, invalidScore(raw)
	}
	value, ok := normalize(s)
	if !ok || value < 0 || value > 100 || math.IsNaN(value) {
		return CriticScore{}, invalidScore(raw)
	}
	return CriticScore{Raw: s, Normalized: math.Round(value*10) / 10}, nil
}

func normalize(s string) (float64, bool) {
	lower := strings.ToLower(s)
	if m := fraction.FindStringSubmatch(lower); m != nil {
		v, ok1 := parseNumber(m[1])
		of, ok2 := parseNumber(m[2])
		if !ok1 || !ok2 || of <= 0 || v > of {
			return 0, false
		}
		return v / of * 100, true
	}
	if m := percent.FindStringSubmatch(lower); m != nil {
		v, ok := parseNumber(m[1])
		return v, ok
	}
	if m := counted.FindStringSubmatch(lower); m != nil {
		v, ok := parseNumber(m[1])
		if !ok {
			return 0, false
		}
		if strings.Contains(lower, "and a half") {
			v += 0.5
		}
		of := 5.0
		if m[2] != "" {
			if of, ok = parseNumber(m[2]); !ok || of <= 0 {
				return 0, false
			}
		}
		if v > of {
			return 0, false
		}
		return v / of * 100, true
	}
	if v, ok := stars(s); ok {
		return v, true
	}
	grade := strings.NewReplacer("−", "-", "–", "-", "＋", "+", " ", "").Replace(strings.ToUpper(s))
	if v, ok := letterGrades[grade]; ok {
		return v, true
	}
	return 0, false
}

// stars reads rows of symbols: ★ full, ½ or ⯪ half, ☆ empty. Without empty
// stars the scale is five.
func stars(s string) (float64, bool) {
	var full, half, empty float64
	for _, r := range s {
		switch r {
		case '★', '⭐', '♥', '❤', '\ufe0f':
			if r != '\ufe0f' {
				full++
			}
		case '½', '⯪', '⯨':
			half++
		case '☆', '♡':
			empty++
		case ' ':
		default:
			return 0, false
		}
	}
	if full+half == 0 && empty == 0 {
		return 0, false
	}
	total := full + half + empty
	if empty == 0 {
		total = max(5, math.Ceil(full+half))
	}
	return (full + half/2) / total * 100, true
}
