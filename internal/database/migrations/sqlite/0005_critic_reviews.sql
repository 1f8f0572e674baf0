-- Reviews by critics, entered by editors: the score as the publication
-- wrote it (score_raw) and on a 0-100 scale (score), averaged into a
-- critic score kept apart from the members' audience score.
CREATE TABLE critic_reviews (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    season_id BIGINT REFERENCES seasons (id) ON DELETE CASCADE,
    publication TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    published_on TEXT NOT NULL DEFAULT '',
    score_raw TEXT NOT NULL,
    score REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    excerpt TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX critic_reviews_by_title ON critic_reviews (title_id, published_on DESC, id DESC);
