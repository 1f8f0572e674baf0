package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dramadb/dramadb/internal/database/dbtest"
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

// startBinary builds dramadb without cgo, starts 'serve --demo' on a free
// port with a fresh data folder (or PostgreSQL schema, when databaseURL is
// set) and returns its base URL.
func startBinary(t *testing.T, databaseURL string) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "dramadb")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"))
	cmd.Env = append(os.Environ(), "DRAMADB_DATABASE_URL="+databaseURL)
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
		return m[1]
	case <-time.After(60 * time.Second):
		t.Fatalf("dramadb did not start within 60s\n%s", stderr.String())
	}
	return ""
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

func TestBrowserTitlePage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome := chromiumPath(t)
	t.Run("sqlite", func(t *testing.T) { browseTitlePage(t, chrome, startBinary(t, ""), "sqlite") })
	t.Run("postgres", func(t *testing.T) {
		browseTitlePage(t, chrome, startBinary(t, dbtest.FreshPostgresURL(t)), "postgres")
	})
}

// browseTitlePage opens the demo title page as a person would and checks
// what they see, then follows a cast link and looks at the page on a phone.
func browseTitlePage(t *testing.T, chrome, base, engine string) {
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
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second)
	defer cancelTimeout()

	page := base + "/titles/crash-landing-on-you"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// step runs actions with a time limit of their own; on failure it says
	// which step failed and saves what the browser showed.
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 40*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			if shot, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
				p := filepath.Join(screenshotDir(t), engine+"-failed.png")
				os.WriteFile(p, shot, 0o644)
				t.Logf("the page at the failure: %s", p)
			}
			t.Fatalf("%s: %v", name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		must(err)
		return v
	}
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		must(err)
		return v
	}
	must(chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1"))))
	heading, bodyText := text("h1"), text("body")
	native := eval(`Array.from(document.querySelectorAll('[lang="ko"]')).map(e => e.textContent).join(' | ')`)
	jsonLD := eval(`(document.querySelector('script[type="application/ld+json"]') || {}).textContent || ''`)
	full, err := chromedp.Run(ctx, chromedp.FullScreenshot(85))
	must(err)

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
	step("follow a cast link", chromedp.Click(chromedp.CSS(`a[href="/people/hyun-bin"]`)), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h, body := text("h1"), text("body"); !strings.Contains(h, "Hyun Bin") || !strings.Contains(body, "Crash Landing on You") {
		t.Errorf("person page: h1 %q", h)
	}

	// On a phone-sized screen the page must not scroll sideways.
	step("open the title page on a phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1")))
	if eval(`String(document.documentElement.scrollWidth > window.innerWidth + 1)`) == "true" {
		t.Error("the title page scrolls sideways on a 390px-wide screen")
	}
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	must(err)

	// Join from the header, typing a Hangul username, and come back signed in.
	step("join", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("h1")),
		chromedp.Click(chromedp.CSS(`.account-nav a[href="/signup"]`)), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "리정혁"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "captain@example.com"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "a piano by the river at dusk"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/settings"]`)))
	if nav := text(".account-nav"); !strings.Contains(nav, "리정혁") || !strings.Contains(nav, "Sign out") {
		t.Errorf("after joining, the header shows %q", nav)
	}
	// Rate the title from its page and see the audience score.
	step("rate", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#rate-score")),
		chromedp.SetValue(chromedp.CSS("#rate-score"), "9.5"),
		chromedp.Click(chromedp.CSS(`form.rate button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("#audience")))
	if score := text(".audience__score"); !strings.Contains(score, "9.5") {
		t.Errorf("after rating 9.5 the audience score reads %q", score)
	}
	// Write a review with a spoiler: readers see it hidden until they ask.
	step("write a review", chromedp.Navigate(base+"/titles/crash-landing-on-you/reviews"), chromedp.WaitVisible(chromedp.CSS("#f-headline")),
		chromedp.SetValue(chromedp.CSS("#f-score"), "9"),
		chromedp.SendKeys(chromedp.CSS("#f-headline"), "비 오는 날의 결말"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The captain crosses the line at the border."),
		chromedp.Click(chromedp.CSS(`input[name="spoiler"]`)),
		chromedp.Submit(chromedp.CSS("#f-headline")),
		chromedp.WaitVisible(chromedp.CSS("details.spoiler summary")))
	if open, shown := eval(`String(document.querySelector('details.spoiler').open)`),
		eval(`String(document.querySelector('details.spoiler .review__body').checkVisibility())`); open != "false" || shown != "false" {
		t.Errorf("the spoiler review's body shows before the reader asks (open %s, visible %s)", open, shown)
	}
	step("show the spoiler", chromedp.Click(chromedp.CSS("details.spoiler summary")), chromedp.WaitVisible(chromedp.CSS("details.spoiler .review__body")))
	if body := text("details.spoiler .review__body"); !strings.Contains(body, "crosses the line") {
		t.Errorf("the revealed review reads %q", body)
	}
	step("sign out", chromedp.Click(chromedp.CSS(`.account-nav button`)), chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/login"]`)))

	// A second member joins and replies under the review.
	step("second member joins", chromedp.Navigate(base+"/signup"), chromedp.WaitVisible(chromedp.CSS("#f-username")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "seri"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "seri@example.com"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "the wrong train, the right station"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS(`.account-nav a[href="/settings"]`)))
	step("reply", chromedp.Navigate(base+"/titles/crash-landing-on-you/reviews"), chromedp.WaitVisible(chromedp.CSS(".review h3 a")),
		chromedp.Click(chromedp.CSS(".review h3 a")), chromedp.WaitVisible(chromedp.CSS("#f-comment")),
		chromedp.SendKeys(chromedp.CSS("#f-comment"), "그 장면에서 울었어요."),
		chromedp.Submit(chromedp.CSS("#f-comment")),
		chromedp.WaitVisible(chromedp.CSS(".comment .comment__body")))
	if c := text(".comment"); !strings.Contains(c, "그 장면에서 울었어요.") || !strings.Contains(c, "seri") {
		t.Errorf("the reply reads %q", c)
	}
	if eval(`String(document.querySelector('details.spoiler').open)`) != "false" {
		t.Error("the spoiler is open on the review page before the reader asks")
	}
	// Submitted rather than clicked: a click lands by coordinates, which a
	// late font can move on a busy machine.
	step("mark the review helpful", chromedp.Submit(chromedp.CSS(`.review__actions form`)),
		chromedp.WaitVisible(chromedp.CSS(`.review__actions button[aria-pressed="true"]`)))
	if h := text(".review__helpful"); !strings.Contains(h, "1 member found") {
		t.Errorf("after one helpful vote the review reads %q", h)
	}

	// She starts a discussion, which the title page then lists.
	step("start a discussion", chromedp.Navigate(base+"/titles/crash-landing-on-you/discussions"), chromedp.WaitVisible(chromedp.CSS("#f-topic")),
		chromedp.SendKeys(chromedp.CSS("#f-topic"), "패러글라이딩 장면은 어디서 찍었나요?"),
		chromedp.SendKeys(chromedp.CSS("#f-body"), "The opening flight looks real. Does anyone know the place?"),
		chromedp.Submit(chromedp.CSS("#f-topic")),
		chromedp.WaitVisible(chromedp.CSS("#discussion-h")))
	if h := text("#discussion-h"); !strings.Contains(h, "패러글라이딩") {
		t.Errorf("the new discussion's heading reads %q", h)
	}
	step("see it on the title page", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#discussions")))
	if d := text("#discussions"); !strings.Contains(d, "패러글라이딩 장면은 어디서 찍었나요?") {
		t.Errorf("the title page's discussions read %q", d)
	}
	// On the season page she marks the first episode seen.
	step("mark an episode seen", chromedp.Navigate(base+"/titles/crash-landing-on-you/seasons/1"), chromedp.WaitVisible(chromedp.CSS("#episode-1")),
		chromedp.Click(chromedp.CSS(`#episode-1 button[aria-pressed="false"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#episode-1 button[aria-pressed="true"]`)))
	if p := text(".progress"); !strings.Contains(p, "1 of 16") {
		t.Errorf("after marking one episode the progress reads %q", p)
	}

	dir := screenshotDir(t)
	for name, img := range map[string][]byte{engine + "-title-desktop.jpg": full, engine + "-title-phone.png": phone} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, img, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("screenshot:", p)
	}
	fmt.Fprintln(os.Stderr, "browser test screenshots in", dir)
}
