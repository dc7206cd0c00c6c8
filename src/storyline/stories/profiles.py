"""Article profiles in the store, and the clustering state read from the store on demand.

A profile (unit vector, lexical keys, day) is saved once per article version. Saving it keeps,
in the same transaction, the document frequencies of its keys (`story_key_counts`) and its mark
in the story index (`indexed` goes back to 0: the index holds no vector of this version until
the article is placed again). `StoredClustering` and `StoredKeyCounts` read placements,
profiles and frequencies as a placement needs them, so a clusterer over a large store opens
without reading every profile.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from storyline.store.base import Store, in_batches, rows_with_ids
from storyline.stories.features import ArticleProfile


def _state(store: Store) -> dict[str, Any] | None:
    return store.query_one("SELECT token, generation FROM story_index_state WHERE id = 1")


def index_state(store: Store) -> tuple[str, int]:
    """The store's token and the last generation handed out; made on first use, when the key
    counts are filled from the profiles already stored (a store older than the counts)."""
    row = _state(store)
    if row is None:
        with store.transaction():
            if _state(store) is None:
                recount_keys(store)
                store.execute(
                    "INSERT INTO story_index_state (id, token, generation) VALUES (1, ?, 1)",
                    (uuid.uuid4().hex,),
                )
        row = _state(store)
        assert row is not None
    return row["token"], int(row["generation"])


def next_generation(store: Store) -> int:
    """A generation above every one handed out before; inside the caller's transaction."""
    index_state(store)
    store.execute("UPDATE story_index_state SET generation = generation + 1 WHERE id = 1")
    return index_state(store)[1]


def recount_keys(store: Store) -> None:
    """Fill `story_key_counts` from every stored profile; inside the caller's transaction."""
    counts: Counter[str] = Counter()
    for row in store.query("SELECT keys_json FROM story_profiles"):
        counts.update(json.loads(row["keys_json"]).keys())
    store.execute("DELETE FROM story_key_counts")
    for key, articles in sorted(counts.items()):
        store.execute(
            "INSERT INTO story_key_counts (lexical_key, articles) VALUES (?, ?)", (key, articles)
        )


def _count_keys(store: Store, before: Iterable[str], after: Iterable[str]) -> None:
    old, new = set(before), set(after)
    for key in sorted(new - old):
        store.execute(
            "INSERT INTO story_key_counts (lexical_key, articles) VALUES (?, 1) "
            "ON CONFLICT (lexical_key) DO UPDATE SET articles = story_key_counts.articles + 1",
            (key,),
        )
    for key in sorted(old - new):
        store.execute(
            "UPDATE story_key_counts SET articles = articles - 1 WHERE lexical_key = ?", (key,)
        )


def save_profile(store: Store, profile: ArticleProfile, content_hash: str) -> None:
    """Store (or replace) an article's profile, its keys counted and its index mark cleared."""
    with store.transaction():
        index_state(store)
        before = store.query_one(
            "SELECT keys_json FROM story_profiles WHERE article_id = ?", (profile.article_id,)
        )
        _count_keys(store, json.loads(before["keys_json"]) if before else (), profile.keys)
        store.execute(
            "INSERT INTO story_profiles (article_id, content_hash, language, day, keys_json, "
            "dim, vector, indexed) VALUES (?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (article_id) DO "
            "UPDATE SET content_hash = excluded.content_hash, language = excluded.language, "
            "day = excluded.day, keys_json = excluded.keys_json, dim = excluded.dim, "
            "vector = excluded.vector, indexed = 0",
            (
                profile.article_id,
                content_hash,
                profile.language,
                profile.day,
                json.dumps(profile.keys, ensure_ascii=False, sort_keys=True),
                len(profile.vector),
                np.asarray(profile.vector, dtype="<f4").tobytes(),
            ),
        )


def mark_indexed(store: Store, article_ids: Sequence[str]) -> None:
    """Record that the story index now holds these placed articles' current vectors (those it
    held already keep their mark); inside the caller's transaction."""
    unmarked = [
        row["article_id"]
        for row in rows_with_ids(
            store,
            "SELECT article_id FROM story_profiles WHERE indexed = 0 AND article_id IN ({ids})",
            article_ids,
        )
    ]
    if not unmarked:
        return
    generation = next_generation(store)
    for placeholders, batch in in_batches(unmarked):
        store.execute(
            f"UPDATE story_profiles SET indexed = ? WHERE article_id IN ({placeholders})",
            [generation, *batch],
        )


def vector_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)


def profile_from_row(row: dict[str, Any]) -> ArticleProfile:
    return ArticleProfile(
        row["article_id"],
        vector_from_bytes(row["vector"]),
        json.loads(row["keys_json"]),
        row["day"],
        row["language"],
    )


def stored_profiles(store: Store, article_ids: Sequence[str] | None = None) -> list[ArticleProfile]:
    """Stored profiles, of `article_ids` (in that order) or of every article."""
    if article_ids is None:
        return [profile_from_row(r) for r in store.query("SELECT * FROM story_profiles")]
    found = {
        row["article_id"]: profile_from_row(row)
        for row in rows_with_ids(
            store, "SELECT * FROM story_profiles WHERE article_id IN ({ids})", article_ids
        )
    }
    return [found[article_id] for article_id in article_ids if article_id in found]


class StoredClustering:
    """Placements and profiles read from the store (a clusterer's `ClusterSource`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        rows = rows_with_ids(
            self.store,
            "SELECT article_id, story_id FROM story_articles WHERE article_id IN ({ids})",
            article_ids,
        )
        return {row["article_id"]: row["story_id"] for row in rows}

    def members(self, story_id: str) -> list[str]:
        rows = self.store.query(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
            (story_id,),
        )
        return [row["article_id"] for row in rows]

    def profiles(self, article_ids: Sequence[str]) -> dict[str, ArticleProfile]:
        return {profile.article_id: profile for profile in stored_profiles(self.store, article_ids)}


class StoredKeyCounts:
    """Document frequencies over every stored profile (a clusterer's `KeyFrequencies`), read
    per key as scoring asks and kept for the session.

    The population is the stored profiles, counted as they are saved, so placing or taking an
    article out of a story changes nothing here.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.known: dict[str, int] = {}
        self._documents: int | None = None

    def documents(self) -> int:
        if self._documents is None:
            row = self.store.query_one("SELECT COUNT(*) AS n FROM story_profiles")
            self._documents = int(row["n"]) if row else 0
        return self._documents

    def of(self, keys: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(keys))
        missing = [key for key in wanted if key not in self.known]
        rows = rows_with_ids(
            self.store,
            "SELECT lexical_key, articles FROM story_key_counts WHERE lexical_key IN ({ids})",
            missing,
        )
        self.known.update({key: 0 for key in missing})
        self.known.update({row["lexical_key"]: int(row["articles"]) for row in rows})
        return {key: self.known[key] for key in wanted}

    def placed(self, keys: Iterable[str]) -> None:
        """Nothing to count: the population is the stored profiles."""

    def unplaced(self, keys: Iterable[str]) -> None:
        """Nothing to count: the population is the stored profiles."""
