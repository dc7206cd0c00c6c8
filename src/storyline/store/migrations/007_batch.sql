-- Batch ingest shards that finished without errors: a re-run of the same inputs skips them.
CREATE TABLE batch_shards (
    id TEXT PRIMARY KEY,
    inputs_json TEXT NOT NULL,
    article_ids_json TEXT NOT NULL,
    executor TEXT NOT NULL,
    finished_at TEXT NOT NULL
)
