-- The search index, derived from the catalog and rebuilt by
-- 'dramadb search reindex'. One entity per title, person and character
-- (deleted with it), its lookup keys in search_terms (B-tree: exact and
-- prefix) and its Latin names in search_texts, whose trigrams
-- (search_fuzzy) find names with typos.
CREATE TABLE search_entities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('title', 'person', 'character')),
    title_id BIGINT REFERENCES titles (id) ON DELETE CASCADE,
    person_id BIGINT REFERENCES people (id) ON DELETE CASCADE,
    character_id BIGINT REFERENCES characters (id) ON DELETE CASCADE,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    native TEXT NOT NULL DEFAULT '',
    context TEXT NOT NULL DEFAULT '',
    popularity BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX search_entities_by_title ON search_entities (title_id) WHERE title_id IS NOT NULL;
CREATE UNIQUE INDEX search_entities_by_person ON search_entities (person_id) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX search_entities_by_character ON search_entities (character_id) WHERE character_id IS NOT NULL;

CREATE TABLE search_terms (
    entity_id BIGINT NOT NULL REFERENCES search_entities (id) ON DELETE CASCADE,
    term TEXT NOT NULL,
    class INTEGER NOT NULL,
    word INTEGER NOT NULL,
    PRIMARY KEY (term, entity_id)
) WITHOUT ROWID;
CREATE INDEX search_terms_by_entity ON search_terms (entity_id);

CREATE TABLE search_texts (
    id INTEGER PRIMARY KEY,
    entity_id BIGINT NOT NULL REFERENCES search_entities (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    class INTEGER NOT NULL
);
CREATE INDEX search_texts_by_entity ON search_texts (entity_id);

CREATE VIRTUAL TABLE search_fuzzy USING fts5 (text, content = '', contentless_delete = 1, detail = none, tokenize = 'trigram');
CREATE TRIGGER search_texts_in AFTER INSERT ON search_texts BEGIN
    INSERT INTO search_fuzzy (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER search_texts_out AFTER DELETE ON search_texts BEGIN
    DELETE FROM search_fuzzy WHERE rowid = old.id;
END;
-- How many names hold each trigram, so a fuzzy search starts from the rarest.
CREATE VIRTUAL TABLE search_fuzzy_vocab USING fts5vocab (search_fuzzy, 'row');
