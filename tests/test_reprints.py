"""Reprints within a language: LSH candidates, shared passages, extent and direction.

Fixtures (tests/fixtures/stories, fictional): an original report, its whole reprint on an
aggregator crediting it ("Source :"), and a longer analysis copying two of its paragraphs.
These tests need no encoder: ingest, then the reprint functions the stories stage uses.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stories_support import STORIES_FIXTURES
from storyline.ingest.run import ingest_paths
from storyline.store.articles import get_article
from storyline.stories import reprints

FILES = (
    "harbour-original.txt",
    "harbour-reprint.txt",
    "harbour-analysis.txt",
    "harbour-tr.txt",
    "arrest-corvath.txt",
    "arrest-corvath-2.txt",
    "arrest-mirelle.txt",
)


@pytest.fixture
def indexed(store):
    """Each backend's store with the fixtures ingested and their paragraphs LSH-indexed."""
    ingest_paths(store, [str(STORIES_FIXTURES / name) for name in FILES], progress=False)
    names = {
        Path(row["location"]).name: row["id"]
        for row in store.query("SELECT id, location FROM articles")
    }
    with store.transaction():
        for article_id in names.values():
            reprints.index_article(store, get_article(store, article_id))
    return store, names


def test_reprints_lsh_candidates_are_the_copies(indexed) -> None:
    store, names = indexed
    found = set(reprints.candidates(store, names["harbour-original.txt"]))
    assert found == {names["harbour-reprint.txt"], names["harbour-analysis.txt"]}
    # Two reports of one arrest in their own words share no paragraph.
    assert reprints.candidates(store, names["arrest-corvath.txt"]) == []


def test_reprints_whole_reprint_credited(indexed) -> None:
    store, names = indexed
    original = get_article(store, names["harbour-original.txt"])
    copy = get_article(store, names["harbour-reprint.txt"])
    finding = reprints.compare(original, copy)
    assert finding is not None
    assert (finding["copy"], finding["original"]) == (copy.id, original.id)
    evidence = finding["evidence"]
    assert evidence["extent"] == "full"
    assert evidence["credit_line"] == "The Elvane Courier"
    assert evidence["containment"]["copy_in_original"] >= 0.95


def test_reprints_partial_reprint_passages(indexed) -> None:
    store, names = indexed
    original = get_article(store, names["harbour-original.txt"])
    copy = get_article(store, names["harbour-analysis.txt"])
    finding = reprints.compare(copy, original)
    assert finding is not None
    assert (finding["copy"], finding["original"]) == (copy.id, original.id)
    evidence = finding["evidence"]
    assert evidence["extent"] == "partial"
    # The copy holds more of its own than the original: containment decides the direction.
    assert evidence["containment"]["copy_in_original"] < evidence["containment"]["original_in_copy"]
    passages = evidence["passages"]
    assert len(passages) == 2
    for passage in passages:
        copied = copy.text[passage["copy_span"][0] : passage["copy_span"][1]]
        source = original.text[passage["original_span"][0] : passage["original_span"][1]]
        assert copied == source
    assert any(
        "18 million crowns" in copy.text[p["copy_span"][0] : p["copy_span"][1]] for p in passages
    )


def test_reprints_independent_reports_not_reprints(indexed) -> None:
    store, names = indexed
    first = get_article(store, names["arrest-corvath.txt"])
    second = get_article(store, names["arrest-corvath-2.txt"])
    assert reprints.compare(first, second) is None
    translated = get_article(store, names["harbour-tr.txt"])
    assert reprints.compare(translated, get_article(store, names["harbour-original.txt"])) is None


def test_reprints_shared_passages_need_a_long_run() -> None:
    left = "The minister said the talks were useful and would go on next week in the capital."
    right = "Officials said the talks were useful and would go on, but gave no date for them."
    assert reprints.shared_passages(left, right) == []
    copied = " ".join(f"word{i}" for i in range(20))
    passages = reprints.shared_passages(f"Intro here. {copied} end.", f"{copied} and more.")
    assert [p["words"] for p in passages] == [20]


def test_reprints_band_keys_stable_and_order_sensitive() -> None:
    paragraph = " ".join(f"token{i}" for i in range(30))
    assert reprints.band_keys(paragraph) == reprints.band_keys(paragraph)
    assert len(set(reprints.band_keys(paragraph))) == reprints.BANDS
    other = " ".join(f"other{i}" for i in range(30))
    assert not set(reprints.band_keys(paragraph)) & set(reprints.band_keys(other))


CREDITED_REWRITE = Path(__file__).parent / "fixtures" / "credited_rewrite"


def test_reprints_a_condensed_rewrite_crediting_the_wire_is_its_copy(store) -> None:
    """One shared sentence is too little for an uncredited reprint, enough for a credited one:
    the rewrite names the agency in full where the wire tags itself by its initials."""
    ingest_paths(store, [str(CREDITED_REWRITE)], progress=False)
    names = {
        Path(row["location"]).name: row["id"]
        for row in store.query("SELECT id, location FROM articles")
    }
    wire, rewrite = (get_article(store, names[n]) for n in ("wire.txt", "rewrite.txt"))
    assert wire.outlet.name == "NWS"
    finding = reprints.compare(wire, rewrite)
    assert finding is not None
    assert (finding["copy"], finding["original"]) == (rewrite.id, wire.id)
    assert finding["evidence"]["direction_by"] == "credit line"
    assert finding["evidence"]["shared_words"] < reprints.MIN_SHARED_WORDS
