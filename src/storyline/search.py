"""Full-text search over articles: titles, text, sources and entities, on either store backend.

SQLite uses an FTS5 table kept in the connection's temporary schema (so searching never writes
to the store and PostgreSQL, which has no FTS5, needs no migration), rebuilt when the store
changes; without FTS5 it falls back to LIKE. PostgreSQL uses to_tsvector / plainto_tsquery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.errors import StoreError
from storyline.export import build_export
from storyline.store.base import Store
from storyline.store.postgres import PostgresStore

FTS_TABLE = "storyline_search"
SNIPPET_WORDS = 12


@dataclass(frozen=True)
class Hit:
    """One article matching a query, with a snippet where it matched: `match` is the
    [start, end] of the matching word inside `snippet` (None when no single word matched), and
    `field` says what the snippet is from: text, sources, entities or title."""

    article_id: str
    title: str
    outlet: str | None
    language: str
    snippet: str
    match: tuple[int, int] | None
    field: str
    rank: float
    story_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _documents(store: Store) -> list[dict[str, Any]]:
    """Per article: title, text, the sources its claims are attributed to and the entities it
    names, each with every spelling the claims stage resolved to it (so 'الشروق' finds an
    English text citing Al-Shorouk, and 'Yarın' one spelling it 'Yarin')."""
    from storyline.claims import list_entities, list_sources

    document = build_export(store)
    sources: dict[str, set[str]] = {}
    entities: dict[str, set[str]] = {}
    for source in list_sources(store):
        names = {source["name"], *source["aliases"]}
        for claim in source["claims"]:
            sources.setdefault(claim["article_id"], set()).update(names)
    spellings: dict[str, set[str]] = {}
    for entity in list_entities(store):
        names = {entity["name"], *entity["aliases"]}
        for name in names:
            spellings[name] = names
    for mention in store.query("SELECT article_id, text FROM entity_mentions"):
        found = spellings.get(mention["text"], {mention["text"]})
        entities.setdefault(mention["article_id"], set()).update(found)
    for claim in document["claims"]:
        names = sources.setdefault(claim["article_id"], set())
        for link in claim.get("attribution") or []:
            if isinstance(link, dict) and link.get("name"):
                names.add(str(link["name"]))
        found = entities.setdefault(claim["article_id"], set())
        for item in claim.get("entities") or []:
            found.add(
                str(item.get("text") or item.get("name")) if isinstance(item, dict) else str(item)
            )
    story_of = {
        article_id: story["id"]
        for story in document["stories"]
        for article_id in story.get("article_ids", [])
    }
    rows = []
    for article in document["articles"]:
        named = sources.get(article["id"], set())
        if article.get("outlet"):
            named.add(article["outlet"])
        rows.append(
            {
                "id": article["id"],
                "title": article.get("title") or "",
                "text": article.get("text") or "",
                "sources": " ; ".join(sorted(named)),
                "entities": " ; ".join(sorted(entities.get(article["id"], set()))),
                "outlet": article.get("outlet"),
                "language": article.get("language") or "",
                "story_id": story_of.get(article["id"]),
            }
        )
    return rows


def _fingerprint(store: Store) -> str:
    articles = store.query_one("SELECT COUNT(*) AS n, MAX(ingested_at) AS t FROM articles") or {}
    runs = store.query(
        "SELECT stage, stage_version, COUNT(*) AS n FROM stage_runs "
        "GROUP BY stage, stage_version ORDER BY stage, stage_version"
    )
    return repr((tuple(articles.values()), [tuple(r.values()) for r in runs]))


def _fts_query(query: str) -> str:
    """The user's words as FTS5 phrase terms, so operators and quotes in a query are inert."""
    words = re.findall(r"\w+", query)
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _fts_ready(store: Store) -> bool:
    """Build (or rebuild after a change) the temporary FTS5 table; False without FTS5."""
    key = _fingerprint(store)
    try:
        state = store.query_one("SELECT key FROM temp.storyline_search_state")
    except StoreError:  # this connection has not built the table yet
        state = None
    if state and state["key"] == key:
        return True
    try:
        store.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{FTS_TABLE} USING fts5(article_id UNINDEXED, "
            "title, text, sources, entities, tokenize = 'unicode61 remove_diacritics 2')"
        )
    except StoreError as error:
        if "fts5" in str(error):
            return False
        raise
    store.execute("CREATE TABLE IF NOT EXISTS temp.storyline_search_state (key TEXT)")
    # No transaction: BEGIN IMMEDIATE would lock the store itself while only temp tables change.
    store.execute(f"DELETE FROM {FTS_TABLE}")
    for row in _documents(store):
        store.execute(
            f"INSERT INTO {FTS_TABLE} (article_id, title, text, sources, entities) "
            "VALUES (?, ?, ?, ?, ?)",
            (row["id"], row["title"], row["text"], row["sources"], row["entities"]),
        )
    store.execute("DELETE FROM temp.storyline_search_state")
    store.execute("INSERT INTO temp.storyline_search_state (key) VALUES (?)", (key,))
    return True


