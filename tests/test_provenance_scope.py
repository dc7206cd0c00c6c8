"""The provenance stage goes over only what a change reaches, and finds what going over the whole
store would find."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.pipeline import analyze_paths
from storyline.provenance.scope import trace_scope
from storyline.provenance.stage import trace_store
from storyline.store import open_store
from storyline.store.base import Store
from storyline.store.placement_changes import changed_placements, note_placements

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo" / "corpus"
# Added one at a time, after the rest: a Turkish report, an English one and an Arabic one.
LATE_ARRIVALS = ("tr-02.txt", "en-05.txt", "ar-02.txt")


def _provenance(store: Store) -> dict[str, list]:
    """What the provenance stage writes, as rows."""
    return {
        "assertions": store.query(
            "SELECT id, origin_json, independence_json, traced FROM assertions ORDER BY id"
        ),
        "events": store.query("SELECT * FROM story_events ORDER BY id"),
        "flags": store.query(
            "SELECT * FROM flags WHERE stage = 'provenance' ORDER BY article_id, kind"
        ),
        "dates": store.query("SELECT id, published_json FROM articles ORDER BY id"),
    }


@pytest.mark.slow
def test_provenance_after_each_arrival_matches_a_trace_of_the_whole_store(tmp_path):
    early = tmp_path / "early"
    early.mkdir()
    for path in sorted(DEMO_CORPUS.iterdir()):
        if path.name not in LATE_ARRIVALS:
            shutil.copy(path, early / path.name)
    with open_store(tmp_path / "store.db") as store:
        analyze_paths(store, [early], progress=False)
        for name in LATE_ARRIVALS:
            result = analyze_paths(store, [DEMO_CORPUS / name], progress=False)
            assert "changes reach" in result.stages.notes["provenance"], name
            after_arrival = _provenance(store)
            everything = [row["id"] for row in store.query("SELECT id FROM articles")]
            trace_store(store, everything)
            assert _provenance(store) == after_arrival, name


def test_provenance_scope_follows_stories_assertions_and_copies(store):
    from storyline.alignment.stage import align_store
    from storyline.relations import Relation, replace_relations
    from test_provenance import _seed

    _seed(store)
    align_store(store, ["en-report"], use_classifier=False)
    trace_store(store, ["en-report"])
    with store.transaction():
        store.execute(
            "INSERT INTO stories (id, title, created_at, updated_at) "
            "VALUES ('s-far', 'far', '2025-01-01', '2025-01-01')"
        )
        store.execute("UPDATE story_articles SET story_id = 's-far' WHERE article_id = 'en-sport'")
        # As every writer of placements does, so that the stage reads what moved.
        note_placements(store, ["en-sport"])
    # The story it left is gone over again with it.
    assert changed_placements(store) == ["en-sport"]
    scope = trace_scope(store, ["en-sport"])
    assert scope.stories == {"s-far", "s-lissa"}
    trace_store(store, ["en-sport"])
    assert changed_placements(store) == []
    # Once traced, nothing links the sports report to the meeting's story: a change to it
    # reaches it alone.
    scope = trace_scope(store, ["en-sport"])
    assert (set(scope.articles), set(scope.stories), scope.whole) == (
        {"en-sport"},
        {"s-far"},
        False,
    )
    # A copy link brings in the copied report and, through it, its story and assertions.
    replace_relations(store, "test", "1", [Relation("reprint_of", "en-sport", "en-report", 0.9)])
    scope = trace_scope(store, ["en-sport"])
    assert {"en-sport", "en-report", "ar-report", "tr-report"} <= scope.articles
    assert scope.stories == {"s-far", "s-lissa"}
    # All the articles changed: the whole store.
    everything = [row["id"] for row in store.query("SELECT id FROM articles")]
    assert trace_scope(store, everything).whole
