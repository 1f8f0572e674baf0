package web_test

import (
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// activeMarkup returns what in doc could run script: script-like elements,
// event-handler attributes, and URLs with script schemes.
func activeMarkup(doc string) []string {
	var found []string
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return found
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script", "iframe", "object", "embed", "base", "style":
			if tok.Data != "script" || !isDataBlock(tok) && !isSiteScript(tok) {
				found = append(found, "<"+tok.Data+">")
			}
		case "meta":
			for _, a := range tok.Attr {
				if strings.EqualFold(a.Key, "http-equiv") {
					found = append(found, "<meta http-equiv>")
				}
			}
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			val := strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, strings.ToLower(a.Val))
			switch {
			case strings.HasPrefix(key, "on"):
				found = append(found, tok.Data+" "+key)
			case key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" || key == "data" || key == "srcdoc":
				if strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") || strings.HasPrefix(val, "data:text/html") || key == "srcdoc" {
					found = append(found, tok.Data+" "+key+"="+a.Val)
				}
			case key == "style" && (strings.Contains(val, "expression(") || strings.Contains(val, "javascript:")):
				found = append(found, tok.Data+" style")
			}
		}
	}
}

// isDataBlock tells the page's own JSON-LD block from a script.
// siteScript is the one script the layout loads: the search suggestions,
// an embedded asset under its checksummed name.
var siteScript = regexp.MustCompile(`^/static/search\.[0-9a-f]{10}\.js$`)

func isSiteScript(tok html.Token) bool {
	for _, a := range tok.Attr {
		if a.Key == "src" && siteScript.MatchString(a.Val) {
			return len(tok.Attr) == 2
		}
	}
	return false
}

func isDataBlock(tok html.Token) bool {
	for _, a := range tok.Attr {
		if a.Key == "type" && a.Val == "application/ld+json" {
			return true
		}
	}
	return false
}

