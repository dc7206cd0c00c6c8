"""The store: one interface over SQLite (embedded default) and PostgreSQL (server option)."""

from __future__ import annotations

from pathlib import Path

from storyline.store.base import Store
from storyline.store.sqlite import SQLiteStore

__all__ = ["Store", "open_store"]


def open_store(target: str | Path) -> Store:
    """Open (creating and migrating if needed) the store named by a path or a database URL."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from storyline.store.postgres import PostgresStore

        return PostgresStore(text)
    return SQLiteStore(Path(text))
