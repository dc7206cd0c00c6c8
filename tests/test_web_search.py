"""Full-text search over titles, text and sources, on SQLite (FTS5 and LIKE) and PostgreSQL."""

from __future__ import annotations

import pytest

from conftest import shared_path
from storyline import search as search_module
from storyline.ingest.run import ingest_paths
from storyline.search import search
from storyline.store.base import Store


@pytest.fixture
def corpus_store(store: Store) -> Store:
    ingest_paths(store, [shared_path("corpus", "hmeimim")], progress=False)
    return store


def _paths(store: Store, hits: list[search_module.Hit]) -> list[str]:
    located = {r["id"]: r["location"] for r in store.query("SELECT id, location FROM articles")}
    return sorted(located[hit.article_id].rsplit("/", 1)[-1][:4] for hit in hits)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Latakia", ["001_", "003_"]),
        ("حميميم", ["002_"]),
        ("rapprochement withdraw", ["000_"]),
    ],
)
def test_search_finds_articles_in_each_language(corpus_store: Store, query: str, expected):
    hits = search(corpus_store, query)
    assert _paths(corpus_store, hits) == expected
    assert all(hit.snippet for hit in hits)


def test_search_like_fallback_matches_fts(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_index = _paths(corpus_store, search(corpus_store, "Latakia"))
    monkeypatch.setattr(search_module, "_fts_ready", lambda _store: False)
    assert _paths(corpus_store, search(corpus_store, "Latakia")) == with_index


def test_search_query_syntax_is_inert(corpus_store: Store) -> None:
    for query in ('"unbalanced', "NEAR(a b", "title:*", "' OR 1=1 --", "   "):
        assert isinstance(search(corpus_store, query), list)
    assert search(corpus_store, "zzzznotaword") == []
