-- What lets the provenance stage go over only what changed (storyline.provenance.scope), and the
-- pipeline find what is pending without reading every article.
--
-- `traced`: 1 once the provenance stage has traced the assertion as it stands; the alignment
-- stage writes 0 for an assertion that is new or whose claims, polarities or label changed, and
-- keeps the mark (and the origin) of one that came out the same.
ALTER TABLE assertions ADD COLUMN traced INTEGER NOT NULL DEFAULT 0;
CREATE INDEX assertions_traced ON assertions (traced);
-- The articles that name a person, found by the person's spellings.
CREATE INDEX entity_mentions_text ON entity_mentions (text);
-- The story each article was in when the provenance stage last went over it: an article the
-- stories stage has moved since (its placement, or a neighbour's, changed) sends the story it
-- left and the one it joined back to that stage.
CREATE TABLE traced_placements (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    story_id TEXT NOT NULL
);
-- What each stage has pending is read from this index alone, not from the articles' pages (the
-- texts): half the time of that query at 100,000 articles.
CREATE INDEX articles_content ON articles (id, content_hash);
