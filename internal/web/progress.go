package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/auth"
	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/rating"
	"github.com/dramadb/dramadb/internal/watch"
)

// seasonEpisode is an episode row of the season page with its audience
// score and, for a member, their mark and rating.
type seasonEpisode struct {
	episodeRow
	Audience *audienceView
	Seen     bool
	Mine     string // the member's score, "" when not rated
}

// seasonMember is the season page's part for the signed-in member.
type seasonMember struct {
	Seen    int    // episodes of this season marked seen
	Mine    string // their score for the season
	Options []string
}

// fillSeasonRatings adds the audience scores of the season and its
// episodes, and the member's marks and ratings, to the season page.
// Aggregates come from the rating service's short-lived cache, so a
// visitor's page costs no query per episode while they are fresh.
func (s *Server) fillSeasonRatings(ctx context.Context, r *http.Request, v *seasonView, se *catalog.Season) error {
	if s.ratings == nil {
		return nil
	}
	v.RatingsOn = true
	agg, err := s.ratings.Aggregate(ctx, rating.Target{Kind: rating.Season, ID: se.ID})
	if err != nil {
		return err
	}
	v.Audience = newAudienceView(agg)
	for i := range v.Episodes {
		a, err := s.ratings.Aggregate(ctx, rating.Target{Kind: rating.Episode, ID: v.Episodes[i].ID})
		if err != nil {
			return err
		}
		v.Episodes[i].Audience = newAudienceView(a)
	}
	u := currentUser(r)
	if u == nil {
		return nil
	}
	m := &seasonMember{Options: scoreOptions}
	if mine, err := s.ratings.Mine(ctx, u.ID, rating.Target{Kind: rating.Season, ID: se.ID}); err == nil {
		m.Mine = fmtScore(mine)
	}
	for i := range v.Episodes {
		if mine, err := s.ratings.Mine(ctx, u.ID, rating.Target{Kind: rating.Episode, ID: v.Episodes[i].ID}); err == nil {
			v.Episodes[i].Mine = fmtScore(mine)
		}
	}
	if s.watch != nil && se.Title != nil {
		if t, err := s.catalog.Title(ctx, se.Title.Slug); err == nil {
			p, err := s.watch.Progress(ctx, u.ID, t.ID)
			if err != nil {
				return err
			}
			seen := map[int]bool{}
			for _, n := range p.Of(se.Number) {
				seen[n] = true
			}
			for i := range v.Episodes {
				v.Episodes[i].Seen = seen[v.Episodes[i].Number]
			}
			m.Seen = len(seen)
			v.WatchOn = true
		}
	}
	v.Member = m
	return nil
}

// seasonTarget resolves the season ({n}) or episode ({e}) a URL names,
// with its title.
func (s *Server) seasonTarget(r *http.Request) (*catalog.Title, rating.Target, error) {
	target, err := s.ratingTarget(r)
	if err != nil {
		return nil, target, err
	}
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	return t, target, err
}

// markSeen marks the season or episode target for the member.
func (s *Server) markSeen(r *http.Request, userID int64, t *catalog.Title, target rating.Target, seen bool) (*watch.Entry, error) {
	if target.Kind == rating.Episode {
		return s.watch.MarkEpisode(r.Context(), userID, t.ID, titleEpisodes(t), target.ID, seen)
	}
	return s.watch.MarkSeason(r.Context(), userID, t.ID, titleEpisodes(t), target.ID, seen)
}

// seasonAnchor is where on the season page to return after a form.
func seasonAnchor(r *http.Request) string {
	u := seasonURL(r.PathValue("slug"), mustAtoi(r.PathValue("n")))
	if e := r.PathValue("e"); e != "" {
		return u + "#episode-" + url.PathEscape(e)
	}
	return u + "#season-you"
}

func mustAtoi(s string) int { n, _ := strconv.Atoi(s); return n }

// seenPage handles the season page's "seen" buttons (seen=1 marks, seen=0
// unmarks) for one episode or the whole season.
func (s *Server) seenPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	t, target, err := s.seasonTarget(r)
	if err == nil {
		_, err = s.markSeen(r, currentUser(r).ID, t, target, r.PostFormValue("seen") != "0")
	}
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	http.Redirect(w, r, seasonAnchor(r), http.StatusSeeOther)
}

// rateSeasonPage handles the season page's rating forms.
func (s *Server) rateSeasonPage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	target, err := s.ratingTarget(r)
	if err != nil {
		s.pageError(w, r, err)
		return
	}
	u := currentUser(r)
	if r.PostFormValue("remove") != "" {
		if _, err := s.ratings.Unrate(r.Context(), u.ID, target); err != nil && apperr.CodeOf(err) != apperr.NotFound {
			s.pageError(w, r, err)
			return
		}
	} else {
		score, perr := strconv.ParseFloat(r.PostFormValue("score"), 64)
		if perr != nil {
			score = -1 // refused by the rating rules with their own message
		}
		if _, err := s.ratings.Rate(r.Context(), u.ID, target, score); err != nil {
			s.pageError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, seasonAnchor(r), http.StatusSeeOther)
}

// progressAnswer is a member's progress through a title, season by season.
type progressAnswer struct {
	Entry        *watch.Entry     `json:"entry"` // null when the title is not tracked
	EpisodesSeen int              `json:"episodes_marked"`
	Seasons      []seasonProgress `json:"seasons"`
}

type seasonProgress struct {
	Season   int   `json:"season"`
	Episodes int   `json:"episodes"`
	Seen     []int `json:"seen"`
}

func (s *Server) progressOf(r *http.Request, userID int64, t *catalog.Title) (*progressAnswer, error) {
	p, err := s.watch.Progress(r.Context(), userID, t.ID)
	if err != nil {
		return nil, err
	}
	a := &progressAnswer{EpisodesSeen: p.EpisodesSeen, Seasons: []seasonProgress{}}
	for _, se := range t.Seasons {
		seen := p.Of(se.Number)
		if seen == nil {
			seen = []int{}
		}
		a.Seasons = append(a.Seasons, seasonProgress{Season: se.Number, Episodes: max(se.EpisodeCount, len(se.Episodes)), Seen: seen})
	}
	if e, err := s.watch.Get(r.Context(), userID, t.ID); err == nil {
		a.Entry = e
	} else if apperr.CodeOf(err) != apperr.NotFound {
		return nil, err
	}
	return a, nil
}

func (s *Server) apiGetProgress(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	t, err := s.catalog.Title(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.progressOf(r, p.UserID, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// apiSeen marks (PUT) or unmarks (DELETE) an episode or a season and
// answers with the member's progress through the title.
func (s *Server) apiSeen(seen bool) func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	return func(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
		t, target, err := s.seasonTarget(r)
		if err == nil {
			_, err = s.markSeen(r, p.UserID, t, target, seen)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		a, err := s.progressOf(r, p.UserID, t)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, a)
	}
}
