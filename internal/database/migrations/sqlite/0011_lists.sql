-- Episodes each member has seen. watch_entries.episodes_seen is kept at
-- least the number of rows here for the title, in the same transaction.
CREATE TABLE episodes_seen (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    episode_id BIGINT NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, episode_id)
);
CREATE INDEX episodes_seen_by_title ON episodes_seen (user_id, title_id);

-- Members' named lists: ordered titles with a note each. Positions run
-- 1…n without gaps; every change to a list's entries holds the list's lock.
CREATE TABLE lists (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    public BOOLEAN NOT NULL DEFAULT TRUE,
    entry_count INTEGER NOT NULL DEFAULT 0,
    form_nonce TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX lists_by_user ON lists (user_id, updated_at);
CREATE UNIQUE INDEX lists_once ON lists (user_id, form_nonce);

CREATE TABLE list_entries (
    list_id BIGINT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (list_id, title_id)
);
CREATE INDEX list_entries_by_position ON list_entries (list_id, position);
CREATE INDEX list_entries_by_title ON list_entries (title_id);
