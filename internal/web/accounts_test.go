package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/database/dbtest"
)

// browser is a client with its own cookie jar that does not follow
// redirects, so tests see each answer.
type browser struct {
	t      *testing.T
	f      *fixture
	client *http.Client
}

func (f *fixture) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, f: f, client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

func (b *browser) do(method, path string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.f.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

func (b *browser) sessionCookie() *http.Cookie {
	u, _ := url.Parse(b.f.srv.URL)
	for _, c := range b.client.Jar.Cookies(u) {
		if c.Name == "dramadb_session" {
			return c
		}
	}
	return nil
}

func TestSignUpLogInLogOut(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		b := f.browser(t)

		_, page := b.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `href="/login"`) || strings.Contains(page, "Sign out") {
			t.Error("a visitor's title page lacks the sign-in link")
		}
		resp, page := b.do("GET", "/signup", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, `name="username"`) {
			t.Fatalf("sign-up page: %d", resp.StatusCode)
		}
		// Bad input: the form comes back with the input and every message.
		resp, page = b.do("POST", "/signup", url.Values{"username": {"세리"}, "email": {"nope"}, "password": {"password1"}})
		if resp.StatusCode != 400 || !strings.Contains(page, `value="세리"`) || !strings.Contains(page, "e-mail address like") ||
			!strings.Contains(page, "most commonly used") || strings.Contains(page, `value="password1"`) {
			t.Fatalf("invalid sign-up: %d\n%s", resp.StatusCode, page)
		}
		resp, _ = b.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"},
			"password": {"the wrong train, the right station"}, "next": {"/titles/crash-landing-on-you"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/titles/crash-landing-on-you" {
			t.Fatalf("sign-up: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		setCookie := resp.Header.Get("Set-Cookie")
		for _, want := range []string{"dramadb_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(setCookie, want) {
				t.Errorf("cookie %q lacks %s", setCookie, want)
			}
		}
		first := b.sessionCookie()

		// The shared title page now carries the member's name, and only theirs.
		_, page = b.do("GET", "/titles/crash-landing-on-you", nil)
		if !strings.Contains(page, `href="/settings">seri<`) || !strings.Contains(page, "Sign out") || strings.Contains(page, `href="/login"`) {
			t.Error("a member's title page lacks their account links")
		}
		_, anon := f.browser(t).do("GET", "/titles/crash-landing-on-you", nil)
		if strings.Contains(anon, "seri<") {
			t.Error("a member's name leaked into a visitor's page")
		}
		resp, page = b.do("GET", "/settings", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "Signed in as") || strings.Contains(page, "seri@example.com") {
			t.Fatalf("settings: %d", resp.StatusCode)
		}

		// Log out: the old session token stops working everywhere.
		resp, _ = b.do("POST", "/logout", url.Values{})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("log-out: %d", resp.StatusCode)
		}
		replay := f.browser(t)
		replay.client.Jar.SetCookies(mustURL(f.srv.URL), []*http.Cookie{{Name: first.Name, Value: first.Value, Path: "/"}})
		if resp, _ := replay.do("GET", "/settings", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a logged-out session still opens settings: %d", resp.StatusCode)
		}

		// Log in again: wrong password first, then right; a new session.
		resp, page = b.do("POST", "/login", url.Values{"login": {"SERI"}, "password": {"wrong"}})
		if resp.StatusCode != 401 || !strings.Contains(page, "wrong") || !strings.Contains(page, `value="SERI"`) {
			t.Errorf("wrong password: %d", resp.StatusCode)
		}
		resp, _ = b.do("POST", "/login", url.Values{"login": {"seri@example.com"}, "password": {"the wrong train, the right station"}, "next": {"//evil.example/"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
			t.Errorf("log-in: %d → %q (an off-site next must not be followed)", resp.StatusCode, resp.Header.Get("Location"))
		}
		if c := b.sessionCookie(); c == nil || c.Value == first.Value {
			t.Error("log-in did not start a new session")
		}
	})
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestPasswordChangeRotatesSessions(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	phone, laptop := f.browser(t), f.browser(t)
	phone.do("POST", "/signup", url.Values{"username": {"jeonghyeok"}, "email": {"ri@example.com"}, "password": {"a piano by the river"}})
	laptop.do("POST", "/login", url.Values{"login": {"jeonghyeok"}, "password": {"a piano by the river"}})
	if resp, _ := laptop.do("GET", "/settings", nil); resp.StatusCode != 200 {
		t.Fatalf("laptop not signed in: %d", resp.StatusCode)
	}
	resp, page := phone.do("POST", "/settings/password", url.Values{"current_password": {"nope"}, "new_password": {"short"}})
	if resp.StatusCode != 400 || !strings.Contains(page, "not your current password") || !strings.Contains(page, "at least 8") {
		t.Fatalf("bad change: %d", resp.StatusCode)
	}
	resp, _ = phone.do("POST", "/settings/password", url.Values{"current_password": {"a piano by the river"}, "new_password": {"switzerland, a lake, a bridge"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", resp.StatusCode)
	}
	if resp, page := phone.do("GET", "/settings?changed=password", nil); resp.StatusCode != 200 || !strings.Contains(page, "has been changed") {
		t.Errorf("the changing device was signed out: %d", resp.StatusCode)
	}
	if resp, _ := laptop.do("GET", "/settings", nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("another device stayed signed in after a password change: %d", resp.StatusCode)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	b := f.browser(t)
	form := url.Values{"username": {"intruder"}, "email": {"x@example.com"}, "password": {"a perfectly fine passphrase"}}
	resp, _ := b.do("POST", "/signup", form, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site sign-up: %d, want 403", resp.StatusCode)
	}
	resp, _ = b.do("POST", "/signup", form, "Origin", "https://evil.example")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-up from another origin: %d, want 403", resp.StatusCode)
	}
	resp, _ = b.do("POST", "/signup", form, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin sign-up: %d", resp.StatusCode)
	}
	// Nothing changes state on GET.
	if resp, _ := b.do("GET", "/logout", nil); resp.StatusCode == http.StatusSeeOther {
		t.Error("GET /logout logs out")
	}
}

func TestLogInIsRateLimited(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	b := f.browser(t)
	b.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})
	limited := false
	for range 12 {
		resp, _ := b.do("POST", "/login", url.Values{"login": {"dan"}, "password": {"guess"}})
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("twelve wrong passwords in a row were not limited")
	}
	// Even the right password waits now.
	if resp, _ := b.do("POST", "/login", url.Values{"login": {"dan"}, "password": {"cello in pyongyang"}}); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password during the lock-out: %d", resp.StatusCode)
	}
}

