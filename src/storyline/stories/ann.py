"""Nearest articles by vector: the approximate nearest-neighbour index that story clustering
searches, and the in-memory one (usearch HNSW) that clusterers without a store use."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from usearch.index import Index, ScalarKind


class ArticleIndex(Protocol):
    """Article vectors by article id, searched by cosine."""

    def add(self, article_id: str, vector: np.ndarray) -> None: ...

    def remove(self, article_id: str) -> None: ...

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        """The `count` nearest articles, nearest first, with their cosines."""
        ...


class MemoryIndex:
    """An HNSW index held in memory only, made as articles are added."""

    def __init__(self) -> None:
        self.index: Index | None = None
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._next_key = 0

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, article_id: str, vector: np.ndarray) -> None:
        vector = np.asarray(vector, dtype=np.float32)
        if self.index is None:
            self.index = Index(ndim=len(vector), metric="cos", dtype=ScalarKind.F32)
        key = self._next_key
        self._next_key += 1
        self.index.add(key, vector)
        self._keys[article_id] = key
        self._ids[key] = article_id

    def remove(self, article_id: str) -> None:
        key = self._keys.pop(article_id)
        del self._ids[key]
        assert self.index is not None
        self.index.remove(key)

    def search(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        if self.index is None or len(self.index) == 0:
            return []
        found = self.index.search(np.asarray(vector, dtype=np.float32), count)
        return [
            (self._ids[int(key)], 1.0 - float(distance))
            for key, distance in zip(found.keys, found.distances, strict=True)
            if int(key) in self._ids
        ]
