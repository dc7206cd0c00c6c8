"""How many stored articles carry each short line set aside as boilerplate, per folded line.

Ingest reads these counts to tell a site's furniture (menus, taglines, share buttons) from
content. They are kept as articles are saved, in the same transaction, so that no ingest reads
every article's boilerplate.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable

from storyline.store.base import Store, rows_with_ids
from storyline.text.normalize import fold

# A line of more words than this is never counted: site furniture is short.
SITE_LINE_WORDS = 12


def site_line_keys(lines: Iterable[str]) -> set[str]:
    """The folded short lines among `lines`, each once: what one article counts for."""
    return {fold(line) for line in lines if len(line.split()) <= SITE_LINE_WORDS}


def ensure_counted(store: Store) -> None:
    """Fill the counts from every stored article, once: on first use (in a new store, of no
    article; in a store older than the counts, of all it holds)."""
    if store.query_one("SELECT counted FROM site_line_state WHERE id = 1"):
        return
    with store.transaction():
        if store.query_one("SELECT counted FROM site_line_state WHERE id = 1"):
            return
        counts: Counter[str] = Counter()
        for row in store.query("SELECT boilerplate_json FROM articles"):
            counts.update(site_line_keys(json.loads(row["boilerplate_json"])))
        store.execute("DELETE FROM site_line_counts")
        for line, articles in sorted(counts.items()):
            store.execute(
                "INSERT INTO site_line_counts (line, articles) VALUES (?, ?)", (line, articles)
            )
        store.execute("INSERT INTO site_line_state (id, counted) VALUES (1, 1)")


def count_site_lines(store: Store, before: Iterable[str], after: Iterable[str]) -> None:
    """An article's boilerplate went from `before` to `after`: move its counts (inside the
    caller's transaction)."""
    ensure_counted(store)
    old, new = site_line_keys(before), site_line_keys(after)
    for line in sorted(new - old):
        store.execute(
            "INSERT INTO site_line_counts (line, articles) VALUES (?, 1) "
            "ON CONFLICT (line) DO UPDATE SET articles = site_line_counts.articles + 1",
            (line,),
        )
    for line in sorted(old - new):
        store.execute("UPDATE site_line_counts SET articles = articles - 1 WHERE line = ?", (line,))
        store.execute("DELETE FROM site_line_counts WHERE line = ? AND articles <= 0", (line,))


def site_line_counts(
    store: Store, lines: Collection[str] | None = None, at_least: int = 1
) -> Counter[str]:
    """The stored counts of `lines` (of every line without it) carried by `at_least` articles."""
    ensure_counted(store)
    if lines is None:
        rows = store.query(
            "SELECT line, articles FROM site_line_counts WHERE articles >= ?", (at_least,)
        )
    else:
        rows = rows_with_ids(
            store,
            "SELECT line, articles FROM site_line_counts WHERE articles >= ? AND line IN ({ids})",
            lines,
            before=[at_least],
        )
    return Counter({row["line"]: int(row["articles"]) for row in rows})
