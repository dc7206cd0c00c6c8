-- Sentences of each article's clean text, with offsets, from the text stage.
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles (id),
    idx INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- Which stage, at which version, last processed which version of an article.
CREATE TABLE stage_runs (
    stage TEXT NOT NULL,
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    stage_version TEXT NOT NULL,
    PRIMARY KEY (stage, article_id)
);
