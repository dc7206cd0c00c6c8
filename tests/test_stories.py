"""Stories: online clustering (synthetic profiles), the stage on the demo corpus against its
ground truth (src/storyline/demo/expected.json), look-alike events kept apart, the commands
and the export section."""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from stories_support import STORIES_FIXTURES, analyse
from storyline.cli import main
from storyline.errors import ConfigError
from storyline.evals import run_eval
from storyline.evals.stories import b_cubed_f1, read_documents
from storyline.export import build_export
from storyline.ingest.run import ingest_paths
from storyline.relations import Relation, relations_of, replace_relations
from storyline.store import open_store
from storyline.stories import list_stories, recluster, story_members, story_of, story_record
from storyline.stories.clustering import ClusterParams, StoryClusterer
from storyline.stories.features import ArticleProfile, day_number, lexical_keys
from storyline.stories.stage import (
    export_stories,
    finish_stories,
    join_copied_stories,
    load_clusterer,
    place_articles,
    place_one_at_a_time,
    save_profile,
)


# -- the clusterer on synthetic profiles ---------------------------------------------------
def _profile(name: str, vector: np.ndarray, words: str, day: str | None = None) -> ArticleProfile:
    return ArticleProfile(
        name, vector / np.linalg.norm(vector), lexical_keys(words, "en"), day_number(day), "en"
    )


def test_stories_features_keys_typed() -> None:
    keys = lexical_keys("Talks resumed in Kalvo on 26 February, the minister Haddur said.", "en")
    assert keys["=kalvo"] == 1 and keys["=haddur"] == 1 and keys["#26"] == 1
    assert "=talks" not in keys and keys["en:talks"] == 1
    arabic = lexical_keys("قال الوزير إن ١١ سفينة وصلت إلى (Brennpost)", "ar")
    assert arabic["#11"] == 1 and arabic["=brennpost"] == 1


def test_stories_time_decay_separates_same_content_far_apart() -> None:
    base = np.random.default_rng(3).normal(size=32)
    clusterer = StoryClusterer(ClusterParams(threshold=0.5))
    words = "Ministers Haddur and Solt met at Kalvo port to discuss fishing rights"
    first = clusterer.place(_profile("a", base, words, "2024-06-11"), "s-a")[0]
    near = clusterer.place(_profile("b", base + 0.01, words, "2024-06-13"), "s-b")[0]
    far = clusterer.place(_profile("c", base + 0.02, words, "2026-07-02"), "s-c")[0]
    assert first.started and near.story_id == "s-a" and not near.started
    assert far.started and far.evidence["best_other"]["gap_days"] > 700


def test_stories_remove_restores_state() -> None:
    rng = np.random.default_rng(4)
    clusterer = StoryClusterer()
    profiles = [_profile(f"p{i}", rng.normal(size=16), f"Name{i} said things") for i in range(4)]
    for profile in profiles:
        clusterer.place(profile, f"s-{profile.article_id}")
    before = len(clusterer.stories)
    clusterer.remove("p3")
    assert "p3" not in clusterer.story_by_article and len(clusterer) == 3
    assert clusterer.neighbours(profiles[3].vector, 10)[0][0] != "p3"
    assert len(clusterer.stories) in (before, before - 1)


def test_stories_placement_scores_only_neighbour_stories() -> None:
    rng = np.random.default_rng(5)
    clusterer = StoryClusterer(ClusterParams(neighbours=8, reconsider=0))
    for i in range(400):
        clusterer.add(_profile(f"p{i}", rng.normal(size=24), f"Topic{i} report"), f"s-{i}")
    scored: list[str] = []
    original = clusterer.score

    def counting(profile, story):
        scored.append(story.id)
        return original(profile, story)

    clusterer.score = counting  # type: ignore[method-assign]
    clusterer.place(_profile("new", rng.normal(size=24), "Topic9 report"), "s-new")
    assert 0 < len(scored) <= 8


def test_stories_state_round_trips_through_each_backend(store) -> None:
    """Profiles and placements written by the stage come back from SQLite and PostgreSQL."""
    names = [f"arrest-{name}.txt" for name in ("corvath", "corvath-2", "mirelle")]
    ingest_paths(store, [str(STORIES_FIXTURES / name) for name in names], progress=False)
    rows = store.query("SELECT id, title, text, content_hash, published_date FROM articles")
    rng = np.random.default_rng(6)
    shared = rng.normal(size=32)
    profiles = []
    with store.transaction():
        for row in sorted(rows, key=lambda r: r["id"]):
            corvath = "Corvath" in row["text"]
            vector = shared + (0.05 if corvath else 1.5) * rng.normal(size=32)
            profile = _profile(row["id"], vector, row["text"], row["published_date"])
            save_profile(store, profile, row["content_hash"])
            profiles.append(profile)
    place_articles(store, StoryClusterer(ClusterParams()), profiles)
    reloaded = load_clusterer(store)
    assert reloaded.story_by_article == {
        p.article_id: story_of(store, p.article_id) for p in profiles
    }
    for profile in profiles:
        assert np.allclose(reloaded.profiles[profile.article_id].vector, profile.vector)
        assert reloaded.profiles[profile.article_id].keys == profile.keys
    listed = list_stories(store)
    assert sum(story["size"] for story in listed) == 3
    assert all(story["title"] for story in listed)
    record = story_record(store, listed[0]["id"])
    assert record is not None and record["article_ids"] == story_members(store, listed[0]["id"])
    assert {s["id"] for s in export_stories(store)} == {s["id"] for s in listed}


