-- The analyst's corrections: what the machine said, what it becomes, who said so, when and why.
-- Every stage re-applies the active ones after writing its output (storyline.corrections), and
-- each row a correction changed names it in `corrected_by` (space-separated correction ids).
CREATE TABLE corrections (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    target_json TEXT NOT NULL,
    machine_value_json TEXT NOT NULL,
    value_json TEXT NOT NULL,
    by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX corrections_target ON corrections (kind, target);

ALTER TABLE articles ADD COLUMN corrected_by TEXT;
ALTER TABLE story_articles ADD COLUMN corrected_by TEXT;
ALTER TABLE claims ADD COLUMN corrected_by TEXT;
ALTER TABLE relations ADD COLUMN corrected_by TEXT;
ALTER TABLE stances ADD COLUMN corrected_by TEXT;
ALTER TABLE flags ADD COLUMN corrected_by TEXT
