-- What lets the stories stage open its clustering state without reading every profile
-- (storyline.stories.saved_index, storyline.stories.profiles).
--
-- `indexed`: the generation at which the story index took the profile's current vector, 0 while
-- it holds none (a profile saved again is 0 until it is placed again). The saved index file
-- records the generation it was written at; profiles marked later are what it lacks.
ALTER TABLE story_profiles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;
UPDATE story_profiles SET indexed = 1 WHERE article_id IN (SELECT article_id FROM story_articles);
-- With `dim`, so that counting what the index should hold reads the index, not the profiles.
CREATE INDEX story_profiles_indexed ON story_profiles (indexed, dim);

-- One row, made on first use (when story_key_counts is filled from the profiles already there):
-- a random token naming this store, so a saved index made for another store is refused, and
-- the last generation handed out.
CREATE TABLE story_index_state (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL,
    generation INTEGER NOT NULL
);

-- Per lexical key, how many stored profiles carry it: the clustering's document frequencies,
-- kept as profiles are saved so that opening the state reads only the keys it scores.
CREATE TABLE story_key_counts (
    lexical_key TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
