package web

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/dramadb/dramadb/internal/catalog"
)

// The page templates and static assets are compiled into the binary.
//
//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// viewNames lists every view; each is templates/NAME.html and must define
// "content". Start-up fails when one is missing or does not parse.
var viewNames = []string{
	"search",
	"rankings",
	"review-edit",
	"lists",
	"list",
	"home",
	"title",
	"season",
	"person",
	"people",
	"character",
	"browse",
	"error",
	"signup",
	"login",
	"settings",
	"member",
	"reviews",
	"review",
	"replies",
	"recommendations",
	"moderation",
	"moderation-report",
	"discussions",
	"discussion",
	"discussion-edit",
}

// sharedTemplates are parsed into every view: the layout, which defines
// "layout" and calls "head" and "content", and the partials.
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html"}

// views holds the parsed templates, one set per view, and the static assets.
type views struct {
	pages  map[string]*template.Template
	assets *assets
	memo   *pageMemo // rendered title pages
}

// loadViews parses the embedded templates once, at start-up.
// loadViews parses the templates. baseURL ("https://dramadb.example", no
// trailing slash) makes canonical links absolute; empty keeps them relative.
func loadViews(baseURL string) (*views, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	base, err := template.New("layout").Funcs(templateFuncs(a, baseURL)).ParseFS(templateFS, sharedTemplates...)
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	if base.Lookup("layout") == nil {
		return nil, fmt.Errorf("web: templates/layout.html does not define \"layout\"")
	}
	v := &views{pages: make(map[string]*template.Template, len(viewNames)), assets: a, memo: newPageMemo(memoLimit)}
	for _, name := range viewNames {
		file := "templates/" + name + ".html"
		if _, err := fs.Stat(templateFS, file); err != nil {
			return nil, fmt.Errorf("web: view %q: %w", name, err)
		}
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("web: view %q: %w", name, err)
		}
		if t, err = t.ParseFS(templateFS, file); err != nil {
			return nil, fmt.Errorf("web: view %q: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("web: view %q does not define \"content\"", name)
		}
		v.pages[name] = t
	}
	// Refuse template files that no view declares, so a page is not added
	// and then silently never served.
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, ok := v.pages[name]; !ok && name != "layout" && name != "partials" {
			return nil, fmt.Errorf("web: template %s is not a declared view", f)
		}
	}
	return v, nil
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func getBuf() *bytes.Buffer {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	return buf
}

func putBuf(buf *bytes.Buffer) {
	if buf.Cap() <= 1<<20 { // do not keep rare huge pages alive
		bufPool.Put(buf)
	}
}

// execute renders a view inside the layout into buf. A template error is
// logged and answered with a 500 page; execute then reports false.
func (s *Server) execute(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer, view string, data any) bool {
	t := s.views.pages[view]
	if t == nil {
		s.log.Error("render: unknown view", "view", view, "path", r.URL.Path)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return false
	}
	if err := t.Execute(buf, data); err != nil {
		s.log.Error("render: template failed", "view", view, "path", r.URL.Path, "err", err)
		if view != "error" {
			s.render(w, r, http.StatusInternalServerError, "error", errorPage{
				Status:  http.StatusInternalServerError,
				Heading: "Something went wrong",
				Message: "This page could not be shown. The problem has been logged; please try again later.",
			})
			return false
		}
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return false
	}
	return true
}

// render executes a view inside the layout and writes it with status. The
// page is rendered into a pooled buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, view string, data any) {
	buf := getBuf()
	defer putBuf(buf)
	if !s.execute(w, r, buf, view, data) {
		return
	}
	body, _ := fillSlots(buf.Bytes(), s.slotFiller(r))
	writeHTML(w, r, status, body, "")
}

