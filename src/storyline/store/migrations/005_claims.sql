-- Claims with their attribution chains, and the sources and entities they name.
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id),
    sentence_idx INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    language TEXT NOT NULL,
    attribution_json TEXT NOT NULL,
    modality TEXT NOT NULL,
    polarity TEXT NOT NULL,
    quote TEXT NOT NULL,
    speaker TEXT,
    event_date_json TEXT NOT NULL,
    entities_json TEXT NOT NULL,
    numbers_json TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version TEXT NOT NULL
);
CREATE INDEX claims_article ON claims (article_id, start_offset);

-- Who claims are attributed to, one row per source across spellings and scripts.
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    aliases_json TEXT NOT NULL
);

-- Names as they occur in articles, with the role written beside them and the article's date.
CREATE TABLE entity_mentions (
    article_id TEXT NOT NULL REFERENCES articles (id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    role TEXT,
    article_date TEXT,
    PRIMARY KEY (article_id, start_offset, end_offset)
);

-- People, organisations and places resolved across articles, with the roles seen over time.
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    aliases_json TEXT NOT NULL,
    roles_json TEXT NOT NULL
);
