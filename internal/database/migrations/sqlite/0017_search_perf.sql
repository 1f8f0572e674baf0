-- How many names hold each trigram, so a typo search picks the rarest of
-- its trigrams with a few B-tree reads: counting them in search_fuzzy_vocab
-- reads each trigram's whole list of names, which grows with the catalog.
-- A rebuild counts afresh; catalog writes in between only add.
CREATE TABLE search_trigrams (
    trigram TEXT PRIMARY KEY,
    names INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_trigrams (trigram, names) SELECT term, doc FROM search_fuzzy_vocab;
