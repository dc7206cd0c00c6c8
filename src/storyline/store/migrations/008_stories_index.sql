-- What the stories stage keeps per article so its clustering state and its indexes can be
-- rebuilt from the store on open: the article's profile (unit vector as float32 bytes,
-- lexical keys, publication day) and the MinHash LSH band keys of its paragraphs.
CREATE TABLE story_profiles (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    content_hash TEXT NOT NULL,
    language TEXT NOT NULL,
    day INTEGER,
    keys_json TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL
);

CREATE TABLE reprint_bands (
    band_key TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id),
    PRIMARY KEY (band_key, article_id)
);
CREATE INDEX reprint_bands_article ON reprint_bands (article_id);
