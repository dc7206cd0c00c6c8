"""Which articles each stage has still to process, kept as articles change.

An article is pending for a stage when the stage has not processed its current content at the
stage's current version (its mark in `stage_runs`). Comparing every article with its marks
reads the whole store; so the articles saved with new content since a stage last processed
them are kept in `pending_work`, and the whole comparison is made only when a stage runs at a
version other than the one it last ran at (`stage_versions`), as after an upgrade.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from storyline.store.base import Store, rows_with_ids

# The articles whose current content a stage, at a version, has not processed: over every
# article, or (with `{ids}`) over some.
_UNMARKED = (
    "SELECT a.id FROM articles a LEFT JOIN stage_runs r ON r.stage = ? AND r.article_id = a.id "
    "WHERE (r.article_id IS NULL OR r.content_hash <> a.content_hash OR r.stage_version <> ?)"
)


def queue_articles(
    store: Store, article_ids: Collection[str], stages: Collection[str] | None = None
) -> None:
    """Make these articles pending for the named stages (for every stage that has run, without
    `stages`), inside the caller's transaction."""
    for article_id in sorted(set(article_ids)):
        if stages is None:
            store.execute(
                "INSERT INTO pending_work (stage, article_id) "
                "SELECT stage, ? FROM stage_versions WHERE 1 = 1 "
                "ON CONFLICT (stage, article_id) DO NOTHING",
                (article_id,),
            )
            continue
        for stage in sorted(set(stages)):
            store.execute(
                "INSERT INTO pending_work (stage, article_id) VALUES (?, ?) "
                "ON CONFLICT (stage, article_id) DO NOTHING",
                (stage, article_id),
            )


def _ran_at(store: Store, stage: str) -> str | None:
    row = store.query_one("SELECT stage_version FROM stage_versions WHERE stage = ?", (stage,))
    return row["stage_version"] if row else None


def pending_articles(store: Store, stage: str, version: str) -> list[str]:
    """The articles whose current content `stage` at `version` has not processed, by id."""
    if _ran_at(store, stage) != version:
        rows = store.query(_UNMARKED, (stage, version))
    else:
        queued = [
            row["article_id"]
            for row in store.query("SELECT article_id FROM pending_work WHERE stage = ?", (stage,))
        ]
        rows = rows_with_ids(store, _UNMARKED + " AND a.id IN ({ids})", queued, (stage, version))
    return sorted(row["id"] for row in rows)


def start_stage(store: Store, stage: str, version: str) -> list[str]:
    """`pending_articles` for a stage about to run; at a version it has not run at before,
    they are written to `pending_work` and the version recorded, so that later runs read
    only what changes."""
    if _ran_at(store, stage) == version:
        return pending_articles(store, stage, version)
    with store.transaction():
        todo = [row["id"] for row in store.query(_UNMARKED, (stage, version))]
        store.execute("DELETE FROM pending_work WHERE stage = ?", (stage,))
        queue_articles(store, todo, [stage])
        store.execute(
            "INSERT INTO stage_versions (stage, stage_version) VALUES (?, ?) "
            "ON CONFLICT (stage) DO UPDATE SET stage_version = excluded.stage_version",
            (stage, version),
        )
    return sorted(todo)


def mark_done(store: Store, stage: str, version: str, article_ids: Sequence[str]) -> None:
    """Record that `stage` at `version` processed the current content of these articles."""
    with store.transaction():
        for article_id in article_ids:
            store.execute(
                "INSERT INTO stage_runs (stage, article_id, content_hash, stage_version) "
                "SELECT ?, id, content_hash, ? FROM articles WHERE id = ? "
                "ON CONFLICT (stage, article_id) DO UPDATE SET "
                "content_hash = excluded.content_hash, stage_version = excluded.stage_version",
                (stage, version, article_id),
            )
            store.execute(
                "DELETE FROM pending_work WHERE stage = ? AND article_id = ?", (stage, article_id)
            )
