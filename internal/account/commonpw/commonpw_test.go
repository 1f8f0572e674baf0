package commonpw_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dramadb/dramadb/internal/account/commonpw"
)

func TestLen(t *testing.T) {
	if n := commonpw.Len(); n < 10000 {
		t.Fatalf("Len() = %d, want at least 10000", n)
	}
}

func TestCommon(t *testing.T) {
	for _, p := range []string{
		"password", "123456", "qwerty", "iloveyou",
		"PassWord", "QWERTY", "  password  ", "\tiloveyou\n", "letmein", "trustno1",
	} {
		if !commonpw.Common(p) {
			t.Errorf("Common(%q) = false, want true", p)
		}
	}
}

func TestNotCommon(t *testing.T) {
	for _, p := range []string{
		"", "   ", "\t\n",
		"correct horse battery staple zebra 42",
		"Zq8#vT1!mW4@pL7$",
		"pass word",
		strings.Repeat("password", 1000),
		strings.Repeat("\u212a", 10000), // Kelvin signs, lowercase to "k"
	} {
		if commonpw.Common(p) {
			t.Errorf("Common(%q) = true, want false", p)
		}
	}
}

// TestListFile checks the embedded file's format: one lowercase, trimmed,
// printable-ASCII password a line, no duplicates, no blank lines, under 1 MB,
// most common first.
func TestListFile(t *testing.T) {
	data, err := os.ReadFile("passwords.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 1<<20 {
		t.Errorf("passwords.txt is %d bytes, want at most 1 MiB", len(data))
	}
	if !strings.HasSuffix(string(data), "\n") {
		t.Error("passwords.txt does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	seen := make(map[string]int, len(lines))
	for i, l := range lines {
		n := i + 1
		if l == "" {
			t.Errorf("line %d is empty", n)
			continue
		}
		for _, r := range l {
			if r <= ' ' || r > '~' {
				t.Errorf("line %d (%q) has a character other than printable ASCII", n, l)
				break
			}
		}
		if l != strings.ToLower(l) {
			t.Errorf("line %d (%q) is not lowercase", n, l)
		}
		if prev, dup := seen[l]; dup {
			t.Errorf("line %d (%q) repeats line %d", n, l, prev)
		}
		seen[l] = n
		if !commonpw.Common(l) || !commonpw.Common(strings.ToUpper(l)) {
			t.Errorf("line %d (%q) is not reported common", n, l)
		}
	}
	if got := commonpw.Len(); got != len(lines) {
		t.Errorf("Len() = %d, file has %d lines", got, len(lines))
	}
	if lines[0] != "123456" || lines[1] != "password" {
		t.Errorf("list does not start with the most common passwords: %q", lines[:2])
	}
}

func BenchmarkCommon(b *testing.B) {
	commonpw.Len() // load outside the timing
	for b.Loop() {
		commonpw.Common("Correct-Horse-Battery")
	}
}
