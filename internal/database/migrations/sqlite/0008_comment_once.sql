-- Comment forms carry a one-time value, so a form sent twice (a double
-- click, a resubmitted page) makes one comment.
ALTER TABLE comments ADD COLUMN form_nonce TEXT;
CREATE UNIQUE INDEX comments_once ON comments (user_id, form_nonce);
