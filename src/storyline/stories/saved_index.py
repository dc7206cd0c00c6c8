"""The story index saved with the store: a usearch HNSW file over article vectors and a header
beside it, opened memory-mapped and brought up to date from the store, never trusted blindly.

What the index should hold is recorded in the store, not in the file: each profile's `indexed`
mark is the generation at which the index took its current vector (0: none; storyline.stories
.profiles). The file holds every profile marked at or before the generation in its header, its
`base`. On open, the profiles marked since are read from the store and searched exactly beside
the base, and base entries whose profile was saved again are hidden, so one new article costs
one row, not a rebuild. The base is rebuilt from the store, and the reason kept in
`SavedIndex.rebuilt`, when the header or the file cannot be read, names another store (token),
encoder, vector size or stage version, is newer than the store, or holds a different number of
articles than the store marks for it.

Files change only after the store has committed: when the profiles marked since the base pass
COMPACT_AFTER (or the base was rebuilt), a new base file is written under a new name, then the
header is replaced atomically, then older base files are removed. A crash at any point leaves a
header that names a whole file, and the store's marks say what that file lacks.

Where: beside an SQLite file (`news.db.stories.json`, `news.db.stories-<generation>-<tag>.usearch`);
for PostgreSQL (no pgvector needed) in the cache folder (STORYLINE_CACHE_DIR, else the system
temp folder), named by the store's token; an in-memory SQLite store keeps no file and builds its
index on each open.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import uuid
import zlib
from pathlib import Path
from typing import Any

import numpy as np
from usearch.index import Index, ScalarKind

from storyline.store.base import Store
from storyline.store.sqlite import SQLiteStore
from storyline.stories.profiles import index_state, vector_from_bytes

FORMAT = 1
# Profiles marked since the base, or hidden in it, before the base file is written again: the
# marked ones are read and searched exactly on every open, so this bounds what opening costs.
COMPACT_AFTER = 2048
# Articles added in one session and searched exactly before they go into the HNSW graph (a bulk
# load into an empty store would otherwise be searched by brute force).
EXACT_LIMIT = 4096
# Rows read at a time when the base is rebuilt from the store.
REBUILD_CHUNK = 10_000
# Blocks of the base file whose checksum the header keeps: a truncated, replaced or overwritten
# file is caught on open without reading all of it.
SAMPLED_BLOCKS = 64
BLOCK_BYTES = 4096

log = logging.getLogger(__name__)


def _cache_root() -> Path:
    configured = os.environ.get("STORYLINE_CACHE_DIR")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "storyline-cache"


def index_location(store: Store, token: str) -> Path | None:
    """The stem of a store's index files, or None for a store that keeps none."""
    if isinstance(store, SQLiteStore):
        if str(store.path) in ("", ":memory:"):
            return None
        return store.path.with_name(f"{store.path.name}.stories")
    return _cache_root() / "story-index" / token


def _header_path(location: Path) -> Path:
    return location.with_name(f"{location.name}.json")


