package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dramadb/dramadb/internal/database/dbtest"
	"github.com/dramadb/dramadb/internal/demo"
)

// chromiumPath finds the browser, skipping the test when there is none,
// unless DRAMADB_REQUIRE_BROWSER is set (as CI does).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DRAMADB_REQUIRE_BROWSER") != "" {
		t.Fatal("DRAMADB_REQUIRE_BROWSER is set but no Chromium is installed (apt-get install chromium)")
	}
	t.Skip("browser test skipped: no Chromium found (apt-get install chromium)")
	return ""
}

// server is a running 'dramadb serve --demo' and what the operator
// commands need to reach its database.
type server struct {
	base string
	bin  string
	data string
	env  []string
}

// command runs an operator command of the same binary on the server's
// database and returns its standard output.
func (s *server) command(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(s.bin, append(args, "--data", s.data)...)
	cmd.Env = s.env
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dramadb %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// startBinary builds dramadb without cgo, starts 'serve --demo' on a free
// port with a fresh data folder (or PostgreSQL schema, when databaseURL is
// set) and returns it.
func startBinary(t *testing.T, databaseURL string) *server {
	t.Helper()
	dir := t.TempDir()
	s := &server{bin: filepath.Join(dir, "dramadb"), data: filepath.Join(dir, "data"),
		env: append(os.Environ(), "DRAMADB_DATABASE_URL="+databaseURL)}
	build := exec.Command("go", "build", "-o", s.bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	// Rankings and recommendations are recomputed as often as the server
	// allows, so what the test's members do shows within seconds, as it
	// does within the hour in production.
	cmd := exec.Command(s.bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--data", s.data,
		"--rank-every", "10s", "--recommend-every", "10s")
	cmd.Env = s.env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// A graceful stop on SIGTERM is part of what is tested.
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("dramadb did not exit cleanly on SIGTERM: %v\n%s", err, stderr.String())
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Error("dramadb did not stop within 20s of SIGTERM")
		}
	})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	select {
	case line := <-lines:
		m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unexpected first line %q", line)
		}
		s.base = m[1]
		return s
	case <-time.After(60 * time.Second):
		t.Fatalf("dramadb did not start within 60s\n%s", stderr.String())
	}
	return nil
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("DRAMADB_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "dramadb-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser walks what visitors and members do, in a real browser, on
// one server and one browser per engine: the title page and taking part
// on it, then finding titles by search, rankings, browsing, audience
// trends and recommendations.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome := chromiumPath(t)
	t.Run("sqlite", func(t *testing.T) { walk(t, chrome, startBinary(t, ""), "sqlite") })
	t.Run("postgres", func(t *testing.T) { walk(t, chrome, startBinary(t, dbtest.FreshPostgresURL(t)), "postgres") })
}

func walk(t *testing.T, chrome string, srv *server, engine string) {
	b := openBrowser(t, chrome, srv.base, engine)
	t.Run("title page", func(t *testing.T) { browseTitlePage(b.on(t)) })
	seed := seedCommunity(t, srv)
	t.Run("search", func(t *testing.T) { searchFlows(b.on(t)) })
	t.Run("rankings", func(t *testing.T) { rankingFlows(b.on(t), seed) })
	t.Run("browse", func(t *testing.T) { browseFlows(b.on(t), seed) })
	t.Run("audience trends", func(t *testing.T) { trendFlows(b.on(t)) })
	t.Run("recommendations", func(t *testing.T) { recommendationFlows(b.on(t), seed) })
}

// browser is one headless Chromium tab on one server, used by a test.
type browser struct {
	t      *testing.T
	ctx    context.Context
	base   string
	engine string
}

func openBrowser(t *testing.T, chrome, base, engine string) *browser {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// One engine's whole walk: about a minute on a quiet machine, several
	// when the database server shares two cores with other heavy work.
	ctx, cancelTimeout := context.WithTimeout(ctx, 12*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		cancelAlloc()
	})
	return &browser{t: t, ctx: ctx, base: base, engine: engine}
}

// on returns the browser for a subtest, so that failures stop that one.
func (b *browser) on(t *testing.T) *browser {
	c := *b
	c.t = t
	return &c
}

func (b *browser) must(err error) {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
}

// fail saves what the browser shows and stops the test.
func (b *browser) fail(format string, args ...any) {
	b.t.Helper()
	if shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err == nil {
		name := strings.NewReplacer("/", "-", " ", "-").Replace(b.engine + "-" + b.t.Name() + "-failed.png")
		p := filepath.Join(screenshotDir(b.t), name)
		os.WriteFile(p, shot, 0o644)
		b.t.Logf("the page at the failure: %s", p)
	}
	b.t.Fatalf(format, args...)
}

// step runs actions with a time limit of their own; on failure it says
// which step failed and saves what the browser showed.
func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	sctx, cancel := context.WithTimeout(b.ctx, 40*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		b.fail("%s: %v", name, err)
	}
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	b.must(err)
	return v
}

func (b *browser) eval(js string) string {
	b.t.Helper()
	return evalAs[string](b, js)
}

// evalAs evaluates a script in the page and decodes its value.
func evalAs[T any](b *browser, js string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	b.must(err)
	return v
}