func TestSettingsNeedsSignIn(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, database.SQLite))
	resp, _ := f.browser(t).do("GET", "/settings", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?next=%2Fsettings" {
		t.Errorf("settings for a visitor: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestProfilesAndPersonalTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		seri, other := f.browser(t), f.browser(t)
		seri.do("POST", "/signup", url.Values{"username": {"seri"}, "email": {"seri@example.com"}, "password": {"the wrong train, the right station"}})
		other.do("POST", "/signup", url.Values{"username": {"dan"}, "email": {"dan@example.com"}, "password": {"cello in pyongyang"}})

		evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
		resp, page := seri.do("POST", "/settings/profile", url.Values{"display_name": {strings.Repeat("가", 51)}, "bio": {"x"}, "public": {"on"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "at most 50") {
			t.Errorf("long display name: %d", resp.StatusCode)
		}
		resp, _ = seri.do("POST", "/settings/profile", url.Values{"display_name": {"윤세리 🪂"}, "bio": {"Fashion CEO.\n\n" + evil}, "public": {"on"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save profile: %d", resp.StatusCode)
		}
		resp, page = other.do("GET", "/members/SERI", nil)
		if resp.StatusCode != 200 || !strings.Contains(page, "윤세리 🪂") || !strings.Contains(page, "Fashion CEO.") ||
			strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") || strings.Contains(page, "seri@example.com") {
			t.Errorf("public profile: %d\n%s", resp.StatusCode, page)
		}
		// Private: others see that it is private, the owner sees it all.
		seri.do("POST", "/settings/profile", url.Values{"display_name": {"윤세리"}, "bio": {"Secret plans."}})
		if _, page := other.do("GET", "/members/seri", nil); strings.Contains(page, "Secret plans.") || !strings.Contains(page, "private") {
			t.Error("a private profile shows its bio to others")
		}
		if _, page := seri.do("GET", "/members/seri", nil); !strings.Contains(page, "Secret plans.") {
			t.Error("a private profile hides its bio from its owner")
		}
		if resp, _ := other.do("GET", "/members/nobody-here", nil); resp.StatusCode != 404 {
			t.Errorf("unknown member: %d", resp.StatusCode)
		}

		// A token is shown once, listed by name afterwards, and revocable.
		resp, page = seri.do("POST", "/settings/tokens", url.Values{"token_name": {"my script"}, "scope": {"write"}})
		if resp.StatusCode != 200 || !strings.Contains(page, "ddb_") || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("create token: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		if resp, _ := seri.do("POST", "/settings/tokens", url.Values{"token_name": {"x"}, "scope": {"everything"}}); resp.StatusCode != 400 {
			t.Errorf("bad scope: %d", resp.StatusCode)
		}
		_, page = seri.do("GET", "/settings", nil)
		if !strings.Contains(page, "my script") || strings.Contains(page, "ddb_") {
			t.Error("the settings page must list the token by name and never show it again")
		}
		i := strings.Index(page, `/settings/tokens/`)
		id := page[i+len("/settings/tokens/") : i+strings.Index(page[i:], "/revoke")]
		if resp, _ := other.do("POST", "/settings/tokens/"+id+"/revoke", url.Values{}); resp.StatusCode != 404 {
			t.Errorf("another member revoked seri's token: %d", resp.StatusCode)
		}
		if resp, _ := seri.do("POST", "/settings/tokens/"+id+"/revoke", url.Values{}); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("revoke: %d", resp.StatusCode)
		}
		if _, page := seri.do("GET", "/settings", nil); strings.Contains(page, "my script") {
			t.Error("a revoked token is still listed")
		}
	})
}

func TestDeleteAccountFromSettingsAndAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		memberToken(t, f, db, "operator", "read") // the first account, an admin
		phone, laptop := f.browser(t), f.browser(t)
		phone.do("POST", "/signup", url.Values{"username": {"윤세리"}, "email": {"seri@example.com"}, "password": {"a paraglider over the border"}})
		laptop.do("POST", "/login", url.Values{"login": {"윤세리"}, "password": {"a paraglider over the border"}})
		phone.do("POST", "/titles/crash-landing-on-you/rating", url.Values{"score": {"9.5"}})
		phone.do("POST", "/titles/crash-landing-on-you/reviews", url.Values{"score": {"9.5"}, "headline": {"Kept after I leave"}, "body": {"Still worth it."}})
		time.Sleep(5 * time.Millisecond)
		f.run(t, scenario{path: "/api/v1/titles/crash-landing-on-you", status: 200, contains: []string{`"count": 1`}})

		// A wrong password re-shows the form with the choice kept.
		resp, page := phone.do("POST", "/settings/delete", url.Values{"posts": {"delete"}, "delete_password": {"wrong"}})
		if resp.StatusCode != 400 || !strings.Contains(page, "not your current password") || !strings.Contains(page, `value="delete" checked`) {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
		resp, _ = phone.do("POST", "/settings/delete", url.Values{"posts": {"anonymize"}, "delete_password": {"a paraglider over the border"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?account=deleted" {
			t.Fatalf("delete: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page := phone.do("GET", "/login?account=deleted", nil); !strings.Contains(page, "has been deleted") {
			t.Error("no word that the account was deleted")
		}
		if resp, _ := laptop.do("GET", "/settings", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("another device stayed signed in after deletion: %d", resp.StatusCode)
		}
		if resp, _ := phone.do("POST", "/login", url.Values{"login": {"윤세리"}, "password": {"a paraglider over the border"}}); resp.StatusCode != 401 {
			t.Errorf("log-in to a deleted account: %d; want 401", resp.StatusCode)
		}
		time.Sleep(5 * time.Millisecond)
		f.run(t, scenario{name: "rating gone from the aggregate", path: "/api/v1/titles/crash-landing-on-you", status: 200, notContains: []string{`"count": 1`}})
		f.run(t, scenario{name: "profile gone", path: "/members/" + url.PathEscape("윤세리"), status: 404})
		f.run(t, scenario{name: "review kept without a name", path: "/titles/crash-landing-on-you/reviews", status: 200,
			contains: []string{"Kept after I leave", "Former member"}, notContains: []string{"윤세리", "/members/~deleted"}})

		dan := memberToken(t, f, db, "dan", "write")
		reader := memberToken(t, f, db, "reader", "read")
		for _, sc := range []scenario{
			{name: "read token", method: "DELETE", path: "/api/v1/me", body: `{"password": "a long enough passphrase", "posts": "delete"}`, token: reader, status: 403},
			{name: "no password", method: "DELETE", path: "/api/v1/me", body: `{"posts": "delete"}`, token: dan, status: 400, contains: []string{`"field": "password"`}},
			{name: "bad choice", method: "DELETE", path: "/api/v1/me", body: `{"password": "a long enough passphrase", "posts": "burn"}`, token: dan, status: 400, contains: []string{`"field": "posts"`}},
			{name: "deleted", method: "DELETE", path: "/api/v1/me", body: `{"password": "a long enough passphrase", "posts": "delete"}`, token: dan, status: 204},
			{name: "token dead at once", method: "PUT", path: "/api/v1/titles/crash-landing-on-you/rating", body: `{"score": 9}`, token: dan, status: 401},
		} {
			t.Run(sc.name, func(t *testing.T) { f.run(t, sc) })
		}
	})
}
