// Package web serves dramadb over HTTP: the server-rendered pages and the
// JSON API under /api/v1, both on top of the same catalog service.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/account"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/comment"
	"github.com/dramadb/dramadb/internal/discussion"
	"github.com/dramadb/dramadb/internal/list"
	"github.com/dramadb/dramadb/internal/moderation"
	"github.com/dramadb/dramadb/internal/profile"
	"github.com/dramadb/dramadb/internal/ranking"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/recommend"
	"github.com/dramadb/dramadb/internal/review"
	"github.com/dramadb/dramadb/internal/search"
	"github.com/dramadb/dramadb/internal/trend"
	"github.com/dramadb/dramadb/internal/watch"
)

// Config holds what the server needs.
type Config struct {
	Catalog  *catalog.Service
	Accounts *account.Service
	Ratings  *rating.Service
	Reviews  *review.Service
	Watch    *watch.Service
	Lists    *list.Service
	Profiles *profile.Service
	// Moderation, when set, takes members' reports and serves the
	// moderators' queue.
	Moderation *moderation.Service
	Tokens     *auth.Tokens
	Log        *slog.Logger
	// Ping checks the database for /healthz.
	Ping func(ctx context.Context) error
	// BaseURL is the public address, like https://dramadb.example; when set,
	// canonical links and og:url are absolute.
	BaseURL string

	// Comments serves threads under reviews and discussions; the review
	// service must be registered with it as the parent of kind "review".
	Comments    *comment.Service
	Discussions *discussion.Service
	// Search answers the search box, /search and /api/v1/search.
	Search *search.Service
	// Recommend serves similar titles and members' recommendations.
	Recommend *recommend.Service
	// Rankings, when set, serves /rankings, the rankings API, browse by
	// score and popularity, and the title page's ranks.
	Rankings *ranking.Service
	// Trends reads ratings over time and episode scores for the title
	// page's audience trends.
	Trends *trend.Service
}

// Server is the HTTP handler for pages and API.
type Server struct {
	catalog    *catalog.Service
	accounts   *account.Service
	ratings    *rating.Service
	reviews    *review.Service
	watch      *watch.Service
	moderation *moderation.Service
	lists      *list.Service
	profiles   *profile.Service
	comments   *comment.Service
	// discussions needs comments: a discussion is read with its thread.
	discussions *discussion.Service
	search      *search.Service
	recommend   *recommend.Service
	rankings    *ranking.Service
	trends      *trend.Service
	// log-in attempts per client address and per account
	loginsByIP, loginsByAccount *limiter
	tokens                      *auth.Tokens
	log                         *slog.Logger
	ping                        func(ctx context.Context) error
	views                       *views
	handler                     http.Handler
}

// New builds the server and its routes; it fails if a template is broken.
func New(cfg Config) (*Server, error) {
	base, err := normalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	v, err := loadViews(base)
	if err != nil {
		return nil, err
	}
	s := &Server{catalog: cfg.Catalog, accounts: cfg.Accounts, ratings: cfg.Ratings, reviews: cfg.Reviews, watch: cfg.Watch, moderation: cfg.Moderation, lists: cfg.Lists, profiles: cfg.Profiles, comments: cfg.Comments, discussions: cfg.Discussions, search: cfg.Search, recommend: cfg.Recommend, rankings: cfg.Rankings, tokens: cfg.Tokens, log: cfg.Log, ping: cfg.Ping, views: v,
		loginsByIP: newLimiter(50, 15*time.Minute), loginsByAccount: newLimiter(10, 15*time.Minute)}
	s.trends = cfg.Trends
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.comments == nil {
		s.discussions = nil
	}
	// Browsers say where a request comes from; a state-changing request
	// from another site is refused with 403. API clients send no such
	// headers and authenticate with tokens instead of cookies.
	csrf := http.NewCrossOriginProtection()
	s.handler = s.middleware(csrf.Handler(s.withUser(s.routes())))
	return s, nil
}