// open navigates to a path of the site and waits for its main heading.
func (b *browser) open(path string) {
	b.t.Helper()
	b.step("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// location is the path and query the tab shows.
func (b *browser) location() string {
	b.t.Helper()
	return b.eval(`location.pathname + location.search`)
}

// arrive runs trigger and waits for the tab to show the page at path (and
// query, after any redirect), failing at once if it lands elsewhere.
func (b *browser) arrive(path string, trigger chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		ev, err := chromedp.WaitEvent(page.FrameNavigated, func(e page.EventFrameNavigated) bool { return e.Frame.ParentID == "" }, trigger)(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		if got := strings.TrimPrefix(ev.Frame.URL, b.base); got != path {
			return chromedp.Void{}, fmt.Errorf("went to %s, want %s", got, path)
		}
		return chromedp.WaitVisible(chromedp.CSS("main h1"))(ctx, t)
	}
}

// pressEnter presses Enter as a keyboard does: one keyDown carrying its
// text, then keyUp. (chromedp's KeyEvent adds a separate char event, which
// submits a form even when the page cancelled the keydown.)
func pressEnter(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	for _, k := range []input.DispatchKeyEventParams{
		{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Text: "\r", UnmodifiedText: "\r"},
		{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
	} {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, k); err != nil {
			return chromedp.Void{}, err
		}
	}
	return chromedp.Void{}, nil
}

// follow activates a link from the keyboard, as a click lands by
// coordinates, which a late font can move on a busy machine.
func (b *browser) follow(name, sel, path string) {
	b.t.Helper()
	b.step(name, chromedp.Focus(chromedp.CSS(sel)), b.arrive(path, pressEnter))
}

// until reloads a page until the script says what is computed in the
// background has arrived, for at most a minute.
func (b *browser) until(what, path, ready string) {
	b.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		b.open(path)
		if evalAs[bool](b, ready) {
			return
		}
		if time.Now().After(deadline) {
			b.fail("%s did not show on %s within a minute", what, path)
		}
		select {
		case <-time.After(300 * time.Millisecond):
		case <-b.ctx.Done():
			b.fail("waiting for %s: %v", what, b.ctx.Err())
		}
	}
}

// browseTitlePage opens the demo title page as a person would and checks
// what they see, then follows a cast link and looks at the page on a phone.
func browseTitlePage(b *browser) {
	t, base := b.t, b.base
	titleURL := base + "/titles/crash-landing-on-you"
	b.must(chromedp.Do(b.ctx, chromedp.Navigate(titleURL), chromedp.WaitVisible(chromedp.CSS("h1"))))
	heading, bodyText := b.text("h1"), b.text("body")
	native := b.eval(`Array.from(document.querySelectorAll('[lang="ko"]')).map(e => e.textContent).join(' | ')`)
	jsonLD := b.eval(`(document.querySelector('script[type="application/ld+json"]') || {}).textContent || ''`)
	full, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(85))
	b.must(err)

	if !strings.Contains(heading, "Crash Landing on You") {
		t.Errorf("h1 = %q", heading)
	}
	// Korean text is marked lang="ko" so it gets Korean fonts.
	if !strings.Contains(native, "사랑의 불시착") {
		t.Errorf("native title not marked lang=ko; lang=ko texts: %q", native)
	}
	for _, want := range []string{
		"사랑의 不時着", "CLOY", "Synopsis", "Cast", "Hyun Bin", "현빈", "Son Ye-jin", "Ri Jeong-hyeok",
		"Characters", "Capt Ri", "Crew", "Park Ji-eun", "Episodes", "Parental guide", "Where to watch", "Netflix", "Quotes",
		"Filming locations", "Frequently asked questions", "Related titles", "tvN", "TV-14",
	} {
		if !strings.Contains(bodyText, want) {
			t.Errorf("title page lacks %q", want)
		}
	}
	if !strings.Contains(jsonLD, `"TVSeries"`) {
		t.Errorf("JSON-LD = %q", jsonLD)
	}

	// Following a cast link reaches the person page with the filmography.
	b.step("follow a cast link", chromedp.Click(chromedp.CSS(`a[href="/people/hyun-bin"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h, body := b.text("h1"), b.text("body"); !strings.Contains(h, "Hyun Bin") || !strings.Contains(body, "Crash Landing on You") {
		t.Errorf("person page: h1 %q", h)
	}

	// On a phone-sized screen the page must not scroll sideways.
	b.step("open the title page on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(titleURL), chromedp.WaitVisible(chromedp.CSS("h1")))
	if b.eval(`String(document.documentElement.scrollWidth > window.innerWidth + 1)`) == "true" {
		t.Error("the title page scrolls sideways on a 390px-wide screen")
	}
	phone, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	b.must(err)

	// Join from the header, typing a Hangul username, and come back signed in.
	b.step("join", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(titleURL), chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`.account-nav a[href="/signup"]`)), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "리정혁"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "captain@example.com"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a piano by the river at dusk"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/settings"]`)))
	if nav := b.text(".account-nav"); !strings.Contains(nav, "리정혁") || !strings.Contains(nav, "Sign out") {
		t.Errorf("after joining, the header shows %q", nav)
	}
	// Rate the title from its page and see the audience score.
	b.step("rate", chromedp.Navigate(titleURL), chromedp.WaitVisible(chromedp.CSS("#rate-score")),
		chromedp.SetValue(chromedp.CSS("#rate-score"), "9.5"),
		chromedp.Click(chromedp.CSS(`form.rate button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#audience")))
	if score := b.text(".audience__score"); !strings.Contains(score, "9.5") {
		t.Errorf("after rating 9.5 the audience score reads %q", score)
	}
	// Write a review with a spoiler: readers see it hidden until they ask.
	b.step("write a review", chromedp.Navigate(base+"/titles/crash-landing-on-you/reviews"), chromedp.WaitVisible(chromedp.CSS("#f-headline")),
		chromedp.SetValue(chromedp.CSS("#f-score"), "9"),
		chromedp.SendKeys(chromedp.CSS("#f-headline"), "비 오는 날의 결말"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The captain crosses the line at the border."),
		chromedp.Click(chromedp.CSS(`input[name="spoiler"]`)),
		chromedp.Submit(chromedp.CSS("#f-headline")),
		chromedp.WaitVisible(chromedp.CSS("details.spoiler summary")))
	if open, shown := b.eval(`String(document.querySelector('details.spoiler').open)`),
		b.eval(`String(document.querySelector('details.spoiler .review__body').checkVisibility())`); open != "false" || shown != "false" {
		t.Errorf("the spoiler review's body shows before the reader asks (open %s, visible %s)", open, shown)
	}
	b.step("show the spoiler", chromedp.Click(chromedp.CSS("details.spoiler summary")), chromedp.WaitVisible(chromedp.CSS("details.spoiler .review__body")))
	if body := b.text("details.spoiler .review__body"); !strings.Contains(body, "crosses the line") {
		t.Errorf("the revealed review reads %q", body)
	}
	b.step("sign out", chromedp.Click(chromedp.CSS(`.account-nav button`)), chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/login"]`)))

	// A second member joins and replies under the review.
	b.step("second member joins", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "seri"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "seri@example.com"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "the wrong train, the right station"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/settings"]`)))
	b.step("reply", chromedp.Navigate(base+"/titles/crash-landing-on-you/reviews"), chromedp.WaitVisible(chromedp.CSS(".review h3 a")),
		chromedp.Click(chromedp.CSS(".review h3 a")), chromedp.WaitVisible(chromedp.CSS("#f-comment")),
		chromedp.SendKeys(chromedp.CSS("#f-comment"), "그 장면에서 울었어요."),
		chromedp.Submit(chromedp.CSS("#f-comment")),
		chromedp.WaitVisible(chromedp.CSS(".comment .comment__body")))
	if c := b.text(".comment"); !strings.Contains(c, "그 장면에서 울었어요.") || !strings.Contains(c, "seri") {
		t.Errorf("the reply reads %q", c)
	}
	if b.eval(`String(document.querySelector('details.spoiler').open)`) != "false" {
		t.Error("the spoiler is open on the review page before the reader asks")
	}
	// Submitted rather than clicked: a click lands by coordinates, which a
	// late font can move on a busy machine.
	b.step("mark the review helpful", chromedp.Submit(chromedp.CSS(`.review__actions form`)),
		chromedp.WaitVisible(chromedp.CSS(`.review__actions button[aria-pressed="true"]`)))
	if h := b.text(".review__helpful"); !strings.Contains(h, "1 member found") {
		t.Errorf("after one helpful vote the review reads %q", h)
	}

	// She starts a discussion, which the title page then lists.
	b.step("start a discussion", chromedp.Navigate(base+"/titles/crash-landing-on-you/discussions"), chromedp.WaitVisible(chromedp.CSS("#f-topic")),
		chromedp.SendKeys(chromedp.CSS("#f-topic"), "패러글라이딩 장면은 어디서 찍었나요?"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The opening flight looks real. Does anyone know the place?"),
		chromedp.Submit(chromedp.CSS("#f-topic")),
		chromedp.WaitVisible(chromedp.CSS("#discussion-h")))
	if h := b.text("#discussion-h"); !strings.Contains(h, "패러글라이딩") {
		t.Errorf("the new discussion's heading reads %q", h)
	}
	b.step("see it on the title page", chromedp.Navigate(titleURL), chromedp.WaitVisible(chromedp.CSS("#discussions")))
	if d := b.text("#discussions"); !strings.Contains(d, "패러글라이딩 장면은 어디서 찍었나요?") {
		t.Errorf("the title page's discussions read %q", d)
	}
	// On the season page she marks the first episode seen.
	b.step("mark an episode seen", chromedp.Navigate(base+"/titles/crash-landing-on-you/seasons/1"), chromedp.WaitVisible(chromedp.CSS("#episode-1")),
		chromedp.Click(chromedp.CSS(`#episode-1 button[aria-pressed="false"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#episode-1 button[aria-pressed="true"]`)))
	if p := b.text(".progress"); !strings.Contains(p, "1 of 16") {
		t.Errorf("after marking one episode the progress reads %q", p)
	}
	// Signed out again, so that the next flows start as a visitor.
	b.step("sign out again", chromedp.Submit(chromedp.CSS(`.account-nav form`)), chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/login"]`)))

	dir := screenshotDir(t)
	for name, img := range map[string][]byte{b.engine + "-title-desktop.jpg": full, b.engine + "-title-phone.png": phone} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, img, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("screenshot:", p)
	}
	fmt.Fprintln(os.Stderr, "browser test screenshots in", dir)
}

// community is what seedCommunity made, for the flows to check against.
type community struct {
	// genres and countries of every title, by slug.
	genres, countries map[string][]string
	// member is a seeded member who can sign in with password; tracked
	// holds the titles they rated or put on their list.
	member, password string
	tracked          map[string]bool
	// pageGenre has more titles than a browse page holds.
	pageGenre string
}

// extraThrillers are added to the demo's four thrillers so that browsing
// them takes two pages of 36; the first is from Japan, the rest from
// South Korea.
const extraThrillers = 40

// seedCommunity gives the demo catalog what members bring: a few members
// join, rate and track titles through the site's forms, and an editor adds
// titles through the API with a token made by 'dramadb token create'. The
// last rating (of Iris) is the one the flows wait for.
func seedCommunity(t *testing.T, srv *server) *community {
	t.Helper()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	c := &community{genres: map[string][]string{}, countries: map[string][]string{}, pageGenre: "thriller",
		member: "bora", password: "popcorn on the sofa every friday", tracked: map[string]bool{}}
	for _, ti := range doc.Titles {
		for _, g := range ti.Genres {
			c.genres[ti.Slug] = append(c.genres[ti.Slug], g.Slug)
		}
		c.countries[ti.Slug] = ti.Countries
	}

	token := strings.TrimSpace(lastLine(srv.command(t, "token", "create", "--name", "browser-test")))
	for i := 1; i <= extraThrillers; i++ {
		slug := fmt.Sprintf("case-file-%02d", i)
		country := "KR"
		if i == 1 {
			country = "JP"
		}
		body, _ := json.Marshal(map[string]any{"slug": slug, "kind": "series", "title": fmt.Sprintf("Case File %02d", i),
			"first_aired": fmt.Sprintf("%d-03-01", 1980+i), "genres": []map[string]string{{"slug": "thriller", "name": "Thriller"}},
			"countries": []string{country}})
		req, _ := http.NewRequest("POST", srv.base+"/api/v1/titles", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("creating %s: %s", slug, res.Status)
		}
		c.genres[slug], c.countries[slug] = []string{"thriller"}, []string{country}
	}

	// act is one form a member sends; title is set when it rates or
	// tracks a whole title.
	type act struct{ title, path, field, value string }
	rate := func(slug, score string) act { return act{slug, "/titles/" + slug + "/rating", "score", score} }
	track := func(slug, status string) act { return act{slug, "/titles/" + slug + "/watch", "status", status} }
	episode := func(n int, score string) act {
		return act{"", "/titles/crash-landing-on-you/seasons/1/episodes/" + strconv.Itoa(n) + "/rating", "score", score}
	}
	members := []struct {
		name string
		acts []act
	}{
		// Episode scores come first: a title's trends are refreshed when its
		// count of ratings changes.
		{"bora", []act{episode(1, "9"), rate("parasite", "10"), rate("memories-of-the-alhambra", "8"), rate("my-love-from-the-star", "9"),
			track("crash-landing-on-you", "watching"), rate("crash-landing-on-you", "10")}},
		{"minji", []act{episode(2, "8.5"), rate("parasite", "10"), rate("the-k2", "6"), rate("my-love-from-the-star", "9"),
			track("crash-landing-on-you", "watching"), rate("crash-landing-on-you", "9")}},
		{"jisoo", []act{rate("parasite", "10"), rate("memories-of-the-alhambra", "7"), rate("vincenzo", "9"),
			track("crash-landing-on-you", "watching"), rate("crash-landing-on-you", "9.5")}},
		{"haneul", []act{rate("parasite", "9.5"), rate("the-k2", "7"), rate("my-love-from-the-star", "8.5"),
			track("crash-landing-on-you", "watching"), track("its-okay-to-not-be-okay", "plan_to_watch")}},
		{"dami", []act{rate("parasite", "10"), rate("memories-of-the-alhambra", "8"), rate("vincenzo", "8.5"),
			track("crash-landing-on-you", "completed"), track("its-okay-to-not-be-okay", "plan_to_watch")}},
		{"yuna", []act{rate("parasite", "9.5"), rate("case-file-01", "8"), rate("my-love-from-the-star", "9"),
			track("crash-landing-on-you", "watching"), rate("iris", "5")}},
	}
	for _, m := range members {
		password := m.name + " likes long dramas on rainy days"
		if m.name == c.member {
			password = c.password
		}
		cl := join(t, srv.base, m.name, password)
		for _, a := range m.acts {
			post(t, cl, srv.base+a.path, url.Values{a.field: {a.value}})
			if m.name == c.member && a.title != "" {
				c.tracked[a.title] = true
			}
		}
	}
	return c
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// join signs a member up through the form and returns a client holding
// their session.
func join(t *testing.T, base, name, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	cl := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post(t, cl, base+"/signup", url.Values{"username": {name}, "email": {name + "@example.com"}, "password": {password}})
	return cl
}

// post sends a form the way a browser does and expects to be sent on.
func post(t *testing.T, cl *http.Client, u string, form url.Values) {
	t.Helper()
	res, err := cl.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s %v: %s", u, form, res.Status)
	}
}

// suggestion is one option of the header search box's list.
type suggestion struct {
	ID, Text, Selected string
}

const readSuggestions = `Array.from(document.querySelectorAll('#site-search-suggest [role=option]')).map(o =>
	({id: o.id, text: o.textContent, selected: o.getAttribute('aria-selected')}))`

// watchSuggestions wraps the page's fetch to tell the test which question
// the suggestion list was last asked and how many answers are still to be
// shown; while __suggest.held is an array, answers wait there until
// released.
const watchSuggestions = `if (!window.__suggest) {
	const real = window.fetch, s = window.__suggest = {pending: 0, last: null, held: null};
	window.fetch = (url, opts) => {
		s.last = new URL(url, location.href).searchParams.get('q');
		s.pending++;
		const ask = () => real(url, opts);
		const answer = s.held ? new Promise(r => s.held.push(r)).then(ask) : ask();
		// Counted as shown a task later, after the page's own handlers ran.
		return answer.finally(() => setTimeout(() => s.pending--, 0));
	};
}`

// searchFlows finds titles, people and characters from the header's search
// box: with its suggestions, from the keyboard and the mouse, and without
// JavaScript on the search page.
func searchFlows(b *browser) {
	t := b.t
	box := chromedp.CSS("#site-search-q")
	list := chromedp.CSS("#site-search-suggest")
	// clearBox empties the box from the keyboard, as a person would.
	clearBox := chromedp.Steps(chromedp.Evaluate[chromedp.Void](`document.getElementById('site-search-q').select()`), chromedp.KeyEvent(kb.Backspace))
	// suggest types into the box of the page shown and waits until the
	// answer for the whole text is shown, its first suggestion naming
	// want; it returns them all.
	suggest := func(q, want string) []suggestion {
		t.Helper()
		sctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
		defer cancel()
		err := chromedp.Do(sctx, chromedp.Evaluate[chromedp.Void](watchSuggestions), chromedp.Focus(box), clearBox, chromedp.SendKeys(box, q),
			chromedp.Poll[chromedp.Void](`(() => {
				const o = document.querySelector('#site-search-suggest:not([hidden]) [role=option]');
				return window.__suggest.pending === 0 && window.__suggest.last === `+strconv.Quote(q)+` &&
					!!o && o.textContent.includes(`+strconv.Quote(want)+`);
			})()`, chromedp.WithPollingTimeout(0)))
		got := evalAs[[]suggestion](b, readSuggestions)
		if err != nil {
			b.fail("suggestions for %q: %v; the list shows %+v", q, err, got)
		}
		if v := b.eval(`document.getElementById('site-search-q').value`); v != q {
			t.Errorf("the search box holds %q after typing %q", v, q)
		}
		return got
	}

	// A Hangul fragment of the native title: the title comes first, and
	// the keyboard picks it.
	b.open("/")
	got := suggest("불시", "Crash Landing on You")
	if !strings.HasPrefix(got[0].Text, "Title") {
		t.Fatalf("suggestions for 불시: %+v", got)
	}
	if e := b.eval(`document.getElementById('site-search-q').getAttribute('aria-expanded')`); e != "true" {
		t.Errorf("with the list open the box says aria-expanded=%s", e)
	}
	b.step("arrow down", chromedp.KeyEvent(kb.ArrowDown))
	got = evalAs[[]suggestion](b, readSuggestions)
	if active := b.eval(`document.getElementById('site-search-q').getAttribute('aria-activedescendant') || ''`); got[0].Selected != "true" || active != got[0].ID {
		t.Errorf("after arrow down: first option selected %q, the box's active descendant %q, want %q", got[0].Selected, active, got[0].ID)
	}
	b.step("enter on the suggestion", b.arrive("/titles/crash-landing-on-you", pressEnter))
	if h := b.text("h1"); !strings.Contains(h, "Crash Landing on You") {
		t.Errorf("the suggestion led to %q", h)
	}

	// A typo in English: the title still comes first; Escape closes the
	// list and leaves what was typed.
	suggest("crash landng", "Crash Landing on You")
	b.step("escape", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotVisible(list))
	if e, v := b.eval(`document.getElementById('site-search-q').getAttribute('aria-expanded')`),
		b.eval(`document.getElementById('site-search-q').value`); e != "false" || v != "crash landng" {
		t.Errorf("after Escape: aria-expanded=%s, the box holds %q", e, v)
	}
	// Arrow down opens the list again.
	b.step("arrow down reopens", chromedp.KeyEvent(kb.ArrowDown), chromedp.WaitVisible(list))

	// A character's name in another spelling, picked with the mouse.
	got = suggest("Ri Jung Hyuk", "Ri Jeong-hyeok")
	if !strings.HasPrefix(got[0].Text, "Character") {
		t.Fatalf("first suggestion for Ri Jung Hyuk: %+v", got)
	}
	b.step("click the suggestion", b.arrive("/characters/ri-jeong-hyeok", chromedp.Click(chromedp.CSS("#"+got[0].ID))))
	if h := b.text("h1"); !strings.Contains(h, "Ri Jeong-hyeok") {
		t.Errorf("the clicked suggestion led to %q", h)
	}

	// An answer still on its way when the box is emptied, or the list
	// closed with Escape, does not bring the list back.
	for _, leave := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"empty the box", clearBox}, {"press Escape", chromedp.KeyEvent(kb.Escape)}} {
		suggest("kim", "Kim Jung-hyun")
		b.step(leave.name+" while an answer is on its way",
			chromedp.Evaluate[chromedp.Void](`window.__suggest.held = []`),
			chromedp.SendKeys(box, " sun"),
			chromedp.Poll[chromedp.Void](`window.__suggest.held.length > 0`),
			leave.action,
			chromedp.WaitNotVisible(list),
			chromedp.Evaluate[chromedp.Void](`(() => { const h = window.__suggest.held; window.__suggest.held = null; h.forEach(go => go()); })()`),
			chromedp.Poll[chromedp.Void](`window.__suggest.pending === 0`))
		if open := b.eval(`String(!document.getElementById('site-search-suggest').hidden) + ' ' +
			document.getElementById('site-search-q').getAttribute('aria-expanded')`); open != "false false" {
			t.Errorf("after the visitor chose to %s, a late answer opened the list (shown, aria-expanded: %s)", leave.name, open)
		}
	}
	// Arrow down then opens suggestions for the text in the box, not the
	// ones shown before it changed.
	b.step("arrow down after Escape", chromedp.KeyEvent(kb.ArrowDown), chromedp.Poll[chromedp.Void](`(() => {
		const o = document.querySelector('#site-search-suggest:not([hidden]) [role=option]');
		return window.__suggest.pending === 0 && window.__suggest.last === 'kim sun' && !!o;
	})()`))
	if got := evalAs[[]suggestion](b, readSuggestions); !strings.Contains(got[0].Text, "Kim Sun-young") {
		t.Errorf("arrow down in a box holding %q shows %+v", "kim sun", got)
	}

	// Without JavaScript the box is a plain form: submitting it lands on
	// the search page with the results, best first.
	tab, cancel := chromedp.NewContext(b.ctx)
	defer cancel()
	nojs := b.on(t)
	nojs.ctx = tab
	_, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	b.must(err)
	for _, c := range []struct{ q, first string }{
		{"불시착", "/titles/crash-landing-on-you"}, // Hangul
		{"gisaengchung", "/titles/parasite"},    // romanized Korean
		{"parasyte", "/titles/parasite"},        // a typo
		{"hyeon bin", "/people/hyun-bin"},       // a name in another romanization
	} {
		nojs.open("/")
		nojs.step("search without JavaScript for "+c.q, chromedp.SendKeys(box, c.q),
			nojs.arrive("/search?q="+url.QueryEscape(c.q), pressEnter),
			chromedp.WaitVisible(chromedp.CSS(".search-result a")))
		first := nojs.eval(`document.querySelector('.search-result a').getAttribute('href')`)
		if first != c.first {
			t.Errorf("without JavaScript, the first result for %q is %s, want %s", c.q, first, c.first)
		}
		if v := nojs.eval(`document.getElementById('search-page-q').value`); v != c.q {
			t.Errorf("the search page's box holds %q, want %q", v, c.q)
		}
		if n := evalAs[int](nojs, `document.querySelectorAll('#site-search-suggest').length`); n != 0 {
			t.Error("without JavaScript the page has a suggestion list")
		}
	}
}

