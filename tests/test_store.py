"""The store: migrations, one copy per content, versions, and all-or-nothing writes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from storyline.errors import StoreError
from storyline.ids import content_hash, short_id
from storyline.model import Article, Outlet, PublishedDate, TextSpan
from storyline.store import open_store
from storyline.store.articles import article_versions, get_article, list_articles, save_article
from storyline.store.base import migrations


def make_article(original: str, location: str = "/data/a.txt") -> Article:
    fingerprint = content_hash(original)
    return Article(
        id=short_id("a", fingerprint),
        location=location,
        url=None,
        outlet=Outlet("The Harbour Gazette", "signature", 0.7, "'Source : the harbour gazette'"),
        title="Harbour talks",
        language="en",
        language_confidence=0.99,
        published=PublishedDate("2025-04-03", "day", "dateline", 0.9, "stated", None, "dateline"),
        text=original.strip(),
        original=original,
        text_map=(TextSpan(0, 0, len(original.strip())),),
        content_hash=fingerprint,
    )


def test_store_migrations_are_numbered_and_applied_once(tmp_path):
    numbers = [number for number, _, _ in migrations()]
    assert numbers == sorted(set(numbers)) and numbers[0] == 1
    first = open_store(tmp_path / "s.db")
    version = first.schema_version()
    first.close()
    again = open_store(tmp_path / "s.db")
    assert again.schema_version() == version == numbers[-1]
    again.close()


def test_store_applies_a_migration_missing_below_the_newest(tmp_path):
    """A store made by a build that lacked one numbered migration gets it on the next open."""
    numbers = [number for number, _, _ in migrations()]
    missing = numbers[len(numbers) // 2]
    open_store(tmp_path / "gap.db").close()
    # Reproduce the older build's store: the middle migration's record and tables are gone.
    raw = sqlite3.connect(tmp_path / "gap.db")
    created = [
        line.split()[2]
        for _, name, sql in migrations()
        if int(name[:3]) == missing
        for line in sql.splitlines()
        if line.startswith("CREATE TABLE")
    ]
    for name in created:
        raw.execute(f"DROP TABLE {name}")
    raw.execute("DELETE FROM schema_migrations WHERE number = ?", (missing,))
    raw.commit()
    raw.close()

    reopened = open_store(tmp_path / "gap.db")
    applied = {row["number"] for row in reopened.query("SELECT number FROM schema_migrations")}
    assert missing in applied and reopened.schema_version() == numbers[-1]
    assert created
    for name in created:
        assert reopened.query(f"SELECT COUNT(*) AS n FROM {name}")[0]["n"] == 0
    reopened.close()


def test_store_saves_the_same_content_once(store):
    article = make_article("The delegations met in the port city.")
    assert save_article(store, article) == ("added", article.id)
    assert save_article(store, article) == ("unchanged", article.id)
    moved = replace(article, location="/elsewhere/a-copy.txt")
    assert save_article(store, moved) == ("unchanged", article.id)
    assert len(list_articles(store)) == 1


def test_store_changed_content_at_a_location_is_a_new_version(store):
    first = make_article("The delegations met in the port city.")
    save_article(store, first)
    second = make_article("The delegations met in the port city on Tuesday.")
    outcome, stored_id = save_article(store, second)
    assert (outcome, stored_id) == ("new-version", first.id)
    current = get_article(store, first.id)
    assert current.version == 2 and current.text.endswith("on Tuesday.")
    assert [row["content_hash"] for row in article_versions(store, first.id)] == [
        first.content_hash
    ]
    assert len(list_articles(store)) == 1


def test_store_round_trips_every_field(store):
    article = make_article("نفت الوزارة عقد أي اجتماع في الميناء.")
    save_article(store, article)
    assert get_article(store, article.id) == article
    assert get_article(store, article.id[:6]) == article


def test_store_failed_write_leaves_nothing_half_written(store):
    article = make_article("The delegations met in the port city.")
    with pytest.raises(StoreError), store.transaction():
        save_article(store, article)
        store.execute("INSERT INTO no_such_table VALUES (1)")
    assert list_articles(store) == []
    assert store.query("SELECT * FROM article_locations") == []


def test_store_reports_an_unwritable_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(blocker / "sub" / "s.db")
