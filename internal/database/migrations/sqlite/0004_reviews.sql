-- Members' reviews of a title or one of its seasons: an overall score and
-- optional sub-scores (doubled, like ratings), a headline, a Markdown body
-- kept as written beside its sanitized HTML, pros and cons (one per line),
-- a spoiler flag and how many episodes the member had seen. One review per
-- member per title or season. status lets moderation hold a review later.
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    season_id BIGINT REFERENCES seasons (id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 20),
    story_score INTEGER CHECK (story_score BETWEEN 1 AND 20),
    acting_score INTEGER CHECK (acting_score BETWEEN 1 AND 20),
    music_score INTEGER CHECK (music_score BETWEEN 1 AND 20),
    rewatch_score INTEGER CHECK (rewatch_score BETWEEN 1 AND 20),
    headline TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    pros TEXT NOT NULL DEFAULT '',
    cons TEXT NOT NULL DEFAULT '',
    spoiler BOOLEAN NOT NULL DEFAULT FALSE,
    episodes_seen INTEGER,
    episodes_total INTEGER,
    helpful_count BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'published',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP
);
CREATE UNIQUE INDEX reviews_one_per_member ON reviews (user_id, title_id, COALESCE(season_id, 0));
CREATE INDEX reviews_by_helpful ON reviews (title_id, status, helpful_count DESC, id DESC);
CREATE INDEX reviews_by_date ON reviews (title_id, status, created_at DESC, id DESC);

CREATE TABLE review_votes (
    review_id BIGINT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id, user_id)
);
