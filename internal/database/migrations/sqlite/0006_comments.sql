-- Threaded comments under reviews (and later discussions and articles).
-- parent_type and parent_id name what the thread hangs under; reply_to is
-- the comment answered, if any. A deleted comment keeps its place in the
-- thread with its text removed, so replies to it still read in order.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    parent_type TEXT NOT NULL CHECK (parent_type IN ('review', 'discussion', 'article')),
    parent_id BIGINT NOT NULL,
    reply_to BIGINT REFERENCES comments (id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'published',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    deleted_at TIMESTAMP
);
CREATE INDEX comments_by_parent ON comments (parent_type, parent_id, id);
CREATE INDEX comments_by_reply ON comments (reply_to);