func TestXSSCorpus(t *testing.T) {
	raw, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	payloads := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(payloads) < 50 {
		t.Fatalf("the corpus has %d payloads; keep at least 50", len(payloads))
	}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		author := memberToken(t, f, db, "author", "write")
		b := f.browser(t)
		b.do("POST", "/signup", url.Values{"username": {"profiler"}, "email": {"p@example.com"}, "password": {"a long enough passphrase"}})
		// The review's author in a browser, to see the edit form of each.
		ab := f.browser(t)
		if resp, _ := ab.do("POST", "/login", url.Values{"login": {"author"}, "password": {"a long enough passphrase"}}); resp.StatusCode != 303 {
			t.Fatalf("log in: %d", resp.StatusCode)
		}
		baseline := len(activeMarkup(f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200})))
		for i, p := range payloads {
			// Each payload as a review's headline, body, pros and cons.
			doc, _ := json.Marshal(map[string]any{"score": 8, "headline": p, "body": p + "\n\n" + p, "pros": []string{p}, "cons": []string{p}})
			body := f.run(t, scenario{method: "POST", path: "/api/v1/titles/crash-landing-on-you/reviews", token: author, body: string(doc), status: 201})
			var rv struct {
				ID       int64  `json:"id"`
				BodyHTML string `json:"body_html"`
			}
			if err := json.Unmarshal([]byte(body), &rv); err != nil {
				t.Fatal(err)
			}
			if bad := activeMarkup(rv.BodyHTML); len(bad) > 0 {
				t.Errorf("payload %d %q: review HTML has %v: %s", i, p, bad, rv.BodyHTML)
			}
			for _, path := range []string{"/reviews/" + itoa(rv.ID), "/reviews/" + itoa(rv.ID) + "/edit"} {
				if resp, page := ab.do("GET", path, nil); resp.StatusCode != 200 {
					t.Errorf("payload %d: %s answers %d", i, path, resp.StatusCode)
				} else if bad := activeMarkup(page); len(bad) > 0 {
					t.Errorf("payload %d %q: %s has %v", i, p, path, bad)
				}
			}
			f.run(t, scenario{method: "DELETE", path: "/api/v1/reviews/" + itoa(rv.ID), token: author, status: 204})

			// And as profile text, shown on the member's page.
			b.do("POST", "/settings/profile", url.Values{"display_name": {firstRunes(p, 50)}, "bio": {p}, "public": {"on"}})
			_, page := b.do("GET", "/members/profiler", nil)
			if bad := activeMarkup(page); len(bad) > 0 {
				t.Errorf("payload %d %q: profile page has %v", i, p, bad)
			}
		}
		// Every payload at once in one review, shown on the title page.
		pros := payloads[:20]
		doc, _ := json.Marshal(map[string]any{"score": 8, "headline": firstRunes(payloads[len(payloads)-1], 200),
			"body": strings.Join(payloads, "\n\n"), "pros": pros, "cons": pros})
		f.run(t, scenario{method: "POST", path: "/api/v1/titles/crash-landing-on-you/reviews", token: author, body: string(doc), status: 201})
		time.Sleep(5 * time.Millisecond) // past the fixture's MaxStale
		page := f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200, contains: []string{`id="reviews"`}})
		if after := len(activeMarkup(page)); after != baseline {
			t.Errorf("the title page went from %d to %d active elements: %v", baseline, after, activeMarkup(page))
		}
	})
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The checker itself must see what it looks for, or the corpus test proves
// nothing.
func TestActiveMarkupDetector(t *testing.T) {
	for _, raw := range []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="  JaVaScRiPt:alert(1)">x</a>`,
		`<iframe src=x></iframe>`, `<div style="width: expression(alert(1))">`, `<meta http-equiv="refresh" content="0">`,
		`<a href="data:text/html;base64,xx">x</a>`, `<svg onload=alert(1)>`,
	} {
		if len(activeMarkup(raw)) == 0 {
			t.Errorf("the detector misses %s", raw)
		}
	}
	if bad := activeMarkup(`<p>Fine <a href="https://example.com/" rel="nofollow">link</a></p><script type="application/ld+json">{}</script>`); len(bad) > 0 {
		t.Errorf("the detector flags harmless markup: %v", bad)
	}
}

// Every payload as a discussion's topic and opening post and as a comment
// under it and under a review, checked on every page that shows them.
func TestXSSCorpusInDiscussions(t *testing.T) {
	raw, err := os.ReadFile("testdata/xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	payloads := strings.Split(strings.TrimSpace(string(raw)), "\n")
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		author := f.browser(t)
		author.do("POST", "/signup", url.Values{"username": {"author"}, "email": {"a@example.com"}, "password": {"a long enough passphrase"}})
		commenter := memberToken(t, f, db, "commenter", "write")
		author.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"8"}, "headline": {"Host"}, "body": {"Comments below."}})
		_, reviews := author.do("GET", "/titles/crash-landing-on-you/reviews", nil)
		i := strings.Index(reviews, `href="/reviews/`)
		if i < 0 {
			t.Fatal("no review to comment on")
		}
		reviewPath := reviews[i+len(`href="`) : i+strings.Index(reviews[i:], `">`)]
		baseline := len(activeMarkup(f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200})))
		check := func(what, path string, b *browser) {
			t.Helper()
			_, page := b.do("GET", path, nil)
			if bad := activeMarkup(page); len(bad) > 0 {
				t.Errorf("%s: %s has %v", what, path, bad)
			}
		}
		for n, p := range payloads {
			what := "payload " + itoa(int64(n)) + " " + strconv.Quote(p)
			resp, _ := author.do("POST", "/titles/crash-landing-on-you/discussions", url.Values{"topic": {firstRunes(p, 200)}, "body": {p + "\n\n" + p}})
			loc := resp.Header.Get("Location")
			if resp.StatusCode != 303 {
				t.Fatalf("%s: discussion form %d", what, resp.StatusCode)
			}
			doc, _ := json.Marshal(map[string]string{"body": p})
			st, body := postJSON(t, f, "/api/v1"+loc+"/comments", commenter, string(doc))
			st2, _ := postJSON(t, f, "/api/v1"+reviewPath+"/comments", commenter, string(doc))
			if st != 201 || st2 != 201 {
				t.Fatalf("%s: comments %d %d %s", what, st, st2, body)
			}
			var c struct {
				BodyHTML string `json:"body_html"`
			}
			json.Unmarshal([]byte(body), &c)
			if bad := activeMarkup(c.BodyHTML); len(bad) > 0 {
				t.Errorf("%s: comment HTML has %v", what, bad)
			}
			for _, path := range []string{loc, loc + "/edit", "/discussions", "/titles/crash-landing-on-you/discussions", "/replies", reviewPath} {
				check(what, path, author)
			}
			resp, _ = author.do("POST", loc+"/delete", nil)
			if resp.StatusCode != 303 {
				t.Fatalf("%s: delete %d", what, resp.StatusCode)
			}
		}
		// Every payload at once in one discussion, shown on the title page.
		topic := firstRunes(payloads[len(payloads)-1], 200)
		author.do("POST", "/titles/crash-landing-on-you/discussions", url.Values{"topic": {topic}, "body": {strings.Join(payloads, "\n\n")}})
		time.Sleep(5 * time.Millisecond) // past the fixture's MaxStale
		page := f.run(t, scenario{path: "/titles/crash-landing-on-you", status: 200, contains: []string{`id="discussions"`}})
		if after := len(activeMarkup(page)); after != baseline {
			t.Errorf("the title page went from %d to %d active elements: %v", baseline, after, activeMarkup(page))
		}
	})
}
