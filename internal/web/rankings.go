package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dramadb/dramadb/internal/catalog"
	"github.com/dramadb/dramadb/internal/ranking"
)

// The rankings pages and API: top rated, most popular and trending,
// overall or in a genre and/or a country, read from the ranks the
// ranking service computed in the background.

var listPaths = map[string]string{ranking.Top: "/rankings", ranking.Popular: "/rankings/popular", ranking.Trending: "/rankings/trending"}

var listHeadings = map[string]string{ranking.Top: "Top rated", ranking.Popular: "Most popular", ranking.Trending: "Trending"}

const rankingsPerPage = 50

// rankingsURL is the canonical address of a page of a list.
func rankingsURL(q ranking.Query, pageN int) string {
	v := url.Values{}
	if q.Genre != "" {
		v.Set("genre", q.Genre)
	}
	if q.Country != "" {
		v.Set("country", q.Country)
	}
	if pageN > 1 {
		v.Set("page", strconv.Itoa(pageN))
	}
	u := listPaths[q.List]
	if len(v) > 0 {
		u += "?" + v.Encode() // Encode sorts keys: one URL per list page
	}
	return u
}

type rankingTab struct {
	Label, URL string
	Current    bool
}

type rankingRow struct {
	Rank  int
	Title catalog.TitleRef
	Value string // the number the list is ranked by, as shown
}

type rankingsView struct {
	page
	Heading   string
	List      string
	Action    string // the list's path, for the genre and country form
	Query     ranking.Query
	Tabs      []rankingTab
	Rows      []rankingRow
	Total     int
	Pager     pager
	Genres    []catalog.TermCount
	Countries []facetItem
	MinVotes  float64
	PriorMean string
}

func (s *Server) rankingsPage(list string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		qv := r.URL.Query()
		q := ranking.Query{List: list, Genre: qv.Get("genre"), Country: qv.Get("country"), PerPage: rankingsPerPage}
		pageN, ok := pageParam(r)
		if !ok {
			s.notFoundPage(w, r)
			return
		}
		q.Page = pageN
		if err := q.Normalize(); err != nil {
			s.pageError(w, r, err)
			return
		}
		// A form sends empty fields; share the short address instead.
		if canon := rankingsURL(q, pageN); r.URL.RequestURI() != canon {
			http.Redirect(w, r, canon, http.StatusFound)
			return
		}
		ctx := r.Context()
		res, err := s.rankings.List(ctx, q)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		if pageN > 1 && len(res.Items) == 0 {
			s.notFoundPage(w, r)
			return
		}
		facets, err := s.catalog.AllFacets(ctx)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		st, err := s.rankings.State(ctx)
		if err != nil {
			s.pageError(w, r, err)
			return
		}
		v := &rankingsView{List: list, Action: listPaths[list], Query: q, Total: res.Total, Genres: facets.Genres, MinVotes: st.MinVotes,
			PriorMean: strconv.FormatFloat(st.PriorMean, 'f', 2, 64)}
		for _, c := range facets.Countries {
			v.Countries = append(v.Countries, facetItem{Label: countryName(c.Slug), URL: c.Slug, Active: c.Slug == q.Country})
		}
		for _, l := range ranking.Lists {
			t := q
			t.List = l
			v.Tabs = append(v.Tabs, rankingTab{Label: listHeadings[l], URL: rankingsURL(t, 1), Current: l == list})
		}
		for _, e := range res.Items {
			row := rankingRow{Rank: e.Rank, Title: e.Title}
			switch list {
			case ranking.Top:
				row.Value = "★ " + strconv.FormatFloat(e.Score, 'f', 1, 64) + " · " + plural(int(e.Votes), "rating", "ratings") +
					" · weighted " + strconv.FormatFloat(e.Weighted, 'f', 2, 64)
			case ranking.Popular:
				row.Value = plural(int(e.Popularity), "member tracking", "members tracking")
			case ranking.Trending:
				row.Value = "activity " + strconv.FormatFloat(e.Trending, 'f', 1, 64)
			}
			v.Rows = append(v.Rows, row)
		}
		v.Pager = newPager(pageN, res.Pages(), func(n int) string { return rankingsURL(q, n) })
		heading := listHeadings[list]
		var scope []string
		if q.Genre != "" {
			scope = append(scope, termName(facets.Genres, q.Genre))
		}
		if q.Country != "" {
			scope = append(scope, "from "+countryName(q.Country))
		}
		if len(scope) > 0 {
			heading += ": " + strings.Join(scope, " titles ")
		}
		v.Heading = heading
		docTitle := heading
		if pageN > 1 {
			docTitle += " — page " + strconv.Itoa(pageN)
		}
		v.page = page{Title: docTitle, Description: heading + " on dramadb, from members' ratings and activity.",
			Canonical: rankingsURL(q, pageN), Nav: "rankings"}
		s.render(w, r, http.StatusOK, "rankings", v)
	}
}

func (s *Server) apiRankings(w http.ResponseWriter, r *http.Request) {
	qv := r.URL.Query()
	q := ranking.Query{List: qv.Get("list"), Genre: qv.Get("genre"), Country: qv.Get("country")}
	var err error
	if q.Page, err = queryInt(r, "page", 1); err != nil {
		s.fail(w, r, err)
		return
	}
	if q.PerPage, err = queryInt(r, "per_page", rankingsPerPage); err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.rankings.List(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// titleRankLine is the title page's line of ranks: "#12 top rated · #40
// most popular · #3 in Romance".
type titleRankLine struct {
	Label, URL string
}

func titleRankLines(t *catalog.Title, tr *ranking.TitleRanks) []titleRankLine {
	if tr == nil {
		return nil
	}
	var out []titleRankLine
	if n := tr.Overall.Top; n > 0 {
		out = append(out, titleRankLine{"#" + strconv.Itoa(n) + " top rated", rankingsURL(ranking.Query{List: ranking.Top}, (n-1)/rankingsPerPage+1)})
	}
	if n := tr.Overall.Popular; n > 0 {
		out = append(out, titleRankLine{"#" + strconv.Itoa(n) + " most popular", rankingsURL(ranking.Query{List: ranking.Popular}, (n-1)/rankingsPerPage+1)})
	}
	// The title's first genre, where it ranks there.
	for _, g := range t.Genres {
		if n := tr.Genres[g.Slug].Top; n > 0 {
			q := ranking.Query{List: ranking.Top, Genre: g.Slug}
			out = append(out, titleRankLine{"#" + strconv.Itoa(n) + " in " + g.Name, rankingsURL(q, (n-1)/rankingsPerPage+1)})
			break
		}
	}
	return out
}
