-- Stories (online clustering), and the relations between articles and between claims.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE story_articles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    story_id TEXT NOT NULL REFERENCES stories (id),
    score REAL NOT NULL,
    evidence_json TEXT NOT NULL
);
CREATE INDEX story_articles_story ON story_articles (story_id);

-- One row per finding; `kind` is one of design.md's relation kinds. A relation is replaced
-- whole when the stage that made it runs again over its endpoints.
CREATE TABLE relations (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    from_id TEXT NOT NULL,
    to_id TEXT NOT NULL,
    score REAL NOT NULL,
    evidence_json TEXT NOT NULL,
    stage TEXT NOT NULL,
    stage_version TEXT NOT NULL
);
CREATE INDEX relations_from ON relations (from_id, kind);
CREATE INDEX relations_to ON relations (to_id, kind);
CREATE INDEX relations_stage ON relations (stage);

-- Dated happenings inside a story (design.md's events), written by the provenance stage.
CREATE TABLE story_events (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL REFERENCES stories (id),
    event_date TEXT,
    precision TEXT NOT NULL,
    label TEXT NOT NULL,
    assertion_ids_json TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    stage_version TEXT NOT NULL
);
CREATE INDEX story_events_story ON story_events (story_id);