// normalizeBaseURL checks a public base URL and drops a trailing slash.
func normalizeBaseURL(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q: want an absolute http or https URL such as https://dramadb.example", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routes lists every route; pages first, then the JSON API.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.homePage)
	mux.HandleFunc("GET /titles/{slug}", s.titlePage)
	mux.HandleFunc("GET /titles/{slug}/seasons/{n}", s.seasonPage)
	mux.HandleFunc("GET /people", s.peoplePage)
	mux.HandleFunc("GET /people/{slug}", s.personPage)
	mux.HandleFunc("GET /characters/{slug}", s.characterPage)
	mux.HandleFunc("GET /browse", s.browsePage)
	if s.search != nil {
		mux.HandleFunc("GET /search", s.searchPage)
	}
	if s.rankings != nil {
		mux.HandleFunc("GET /rankings", s.rankingsPage(ranking.Top))
		mux.HandleFunc("GET /rankings/popular", s.rankingsPage(ranking.Popular))
		mux.HandleFunc("GET /rankings/trending", s.rankingsPage(ranking.Trending))
		mux.HandleFunc("GET /api/v1/rankings", s.apiRankings)
	}
	if s.accounts != nil {
		mux.HandleFunc("GET /signup", s.signupPage)
		mux.HandleFunc("POST /signup", s.signup)
		mux.HandleFunc("GET /login", s.loginPage)
		mux.HandleFunc("POST /login", s.login)
		mux.HandleFunc("POST /logout", s.logout)
		mux.HandleFunc("GET /settings", requireUser(s.settingsPage))
		mux.HandleFunc("POST /settings/password", requireUser(s.changePassword))
		mux.HandleFunc("POST /settings/profile", requireUser(s.saveProfile))
		mux.HandleFunc("POST /settings/tokens", requireUser(s.createToken))
		mux.HandleFunc("POST /settings/tokens/{id}/revoke", requireUser(s.revokeToken))
		mux.HandleFunc("POST /settings/delete", requireUser(s.deleteAccount))
		mux.HandleFunc("GET /members/{username}", s.memberPage)
		if s.ratings != nil {
			mux.HandleFunc("POST /titles/{slug}/rating", requireUser(s.ratePage))
			mux.HandleFunc("POST /titles/{slug}/seasons/{n}/rating", requireUser(s.rateSeasonPage))
			mux.HandleFunc("POST /titles/{slug}/seasons/{n}/episodes/{e}/rating", requireUser(s.rateSeasonPage))
		}
		if s.watch != nil {
			mux.HandleFunc("POST /titles/{slug}/watch", requireUser(s.watchPage))
			mux.HandleFunc("POST /titles/{slug}/seasons/{n}/seen", requireUser(s.seenPage))
			mux.HandleFunc("POST /titles/{slug}/seasons/{n}/episodes/{e}/seen", requireUser(s.seenPage))
		}
		if s.lists != nil {
			mux.HandleFunc("GET /members/{username}/lists", s.memberListsPage)
			mux.HandleFunc("POST /lists", requireUser(s.createListPage))
			mux.HandleFunc("GET /lists/{id}", s.listPage)
			mux.HandleFunc("POST /lists/{id}", requireUser(s.editListPage))
			mux.HandleFunc("POST /titles/{slug}/lists", requireUser(s.addToListPage))
		}
		if s.reviews != nil {
			mux.HandleFunc("GET /titles/{slug}/reviews", s.reviewsPage)
			mux.HandleFunc("POST /titles/{slug}/reviews", requireUser(s.postReview))
			mux.HandleFunc("GET /reviews/{id}", s.reviewPage)
			mux.HandleFunc("GET /titles/{slug}/seasons/{n}/reviews", s.reviewsPage)
			mux.HandleFunc("POST /titles/{slug}/seasons/{n}/reviews", requireUser(s.postReview))
			mux.HandleFunc("GET /reviews/{id}/edit", requireUser(s.editReviewPage))
			mux.HandleFunc("POST /reviews/{id}/edit", requireUser(s.editReview))
			mux.HandleFunc("POST /reviews/{id}/delete", requireUser(s.deleteReview))
			mux.HandleFunc("POST /reviews/{id}/helpful", requireUser(s.voteReview))
			mux.HandleFunc("POST /titles/{slug}/critic-reviews", s.requireAdmin(s.postCriticReview))
			mux.HandleFunc("POST /critic-reviews/{id}/delete", s.requireAdmin(s.deleteCriticReview))
			if s.comments != nil {
				mux.HandleFunc("POST /reviews/{id}/comments", requireUser(s.postComment(comment.OnReview)))
			}
		}
		if s.discussions != nil {
			mux.HandleFunc("GET /discussions", s.boardPage)
			mux.HandleFunc("POST /discussions", requireUser(s.postDiscussion))
			mux.HandleFunc("GET /titles/{slug}/discussions", s.titleDiscussionsPage)
			mux.HandleFunc("POST /titles/{slug}/discussions", requireUser(s.postDiscussion))
			mux.HandleFunc("GET /discussions/{id}", s.discussionPage)
			mux.HandleFunc("GET /discussions/{id}/edit", requireUser(s.editDiscussionPage))
			mux.HandleFunc("POST /discussions/{id}/edit", requireUser(s.editDiscussion))
			mux.HandleFunc("POST /discussions/{id}/delete", requireUser(s.deleteDiscussion))
			mux.HandleFunc("POST /discussions/{id}/flags", requireUser(s.flagDiscussion))
			mux.HandleFunc("POST /discussions/{id}/comments", requireUser(s.postComment(comment.OnDiscussion)))
		}
		if s.comments != nil {
			mux.HandleFunc("POST /comments/{id}/edit", requireUser(s.editComment))
			mux.HandleFunc("POST /comments/{id}/delete", requireUser(s.deleteComment))
			mux.HandleFunc("GET /replies", requireUser(s.repliesPage))
		}
		if s.recommend != nil {
			mux.HandleFunc("GET /recommendations", requireUser(s.recommendationsPage))
		}
		if s.moderation != nil {
			mux.HandleFunc("POST /reports", s.postReport)
			mux.HandleFunc("GET /moderation", s.requireModerator(s.moderationPage))
			mux.HandleFunc("POST /moderation/{id}/decision", s.requireModerator(s.moderationDecide))
		}
	}
	mux.Handle("GET /static/", s.staticHandler())
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.views.assets.url("favicon.svg"), http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("/", s.notFoundPage)

	if s.search != nil {
		mux.HandleFunc("GET /api/v1/search", s.apiSearch)
		mux.HandleFunc("GET /api/v1/search/suggest", s.apiSuggest)
	}
	mux.HandleFunc("GET /api/v1/titles", s.apiListTitles)
	mux.HandleFunc("POST /api/v1/titles", s.admin(s.apiCreateTitle))
	mux.HandleFunc("GET /api/v1/titles/{slug}", s.apiGetTitle)
	mux.HandleFunc("PUT /api/v1/titles/{slug}", s.admin(s.apiUpdateTitle))
	mux.HandleFunc("DELETE /api/v1/titles/{slug}", s.admin(s.apiDeleteTitle))
	mux.HandleFunc("GET /api/v1/titles/{slug}/trends", s.apiTitleTrends)
	mux.HandleFunc("GET /api/v1/titles/{slug}/seasons/{n}", s.apiGetSeason)
	mux.HandleFunc("PUT /api/v1/titles/{slug}/seasons/{n}", s.admin(s.apiPutSeason))
	mux.HandleFunc("DELETE /api/v1/titles/{slug}/seasons/{n}", s.admin(s.apiDeleteSeason))
	mux.HandleFunc("GET /api/v1/people", s.apiListPeople)
	mux.HandleFunc("POST /api/v1/people", s.admin(s.apiCreatePerson))
	mux.HandleFunc("GET /api/v1/people/{slug}", s.apiGetPerson)
	mux.HandleFunc("PUT /api/v1/people/{slug}", s.admin(s.apiUpdatePerson))
	mux.HandleFunc("DELETE /api/v1/people/{slug}", s.admin(s.apiDeletePerson))
	if s.ratings != nil {
		for _, base := range []string{"/api/v1/titles/{slug}", "/api/v1/titles/{slug}/seasons/{n}", "/api/v1/titles/{slug}/seasons/{n}/episodes/{e}"} {
			mux.HandleFunc("GET "+base+"/rating", s.memberAPI(false, s.apiGetRating))
			mux.HandleFunc("PUT "+base+"/rating", s.memberAPI(true, s.apiPutRating))
			mux.HandleFunc("DELETE "+base+"/rating", s.memberAPI(true, s.apiDeleteRating))
		}
	}
	if s.accounts != nil {
		mux.HandleFunc("DELETE /api/v1/me", s.memberAPI(true, s.apiDeleteMe))
	}
	if s.recommend != nil {
		mux.HandleFunc("GET /api/v1/titles/{slug}/similar", s.apiSimilar)
		if s.accounts != nil {
			mux.HandleFunc("GET /api/v1/me/recommendations", s.memberAPI(false, s.apiMyRecommendations))
		}
	}
	if s.watch != nil {
		mux.HandleFunc("GET /api/v1/titles/{slug}/watch", s.memberAPI(false, s.apiGetWatch))
		mux.HandleFunc("PUT /api/v1/titles/{slug}/watch", s.memberAPI(true, s.apiPutWatch))
		mux.HandleFunc("DELETE /api/v1/titles/{slug}/watch", s.memberAPI(true, s.apiDeleteWatch))
		mux.HandleFunc("GET /api/v1/titles/{slug}/progress", s.memberAPI(false, s.apiGetProgress))
		for _, base := range []string{"/api/v1/titles/{slug}/seasons/{n}", "/api/v1/titles/{slug}/seasons/{n}/episodes/{e}"} {
			mux.HandleFunc("PUT "+base+"/seen", s.memberAPI(true, s.apiSeen(true)))
			mux.HandleFunc("DELETE "+base+"/seen", s.memberAPI(true, s.apiSeen(false)))
		}
	}
	if s.lists != nil && s.accounts != nil {
		mux.HandleFunc("GET /api/v1/me/lists", s.memberAPI(false, s.apiMyLists))
		mux.HandleFunc("POST /api/v1/me/lists", s.memberAPI(true, s.apiCreateList))
		mux.HandleFunc("GET /api/v1/lists/{id}", s.apiGetList)
		mux.HandleFunc("PUT /api/v1/lists/{id}", s.memberAPI(true, s.apiUpdateList))
		mux.HandleFunc("DELETE /api/v1/lists/{id}", s.memberAPI(true, s.apiDeleteList))
		mux.HandleFunc("POST /api/v1/lists/{id}/entries", s.memberAPI(true, s.apiAddListEntry))
		mux.HandleFunc("PUT /api/v1/lists/{id}/entries/{title}", s.memberAPI(true, s.apiPutListEntry))
		mux.HandleFunc("DELETE /api/v1/lists/{id}/entries/{title}", s.memberAPI(true, s.apiDeleteListEntry))
		mux.HandleFunc("GET /api/v1/members/{username}/lists", s.apiMemberLists)
	}
	if s.profiles != nil && s.accounts != nil {
		mux.HandleFunc("GET /api/v1/members/{username}", s.apiMember)
	}
	if s.reviews != nil {
		for _, base := range []string{"/api/v1/titles/{slug}", "/api/v1/titles/{slug}/seasons/{n}"} {
			mux.HandleFunc("GET "+base+"/reviews", s.apiListReviews)
			mux.HandleFunc("POST "+base+"/reviews", s.memberAPI(true, s.apiCreateReview))
		}
		// Critic reviews are entered by editors: admin tokens, or write
		// tokens of admin members.
		mux.HandleFunc("GET /api/v1/titles/{slug}/critic-reviews", s.apiListCriticReviews)
		mux.HandleFunc("POST /api/v1/titles/{slug}/critic-reviews", s.admin(s.apiAddCriticReview))
		mux.HandleFunc("DELETE /api/v1/critic-reviews/{id}", s.admin(s.apiDeleteCriticReview))
		mux.HandleFunc("GET /api/v1/reviews/{id}", s.apiGetReview)
		mux.HandleFunc("PUT /api/v1/reviews/{id}", s.memberAPI(true, s.apiUpdateReview))
		mux.HandleFunc("DELETE /api/v1/reviews/{id}", s.memberAPI(true, s.apiDeleteReview))
		if s.comments != nil {
			mux.HandleFunc("GET /api/v1/reviews/{id}/comments", s.apiThread(comment.OnReview))
			mux.HandleFunc("POST /api/v1/reviews/{id}/comments", s.memberAPI(true, s.apiAddComment(comment.OnReview)))
		}
		mux.HandleFunc("PUT /api/v1/reviews/{id}/helpful", s.memberAPI(true, s.apiVoteReview(true)))
		mux.HandleFunc("DELETE /api/v1/reviews/{id}/helpful", s.memberAPI(true, s.apiVoteReview(false)))
	}
	if s.discussions != nil {
		mux.HandleFunc("GET /api/v1/discussions", s.apiBoard)
		mux.HandleFunc("POST /api/v1/discussions", s.memberAPI(true, s.apiCreateDiscussion))
		mux.HandleFunc("GET /api/v1/titles/{slug}/discussions", s.apiTitleDiscussions)
		mux.HandleFunc("POST /api/v1/titles/{slug}/discussions", s.memberAPI(true, s.apiCreateDiscussion))
		mux.HandleFunc("GET /api/v1/discussions/{id}", s.apiGetDiscussion)
		mux.HandleFunc("PUT /api/v1/discussions/{id}", s.memberAPI(true, s.apiUpdateDiscussion))
		mux.HandleFunc("DELETE /api/v1/discussions/{id}", s.memberAPI(true, s.apiDeleteDiscussion))
		mux.HandleFunc("GET /api/v1/discussions/{id}/comments", s.apiThread(comment.OnDiscussion))
		mux.HandleFunc("POST /api/v1/discussions/{id}/comments", s.memberAPI(true, s.apiAddComment(comment.OnDiscussion)))
	}
	if s.comments != nil {
		mux.HandleFunc("PUT /api/v1/comments/{id}", s.memberAPI(true, s.apiEditComment))
		mux.HandleFunc("DELETE /api/v1/comments/{id}", s.memberAPI(true, s.apiDeleteComment))
		mux.HandleFunc("GET /api/v1/me/replies", s.memberAPI(false, s.apiMyReplies))
	}
	if s.moderation != nil {
		mux.HandleFunc("POST /api/v1/reports", s.memberAPI(true, s.apiReport))
		mux.HandleFunc("GET /api/v1/moderation/queue", s.moderatorAPI(false, s.apiQueue))
		mux.HandleFunc("POST /api/v1/moderation/queue/{id}/decision", s.moderatorAPI(true, s.apiDecide))
	}
	mux.HandleFunc("POST /api/v1/titles/{slug}/characters", s.admin(s.apiCreateCharacter))
	mux.HandleFunc("GET /api/v1/characters/{slug}", s.apiGetCharacter)
	mux.HandleFunc("PUT /api/v1/characters/{slug}", s.admin(s.apiUpdateCharacter))
	mux.HandleFunc("DELETE /api/v1/characters/{slug}", s.admin(s.apiDeleteCharacter))
	mux.HandleFunc("GET /api/v1/genres", s.apiFacet(s.catalog.Genres))
	mux.HandleFunc("GET /api/v1/networks", s.apiFacet(s.catalog.Networks))
	mux.HandleFunc("GET /api/v1/countries", s.apiFacet(s.catalog.Countries))
	mux.HandleFunc("GET /api/v1/years", s.apiFacet(s.catalog.Years))
	mux.HandleFunc("GET /api/v1/providers", s.apiFacet(s.catalog.Providers))
	mux.HandleFunc("/api/", s.apiNotFound)
	return mux
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.ping(ctx); err != nil {
		s.log.Error("health check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

type ctxKey int

const requestIDKey ctxKey = 0

// RequestID returns the ID given to the request, for logs.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware adds a request ID, security headers, panic recovery and a
// request log line (at debug level; errors at error level).
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		var b [8]byte
		rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					s.fail(sw, r, errPanic)
				}
			}
			level := slog.LevelDebug
			if sw.status >= 500 {
				level = slog.LevelError
			}
			s.log.Log(r.Context(), level, "request", "request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "duration", time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}
