-- Rankings: numbers derived from ratings, tracking and recent activity,
-- recomputed in the background by internal/ranking (never while a page is
-- served). title_stats has a row for every title so browse can sort by
-- score or popularity from one index; a new title gets a row of zeros when
-- it is created. weighted is the Bayesian weighted rating, 0 when unrated.
CREATE TABLE title_stats (
    title_id BIGINT PRIMARY KEY REFERENCES titles (id) ON DELETE CASCADE,
    ratings BIGINT NOT NULL DEFAULT 0,
    mean REAL NOT NULL DEFAULT 0,
    weighted REAL NOT NULL DEFAULT 0,
    popularity BIGINT NOT NULL DEFAULT 0,
    trending REAL NOT NULL DEFAULT 0
);
CREATE INDEX title_stats_by_weighted ON title_stats (weighted DESC, title_id);
CREATE INDEX title_stats_by_popularity ON title_stats (popularity DESC, title_id);
CREATE INDEX title_stats_by_mean ON title_stats (mean, title_id);

-- Dense ranks 1…n per scope: '' for the whole catalog, 'genre:SLUG' and
-- 'country:CC'. A rank is NULL where the title is not on that list (no
-- ratings, nobody tracking it, no recent activity), so a page of a list
-- is a range of ranks.
CREATE TABLE title_ranks (
    scope TEXT NOT NULL,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    top_rank INTEGER,
    popular_rank INTEGER,
    trending_rank INTEGER,
    PRIMARY KEY (scope, title_id)
);
CREATE INDEX title_ranks_top ON title_ranks (scope, top_rank);
CREATE INDEX title_ranks_popular ON title_ranks (scope, popular_rank);
CREATE INDEX title_ranks_trending ON title_ranks (scope, trending_rank);
CREATE INDEX title_ranks_by_title ON title_ranks (title_id);

-- Scratch space of a computation: each title's decayed recent activity,
-- filled from Go (the engines disagree on time arithmetic) and joined
-- into title_stats in one statement. Emptied at the start of each run.
CREATE TABLE ranking_trend (
    title_id BIGINT PRIMARY KEY,
    score DOUBLE PRECISION NOT NULL
);

-- What the last computation used, and a generation that readers compare
-- to drop what they cached.
CREATE TABLE ranking_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL,
    computed_at TIMESTAMP,
    min_votes DOUBLE PRECISION NOT NULL DEFAULT 0,
    prior_mean DOUBLE PRECISION NOT NULL DEFAULT 0
);
INSERT INTO ranking_state (id, generation) VALUES (1, 0);

-- Browse: where to watch by provider and region, and titles by name.
CREATE INDEX watch_options_by_provider ON watch_options (provider, region, title_id);
CREATE INDEX watch_options_by_region ON watch_options (region, title_id);
CREATE INDEX titles_by_name ON titles (name, id);
CREATE INDEX titles_by_status ON titles (status, first_aired DESC, id DESC);

INSERT INTO title_stats (title_id) SELECT id FROM titles;