def test_stories_a_copy_brings_its_story_to_its_original(sqlite_store) -> None:
    """A translation placed apart from its original (other words, other language) joins the
    original's story, and the articles placed beside it come along."""
    names = [f"arrest-{name}.txt" for name in ("corvath", "corvath-2", "mirelle")]
    ingest_paths(sqlite_store, [str(STORIES_FIXTURES / name) for name in names], progress=False)
    ids = sorted(row["id"] for row in sqlite_store.query("SELECT id FROM articles"))
    rng = np.random.default_rng(7)
    clusterer = StoryClusterer(ClusterParams(threshold=2.0))  # nothing joins by content
    profiles = [_profile(article_id, rng.normal(size=16), "") for article_id in ids]
    place_articles(sqlite_store, clusterer, profiles)
    original, copy, beside = ids
    clusterer.remove(beside)
    clusterer.add(profiles[2], clusterer.story_by_article[copy])
    with sqlite_store.transaction():
        sqlite_store.execute(
            "UPDATE story_articles SET story_id = ? WHERE article_id = ?",
            (clusterer.story_by_article[copy], beside),
        )
    replace_relations(
        sqlite_store, "stories", "test", [Relation("translation_of", copy, original, 0.9, {})]
    )
    assert join_copied_stories(sqlite_store, clusterer) == 2
    assert (
        story_of(sqlite_store, copy)
        == story_of(sqlite_store, beside)
        == story_of(sqlite_store, original)
    )
    assert join_copied_stories(sqlite_store, clusterer) == 0


