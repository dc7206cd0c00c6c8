-- The articles whose story placement (story_articles) was written since the provenance stage
-- last recorded it in traced_placements: what that stage's check for moved articles reads,
-- instead of every placement (storyline.store.placement_changes).
CREATE TABLE placement_changes (
    article_id TEXT PRIMARY KEY
);
-- In a store older than this table: the placements that differ from the recorded ones already,
-- and the recorded articles that no story holds now.
INSERT INTO placement_changes (article_id)
SELECT s.article_id FROM story_articles s
LEFT JOIN traced_placements t ON t.article_id = s.article_id
WHERE t.story_id IS NULL OR t.story_id <> s.story_id;
INSERT INTO placement_changes (article_id)
SELECT t.article_id FROM traced_placements t
WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = t.article_id)
