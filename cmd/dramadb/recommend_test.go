package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestRecommendCommands(t *testing.T) {
	vars := map[string]string{"DRAMADB_DATA": t.TempDir()}
	if _, _, err := runCLI(t, vars, "recommend", "eval"); err == nil {
		t.Error("eval without any member history succeeded")
	}
	// generate and search reindex show their progress the same way.
	_, errOut, err := runCLI(t, vars, "generate", "--titles", "300")
	if err != nil || !strings.Contains(errOut, "titles   300 / 300  100.0%") || !strings.Contains(errOut, "Generated 300 titles, 300 people") {
		t.Fatalf("generate: %v\n%s", err, errOut)
	}
	_, errOut, err = runCLI(t, vars, "search", "reindex")
	if err != nil || !strings.Contains(errOut, "people   300 / 300 ids  100.0%") || !strings.Contains(errOut, "Indexed ") {
		t.Fatalf("search reindex: %v\n%s", err, errOut)
	}
	if _, _, err := runCLI(t, vars, "recommend", "plant", "--members", "0"); err == nil || !strings.Contains(err.Error(), "--members") {
		t.Errorf("plant --members 0: %v", err)
	}
	_, errOut, err = runCLI(t, vars, "recommend", "plant", "--members", "300", "--per-member", "12", "--groups", "4")
	if err != nil || !strings.Contains(errOut, "Planted 300 members in 4 taste groups") {
		t.Fatalf("plant: %v\n%s", err, errOut)
	}
	_, errOut, err = runCLI(t, vars, "recommend", "build")
	if err != nil || !strings.Contains(errOut, "300 titles, 300 members") || !strings.Contains(errOut, "similar  300 / 300") {
		t.Fatalf("build: %v\n%s", err, errOut)
	}
	out, _, err := runCLI(t, vars, "recommend", "eval")
	if err != nil {
		t.Fatal(err)
	}
	metric := func(name string) (ndcg, recall float64) {
		m := regexp.MustCompile(`(?m)^` + name + `\s+([0-9.]+)\s+([0-9.]+)$`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("eval output lacks %s:\n%s", name, out)
		}
		ndcg, _ = strconv.ParseFloat(m[1], 64)
		recall, _ = strconv.ParseFloat(m[2], 64)
		return
	}
	bn, br := metric("blended")
	pn, pr := metric("popularity")
	if bn <= pn || br <= pr || !strings.Contains(out, "300 members") {
		t.Errorf("blended does not beat popularity:\n%s", out)
	}
	if _, _, err := runCLI(t, vars, "recommend", "frobnicate"); err == nil {
		t.Error("an unknown subcommand succeeded")
	}
}