// writeHTML writes a rendered page.
func writeHTML(w http.ResponseWriter, r *http.Request, status int, body []byte, etag string) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if etag != "" {
		h.Set("ETag", etag)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// renderMemo serves a page that is a pure function of src, an immutable
// value shared by the catalog service's read cache (such as the *Title it
// returns, which it replaces with a new one after any write). The page
// rendered from src is kept under key and served again, with an ETag, for
// as long as the service hands out the same src; build makes the view data
// on a miss.
func (s *Server) renderMemo(w http.ResponseWriter, r *http.Request, key string, src any, view string, build func() any) {
	p := s.views.memo.get(key, src)
	if p == nil {
		buf := getBuf()
		defer putBuf(buf)
		if !s.execute(w, r, buf, view, build()) {
			return
		}
		p = s.views.memo.put(key, src, buf.Bytes())
	}
	serveMemo(w, r, p, "text/html; charset=utf-8", s.slotFiller(r))
}

// serveMemo answers with a kept page or document: 304 when the client
// already has it, gzip-compressed when the client accepts that.
// fill fills the page's slots for the request's member.
func serveMemo(w http.ResponseWriter, r *http.Request, p *memoPage, ctype string, fill func(kind, arg string) []byte) {
	h := w.Header()
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Cookie")
	body, etag := p.body, p.etag
	if p.gz != nil {
		h.Add("Vary", "Accept-Encoding")
	}
	if currentUser(r) != nil && len(p.slots) > 0 {
		// A member's copy carries their name: made per request, not kept.
		body, etag = refill(p.body, p.slots, fill), ""
		h.Set("Cache-Control", "private, no-cache")
		if acceptsGzip(r) && len(body) > 1024 {
			body = gzipBytes(body)
			h.Set("Content-Encoding", "gzip")
		}
	} else if p.gz != nil && acceptsGzip(r) {
		body, etag = p.gz, p.gzEtag
		h.Set("Content-Encoding", "gzip")
	}
	if etag == "" {
		h.Set("Content-Type", ctype)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
		return
	}
	h.Set("ETag", etag)
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	if header == "*" {
		return true
	}
	for part := range strings.SplitSeq(header, ",") {
		part = strings.TrimSpace(part)
		part = strings.TrimPrefix(part, "W/")
		if part == etag {
			return true
		}
	}
	return false
}

// pageMemo holds rendered pages, each with the value it was rendered from.
type pageMemo struct {
	mu      sync.Mutex
	limit   int
	entries map[string]*memoPage
}

type memoPage struct {
	src    any // compared by identity: a pointer
	body   []byte
	etag   string
	gz     []byte // body compressed once, for clients that accept gzip
	gzEtag string
	// body holds a visitor's filling of each slot, refilled for members.
	slots []slot
}

// memoLimit bounds the memo: a long title page is about 50 kB, and each
// entry also keeps the title it was rendered from alive.
const memoLimit = 256

func newPageMemo(limit int) *pageMemo {
	return &pageMemo{limit: limit, entries: make(map[string]*memoPage)}
}

func (m *pageMemo) get(key string, src any) *memoPage {
	m.mu.Lock()
	p := m.entries[key]
	m.mu.Unlock()
	if p != nil && p.src == src {
		return p
	}
	return nil
}

func (m *pageMemo) put(key string, src any, body []byte) *memoPage {
	p := &memoPage{src: src}
	body, p.slots = fillSlots(body, visitorSlot)
	if p.slots == nil {
		body = bytes.Clone(body)
	}
	h := fnv.New64a()
	h.Write(body)
	sum := strconv.FormatUint(h.Sum64(), 36)
	p.body, p.etag = body, `"`+sum+`"`
	if len(body) > 1024 {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.DefaultCompression)
		zw.Write(body)
		zw.Close()
		p.gz, p.gzEtag = b.Bytes(), `"`+sum+`-gz"`
	}
	m.mu.Lock()
	if _, ok := m.entries[key]; !ok && len(m.entries) >= m.limit {
		for k := range m.entries { // map order is random: evict one at random
			delete(m.entries, k)
			break
		}
	}
	m.entries[key] = p
	m.mu.Unlock()
	return p
}

