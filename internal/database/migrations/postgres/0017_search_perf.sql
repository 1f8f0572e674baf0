-- SQLite keeps counts of the trigrams of indexed names (search_trigrams)
-- for its typo search; pg_trgm's GIN index needs none, so on PostgreSQL
-- this migration changes nothing and exists to keep the two lists alike.
SELECT 1;
