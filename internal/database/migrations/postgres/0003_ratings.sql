-- Ratings of titles, seasons and episodes on a 10-point scale in half
-- steps, stored doubled (9.5 → 19) so they stay integers. The *_counts
-- tables hold how many ratings each score has, kept in the same transaction
-- as every rating write, so aggregates are exact and cheap to read.
-- Deleting an account must decrement the counts of what it rated.
CREATE TABLE title_ratings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 20),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, target_id)
);
CREATE INDEX title_ratings_by_target ON title_ratings (target_id, updated_at);
CREATE TABLE title_rating_counts (
    target_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (target_id, score)
);

CREATE TABLE season_ratings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 20),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, target_id)
);
CREATE INDEX season_ratings_by_target ON season_ratings (target_id, updated_at);
CREATE TABLE season_rating_counts (
    target_id BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (target_id, score)
);

CREATE TABLE episode_ratings (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 20),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, target_id)
);
CREATE INDEX episode_ratings_by_target ON episode_ratings (target_id, updated_at);
CREATE TABLE episode_rating_counts (
    target_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (target_id, score)
);