// templateFuncs are the helpers templates may call. Each is a plain
// function of strings and numbers: no reflection, no allocation beyond the
// result.
func templateFuncs(a *assets, baseURL string) template.FuncMap {
	return template.FuncMap{
		"asset":   a.url,
		"absURL":  func(path string) string { return baseURL + path },
		"fieldOf": fieldOf,
		// idAs gives a field another element id, for a page with two forms.
		"idAs": func(id string, f formField) formField { f.ID = id; return f },
		// scores are the choices of a review's score selects, 10 down to 0.5.
		"scores":         func() []string { return scoreOptions },
		"subScoreFields": func() []subScoreField { return subScoreFields },
		// once is a fresh value for a form, so sending it twice is noticed.
		"once": func() string {
			var b [12]byte
			rand.Read(b[:])
			return hex.EncodeToString(b[:])
		},
		// slot marks a per-member part of a page; see fillSlots.
		"slot":     slotMarker,
		"hasBase":  func() bool { return baseURL != "" },
		"country":  countryName,
		"language": languageName,
		"langs":    joinLanguages,
		"script":   scriptName,
		"date":     formatDate,
		"day":      formatDay,
		"runtime":  formatRuntime,
		"share":    formatShare,
		"plural":   plural,
		"native":   nativeHTML,
		"ko":       func(s string) template.HTML { return nativeHTML(s, "ko") },
		"tint":     tint,
		"initial":  initial,
		"paras":    paragraphs,
		"excerpt":  excerpt,
		"add":      func(a, b int) int { return a + b },
		// reportOf names a post for the "report" partial.
		"reportOf": func(kind string, id int64) reportTarget { return reportTarget{Kind: kind, ID: id} },
		"kind":     func(c string) string { return label(kindLabels, c) },
		"status":   func(c string) string { return label(statusLabels, c) },
		"nameType": func(c string) string { return label(nameTypeLabels, c) },
		"romanization": func(c string) string {
			return label(romanizationLabels, c)
		},
		"networkRole":  func(c string) string { return label(networkRoleLabels, c) },
		"site":         func(c string) string { return label(siteLabels, c) },
		"offer":        func(c string) string { return label(offerLabels, c) },
		"role":         func(c string) string { return label(roleShort, c) },
		"dept":         func(c string) string { return label(departmentLabels, c) },
		"relation":     func(c string) string { return label(relationLabels, c) },
		"dayName":      dayName,
		"hasSystem":    hasSystem,
		"episodeRef":   episodeRef,
		"episodeRows":  episodeRowsHTML,
		"castItems":    castHTML,
		"relatedItems": relatedHTML,
	}
}

// episodeRef names where a quote was said: "Episode 3" or "Season 2,
// episode 3".
func episodeRef(season, episode int) string {
	switch {
	case episode == 0:
		if season > 0 {
			return "Season " + strconv.Itoa(season)
		}
		return ""
	case season > 1:
		return "Season " + strconv.Itoa(season) + ", episode " + strconv.Itoa(episode)
	}
	return "Episode " + strconv.Itoa(episode)
}

// assets are the embedded static files, each known by its plain name
// ("site.css") and served under a name carrying a hash of its content
// ("site.3fa2c1d9.css"), which may then be cached forever.
type assets struct {
	byName   map[string]*asset // plain name → asset
	byHashed map[string]*asset // hashed name → asset
}

type asset struct {
	url   string // /static/site.3fa2c1d9.css
	ctype string
	etag  string
	body  []byte
	gz    []byte // gzip-compressed body, when it is worth it
}

func loadAssets() (*assets, error) {
	a := &assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:10]
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hash + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = http.DetectContentType(body)
		}
		if strings.HasPrefix(ctype, "text/") && !strings.Contains(ctype, "charset") {
			ctype += "; charset=utf-8"
		}
		as := &asset{url: "/static/" + hashed, ctype: ctype, etag: `"` + hash + `"`, body: body}
		if compressible(ctype) && len(body) > 512 {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
			zw.Write(body)
			zw.Close()
			if b.Len() < len(body)*9/10 {
				as.gz = b.Bytes()
			}
		}
		a.byName[name] = as
		a.byHashed[hashed] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: load static assets: %w", err)
	}
	return a, nil
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "json")
}

