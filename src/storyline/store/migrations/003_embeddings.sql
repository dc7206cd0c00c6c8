-- Text vectors cached by the text's content hash and the encoder that made them, so the same
-- sentence in many articles, or in a re-run, is embedded once. `vector` is float32 bytes.
CREATE TABLE embeddings (
    text_hash TEXT NOT NULL,
    encoder TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (text_hash, encoder)
);

-- Each article's vector for one encoder, made from the version of the article in `content_hash`.
CREATE TABLE article_vectors (
    article_id TEXT NOT NULL REFERENCES articles (id),
    encoder TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (article_id, encoder)
);
