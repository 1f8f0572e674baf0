-- The catalog: titles and every section of a title page, seasons and
-- episodes, people, characters and credits. Child rows carry a position so
-- editors control order; every entity has a stable slug and timestamps.

-- generation is bumped by every catalog write so caches (in this process
-- or another) can tell cheaply whether what they hold is current.
CREATE TABLE catalog_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation BIGINT NOT NULL
);
INSERT INTO catalog_state (id, generation) VALUES (1, 1);

CREATE TABLE titles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('series', 'movie', 'special')),
    name TEXT NOT NULL,
    original_title TEXT NOT NULL DEFAULT '',
    logline TEXT NOT NULL DEFAULT '',
    synopsis TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT '',
    first_aired TEXT NOT NULL DEFAULT '',
    last_aired TEXT NOT NULL DEFAULT '',
    start_year INTEGER,
    runtime_minutes INTEGER NOT NULL DEFAULT 0,
    original_language TEXT NOT NULL DEFAULT '',
    schedule_days TEXT NOT NULL DEFAULT '',
    schedule_time TEXT NOT NULL DEFAULT '',
    schedule_tz TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX titles_by_date ON titles (first_aired DESC, id DESC);
CREATE INDEX titles_by_year ON titles (start_year, first_aired DESC, id DESC);
CREATE INDEX titles_by_kind ON titles (kind, first_aired DESC, id DESC);

CREATE TABLE title_names (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    script TEXT NOT NULL DEFAULT '',
    system TEXT NOT NULL DEFAULT ''
);
CREATE INDEX title_names_by_title ON title_names (title_id, position);

CREATE TABLE genres (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE title_genres (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    genre_id BIGINT NOT NULL REFERENCES genres (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, genre_id)
);
CREATE INDEX title_genres_by_genre ON title_genres (genre_id, title_id);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (kind, slug)
);
CREATE TABLE title_tags (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, tag_id)
);
CREATE INDEX title_tags_by_tag ON title_tags (tag_id, title_id);

CREATE TABLE title_countries (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    country TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, country)
);
CREATE INDEX title_countries_by_country ON title_countries (country, title_id);

-- usage is 'audio' or 'subtitle'.
CREATE TABLE title_languages (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    usage TEXT NOT NULL,
    language TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, usage, language)
);

CREATE TABLE networks (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);
CREATE TABLE title_networks (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    network_id BIGINT NOT NULL REFERENCES networks (id),
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, network_id, role)
);
CREATE INDEX title_networks_by_network ON title_networks (network_id, title_id);

CREATE TABLE age_ratings (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    country TEXT NOT NULL,
    system TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX age_ratings_by_title ON age_ratings (title_id, position);

CREATE TABLE title_links (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    site TEXT NOT NULL,
    url TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX title_links_by_title ON title_links (title_id, position);

CREATE TABLE filming_locations (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    place TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX filming_locations_by_title ON filming_locations (title_id, position);

CREATE TABLE trivia (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    spoiler BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX trivia_by_title ON trivia (title_id, position);

CREATE TABLE parental_guide (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    severity TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (title_id, category)
);

CREATE TABLE content_descriptors (
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    descriptor TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (title_id, descriptor)
);

-- Language lists are comma-separated BCP 47 tags.
CREATE TABLE watch_options (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    region TEXT NOT NULL,
    provider TEXT NOT NULL,
    offer TEXT NOT NULL,
    audio_languages TEXT NOT NULL DEFAULT '',
    subtitle_languages TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX watch_options_by_title ON watch_options (title_id, position);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    native_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT NOT NULL DEFAULT '',
    birth_place TEXT NOT NULL DEFAULT '',
    biography TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX people_by_name ON people (name, id);

CREATE TABLE person_names (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    script TEXT NOT NULL DEFAULT '',
    system TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_names_by_person ON person_names (person_id, position);

CREATE TABLE person_links (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    site TEXT NOT NULL,
    url TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_links_by_person ON person_links (person_id, position);

CREATE TABLE characters (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    native_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX characters_by_title ON characters (title_id, position);

CREATE TABLE character_names (
    id INTEGER PRIMARY KEY,
    character_id BIGINT NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    script TEXT NOT NULL DEFAULT '',
    system TEXT NOT NULL DEFAULT ''
);
CREATE INDEX character_names_by_character ON character_names (character_id, position);

-- A person with credits cannot be deleted (RESTRICT): the API answers 409.
CREATE TABLE cast_credits (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    character_id BIGINT REFERENCES characters (id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    role TEXT NOT NULL,
    billing INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cast_credits_by_title ON cast_credits (title_id, position);
CREATE INDEX cast_credits_by_person ON cast_credits (person_id);
CREATE INDEX cast_credits_by_character ON cast_credits (character_id);

CREATE TABLE crew_credits (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    position INTEGER NOT NULL,
    department TEXT NOT NULL,
    job TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX crew_credits_by_title ON crew_credits (title_id, position);
CREATE INDEX crew_credits_by_person ON crew_credits (person_id);

-- Seasons and episodes keep their ids across edits (they are matched by
-- number) so ratings and reviews can refer to them.
CREATE TABLE seasons (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    first_aired TEXT NOT NULL DEFAULT '',
    last_aired TEXT NOT NULL DEFAULT '',
    episode_count INTEGER NOT NULL DEFAULT 0,
    synopsis TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (title_id, number)
);

CREATE TABLE episodes (
    id INTEGER PRIMARY KEY,
    season_id BIGINT NOT NULL REFERENCES seasons (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    air_date TEXT NOT NULL DEFAULT '',
    runtime_minutes INTEGER NOT NULL DEFAULT 0,
    synopsis TEXT NOT NULL DEFAULT '',
    audience_share REAL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (season_id, number)
);

CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    character_id BIGINT REFERENCES characters (id) ON DELETE SET NULL,
    season_number INTEGER NOT NULL DEFAULT 0,
    episode_number INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quotes_by_title ON quotes (title_id, position);
CREATE INDEX quotes_by_character ON quotes (character_id);

CREATE TABLE faq_entries (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL
);
CREATE INDEX faq_entries_by_title ON faq_entries (title_id, position);

CREATE TABLE title_relations (
    id INTEGER PRIMARY KEY,
    title_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    related_id BIGINT NOT NULL REFERENCES titles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    relation TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (title_id, related_id, relation)
);
CREATE INDEX title_relations_by_title ON title_relations (title_id, position);
CREATE INDEX title_relations_by_related ON title_relations (related_id);

-- Admin API tokens: only a SHA-256 of the token is kept.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
