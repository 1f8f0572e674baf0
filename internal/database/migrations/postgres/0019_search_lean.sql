-- A leaner search index, built in bulk. Each entity keeps its keys (a JSON
-- array) and its Latin names (one per line, under a trigram index), so
-- search_terms needs no index by entity and search_texts goes. Deleting an
-- entity deletes its keys by trigger. The index starts empty here:
-- 'dramadb serve' rebuilds an empty index when it starts, as does
-- 'dramadb search reindex'.
DROP TABLE search_texts;
DROP TABLE search_terms;
DELETE FROM search_entities;
ALTER TABLE search_entities ADD COLUMN keys TEXT NOT NULL DEFAULT '[]';
ALTER TABLE search_entities ADD COLUMN texts TEXT NOT NULL DEFAULT '';
ALTER TABLE search_entities ADD COLUMN text_classes TEXT NOT NULL DEFAULT '';

CREATE TABLE search_terms (
    term TEXT COLLATE "C" NOT NULL,
    entity_id BIGINT NOT NULL,
    class INTEGER NOT NULL,
    word INTEGER NOT NULL,
    PRIMARY KEY (term, entity_id)
);

CREATE FUNCTION search_entities_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM search_terms WHERE entity_id = OLD.id AND term IN (SELECT json_array_elements_text(OLD.keys::json));
    RETURN NULL;
END $$;
CREATE TRIGGER search_entities_out AFTER DELETE ON search_entities FOR EACH ROW EXECUTE FUNCTION search_entities_out();

-- pg_trgm may live in a schema outside the search path, so its operator
-- class is named with it.
DO $$
DECLARE s text;
BEGIN
    SELECT n.nspname INTO s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX search_entities_trgm ON search_entities USING gin (texts %I.gin_trgm_ops)', s);
END $$;

-- How many entities' texts hold each trigram, so a typo search starts from
-- the rarest of its trigrams (as on SQLite since 0017).
CREATE TABLE search_trigrams (
    trigram TEXT COLLATE "C" PRIMARY KEY,
    names BIGINT NOT NULL
);