// rankingRow is one row of a rankings page.
type rankingRow struct {
	Rank       int
	Slug, Text string
}

const readRanking = `Array.from(document.querySelectorAll('ol.ranking > li')).map(li =>
	({rank: li.value, slug: li.querySelector('a').getAttribute('href').replace('/titles/', ''), text: li.textContent}))`

var rankingValue = map[string]*regexp.Regexp{
	"/rankings":          regexp.MustCompile(`weighted (\d+\.\d+)`),
	"/rankings/popular":  regexp.MustCompile(`(\d+) members? tracking`),
	"/rankings/trending": regexp.MustCompile(`activity (\d+\.\d+)`),
}

// readRankingRows reads the list shown and checks it is in order: ranks
// 1, 2, 3… and the numbers they are ranked by never rising.
func readRankingRows(b *browser, list string) []rankingRow {
	b.t.Helper()
	rows := evalAs[[]rankingRow](b, readRanking)
	last := -1.0
	for i, r := range rows {
		if r.Rank != i+1 {
			b.t.Errorf("%s: row %d is ranked %d", list, i+1, r.Rank)
		}
		m := rankingValue[list].FindStringSubmatch(r.Text)
		if m == nil {
			b.t.Errorf("%s: row %q does not show its number", list, r.Text)
			continue
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		if last >= 0 && v > last {
			b.t.Errorf("%s: %s (%v) ranks below a title with %v", list, r.Slug, v, last)
		}
		last = v
	}
	return rows
}

func rowSlugs(rows []rankingRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Slug)
	}
	return out
}

