-- Comments remember the author of the post they hang under, so a member's
-- replies include top-level comments under any of their posts without the
-- comment store knowing every kind of post.
ALTER TABLE comments ADD COLUMN parent_user_id BIGINT REFERENCES users (id) ON DELETE SET NULL;
UPDATE comments SET parent_user_id = (SELECT r.user_id FROM reviews r WHERE r.id = comments.parent_id)
WHERE parent_type = 'review';
CREATE INDEX comments_by_parent_user ON comments (parent_user_id, id);

-- Discussions: a topic and an opening post about a title, or about
-- anything on the site board when title_id is NULL. comment_count and
-- last_activity_at follow the published comments under it, moved in the
-- same transaction as each comment. Moderators pin and lock threads.
CREATE TABLE discussions (
    id INTEGER PRIMARY KEY,
    title_id BIGINT REFERENCES titles (id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    topic TEXT NOT NULL,
    body TEXT NOT NULL,
    body_html TEXT NOT NULL,
    spoiler BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL DEFAULT 'published',
    pinned BOOLEAN NOT NULL DEFAULT FALSE,
    locked BOOLEAN NOT NULL DEFAULT FALSE,
    comment_count BIGINT NOT NULL DEFAULT 0,
    form_nonce TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    last_activity_at TIMESTAMP NOT NULL
);
CREATE INDEX discussions_by_title ON discussions (title_id, status, pinned, last_activity_at, id);
CREATE INDEX discussions_by_activity ON discussions (status, last_activity_at, id);
CREATE UNIQUE INDEX discussions_once ON discussions (user_id, form_nonce);

-- Comments name their parent without a foreign key, so when a review or a
-- discussion goes, also by cascade from its title or its author, its
-- thread goes with it.
CREATE TRIGGER discussions_take_comments AFTER DELETE ON discussions
BEGIN
    DELETE FROM comments WHERE parent_type = 'discussion' AND parent_id = OLD.id;
END;
CREATE TRIGGER reviews_take_comments AFTER DELETE ON reviews
BEGIN
    DELETE FROM comments WHERE parent_type = 'review' AND parent_id = OLD.id;
END;
DELETE FROM comments WHERE parent_type = 'review' AND parent_id NOT IN (SELECT id FROM reviews);
