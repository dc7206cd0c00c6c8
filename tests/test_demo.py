"""The shipped demo corpus ingests to the article facts its expected.json states."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.ingest.outlets import same_outlet
from storyline.ingest.run import ingest_paths
from storyline.model import Article
from storyline.store import open_store
from storyline.store.articles import list_articles

DEMO = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))["articles"]
FURNITURE = [
    "Share this",
    "Related Articles",
    "Support The",
    "Leave a comment",
    "Your email address",
    "Previous article",
    "View Results",
    "Tags:",
    "All rights reserved",
    "Listen to this article",
    "Menu",
    "الرئيسية",
    "Ana Sayfa",
    "Paylaş",
    "حجم الخط",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    with open_store(tmp_path_factory.mktemp("demo") / "demo.db") as store:
        report = ingest_paths(store, [DEMO / "corpus"], progress=False)
        assert report.errors == [] and len(report.added) == len(EXPECTED)
        return {Path(article.location).stem: article for article in list_articles(store)}


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_demo_article_facts_match_expected(demo, key):
    expected, article = EXPECTED[key], demo[key]
    assert article.language == expected["language"]
    assert article.title == expected["title"]
    names = [expected["outlet"]["name"], *expected["outlet"]["aliases"]]
    assert article.outlet.name and any(same_outlet(article.outlet.name, n) for n in names)
    published, wanted = article.published, expected["published"]
    assert (published.date, published.estimate, published.source, published.not_before) == (
        wanted["date"],
        wanted["estimate"],
        wanted["source"],
        wanted["not_before"],
    )
    assert published.evidence


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_demo_text_is_clean_and_starts_with_the_body(demo, key):
    article = demo[key]
    for fragment in FURNITURE:
        assert fragment not in article.text, f"{key} keeps {fragment!r}"
    assert not article.text.startswith(article.title)
    assert len(article.text) > 400


def test_demo_cli_lists_every_article(tmp_path):
    db = tmp_path / "demo.db"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["ingest", str(DEMO / "corpus"), "--db", str(db), "-q"]).exit_code == 0
    )
    listed = runner.invoke(main, ["articles", "--db", str(db), "--json"])
    records = json.loads(listed.stdout)
    assert {r["title"] for r in records} == {e["title"] for e in EXPECTED.values()}
    first = next(r for r in records if r["title"] == EXPECTED["en-01"]["title"])
    shown = runner.invoke(main, ["show", first["id"], "--db", str(db)])
    assert shown.exit_code == 0
    assert "The Coastline Monitor" in shown.stdout and "2025-03-04" in shown.stdout
