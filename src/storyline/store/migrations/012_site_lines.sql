-- Per folded short line that ingest set aside as boilerplate, how many stored articles carry
-- it (storyline.store.site_lines): kept as articles are saved, so that telling a site's
-- furniture from content reads the lines asked about, not every article.
CREATE TABLE site_line_counts (
    line TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
);
-- The lines already frequent enough to be furniture are read at the start of every ingest.
CREATE INDEX site_line_counts_articles ON site_line_counts (articles);
-- One row once the counts hold every stored article: made on first use, when the counts are
-- filled from the articles already stored (none in a new store).
CREATE TABLE site_line_state (
    id INTEGER PRIMARY KEY,
    counted INTEGER NOT NULL
)
