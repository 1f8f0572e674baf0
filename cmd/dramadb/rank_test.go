package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRankCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	out, errOut, err := runCLI(t, nil, "rank", "--data", dir, "--rank-min-votes", "10")
	if err != nil || !strings.Contains(out, "Ranked 0 titles (0 rated, 0 ratings") {
		t.Fatalf("rank on an empty catalog: %q %q %v", out, errOut, err)
	}
	for _, stage := range []string{"m = 10", "prior mean", "title stats", "ranks per genre", "swap"} {
		if !strings.Contains(errOut, stage) {
			t.Errorf("progress lacks %q: %q", stage, errOut)
		}
	}
	for _, bad := range [][]string{
		{"--rank-min-votes", "0"}, {"--rank-min-votes", "many"},
		{"--trending-half-life", "1s"}, {"--trending-half-life", "a week"},
	} {
		args := append([]string{"rank", "--data", dir}, bad...)
		if _, _, err := runCLI(t, nil, args...); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	// The environment sets what the flags do, for serve as for rank.
	if _, _, err := runCLI(t, map[string]string{"DRAMADB_RANK_EVERY": "1ms"}, "serve", "--data", dir); err == nil || !strings.Contains(err.Error(), "--rank-every") {
		t.Errorf("serve with a 1ms interval: %v", err)
	}
}
