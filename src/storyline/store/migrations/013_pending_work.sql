-- What each stage has left to do, kept as articles change, so that finding it reads those
-- articles and not every one (storyline.pipeline.pending).
--
-- `stage_versions`: the version each stage last ran at. A stage whose version differs, or that
-- has none here (a store older than this table), compares every article with its marks in
-- stage_runs once, as before, and its pending articles are written below.
CREATE TABLE stage_versions (
    stage TEXT PRIMARY KEY,
    stage_version TEXT NOT NULL
);
-- An article saved with new content is pending for every stage in stage_versions; a stage's
-- row goes when the stage has processed the article (a failed article keeps it).
CREATE TABLE pending_work (
    stage TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (stage, article_id)
)