def _sampled_checksum(path: Path) -> int:
    size = path.stat().st_size
    step = max(size // SAMPLED_BLOCKS, 1)
    checksum = 0
    with path.open("rb") as handle:
        for offset in range(0, size, step):
            handle.seek(offset)
            checksum = zlib.crc32(handle.read(BLOCK_BYTES), checksum)
        handle.seek(max(size - BLOCK_BYTES, 0))
        return zlib.crc32(handle.read(BLOCK_BYTES), checksum)


def _new_base(dim: int) -> Index:
    return Index(ndim=dim, metric="cos", dtype=ScalarKind.F32)


class SavedIndex:
    """The stories stage's ANN index (storyline.stories.ann.ArticleIndex): a base HNSW (the
    saved file, memory-mapped, or one made in memory), the vectors marked since it, searched
    exactly, and what this session took out."""

    def __init__(
        self,
        dim: int,
        base: Index,
        ids: list[str | None],
        generation: int,
        *,
        mapped: bool,
        rebuilt: str | None = None,
    ) -> None:
        self.dim = dim
        self.base = base
        # The article id of each base key; None where a key was removed.
        self.ids = ids
        self.keys = {article_id: key for key, article_id in enumerate(ids) if article_id}
        # Marks up to this generation are in the base.
        self.generation = generation
        # A read-only view of the file; changes go to `fresh` until it is copied into memory.
        self.mapped = mapped
        # Why the base was built from the store on open, or None when the file was read.
        self.rebuilt = rebuilt
        # Whether the base holds what the saved file does not.
        self.unsaved = rebuilt is not None
        # Base entries whose profile the store no longer marks as held there.
        self.stale: set[str] = set()
        # Articles taken out during this session (placed again, they come back).
        self.hidden: set[str] = set()
        self.fresh_ids: list[str] = []
        self.fresh_rows: dict[str, int] = {}
        self.fresh = np.empty((0, dim), dtype=np.float32)

    # -- the ArticleIndex protocol -------------------------------------------------------------
    def add(self, article_id: str, vector: np.ndarray) -> None:
        vector = np.asarray(vector, dtype=np.float32)
        self.hidden.discard(article_id)
        key = self.keys.get(article_id)
        if (
            key is not None
            and article_id not in self.stale
            and np.array_equal(self.base.get(key), vector)
        ):
            return
        if self.mapped:
            self._add_fresh(article_id, vector)
            if len(self.fresh_ids) > EXACT_LIMIT:
                self.fold()
        else:
            self._put(article_id, vector)

    def remove(self, article_id: str) -> None:
        self.hidden.add(article_id)

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        vector = np.asarray(vector, dtype=np.float32)
        found: dict[str, float] = {}
        skipped = self.stale | self.hidden
        if len(self.base):
            wanted = min(len(self.base), count + len(skipped))
            matches = self.base.search(vector, wanted)
            for key, distance in zip(matches.keys, matches.distances, strict=True):
                article_id = self.ids[int(key)]
                if article_id is not None and article_id not in skipped:
                    found[article_id] = 1.0 - float(distance)
        if self.fresh_ids:
            cosines = self.fresh[: len(self.fresh_ids)] @ vector
            taken = 0
            for row in np.argsort(-cosines, kind="stable"):
                article_id = self.fresh_ids[row]
                if article_id in self.hidden:
                    continue
                found[article_id] = float(cosines[row])
                taken += 1
                if taken == count:
                    break
        return sorted(found.items(), key=lambda item: -item[1])[:count]

    # -- keeping up with the store ---------------------------------------------------------------
    def _add_fresh(self, article_id: str, vector: np.ndarray) -> None:
        if article_id in self.keys:
            self.stale.add(article_id)
        row = self.fresh_rows.get(article_id)
        if row is None:
            row = len(self.fresh_ids)
            if row == len(self.fresh):
                grown = np.empty((max(16, 2 * row), self.dim), dtype=np.float32)
                grown[:row] = self.fresh[:row]
                self.fresh = grown
            self.fresh_ids.append(article_id)
            self.fresh_rows[article_id] = row
        self.fresh[row] = vector

    def _put(self, article_id: str, vector: np.ndarray) -> None:
        """Into the in-memory base, replacing its entry for the article."""
        key = self.keys.get(article_id)
        if key is None:
            key = len(self.ids)
            self.ids.append(article_id)
            self.keys[article_id] = key
        else:
            self.base.remove(key)
        self.base.add(key, vector)
        self.stale.discard(article_id)
        self.unsaved = True

    def catch_up(self, store: Store) -> str | None:
        """Take in what the store marked since the base; None, or why the base cannot be
        trusted."""
        unmarked = store.query("SELECT article_id FROM story_profiles WHERE indexed = 0")
        self.stale.update(row["article_id"] for row in unmarked if row["article_id"] in self.keys)
        # Sorted here: an ORDER BY makes SQLite walk the whole table in key order.
        since = store.query(
            "SELECT article_id, vector FROM story_profiles WHERE indexed > ? AND dim = ?",
            (self.generation, self.dim),
        )
        for row in sorted(since, key=lambda row: row["article_id"]):
            self._add_fresh(row["article_id"], vector_from_bytes(row["vector"]))
        row = store.query_one(
            "SELECT COUNT(*) AS n FROM story_profiles WHERE indexed BETWEEN 1 AND ? AND dim = ?",
            (self.generation, self.dim),
        )
        marked = int(row["n"]) if row else 0
        held = len(self.keys) - len(self.stale)
        if marked != held:
            return f"the index holds {held} articles where the store marks {marked}"
        return None

    @property
    def behind(self) -> int:
        """How many entries the base lacks or holds in vain."""
        return len(self.fresh_ids) + len(self.stale - set(self.fresh_rows))

    def fold(self) -> None:
        """Bring the base up to date in memory: the fresh vectors in, the stale ones out."""
        if self.mapped:
            self.base = self.base.copy()
            self.mapped = False
        for article_id in sorted(self.stale - set(self.fresh_rows)):
            key = self.keys.pop(article_id)
            self.base.remove(key)
            self.ids[key] = None
            self.unsaved = True
        for article_id, row in self.fresh_rows.items():
            self._put(article_id, self.fresh[row])
        self.stale.clear()
        self.fresh_ids, self.fresh_rows = [], {}
        self.fresh = np.empty((0, self.dim), dtype=np.float32)

    # -- files ---------------------------------------------------------------------------------
    def save(self, location: Path, header: dict[str, Any], generation: int) -> None:
        """Write the base as of `generation` (the store's, after its marks were committed)."""
        self.fold()
        location.parent.mkdir(parents=True, exist_ok=True)
        name = f"{location.name}-{generation}-{uuid.uuid4().hex[:8]}.usearch"
        base_path = location.with_name(name)
        self.base.save(str(base_path))
        with base_path.open("rb") as handle:
            os.fsync(handle.fileno())
        header = {
            **header,
            "format": FORMAT,
            "generation": generation,
            "base": name,
            "bytes": base_path.stat().st_size,
            "checksum": _sampled_checksum(base_path),
            "ids": self.ids,
        }
        temporary = location.with_name(f"{location.name}.json.{uuid.uuid4().hex[:8]}.tmp")
        with temporary.open("w", encoding="utf-8") as handle:
            json.dump(header, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, _header_path(location))
        for old in location.parent.glob(f"{location.name}-*.usearch"):
            if old.name != name:
                old.unlink(missing_ok=True)
        self.generation = generation
        self.unsaved = False


def _read(location: Path, expected: dict[str, Any], generation: int) -> SavedIndex | str:
    """The saved index, or why it cannot be used."""
    try:
        header = json.loads(_header_path(location).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "no index file yet"
    except (OSError, ValueError):
        return "the index header cannot be read"
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return "the index header is of an unknown format"
    if header.get("token") != expected["token"]:
        return "the index was made for another store"
    for field, what in (("encoder", "encoder"), ("dim", "vector size"), ("stage", "stage")):
        if header.get(field) != expected[field]:
            return f"the index was made with another {what} ({header.get(field)!r})"
    saved_at = header.get("generation")
    if not isinstance(saved_at, int) or saved_at > generation:
        return "the index is newer than the store"
    ids = header.get("ids")
    base_name = header.get("base")
    if not isinstance(ids, list) or not isinstance(base_name, str) or "/" in base_name:
        return "the index header is damaged"
    base_path = location.with_name(base_name)
    try:
        if base_path.stat().st_size != header.get("bytes") or _sampled_checksum(
            base_path
        ) != header.get("checksum"):
            return "the index file does not match its header"
        base = Index.restore(str(base_path), view=True)
    except FileNotFoundError:
        return "the index file is missing"
    except (OSError, ValueError, RuntimeError) as error:
        return f"the index file cannot be read ({error})"
    if base is None or base.ndim != expected["dim"] or len(base) != sum(1 for i in ids if i):
        return "the index file does not match its header"
    return SavedIndex(expected["dim"], base, ids, saved_at, mapped=True)


def _rebuilt(store: Store, dim: int, generation: int, reason: str) -> SavedIndex:
    """The base made from every profile the store marks up to `generation`."""
    base = _new_base(dim)
    ids: list[str | None] = []
    last = ""
    while True:
        rows = store.query(
            "SELECT article_id, vector FROM story_profiles WHERE indexed BETWEEN 1 AND ? "
            "AND dim = ? AND article_id > ? ORDER BY article_id LIMIT ?",
            (generation, dim, last, REBUILD_CHUNK),
        )
        if not rows:
            break
        vectors = np.stack([vector_from_bytes(row["vector"]) for row in rows])
        base.add(np.arange(len(ids), len(ids) + len(rows)), vectors)
        ids.extend(row["article_id"] for row in rows)
        last = rows[-1]["article_id"]
    return SavedIndex(dim, base, ids, generation, mapped=False, rebuilt=reason)


def _expected(store: Store, stage_version: str) -> tuple[dict[str, Any], int]:
    from storyline.embeddings.stage import store_encoder

    encoder = store_encoder()
    token, generation = index_state(store)
    header = {"token": token, "encoder": encoder.name, "dim": encoder.dim, "stage": stage_version}
    return header, generation


def open_saved_index(store: Store, stage_version: str) -> SavedIndex:
    """The store's story index: the saved one brought up to date, or one rebuilt (and saved)."""
    expected, generation = _expected(store, stage_version)
    location = index_location(store, expected["token"])
    found = _read(location, expected, generation) if location else "the store keeps no file"
    if isinstance(found, SavedIndex):
        problem = found.catch_up(store)
        if problem is None:
            if found.behind > COMPACT_AFTER:
                found.fold()
            return found
        found = problem
    log.info("story index rebuilt from the store: %s", found)
    index = _rebuilt(store, expected["dim"], generation, found)
    if location is not None:
        save_index(store, index, stage_version)
    return index


def save_index(store: Store, index: SavedIndex, stage_version: str) -> bool:
    """Write the index when its base lags the store enough, or was made in memory; call after
    the store has committed the marks the index holds. Returns whether files were written; a
    folder that cannot be written is logged, never fatal (the index is rebuilt on next open)."""
    if not index.unsaved and index.behind <= COMPACT_AFTER:
        return False
    expected, generation = _expected(store, stage_version)
    location = index_location(store, expected["token"])
    if location is None:
        return False
    try:
        index.save(location, expected, generation)
    except OSError as error:
        log.warning("story index not saved to %s: %s", location, error)
        return False
    return True
