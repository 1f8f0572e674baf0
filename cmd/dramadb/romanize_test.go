package main

import (
	"strings"
	"testing"
)

func TestRomanizeCommand(t *testing.T) {
	for _, c := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"", []string{"romanize", "사랑의", "불시착"}, "sarangui bulsichak\n"},
		{"", []string{"romanize", "--system", "mr", "사랑의 불시착"}, "sarangŭi pulshich'ak\n"},
		{"", []string{"romanize", "--system=MR", "종로"}, "chongno\n"},
		{"", []string{"romanize", "--name", "--hyphenate", "한복남"}, "Han Bok-nam\n"},
		{"", []string{"romanize", "--name", "--common-surname", "이민호"}, "Lee Minho\n"},
		{"", []string{"romanize", "--aspirate", "잡혀"}, "japyeo\n"},
		{"", []string{"romanize", "--", "-h", "같이"}, "-h gachi\n"},
		{"", []string{"romanize", "Reply 1988 😀"}, "Reply 1988 😀\n"},
		{"종로\n같이\n\n不時着\n", []string{"romanize"}, "jongno\ngachi\n\n不時着\n"},
		{"신라", []string{"romanize", "--system", "rr"}, "silla\n"},
		{"", []string{"romanize"}, ""},
	} {
		out, _, err := runCLIInput(t, nil, c.stdin, c.args...)
		if err != nil || out != c.want {
			t.Errorf("%q with input %q: %q, %v; want %q", c.args, c.stdin, out, err, c.want)
		}
	}
}

func TestRomanizeCommandRefusesBadInput(t *testing.T) {
	if _, _, err := runCLI(t, nil, "romanize", "--system", "yale", "한글"); err == nil || !strings.Contains(err.Error(), "-system") || !strings.Contains(err.Error(), "rr or mr") {
		t.Errorf("--system yale: %v", err)
	}
	if _, _, err := runCLI(t, nil, "romanize", "--sistem", "mr", "한글"); err == nil || !strings.Contains(err.Error(), "-sistem") {
		t.Errorf("--sistem: %v", err)
	}
	long := strings.Repeat("가", maxRomanizeLine/3+1)
	if _, _, err := runCLIInput(t, nil, long, "romanize"); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("a huge line: %v", err)
	}
	out, _, _ := runCLI(t, nil, "romanize", "--help")
	for _, s := range []string{"-system", "-name", "standard input"} {
		if !strings.Contains(out, s) {
			t.Errorf("--help lacks %s: %q", s, out)
		}
	}
}