// url returns the cache-forever URL of a static file. An unknown name is a
// template bug; it panics so the page fails loudly in development and
// render turns it into a logged 500.
func (a *assets) url(name string) string {
	if as, ok := a.byName[name]; ok {
		return as.url
	}
	panic("web: unknown static asset " + strconv.Quote(name))
}

// staticHandler serves the embedded assets. Hashed names are immutable and
// cached for a year; plain names (for hand-written links) are revalidated.
// It accepts paths with or without the /static/ prefix.
func (s *Server) staticHandler() http.Handler {
	a := s.views.assets
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/")
		name = strings.TrimPrefix(name, "static/")
		as, immutable := a.byHashed[name]
		if !immutable {
			as = a.byName[name]
		}
		if as == nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", as.ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("ETag", as.etag)
		if immutable {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "public, max-age=300")
		}
		if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, as.etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		body := as.body
		if as.gz != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r) {
				h.Set("Content-Encoding", "gzip")
				body = as.gz
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(body)
		}
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				params = strings.ReplaceAll(params, " ", "")
				return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
			}
		}
	}
	return false
}

// Long, repetitive lists on the title page (episode rows, cast credits) are
// written by the small functions below instead of by template actions:
// html/template spends most of a page's time on per-action reflection and
// escaping, and a 100-episode daily drama would otherwise cost thousands of
// actions. Everything they write is escaped here, by appendEscaped.

// htmlWriter builds escaped HTML.
type htmlWriter struct{ b []byte }

func (h *htmlWriter) raw(s string)  { h.b = append(h.b, s...) }
func (h *htmlWriter) text(s string) { h.b = appendEscaped(h.b, s) }
func (h *htmlWriter) int(n int)     { h.b = strconv.AppendInt(h.b, int64(n), 10) }

// pathSegment writes a slug as an escaped URL path segment.
func (h *htmlWriter) pathSegment(s string) { h.b = appendEscaped(h.b, url.PathEscape(s)) }

func (h *htmlWriter) html() template.HTML { return template.HTML(h.b) }

// appendEscaped escapes text for HTML element content and quoted attribute
// values, as html/template does.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case 0:
			esc = "\uFFFD"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// episodeRowsHTML writes the <tr> rows of a season's episode table.
func episodeRowsHTML(s seasonSummary, lang string) template.HTML {
	h := htmlWriter{b: make([]byte, 0, 256*len(s.Episodes))}
	for i := range s.Episodes {
		e := &s.Episodes[i]
		h.raw("\n<tr><td class=\"num\">")
		h.int(e.Number)
		h.raw("</td><td>")
		if e.Name != "" {
			h.raw(string(nativeHTML(e.Name, lang)))
		} else {
			h.raw("Episode ")
			h.int(e.Number)
		}
		h.raw("</td><td class=\"nowrap\">")
		if e.AirDate != "" {
			h.raw(`<time datetime="`)
			h.text(e.AirDate)
			h.raw(`">`)
			h.text(formatDay(e.AirDate))
			h.raw("</time>")
		} else {
			h.raw(`<span class="muted">—</span>`)
		}
		h.raw("</td>")
		if s.HasRuntime {
			h.raw(`<td class="num nowrap col-runtime">`)
			if e.Runtime > 0 {
				h.text(formatRuntime(e.Runtime))
			} else {
				h.raw(`<span class="muted">—</span>`)
			}
			h.raw("</td>")
		}
		if s.HasShare {
			h.raw(`<td class="num nowrap share`)
			if e.Highest {
				h.raw(" share--high")
			}
			if e.Lowest {
				h.raw(" share--low")
			}
			h.raw(`">`)
			if e.AudienceShare != nil {
				h.text(formatShare(e.AudienceShare))
			} else {
				h.raw(`<span class="muted">—</span>`)
			}
			if e.Highest {
				h.raw(`<span class="share__mark" aria-hidden="true">▲</span><span class="vh"> (highest)</span>`)
			}
			if e.Lowest {
				h.raw(`<span class="share__mark" aria-hidden="true">▼</span><span class="vh"> (lowest)</span>`)
			}
			h.raw("</td>")
		}
		h.raw("</tr>")
	}
	return h.html()
}

