-- Articles, their versions and the locations they were read from.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    location TEXT NOT NULL,
    url TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    language TEXT NOT NULL,
    language_confidence REAL NOT NULL,
    outlet TEXT,
    outlet_json TEXT NOT NULL,
    published_date TEXT,
    published_json TEXT NOT NULL,
    text TEXT NOT NULL,
    original TEXT NOT NULL,
    text_map_json TEXT NOT NULL,
    boilerplate_json TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_content_hash ON articles (content_hash);

CREATE TABLE article_versions (
    article_id TEXT NOT NULL REFERENCES articles (id),
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    original TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);

CREATE TABLE article_locations (
    location TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id)
);

CREATE TABLE flags (
    article_id TEXT NOT NULL REFERENCES articles (id),
    kind TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    stage TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, stage)
);
