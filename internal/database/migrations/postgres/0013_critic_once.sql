-- The critic review form carries a one-time value, so a form sent twice
-- (a double click, a resubmitted page) stores one critic review.
ALTER TABLE critic_reviews ADD COLUMN form_nonce TEXT;
CREATE UNIQUE INDEX critic_reviews_once ON critic_reviews (form_nonce);
