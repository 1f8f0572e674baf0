-- The spam check and the moderation queue.
--
-- spam_tokens holds, per token, in how many trained spam and ham posts it
-- appeared; spam_totals (one row) how many posts of each were trained.
-- spam_trained remembers which post was trained with which label and the
-- text it was trained on, so training a post again is a no-op and a
-- relabelled post is untrained first.
CREATE TABLE spam_tokens (
    token TEXT PRIMARY KEY,
    spam BIGINT NOT NULL DEFAULT 0,
    ham BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE spam_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    spam BIGINT NOT NULL DEFAULT 0,
    ham BIGINT NOT NULL DEFAULT 0
);
INSERT INTO spam_totals (id, spam, ham) VALUES (1, 0, 0);
CREATE TABLE spam_trained (
    kind TEXT NOT NULL,
    post_id BIGINT NOT NULL,
    spam BOOLEAN NOT NULL,
    text TEXT NOT NULL,
    trained_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, post_id)
);

-- Every checked post by author and time, for the posting-rate signal.
CREATE TABLE spam_post_log (
    id INTEGER PRIMARY KEY,
    author_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX spam_post_log_by_author ON spam_post_log (author_id, created_at);

-- Posts waiting for a moderator: held by the check or reported by members.
-- At most one open item per post; resolving it records the decision.
CREATE TABLE moderation_queue (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    post_id BIGINT NOT NULL,
    author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    held BOOLEAN NOT NULL,
    score REAL NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolved_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    decision TEXT CHECK (decision IN ('approve', 'spam', 'delete', 'ban'))
);
CREATE UNIQUE INDEX moderation_queue_open ON moderation_queue (kind, post_id) WHERE resolved_at IS NULL;
CREATE INDEX moderation_queue_by_state ON moderation_queue (resolved_at, created_at);

-- Members' reports of posts; one open report per member per post.
CREATE TABLE moderation_reports (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES moderation_queue (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    post_id BIGINT NOT NULL,
    reporter_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP
);
CREATE UNIQUE INDEX moderation_reports_open ON moderation_reports (kind, post_id, reporter_id) WHERE resolved_at IS NULL;
CREATE INDEX moderation_reports_by_item ON moderation_reports (item_id);