def _snippet(text: str, query: str) -> tuple[str, tuple[int, int] | None]:
    """Some words around the first word matching the query, and where that word sits."""
    words = [w.casefold() for w in re.findall(r"\w+", query)]
    tokens = text.split()
    for at, token in enumerate(tokens):
        if any(w in token.casefold() for w in words):
            start = max(0, at - SNIPPET_WORDS // 2)
            before = ("… " if start else "") + " ".join(tokens[start:at])
            before += " " if tokens[start:at] else ""
            after = " ".join(tokens[at + 1 : at + SNIPPET_WORDS // 2])
            snippet = before + token + (" " + after if after else "") + " …"
            return snippet, (len(before), len(before) + len(token))
    return " ".join(tokens[:SNIPPET_WORDS]) + (" …" if len(tokens) > SNIPPET_WORDS else ""), None


def _hits(
    rows: list[dict[str, Any]], documents: dict[str, dict[str, Any]], query: str, limit: int
) -> list[Hit]:
    hits = []
    for row in rows[:limit]:
        doc = documents[row["article_id"]]
        found = [(f, *_snippet(doc[f], query)) for f in ("text", "sources", "entities", "title")]
        field, snippet, match = next((f for f in found if f[2] is not None), found[0])
        hits.append(
            Hit(
                doc["id"],
                doc["title"],
                doc["outlet"],
                doc["language"],
                snippet,
                match,
                field,
                float(row["rank"]),
                doc["story_id"],
            )
        )
    return hits


def search(store: Store, query: str, limit: int = 50) -> list[Hit]:
    """Articles matching every word of `query`, best first."""
    if not re.findall(r"\w+", query):
        return []
    documents = {d["id"]: d for d in _documents(store)}
    if isinstance(store, PostgresStore):
        vector = (
            "to_tsvector('simple', coalesce(title, '') || ' ' || text || ' ' || "
            "coalesce(outlet, ''))"
        )
        rows = store.query(
            f"SELECT id AS article_id, ts_rank({vector}, plainto_tsquery('simple', ?)) AS rank "
            f"FROM articles WHERE {vector} @@ plainto_tsquery('simple', ?) "
            "ORDER BY rank DESC, id",
            (query, query),
        )
        matched = {r["article_id"] for r in rows}
        # Sources and entities live in the claims section, not in a column: match them here.
        words = [w.casefold() for w in re.findall(r"\w+", query)]
        for doc in documents.values():
            extra = (doc["sources"] + " " + doc["entities"]).casefold()
            if doc["id"] not in matched and all(w in extra for w in words):
                rows.append({"article_id": doc["id"], "rank": 0.0})
        return _hits(rows, documents, query, limit)
    if _fts_ready(store):
        rows = store.query(
            f"SELECT article_id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH ? ORDER BY rank LIMIT ?",
            (_fts_query(query), limit),
        )
        return _hits([{**r, "rank": -r["rank"]} for r in rows], documents, query, limit)
    words = [w.casefold() for w in re.findall(r"\w+", query)]
    rows = [
        {"article_id": doc["id"], "rank": 0.0}
        for doc in documents.values()
        if all(
            w in " ".join((doc["title"], doc["text"], doc["sources"], doc["entities"])).casefold()
            for w in words
        )
    ]
    return _hits(rows, documents, query, limit)
