-- What members watch: a status per title with progress, rewatches, dates
-- and a private note. watch_counts keeps how many members have each status
-- per title, moved in the same transaction as every change.
CREATE TABLE watch_entries (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('plan_to_watch', 'watching', 'completed', 'on_hold', 'dropped')),
    episodes_seen INTEGER NOT NULL DEFAULT 0,
    rewatch_count INTEGER NOT NULL DEFAULT 0,
    started_on TEXT NOT NULL DEFAULT '',
    finished_on TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, title_id)
);
CREATE INDEX watch_entries_by_title ON watch_entries (title_id, status);

CREATE TABLE watch_counts (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (title_id, status)
);