// rankingFlows reads the three rankings, then narrows them to a genre and
// a country and reloads the address, as someone it was shared with would.
func rankingFlows(b *browser, c *community) {
	t := b.t
	// Rankings are computed in the background; the last seeded rating is
	// there once Iris is ranked.
	b.until("the seeded ratings", "/rankings", `!!document.querySelector('ol.ranking a[href="/titles/iris"]')`)
	b.open("/")
	b.follow("open the rankings from the header", `.site-nav a[href="/rankings"]`, "/rankings")
	if cur := b.text(`nav[aria-label="Rankings"] [aria-current="page"]`); cur != "Top rated" {
		t.Errorf("the current tab reads %q", cur)
	}
	top := readRankingRows(b, "/rankings")
	// Parasite has six ratings, all 9.5 or 10.
	if len(top) == 0 || top[0].Slug != "parasite" || !strings.Contains(top[0].Text, "6 ratings") {
		t.Errorf("top rated: %+v", top)
	}
	for _, tab := range []struct{ path, label string }{{"/rankings/popular", "Most popular"}, {"/rankings/trending", "Trending"}} {
		b.follow("open "+tab.label, `nav[aria-label="Rankings"] a[href="`+tab.path+`"]`, tab.path)
		if h := b.text("h1"); h != tab.label {
			t.Errorf("%s: heading %q", tab.path, h)
		}
		// Crash Landing on You is tracked by most members and has the
		// most activity (ratings, tracking, a review, a discussion).
		if rows := readRankingRows(b, tab.path); len(rows) == 0 || rows[0].Slug != "crash-landing-on-you" {
			t.Errorf("%s: %+v", tab.path, rows)
		}
	}

	// A genre narrows the list, and the tabs keep it.
	b.open("/rankings")
	b.step("choose a genre", chromedp.SetValue(chromedp.CSS(`select[name="genre"]`), "thriller"),
		b.arrive("/rankings?genre=thriller", chromedp.Submit(chromedp.CSS(`select[name="genre"]`))))
	if h := b.text("h1"); h != "Top rated: Thriller" {
		t.Errorf("heading with a genre: %q", h)
	}
	thrillers := readRankingRows(b, "/rankings")
	for _, r := range thrillers {
		if !slices.Contains(c.genres[r.Slug], "thriller") {
			t.Errorf("%s is ranked among thrillers", r.Slug)
		}
	}
	if len(thrillers) == 0 || len(thrillers) >= len(top) || thrillers[0].Slug != "parasite" {
		t.Errorf("top rated thrillers %v, of all %v", rowSlugs(thrillers), rowSlugs(top))
	}
	// Countries too: the thriller from Japan leaves when the country is
	// South Korea.
	b.step("choose a country", chromedp.SetValue(chromedp.CSS(`select[name="country"]`), "KR"),
		b.arrive("/rankings?country=KR&genre=thriller", chromedp.Submit(chromedp.CSS(`select[name="country"]`))))
	korean := readRankingRows(b, "/rankings")
	want := slices.DeleteFunc(rowSlugs(thrillers), func(s string) bool { return !slices.Contains(c.countries[s], "KR") })
	if !slices.Equal(rowSlugs(korean), want) || len(want) == len(thrillers) {
		t.Errorf("top rated Korean thrillers %v, want %v", rowSlugs(korean), want)
	}
	b.follow("switch tab with the filters", `nav[aria-label="Rankings"] a[href^="/rankings/popular"]`, "/rankings/popular?country=KR&genre=thriller")
	shared := b.location()
	popular := readRankingRows(b, "/rankings/popular")
	// The address is all it takes: reloading it shows the same list.
	b.step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if again := readRankingRows(b, "/rankings/popular"); b.location() != shared || !slices.Equal(again, popular) {
		t.Errorf("after reloading %s: %v, before %v", shared, rowSlugs(again), rowSlugs(popular))
	}
	if sel := b.eval(`document.querySelector('select[name="genre"]').value + ' ' + document.querySelector('select[name="country"]').value`); sel != "thriller KR" {
		t.Errorf("the reloaded form shows %q", sel)
	}
}

