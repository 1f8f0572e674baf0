package review

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/url"
	"strings"
	"time"

	"github.com/dramadb/dramadb/internal/apperr"
	"github.com/dramadb/dramadb/internal/database"
	"github.com/dramadb/dramadb/internal/markup"
)

// CriticInput is what an editor enters about a critic's review.
type CriticInput struct {
	Publication string `json:"publication"`
	Author      string `json:"author,omitempty"`
	URL         string `json:"url,omitempty"`
	PublishedOn string `json:"published_on,omitempty"` // 2020-02-17
	Score       string `json:"score"`                  // as published: 4.5/5, ★★★★☆, A−
	Excerpt     string `json:"excerpt,omitempty"`
	// Nonce is the form's one-time value: the same form sent twice stores
	// one critic review.
	Nonce string `json:"-"`
}

// CriticReview is a stored critic review.
type CriticReview struct {
	ID int64 `json:"id"`
	CriticInput
	Normalized float64 `json:"normalized_score"` // 0–100
}

// CriticSummary is a title's critic score: the average of its critic
// reviews on the 0–100 scale.
type CriticSummary struct {
	Average float64 `json:"average"` // 0–100
	Count   int     `json:"count"`
}

func (in *CriticInput) validate() (float64, error) {
	var v apperr.Validation
	in.Publication, in.Author, in.URL = strings.TrimSpace(in.Publication), strings.TrimSpace(in.Author), strings.TrimSpace(in.URL)
	markup.CheckText(&v, "publication", in.Publication, true, 200)
	markup.CheckText(&v, "author", in.Author, false, 200)
	markup.CheckText(&v, "excerpt", in.Excerpt, false, 2000)
	if in.URL != "" {
		if u, err := url.Parse(in.URL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.URL) > 2000 {
			v.Add("url", "must be an absolute http or https URL")
		}
	}
	if in.PublishedOn != "" {
		if _, err := time.Parse("2006-01-02", in.PublishedOn); err != nil {
			v.Add("published_on", "must be a date like 2020-02-17")
		}
	}
	score, err := ParseCriticScore(in.Score)
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			v.Add(f.Field, "%s", f.Message)
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	in.Score = score.Raw
	return score.Normalized, nil
}

// AddCritic stores a critic review of a title (seasonID nil) or a season.
func (s *Service) AddCritic(ctx context.Context, titleID int64, seasonID *int64, in CriticInput) (*CriticReview, error) {
	norm, err := in.validate()
	if err != nil {
		return nil, err
	}
	var nonce any
	if in.Nonce != "" {
		nonce = in.Nonce
		if c, err := s.criticByNonce(ctx, in.Nonce); err == nil || !errors.Is(err, sql.ErrNoRows) {
			return c, err
		}
	}
	var id int64
	now := s.clock()
	err = s.db.WithTx(ctx, func(q *database.Q) error {
		return q.QueryRow(ctx, `INSERT INTO critic_reviews (title_id, season_id, publication, author, url, published_on, score_raw, score, excerpt, form_nonce, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			titleID, seasonID, in.Publication, in.Author, in.URL, in.PublishedOn, in.Score, norm, in.Excerpt, nonce, now, now).Scan(&id)
	})
	if database.IsUniqueViolation(err) && in.Nonce != "" {
		// The same form sent twice at once: the other request stored it.
		return s.criticByNonce(ctx, in.Nonce)
	}
	if err != nil {
		return nil, err
	}
	s.forget(titleID)
	in.Nonce = ""
	return &CriticReview{ID: id, CriticInput: in, Normalized: norm}, nil
}

const criticColumns = "id, publication, author, url, published_on, score_raw, score, excerpt"

func scanCritic(row interface{ Scan(...any) error }) (*CriticReview, error) {
	var c CriticReview
	if err := row.Scan(&c.ID, &c.Publication, &c.Author, &c.URL, &c.PublishedOn, &c.Score, &c.Normalized, &c.Excerpt); err != nil {
		return nil, err
	}
	return &c, nil
}

// criticByNonce returns the critic review a form stored, or sql.ErrNoRows.
func (s *Service) criticByNonce(ctx context.Context, nonce string) (*CriticReview, error) {
	return scanCritic(s.db.Reader().QueryRow(ctx, "SELECT "+criticColumns+" FROM critic_reviews WHERE form_nonce = ?", nonce))
}

// DeleteCritic removes a critic review.
func (s *Service) DeleteCritic(ctx context.Context, id int64) error {
	var titleID int64
	err := s.db.WithTx(ctx, func(q *database.Q) error {
		return q.QueryRow(ctx, "DELETE FROM critic_reviews WHERE id = ? RETURNING title_id", id).Scan(&titleID)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.Errorf(apperr.NotFound, "There is no critic review %d.", id)
	}
	if err == nil {
		s.forget(titleID)
	}
	return err
}

// Critics returns a title's critic reviews (of the whole title), newest
// first, and their critic score.
func (s *Service) Critics(ctx context.Context, titleID int64) ([]CriticReview, CriticSummary, error) {
	rows, err := s.db.Reader().Query(ctx, `SELECT `+criticColumns+` FROM critic_reviews
		WHERE title_id = ? AND season_id IS NULL ORDER BY published_on DESC, id DESC`, titleID)
	if err != nil {
		return nil, CriticSummary{}, err
	}
	defer rows.Close()
	out := []CriticReview{}
	var sum float64
	for rows.Next() {
		c, err := scanCritic(rows)
		if err != nil {
			return nil, CriticSummary{}, err
		}
		sum += c.Normalized
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, CriticSummary{}, err
	}
	cs := CriticSummary{Count: len(out)}
	if cs.Count > 0 {
		cs.Average = math.Round(sum/float64(cs.Count)*10) / 10
	}
	return out, cs, nil
}
