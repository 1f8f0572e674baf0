-- A member who deletes their account and keeps their posts leaves a row
-- with nothing personal in it, so the posts still have an author to join;
-- deleted_at marks it, and such a row never signs in again.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP;
