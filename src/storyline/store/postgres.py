"""The server option: the same schema and migrations on PostgreSQL, through psycopg 3."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storyline.errors import StoreError, missing_extra
from storyline.store.base import Row, Store

# Migrations are written once for both backends; these make SQLite's type names valid here.
COMPATIBILITY = (
    "DO $$ BEGIN CREATE DOMAIN blob AS bytea; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
)


class PostgresStore(Store):
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as error:
            raise missing_extra("psycopg", "postgres") from error
        self._psycopg = psycopg
        self.url = url
        try:
            self._connection = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as error:
            raise StoreError(f"cannot connect to the store '{_redacted(url)}': {error}") from error
        for statement in COMPATIBILITY:
            self._execute(statement)
        self.migrate()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self._connection.execute(sql, tuple(params) or None)
        except self._psycopg.Error as error:
            raise StoreError(f"store '{_redacted(self.url)}': {error} in: {sql[:120]}") from error

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            cursor = self._connection.execute(sql, tuple(params) or None)
            return [dict(row) for row in cursor.fetchall()]
        except self._psycopg.Error as error:
            raise StoreError(f"store '{_redacted(self.url)}': {error} in: {sql[:120]}") from error

    def sql(self, statement: str) -> str:
        # '%' is psycopg's placeholder marker, so literal percent signs are doubled first.
        return statement.replace("%", "%%").replace("?", "%s")

    @contextmanager
    def _outermost(self) -> Iterator[None]:
        try:
            with self._connection.transaction():
                yield
        except self._psycopg.Error as error:
            raise StoreError(f"store '{_redacted(self.url)}': {error}") from error

    def target(self) -> str | None:
        return self.url

    def close(self) -> None:
        self._connection.close()


def _redacted(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}@{host}"
