"""Full-text search over titles, text and sources, on SQLite (FTS5 and LIKE) and PostgreSQL,
and the workbench pages served from either backend."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from conftest import shared_path
from storyline import search as search_module
from storyline.ingest.run import ingest_paths
from storyline.search import search
from storyline.store import open_store
from storyline.store.base import Store
from storyline.web import create_app


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


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path) -> str:
    """A store location on each backend, holding the ingested corpus (no analysis)."""
    if request.param == "sqlite":
        url = str(tmp_path / "web.db")
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    with open_store(url) as opened:
        ingest_paths(opened, [shared_path("corpus", "hmeimim")], progress=False)
    return url


def test_search_and_pages_serve_from_either_backend(store_url: str) -> None:
    with TestClient(create_app(store_url)) as client:
        listing = client.get("/stories.json").json()
        assert len(listing["articles"]) == 5
        arabic = next(a["id"] for a in listing["articles"] if a["language"] == "ar")
        hits = client.get("/search.json", params={"q": "حميميم"}).json()["hits"]
        assert [h["article_id"] for h in hits] == [arabic]
        page = client.get(f"/articles/{arabic}.json").json()
        assert "".join(s["text"] for s in page["highlights"]) == page["article"]["text"]
        other = next(a["id"] for a in listing["articles"] if a["id"] != arabic)
        compared = client.get(f"/compare/{other}/{arabic}.json").json()
        assert compared["pairs"] == [] and "have not run" in compared["notice"]
        assert "حميميم" in client.get("/search", params={"q": "حميميم"}).text
