"""Reading and writing articles: the one write path for ingest's results."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Literal

from storyline.model import Article, Flag, Outlet, PublishedDate, TextSpan
from storyline.store.base import Row, Store, rows_with_ids
from storyline.store.pending_work import queue_articles
from storyline.store.site_lines import count_site_lines

SaveOutcome = Literal["added", "unchanged", "new-version"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _outlet_json(outlet: Outlet) -> str:
    return json.dumps(outlet.__dict__, ensure_ascii=False, sort_keys=True)


def _row_values(article: Article) -> tuple[object, ...]:
    return (
        article.location,
        article.url,
        article.kind,
        article.title,
        article.language,
        article.language_confidence,
        article.outlet.name,
        _outlet_json(article.outlet),
        article.published.date,
        json.dumps(article.published.as_dict(), ensure_ascii=False, sort_keys=True),
        article.text,
        article.original,
        json.dumps([[s.clean_start, s.original_start, s.length] for s in article.text_map]),
        json.dumps(list(article.boilerplate), ensure_ascii=False),
        article.content_hash,
        article.version,
        _now(),
    )


def save_article(store: Store, article: Article) -> tuple[SaveOutcome, str]:
    """Store an article once: the same content is never stored twice, and new content at a
    known location becomes a new version of that location's article (same id).

    Returns what happened and the id the article is stored under. New content is pending for
    every stage (store.pending_work), and the counts of site lines (store.site_lines) follow
    the stored articles' boilerplate.
    """
    with store.transaction():
        same_content = store.query_one(
            "SELECT id FROM articles WHERE content_hash = ?", (article.content_hash,)
        )
        if same_content:
            store.execute(
                "INSERT INTO article_locations (location, article_id) VALUES (?, ?) "
                "ON CONFLICT (location) DO NOTHING",
                (article.location, same_content["id"]),
            )
            return "unchanged", same_content["id"]
        known = store.query_one(
            "SELECT a.id, a.version, a.content_hash, a.original, a.boilerplate_json "
            "FROM article_locations l "
            "JOIN articles a ON a.id = l.article_id WHERE l.location = ?",
            (article.location,),
        )
        if known:
            store.execute(
                "INSERT INTO article_versions "
                "(article_id, version, content_hash, original, replaced_at) VALUES (?, ?, ?, ?, ?)",
                (known["id"], known["version"], known["content_hash"], known["original"], _now()),
            )
            values = (*_row_values(article)[:-2], known["version"] + 1, _now())
            store.execute(
                "UPDATE articles SET location = ?, url = ?, kind = ?, title = ?, language = ?, "
                "language_confidence = ?, outlet = ?, outlet_json = ?, published_date = ?, "
                "published_json = ?, text = ?, original = ?, text_map_json = ?, "
                "boilerplate_json = ?, content_hash = ?, version = ?, ingested_at = ? "
                "WHERE id = ?",
                (*values, known["id"]),
            )
            store.execute("DELETE FROM flags WHERE article_id = ?", (known["id"],))
            count_site_lines(store, json.loads(known["boilerplate_json"]), article.boilerplate)
            queue_articles(store, [known["id"]])
            return "new-version", known["id"]
        store.execute(
            "INSERT INTO articles (location, url, kind, title, language, language_confidence, "
            "outlet, outlet_json, published_date, published_json, text, original, text_map_json, "
            "boilerplate_json, content_hash, version, ingested_at, id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_row_values(article), article.id),
        )
        store.execute(
            "INSERT INTO article_locations (location, article_id) VALUES (?, ?)",
            (article.location, article.id),
        )
        count_site_lines(store, (), article.boilerplate)
        queue_articles(store, [article.id])
        return "added", article.id


def _article_from_row(row: Row, flags: list[Flag]) -> Article:
    return Article(
        id=row["id"],
        location=row["location"],
        url=row["url"],
        kind=row["kind"],
        outlet=Outlet(**json.loads(row["outlet_json"])),
        title=row["title"],
        language=row["language"],
        language_confidence=row["language_confidence"],
        published=PublishedDate.from_dict(json.loads(row["published_json"])),
        text=row["text"],
        original=row["original"],
        text_map=tuple(TextSpan(*span) for span in json.loads(row["text_map_json"])),
        boilerplate=tuple(json.loads(row["boilerplate_json"])),
        content_hash=row["content_hash"],
        version=row["version"],
        flags=tuple(flags),
    )


def _flag_from_row(row: Row) -> Flag:
    return Flag(kind=row["kind"], evidence=json.loads(row["evidence_json"]), stage=row["stage"])


def _flags_by_article(store: Store, ids: Collection[str] | None = None) -> dict[str, list[Flag]]:
    if ids is None:
        rows = store.query("SELECT * FROM flags ORDER BY article_id, kind, stage")
    else:
        rows = rows_with_ids(
            store,
            "SELECT * FROM flags WHERE article_id IN ({ids}) ORDER BY article_id, kind, stage",
            ids,
        )
    found: dict[str, list[Flag]] = {}
    for row in rows:
        found.setdefault(row["article_id"], []).append(_flag_from_row(row))
    return found


def get_article(store: Store, article_id: str) -> Article | None:
    """One article by id, or by a unique prefix of its id."""
    rows = store.query("SELECT * FROM articles WHERE id = ?", (article_id,))
    if not rows:
        rows = store.query("SELECT * FROM articles WHERE id LIKE ?", (article_id + "%",))
    if len(rows) != 1:
        return None
    flags = [
        _flag_from_row(row)
        for row in store.query(
            "SELECT * FROM flags WHERE article_id = ? ORDER BY kind, stage", (rows[0]["id"],)
        )
    ]
    return _article_from_row(rows[0], flags)


def list_articles(store: Store, ids: Collection[str] | None = None) -> list[Article]:
    """Every article (or those of `ids`), ordered by publication date (unknown last), then id."""
    flags = _flags_by_article(store, ids)
    if ids is None:
        rows = store.query(
            "SELECT * FROM articles ORDER BY published_date IS NULL, published_date, id"
        )
    else:
        rows = rows_with_ids(store, "SELECT * FROM articles WHERE id IN ({ids})", ids)
        rows.sort(key=lambda r: (r["published_date"] is None, r["published_date"] or "", r["id"]))
    return [_article_from_row(row, flags.get(row["id"], [])) for row in rows]


def save_flag(store: Store, article_id: str, flag: Flag) -> None:
    """Record (or replace) a flag that a stage raised on an article."""
    store.execute(
        "INSERT INTO flags (article_id, kind, evidence_json, stage) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (article_id, kind, stage) DO UPDATE SET "
        "evidence_json = excluded.evidence_json",
        (
            article_id,
            flag.kind,
            json.dumps(flag.evidence, ensure_ascii=False, sort_keys=True),
            flag.stage,
        ),
    )


def article_versions(store: Store, article_id: str) -> list[Row]:
    """Earlier versions of an article, oldest first."""
    return store.query(
        "SELECT version, content_hash, replaced_at FROM article_versions "
        "WHERE article_id = ? ORDER BY version",
        (article_id,),
    )