// browseFlows picks a genre and a sort on the browse page and pages
// through the results.
func browseFlows(b *browser, c *community) {
	t := b.t
	genre := c.pageGenre
	b.open("/rankings?genre=" + genre)
	ranked := rowSlugs(evalAs[[]rankingRow](b, readRanking))

	b.follow("open browse from the header", `.site-nav a[href="/browse"]`, "/browse")
	b.follow("pick a genre", `section[aria-labelledby="facet-genre"] a[href="/browse?genre=`+genre+`"]`, "/browse?genre="+genre)
	// The form sends every field; the server answers with the short
	// address of the selection, which is also the canonical link.
	want := "/browse?genre=" + genre + "&sort=score"
	b.step("sort by score", chromedp.SetValue(chromedp.CSS("#f-sort"), "score"), b.arrive(want, chromedp.Submit(chromedp.CSS("#f-sort"))))
	if canon := b.eval(`document.querySelector('link[rel=canonical]').href`); canon != b.base+want {
		t.Errorf("canonical link %s, want %s", canon, b.base+want)
	}
	readCards := func() []string {
		t.Helper()
		return evalAs[[]string](b, `Array.from(document.querySelectorAll('.browse__results .card__title')).map(a => a.getAttribute('href').replace('/titles/', ''))`)
	}
	first := readCards()
	total := 0
	for _, gs := range c.genres {
		if slices.Contains(gs, genre) {
			total++
		}
	}
	if summary := b.text(".page-head .muted"); !strings.Contains(summary, fmt.Sprintf("%d titles", total)) || !strings.Contains(summary, "page 1 of 2") {
		t.Errorf("the summary reads %q, want %d titles on 2 pages", summary, total)
	}
	// Best rated first, as in the genre's rankings.
	if len(first) < len(ranked) || !slices.Equal(first[:len(ranked)], ranked) {
		t.Errorf("sorted by score, the page starts %v; the genre's top rated are %v", first, ranked)
	}
	next := want + "&page=2"
	if href := b.eval(`document.querySelector('.pager a[rel=next]').getAttribute('href')`); href != next {
		t.Errorf("the next page link is %s, want %s", href, next)
	}
	b.follow("next page", ".pager a[rel=next]", next)
	second := readCards()
	if len(first)+len(second) != total {
		t.Errorf("the pages show %d and %d titles of %d", len(first), len(second), total)
	}
	for _, s := range append(slices.Clone(first), second...) {
		if !slices.Contains(c.genres[s], genre) {
			t.Errorf("%s is listed under %s", s, genre)
		}
		if slices.Contains(first, s) && slices.Contains(second, s) {
			t.Errorf("%s is on both pages", s)
		}
	}
	if sel := b.eval(`document.getElementById('f-sort').value`); sel != "score" {
		t.Errorf("on page 2 the sort reads %q", sel)
	}
	b.step("reload page 2", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if again := readCards(); b.location() != next || !slices.Equal(again, second) {
		t.Errorf("reloading page 2 shows %v, before %v", again, second)
	}
}

// axNode is the accessibility node of an element as Chromium computes it.
func axNode(b *browser, sel string) []*accessibility.Node {
	b.t.Helper()
	nodes, err := chromedp.Run(b.ctx, chromedp.Nodes(chromedp.CSSAll(sel)))
	b.must(err)
	var out []*accessibility.Node
	for _, n := range nodes {
		res, err := chromedp.Call(b.ctx, accessibility.QueryAXTree, accessibility.QueryAXTreeParams{BackendNodeID: n.BackendNodeID})
		b.must(err)
		var self *accessibility.Node
		for _, a := range res.Nodes {
			if a.BackendDOMNodeID == n.BackendNodeID {
				self = a
			}
		}
		out = append(out, self)
	}
	return out
}

func axString(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	var s string
	json.Unmarshal([]byte(v.Value), &s)
	return s
}

// chartBox is what the page says of one chart.
type chartBox struct {
	ID, Labelled string
	Width        float64
	Height       float64
	Visible      bool
}

// oneMany finds "1 categories" and "1 points" in what a chart says.
var oneMany = regexp.MustCompile(`\b1 (categories|points)\b`)

// trendFlows looks at the title page's ranks and audience-trend charts
// once the seeded ratings are in.
func trendFlows(b *browser) {
	t := b.t
	path := "/titles/crash-landing-on-you"
	b.until("the ranks and episode scores", path,
		`!!document.querySelector('#trend-episodes') && /most popular/.test((document.querySelector('.ranks') || {}).textContent || '')`)
	ranks := evalAs[[]string](b, `Array.from(document.querySelectorAll('.ranks a')).map(a => a.textContent + ' ' + a.getAttribute('href'))`)
	if len(ranks) < 2 || !slices.Contains(ranks, "#1 most popular /rankings/popular") || !strings.Contains(ranks[0], "top rated /rankings") {
		t.Errorf("the rank line reads %q", ranks)
	}
	wantCharts := []string{"trend-scores", "trend-months", "trend-status", "trend-episodes", "trend-share"}
	if got := evalAs[[]string](b, `Array.from(document.querySelectorAll('#trends .trend')).map(d => d.id)`); !slices.Equal(got, wantCharts) {
		t.Errorf("trend charts %v, want %v", got, wantCharts)
	}
	charts := evalAs[[]chartBox](b, `Array.from(document.querySelectorAll('#trends svg')).map(s => {
		const r = s.getBoundingClientRect();
		return {id: s.closest('.trend').id, labelled: s.getAttribute('aria-labelledby') || '', width: r.width, height: r.height, visible: s.checkVisibility()};
	})`)
	ax := axNode(b, "#trends svg")
	if len(charts) < len(wantCharts) || len(ax) != len(charts) {
		t.Fatalf("%d charts, %d accessibility nodes", len(charts), len(ax))
	}
	for i, ch := range charts {
		if !ch.Visible || ch.Width < 100 || ch.Height < 50 {
			t.Errorf("chart %s: visible %v, %.0f×%.0f", ch.ID, ch.Visible, ch.Width, ch.Height)
		}
		// Screen readers meet each chart as one image named by its title.
		title := b.eval(`document.querySelectorAll('#trends svg')[` + strconv.Itoa(i) + `].querySelector('title').textContent`)
		if a := ax[i]; a == nil || axString(a.Role) != "image" || !strings.HasPrefix(axString(a.Name), title) || title == "" {
			t.Errorf("chart %s (%q) is exposed as %s %q", ch.ID, title, axString(a.Role), axString(a.Name))
		} else if oneMany.MatchString(axString(a.Name)) {
			t.Errorf("chart %s reads %q", ch.ID, axString(a.Name))
		}
	}
	// Each chart's numbers are a table behind a disclosure, opened from
	// the keyboard.
	for _, id := range wantCharts {
		summary := chromedp.CSS("#" + id + " details > summary")
		table := chromedp.CSS("#" + id + " details table")
		if evalAs[bool](b, `document.querySelector('#`+id+` details table').checkVisibility()`) {
			t.Errorf("%s: the numbers show before they are asked for", id)
		}
		b.step("open the numbers of "+id, chromedp.Focus(summary), pressEnter, chromedp.WaitVisible(table))
		rows := evalAs[int](b, `document.querySelectorAll('#`+id+` details tbody tr').length`)
		head := b.text("#" + id + " details thead")
		if rows == 0 || head == "" {
			t.Errorf("%s: the table has %d rows under %q", id, rows, head)
		}
	}
	// The score table counts every rating: the demo member's, three seeded.
	if n := evalAs[int](b, `Array.from(document.querySelectorAll('#trend-scores tbody tr')).reduce((s, tr) => s + Number(tr.children[1].textContent.replace(/,/g, '')), 0)`); n != 4 {
		t.Errorf("the score table counts %d ratings, want 4", n)
	}

	// Similar titles link to other titles.
	similar := evalAs[[]string](b, `Array.from(document.querySelectorAll('#similar .relation__title a')).map(a => a.getAttribute('href'))`)
	if len(similar) < 3 {
		t.Fatalf("similar titles: %v", similar)
	}
	for i, href := range similar {
		if !strings.HasPrefix(href, "/titles/") || href == path || slices.Contains(similar[:i], href) {
			t.Errorf("similar titles link to %v", similar)
			break
		}
	}
	name := b.text(`#similar .relation__title a`)
	b.follow("follow a similar title", `#similar .relation__title a`, similar[0])
	if h := b.text("h1"); h != name {
		t.Errorf("the similar title %q leads to %q", name, h)
	}
}

// recItem is one of a member's recommendations.
type recItem struct {
	Slug, Because string
}

// recommendationFlows signs in as a seeded member and reads "For you":
// nothing they rated or track, with a reason from their own ratings;
// rating one of them takes it off the list at once.
func recommendationFlows(b *browser, c *community) {
	t := b.t
	b.open("/login")
	b.step("sign in", chromedp.SendKeys(chromedp.CSS("#f-login"), c.member), chromedp.SendKeys(chromedp.CSS("#f-password"), c.password),
		chromedp.Submit(chromedp.CSS("#f-password")), chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/recommendations"]`)))
	b.follow("open For you", `.account-nav a[href="/recommendations"]`, "/recommendations")
	// The first build after the member's ratings makes them personal.
	b.until("recommendations from the member's ratings", "/recommendations", `/Picked from what you rated/.test(document.querySelector('main').textContent)`)
	read := func() []recItem {
		t.Helper()
		return evalAs[[]recItem](b, `Array.from(document.querySelectorAll('.recommendations > li')).map(li => ({
			slug: li.querySelector('.relation__title a').getAttribute('href').replace('/titles/', ''),
			because: ((li.querySelector('.relation__note a') || {getAttribute: () => ''}).getAttribute('href') || '').replace('/titles/', '')}))`)
	}
	recs := read()
	if len(recs) == 0 {
		t.Fatal("no recommendations")
	}
	reasons := 0
	for _, r := range recs {
		if c.tracked[r.Slug] {
			t.Errorf("%s is recommended although %s rated or tracks it", r.Slug, c.member)
		}
		if r.Because != "" {
			reasons++
			if !c.tracked[r.Because] {
				t.Errorf("%s is recommended because of %s, which %s did not rate", r.Slug, r.Because, c.member)
			}
		}
	}
	if reasons == 0 {
		t.Errorf("no recommendation says why: %+v", recs)
	}
	// Rated from its page, a recommendation leaves the list at once.
	gone := recs[0].Slug
	b.follow("open a recommendation", `.recommendations > li .relation__title a`, "/titles/"+gone)
	b.step("rate it", chromedp.SetValue(chromedp.CSS("#rate-score"), "7"),
		b.arrive("/titles/"+gone, chromedp.Submit(chromedp.CSS("#rate-score"))))
	b.open("/recommendations")
	for _, r := range read() {
		if r.Slug == gone {
			t.Errorf("%s is still recommended after %s rated it", gone, c.member)
		}
	}
}
