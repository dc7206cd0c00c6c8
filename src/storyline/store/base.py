"""The store interface every backend implements, and the migration runner they share."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

Row = dict[str, Any]

MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """The numbered schema migrations shipped with the package, in order: (number, name, sql)."""
    folder = resources.files("storyline.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def split_statements(sql: str) -> list[str]:
    """Split a migration into statements; migrations keep semicolons out of literals."""
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


class Store(ABC):
    """A relational store with one write path: every write happens inside `transaction()`."""

    placeholder = "?"

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    # How many `transaction()` blocks are open; only the outermost talks to the database.
    _depth = 0

    @abstractmethod
    @contextmanager
    def _outermost(self) -> Iterator[None]:
        """One real transaction on the connection: commit when the block ends, else roll back."""
        yield

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside commits together or not at all.

        Nested calls join the outer transaction, so a stage can group its writes freely.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with self._outermost():
                yield
        finally:
            self._depth = 0

    @abstractmethod
    def close(self) -> None: ...

    def target(self) -> str | None:
        """What `open_store` takes to open this store again from another process (a worker);
        None where no other process can (an in-memory database)."""
        return None

    def sql(self, statement: str) -> str:
        """Statements are written with '?' placeholders; backends translate them."""
        if self.placeholder == "?":
            return statement
        return statement.replace("?", self.placeholder)

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        self._execute(self.sql(statement), params)

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._fetch(self.sql(statement), params)

    def query_one(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(statement, params)
        return rows[0] if rows else None

    def schema_version(self) -> int:
        row = self.query_one("SELECT MAX(number) AS number FROM schema_migrations")
        return int(row["number"]) if row and row["number"] is not None else 0

    def migrate(self) -> int:
        """Apply every shipped migration not yet applied, in order; returns the schema version."""
        with self.transaction():
            self._execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations "
                "(number INTEGER PRIMARY KEY, name TEXT NOT NULL)"
            )
        # Any shipped migration not yet recorded is applied, also one numbered below the newest
        # applied (a store made by a build that lacked it).
        applied = {int(row["number"]) for row in self.query("SELECT number FROM schema_migrations")}
        for number, name, sql in migrations():
            if number in applied:
                continue
            with self.transaction():
                for statement in split_statements(sql):
                    self._execute(statement)
                self.execute(
                    "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", (number, name)
                )
        return self.schema_version()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Ids per `IN (...)` list: well under every backend's bound on parameters in one statement.
IDS_PER_QUERY = 500


def in_batches(ids: Collection[str]) -> Iterator[tuple[str, list[str]]]:
    """The sorted ids in batches, each with the placeholders of its `IN (...)` list."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), IDS_PER_QUERY):
        batch = ordered[start : start + IDS_PER_QUERY]
        yield ", ".join("?" for _ in batch), batch


def rows_with_ids(
    store: Store, sql: str, ids: Collection[str], before: Sequence[Any] = ()
) -> list[Row]:
    """The rows of `sql`, whose one `{ids}` stands for an `IN` list, over every batch of ids;
    `before` are the values of the placeholders that come before that list."""
    rows: list[Row] = []
    for placeholders, batch in in_batches(ids):
        rows.extend(store.query(sql.format(ids=placeholders), [*before, *batch]))
    return rows
