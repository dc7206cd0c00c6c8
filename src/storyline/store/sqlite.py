"""The embedded default store: one SQLite file, WAL mode, one writer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storyline.errors import StoreError
from storyline.store.base import Row, Store


class SQLiteStore(Store):
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            if path.parent and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            self._connection = sqlite3.connect(str(path), isolation_level=None)
            self._connection.row_factory = sqlite3.Row
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA foreign_keys=ON")
            self._connection.execute("PRAGMA busy_timeout=10000")
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"cannot open the store '{path}': {error}") from error
        self.migrate()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self._connection.execute(sql, tuple(params))
        except sqlite3.Error as error:
            raise StoreError(f"store '{self.path}': {error} in: {sql[:120]}") from error

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            cursor = self._connection.execute(sql, tuple(params))
            return [dict(row) for row in cursor.fetchall()]
        except sqlite3.Error as error:
            raise StoreError(f"store '{self.path}': {error} in: {sql[:120]}") from error

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        else:
            self._connection.execute("COMMIT")

    def target(self) -> str | None:
        return None if str(self.path) == ":memory:" else str(self.path.resolve())

    def close(self) -> None:
        self._connection.close()
