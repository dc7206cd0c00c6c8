-- Assertions (claims grouped across articles and languages), each article's stance toward
-- them, and their origin and independent origins (written by the provenance stage).
CREATE TABLE assertions (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    story_id TEXT,
    origin_json TEXT NOT NULL,
    independence_json TEXT NOT NULL,
    stage_version TEXT NOT NULL
);
CREATE INDEX assertions_story ON assertions (story_id);

CREATE TABLE assertion_claims (
    assertion_id TEXT NOT NULL REFERENCES assertions (id),
    claim_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    polarity TEXT NOT NULL,
    PRIMARY KEY (assertion_id, claim_id)
);
CREATE INDEX assertion_claims_article ON assertion_claims (article_id);

CREATE TABLE stances (
    assertion_id TEXT NOT NULL REFERENCES assertions (id),
    article_id TEXT NOT NULL,
    stance TEXT NOT NULL,
    hedged INTEGER NOT NULL,
    evidence_json TEXT NOT NULL,
    PRIMARY KEY (assertion_id, article_id)
);
CREATE INDEX stances_article ON stances (article_id);
