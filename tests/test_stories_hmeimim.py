"""Stories on the real corpus (../shared/corpus/hmeimim): one story for the four reports of the
June 2024 meeting in any arrival order, the 2026 background piece apart, the condensed English
rendering found as a translation of the Arabic report, and the credited reprint flagged."""

from __future__ import annotations

import json
import random

import pytest

from conftest import shared_path
from stories_support import analyse
from storyline.relations import relations_of
from storyline.store import open_store
from storyline.stories import aligned_pairs, recluster, story_of, story_record
from storyline.stories.stage import place_one_at_a_time

pytestmark = pytest.mark.slow
MEETING_REPORTS = ("000", "001", "002", "003")
BACKGROUND = "004"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    folder = shared_path("corpus", "hmeimim")
    store = open_store(tmp_path_factory.mktemp("hmeimim") / "h.db")
    names = analyse(store, sorted(folder.glob("*.txt")))
    by_number = {name[:3]: article_id for name, article_id in names.items()}
    yield store, by_number
    store.close()


def _stories(store, by_number: dict[str, str]) -> dict[str, str]:
    return {number: story_of(store, article_id) for number, article_id in by_number.items()}


def test_hmeimim_meeting_reports_share_one_story(corpus) -> None:
    store, by_number = corpus
    stories = _stories(store, by_number)
    assert len({stories[number] for number in MEETING_REPORTS}) == 1
    assert stories[BACKGROUND] != stories["000"]


ORDERS = [
    ["004", "003", "002", "001", "000"],
    ["003", "004", "000", "001", "002"],
    ["002", "004", "001", "003", "000"],
] + [random.Random(seed).sample(["000", "001", "002", "003", "004"], 5) for seed in range(3)]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(order) for order in ORDERS])
def test_hmeimim_story_holds_in_any_arrival_order(corpus, order: list[str]) -> None:
    store, by_number = corpus
    with store.transaction():
        store.execute("DELETE FROM story_articles")
        store.execute("DELETE FROM stories")
    assigned = place_one_at_a_time(store, [by_number[number] for number in order])
    stories = {number: assigned[by_number[number]] for number in by_number}
    assert len({stories[number] for number in MEETING_REPORTS}) == 1
    assert stories[BACKGROUND] != stories["000"]


def test_hmeimim_background_linked_as_related(corpus) -> None:
    store, by_number = corpus
    recluster(store)
    row = store.query_one(
        "SELECT evidence_json FROM story_articles WHERE article_id = ?", (by_number[BACKGROUND],)
    )
    evidence = json.loads(row["evidence_json"])
    # A batch arrives oldest first, so the 2026 piece comes last and starts its own story,
    # naming the meeting story as its nearest, two years away.
    assert evidence["started"]
    assert evidence["best_other"]["story"] == story_of(store, by_number["000"])
    assert evidence["best_other"]["gap_days"] > 365
    meeting_story = story_record(store, story_of(store, by_number["000"]))
    assert meeting_story["related_stories"] == [story_of(store, by_number[BACKGROUND])]


def test_hmeimim_english_rendering_is_translation_of_arabic_report(corpus) -> None:
    store, by_number = corpus
    found = relations_of(store, by_number["000"], ["translation_of"])
    assert [(r["from"], r["to"]) for r in found] == [(by_number["000"], by_number["002"])]
    assert found[0]["score"] >= 0.6
    pairs = aligned_pairs(store, by_number["000"], by_number["002"])
    assert len(pairs) >= 4
    texts = {row["id"]: row["text"] for row in store.query("SELECT id, text FROM articles")}
    for pair in pairs:
        assert texts[by_number["000"]][slice(*pair["left_span"])] == pair["left"]
        assert texts[by_number["002"]][slice(*pair["right_span"])] == pair["right"]
    # The opening denial is aligned with the Arabic report's opening sentence.
    first = pairs[0]
    assert first["left"].startswith("The Assad regime has denied")
    assert first["right_span"][0] == min(p["right_span"][0] for p in pairs)


def test_hmeimim_independent_reports_not_translations(corpus) -> None:
    store, by_number = corpus
    linked = {
        frozenset((r["from"], r["to"])) for r in relations_of(store, kinds=["translation_of"])
    }
    for number in ("001", "003", "004"):
        assert frozenset((by_number[number], by_number["002"])) not in linked


def test_hmeimim_credited_reprint_flagged(corpus) -> None:
    store, by_number = corpus
    rows = store.query(
        "SELECT kind, evidence_json FROM flags WHERE article_id = ? AND stage = 'stories'",
        (by_number["003"],),
    )
    flags = {row["kind"]: json.loads(row["evidence_json"]) for row in rows}
    assert "reprint" in flags
    assert flags["reprint"]["credit_line"].casefold() == "the cradle"


def test_hmeimim_story_holds_when_analysed_one_file_at_a_time(tmp_path) -> None:
    """Each file ingested and analysed on its own, newest first: the stage's incremental path
    (state rebuilt from the store, neighbours placed again and saved) reaches the same story."""
    folder = shared_path("corpus", "hmeimim")
    with open_store(tmp_path / "one-by-one.db") as store:
        for path in sorted(folder.glob("*.txt"), reverse=True):
            analyse(store, [path])
        names = analyse(store, [])
        stories = {name[:3]: story_of(store, article_id) for name, article_id in names.items()}
    assert len({stories[number] for number in MEETING_REPORTS}) == 1
    assert stories[BACKGROUND] != stories["000"]