// castHTML writes the <li> items of a group of cast credits.
func castHTML(credits []catalog.CastCredit, lang string) template.HTML {
	h := htmlWriter{b: make([]byte, 0, 512*len(credits))}
	for i := range credits {
		c := &credits[i]
		name := c.PersonName
		if name == "" {
			name = c.Person
		}
		h.raw("\n<li class=\"credit\"><span class=\"avatar\" data-tint=\"")
		h.int(tint(c.Person))
		h.raw(`" aria-hidden="true">`)
		h.raw(string(nativeHTML(initial(c.PersonNativeName, name), lang)))
		h.raw(`</span><div class="credit__body"><a class="credit__name" href="/people/`)
		h.pathSegment(c.Person)
		h.raw(`">`)
		h.text(name)
		h.raw("</a>")
		if c.PersonNativeName != "" {
			h.raw(` <span class="credit__native">`)
			h.raw(string(nativeHTML(c.PersonNativeName, lang)))
			h.raw("</span>")
		}
		h.raw(`<p class="credit__role">`)
		switch {
		case c.Character != "" || c.CharacterName != "":
			h.raw("as ")
			charName := c.CharacterName
			if charName == "" {
				charName = c.Character
			}
			if c.Character != "" {
				h.raw(`<a href="/characters/`)
				h.pathSegment(c.Character)
				h.raw(`">`)
				h.text(charName)
				h.raw("</a>")
			} else {
				h.text(charName)
			}
			if c.CharacterNative != "" {
				h.raw(` <span class="credit__native">`)
				h.raw(string(nativeHTML(c.CharacterNative, lang)))
				h.raw("</span>")
			}
		default:
			h.raw(`<span class="muted">Role not specified</span>`)
		}
		h.raw("</p>")
		if c.Note != "" {
			h.raw(`<p class="credit__note">`)
			h.text(c.Note)
			h.raw("</p>")
		}
		h.raw("</div></li>")
	}
	return h.html()
}

// relatedHTML writes the <li> items of a list of related titles.
func relatedHTML(rels []catalog.Relation) template.HTML {
	h := htmlWriter{b: make([]byte, 0, 600*len(rels))}
	for i := range rels {
		rel := &rels[i]
		ref := rel.Ref
		if ref == nil { // the other title is not in the catalog (yet)
			ref = &catalog.TitleRef{Slug: rel.Title, Name: rel.Title}
		}
		h.raw("\n<li class=\"relation\"><span class=\"poster poster--tiny\" data-tint=\"")
		h.int(tint(ref.Slug))
		h.raw(`" aria-hidden="true"><span class="poster__glyph">`)
		h.raw(string(nativeHTML(initial(ref.NativeName, ref.Name), "ko")))
		h.raw(`</span></span><div class="relation__body"><p class="relation__title">`)
		if rel.Relation != catalog.RelRecommendation {
			h.raw(`<span class="relation__kind">`)
			h.text(label(relationLabels, rel.Relation))
			h.raw("</span> ")
		}
		h.raw(`<a href="/titles/`)
		h.pathSegment(ref.Slug)
		h.raw(`">`)
		h.text(ref.Name)
		h.raw("</a>")
		if ref.NativeName != "" {
			h.raw(` <span class="credit__native">`)
			h.raw(string(nativeHTML(ref.NativeName, "ko")))
			h.raw("</span>")
		}
		h.raw("</p>")
		if rel.Ref != nil {
			h.raw(`<p class="muted">`)
			if ref.Year > 0 {
				h.int(ref.Year)
				h.raw(" · ")
			}
			h.text(label(kindLabels, ref.Kind))
			h.raw("</p>")
		}
		if rel.Note != "" {
			h.raw(`<p class="relation__note">`)
			h.text(rel.Note)
			h.raw("</p>")
		}
		h.raw("</div></li>")
	}
	return h.html()
}