# -- the demo corpus -----------------------------------------------------------------------
EXPECTED = json.loads(
    (resources.files("storyline.demo") / "expected.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(path)
    corpus = Path(str(resources.files("storyline.demo") / "corpus"))
    names = analyse(store, sorted(corpus.glob("*.txt")))
    ids = {Path(name).stem: article_id for name, article_id in names.items()}
    yield store, ids, path
    store.close()


def _partition(assigned: dict[str, str | None]) -> set[frozenset[str]]:
    groups: dict[str | None, set[str]] = {}
    for name, story in assigned.items():
        groups.setdefault(story, set()).add(name)
    return {frozenset(group) for group in groups.values()}


EXPECTED_PARTITION = {frozenset(story["articles"]) for story in EXPECTED["stories"].values()}


@pytest.mark.slow
def test_stories_demo_partition_matches_ground_truth(demo) -> None:
    store, ids, _ = demo
    assert _partition({name: story_of(store, i) for name, i in ids.items()}) == EXPECTED_PARTITION


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stories_demo_partition_in_any_arrival_order(demo, seed: int) -> None:
    store, ids, _ = demo
    names = sorted(ids)
    random.Random(seed).shuffle(names)
    with store.transaction():
        store.execute("DELETE FROM story_articles")
        store.execute("DELETE FROM stories")
    assigned = place_one_at_a_time(store, [ids[name] for name in names])
    assert _partition({name: assigned[ids[name]] for name in ids}) == EXPECTED_PARTITION
    recluster(store)


@pytest.mark.slow
def test_stories_demo_copies_match_ground_truth(demo) -> None:
    store, ids, _ = demo
    names = {article_id: name for name, article_id in ids.items()}
    found = {
        (r["kind"], names[r["from"]], names[r["to"]])
        for r in relations_of(store, kinds=["reprint_of", "translation_of"])
    }
    expected = {
        (r["kind"], r["from"], r["to"])
        for r in EXPECTED["relations"]
        if r["kind"] in ("reprint_of", "translation_of")
    }
    assert found == expected
    for relation in relations_of(store, kinds=["reprint_of"]):
        extent = EXPECTED["articles"][names[relation["from"]]]["reprint_of"]["extent"]
        assert relation["evidence"]["extent"] == extent
    for pair in EXPECTED["not_related"]:
        left, right = (ids[name] for name in pair["pair"])
        assert not [r for r in relations_of(store, left) if right in (r["from"], r["to"])]


@pytest.mark.slow
def test_stories_demo_flags_match_ground_truth(demo) -> None:
    store, ids, _ = demo
    rows = store.query("SELECT article_id, kind FROM flags WHERE stage = 'stories'")
    names = {article_id: name for name, article_id in ids.items()}
    found = {(names[row["article_id"]], row["kind"]) for row in rows}
    expected = {
        (name, flag)
        for name, article in EXPECTED["articles"].items()
        for flag in article["flags"]
        if flag in ("reprint", "translation")
    }
    assert found == expected


@pytest.mark.slow
def test_stories_demo_rerun_changes_nothing(demo) -> None:
    store, ids, _ = demo
    before = {name: story_of(store, i) for name, i in ids.items()}
    relations = relations_of(store)
    finish_stories(store, [])
    assert {name: story_of(store, i) for name, i in ids.items()} == before
    assert relations_of(store) == relations


@pytest.mark.slow
def test_stories_demo_recluster_keeps_partition(demo) -> None:
    store, ids, _ = demo
    recluster(store)
    assert _partition({name: story_of(store, i) for name, i in ids.items()}) == EXPECTED_PARTITION
    titles = {story["title"] for story in list_stories(store)}
    assert all(titles) and len(titles) == 3


@pytest.mark.slow
def test_stories_demo_export_section(demo) -> None:
    store, ids, _ = demo
    stories = build_export(store)["stories"]
    assert {frozenset(s["article_ids"]) for s in stories} == {
        frozenset(ids[name] for name in group) for group in EXPECTED_PARTITION
    }
    for story in stories:
        assert story["id"] and story["title"] and isinstance(story["events"], list)
        assert story_members(store, story["id"]) == story["article_ids"]


@pytest.mark.slow
def test_stories_demo_commands(demo) -> None:
    _, ids, path = demo
    runner = CliRunner()
    listed = runner.invoke(main, ["stories", "--db", str(path), "--json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.output)
    kalvo = next(s for s in stories if ids["en-01"] in s["article_ids"])
    shown = runner.invoke(main, ["story", kalvo["id"], "--db", str(path), "--json"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert {(c["kind"], c["from"], c["to"]) for c in record["copies"]} >= {
        ("translation_of", ids["en-02"], ids["ar-01"])
    }
    sports = next(s["id"] for s in stories if ids["ar-02"] in s["article_ids"])
    assert sports not in record["related_stories"]
    similar = runner.invoke(main, ["similar", ids["en-01"], "--db", str(path), "--json"])
    assert similar.exit_code == 0, similar.output
    assert json.loads(similar.output)[0]["id"] == ids["en-03"]
    missing = runner.invoke(main, ["story", "s-nothing", "--db", str(path)])
    assert missing.exit_code == 2
    plain = runner.invoke(main, ["stories", "--db", str(path)])
    assert plain.exit_code == 0 and kalvo["id"] in plain.output


# -- look-alike events ---------------------------------------------------------------------
@pytest.mark.slow
def test_stories_look_alike_arrests_stay_apart(tmp_path: Path) -> None:
    with open_store(tmp_path / "arrests.db") as store:
        names = analyse(
            store,
            [
                STORIES_FIXTURES / "arrest-corvath.txt",
                STORIES_FIXTURES / "arrest-mirelle.txt",
                STORIES_FIXTURES / "arrest-corvath-2.txt",
            ],
        )
        stories = {name: story_of(store, article_id) for name, article_id in names.items()}
    assert stories["arrest-corvath.txt"] == stories["arrest-corvath-2.txt"]
    assert stories["arrest-mirelle.txt"] != stories["arrest-corvath.txt"]


# -- the benchmark task --------------------------------------------------------------------
def test_stories_eval_b_cubed_known_values() -> None:
    assert b_cubed_f1(["a", "a", "b"], [1, 1, 2]) == 1.0
    # One cluster of all: precision is (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1.
    assert b_cubed_f1(["a", "a", "b"], [1, 1, 1]) == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))


def test_stories_eval_bad_line_named(tmp_path: Path) -> None:
    data = tmp_path / "docs.jsonl"
    data.write_text(
        '{"id": 1, "topic": 1, "subtopic": "1a", "title": "t", "text": "x"}\nnot json\n'
    )
    with pytest.raises(ConfigError, match="line 2"):
        read_documents(data)


@pytest.mark.slow
def test_stories_eval_runs_on_a_small_set(tmp_path: Path) -> None:
    records = []
    for name, topic, subtopic in (
        ("arrest-corvath.txt", 1, "1a"),
        ("arrest-corvath-2.txt", 1, "1a"),
        ("arrest-mirelle.txt", 1, "1b"),
        ("harbour-original.txt", 2, "2a"),
    ):
        lines = (STORIES_FIXTURES / name).read_text(encoding="utf-8").split("\n\n")
        body = "\n\n".join(lines[2:4])
        records.append(
            {"id": name, "topic": topic, "subtopic": subtopic, "title": lines[0], "text": body}
        )
    data = tmp_path / "small.jsonl"
    data.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    metrics = run_eval("stories", tmp_path, progress=False)
    assert metrics["documents"] == 4
    assert metrics["subtopic_b3_f1"] == 1.0
    assert set(metrics) >= {"subtopic_b3_f1", "subtopic_ari", "topic_b3_f1", "topic_ari"}
