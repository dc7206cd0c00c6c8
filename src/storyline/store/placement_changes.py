"""Which articles' story placements were written since the provenance stage last recorded them.

Every writer of `story_articles` notes the articles it places, moves or takes out, in the same
transaction; the provenance stage reads these to find the articles that moved (a placement it
recorded differs from the one stored now) without comparing every placement, and forgets them
once it has recorded their placements again.
"""

from __future__ import annotations

from collections.abc import Collection

from storyline.store.base import Store, in_batches


def note_placements(store: Store, article_ids: Collection[str]) -> None:
    """These articles' placements were written (or deleted); inside the caller's transaction."""
    for article_id in sorted(set(article_ids)):
        store.execute(
            "INSERT INTO placement_changes (article_id) VALUES (?) "
            "ON CONFLICT (article_id) DO NOTHING",
            (article_id,),
        )


def note_every_placement(store: Store) -> None:
    """Every placement is about to be written or deleted; inside the caller's transaction."""
    store.execute(
        "INSERT INTO placement_changes (article_id) SELECT article_id FROM story_articles "
        "WHERE 1 = 1 ON CONFLICT (article_id) DO NOTHING"
    )


def changed_placements(store: Store) -> list[str]:
    """The articles whose placements were written since their last recording, by id."""
    rows = store.query("SELECT article_id FROM placement_changes ORDER BY article_id")
    return [row["article_id"] for row in rows]


def forget_placement_changes(store: Store, article_ids: Collection[str] | None = None) -> None:
    """The placements of these articles (of all, without them) were recorded again."""
    if article_ids is None:
        store.execute("DELETE FROM placement_changes")
        return
    for placeholders, batch in in_batches(article_ids):
        store.execute(f"DELETE FROM placement_changes WHERE article_id IN ({placeholders})", batch)
