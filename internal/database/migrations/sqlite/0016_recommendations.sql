-- Recommendations, computed in the background by internal/recommend and
-- read by pages. Every rebuild writes its rows under a new build number and
-- then switches recommend_state.build in one statement, so readers never
-- see half a build; older builds are deleted after the switch. Titles are
-- not foreign keys: readers join titles, so a deleted title drops out at
-- once and its rows go with the next build.
CREATE TABLE recommend_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    build BIGINT NOT NULL,
    -- the last build number taken, so concurrent builds never share one
    reserved BIGINT NOT NULL DEFAULT 0,
    built_at TIMESTAMP
);
INSERT INTO recommend_state (id, build) VALUES (1, 0);

-- Titles most like each title, best first.
CREATE TABLE title_similar (
    title_id BIGINT NOT NULL,
    build BIGINT NOT NULL,
    rank INTEGER NOT NULL,
    similar_id BIGINT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (title_id, build, rank)
);

-- What each member may like, best first, with the title they rated or
-- tracked that contributed most (the "because you liked" line).
CREATE TABLE member_recommendations (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    build BIGINT NOT NULL,
    rank INTEGER NOT NULL,
    title_id BIGINT NOT NULL,
    score REAL NOT NULL,
    because_id BIGINT,
    PRIMARY KEY (user_id, build, rank)
);

-- The most popular titles of a build, for members without a history yet.
CREATE TABLE recommend_popular (
    build BIGINT NOT NULL,
    rank INTEGER NOT NULL,
    title_id BIGINT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (build, rank)
);
