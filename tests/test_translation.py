"""Sentence alignment and translation detection: synthetic vectors, then fixtures through the
pipeline (tests/fixtures/stories: a full Turkish translation and a condensed Arabic rendering
of one English report)."""

from __future__ import annotations

import numpy as np
import pytest

from stories_support import STORIES_FIXTURES, analyse
from storyline.relations import relations_of
from storyline.store import open_store
from storyline.stories import aligned_pairs
from storyline.stories.translation import align_sentences, coverage, is_translation


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def source() -> np.ndarray:
    return _unit(np.random.default_rng(7).normal(size=(8, 64)))


def _rendering(source: np.ndarray, seed: int = 1, noise: float = 0.25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return _unit(source + noise * rng.normal(size=source.shape) / np.sqrt(source.shape[1]))


def test_translation_align_full_rendering_one_to_one(source: np.ndarray) -> None:
    blocks = align_sentences(source, _rendering(source))
    assert [(b.left, b.right) for b in blocks] == [((i,), (i,)) for i in range(8)]
    assert is_translation(blocks, 8, 8)


def test_translation_align_condensed_rendering_merges_and_skips(source: np.ndarray) -> None:
    # Sentences 2 and 3 merged into one; 5 and 7 dropped.
    merged = _unit((source[2] + source[3])[None, :])
    condensed = np.vstack([source[0], source[1], merged[0], source[4], source[6]])
    blocks = align_sentences(source, _rendering(condensed, seed=2))
    pairs = [(b.left, b.right) for b in blocks]
    assert ((2, 3), (2,)) in pairs
    assert ((5,), ()) not in pairs and all(5 not in b.left and 7 not in b.left for b in blocks)
    assert coverage(blocks, 8, 5) == 1.0
    assert is_translation(blocks, 8, 5)


def test_translation_align_reordered_rendering_found(source: np.ndarray) -> None:
    order = [0, 1, 5, 6, 2, 3, 4, 7]
    blocks = align_sentences(source, _rendering(source[order], seed=3))
    found = {(b.left[0], b.right[0]) for b in blocks if len(b.left) == len(b.right) == 1}
    assert found == {(original, position) for position, original in enumerate(order)}


def test_translation_align_unrelated_texts_not_translation(source: np.ndarray) -> None:
    other = _unit(np.random.default_rng(99).normal(size=(6, 64)))
    blocks = align_sentences(source, other)
    assert not is_translation(blocks, 8, 6)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory):
    store = open_store(tmp_path_factory.mktemp("translation") / "t.db")
    names = analyse(
        store,
        [
            STORIES_FIXTURES / name
            for name in (
                "harbour-original.txt",
                "harbour-tr.txt",
                "harbour-ar.txt",
                "arrest-corvath.txt",
                "arrest-mirelle.txt",
            )
        ],
    )
    yield store, names
    store.close()


@pytest.mark.slow
@pytest.mark.parametrize("rendering", ["harbour-tr.txt", "harbour-ar.txt"])
def test_translation_fixture_rendering_found(fixture_store, rendering: str) -> None:
    store, names = fixture_store
    original = names["harbour-original.txt"]
    found = [
        r
        for r in relations_of(store, names[rendering], ["translation_of"])
        if r["from"] == names[rendering]
    ]
    assert [r["to"] for r in found] == [original]
    assert found[0]["score"] >= 0.6
    pairs = aligned_pairs(store, names[rendering], original)
    assert len(pairs) >= 3
    texts = {row["id"]: row["text"] for row in store.query("SELECT id, text FROM articles")}
    for pair in pairs:
        start, end = pair["left_span"]
        assert texts[names[rendering]][start:end] == pair["left"]
        start, end = pair["right_span"]
        assert texts[original][start:end] == pair["right"]


@pytest.mark.slow
def test_translation_fixture_numbers_survive_in_aligned_pairs(fixture_store) -> None:
    store, names = fixture_store
    pairs = aligned_pairs(store, names["harbour-original.txt"], names["harbour-ar.txt"])
    assert any("41" in pair["left"] and "41" in pair["right"] for pair in pairs)
    assert any("2019" in pair["left"] and "2019" in pair["right"] for pair in pairs)


@pytest.mark.slow
def test_translation_fixture_flag_on_rendering_only(fixture_store) -> None:
    store, names = fixture_store
    flagged = {
        row["article_id"]
        for row in store.query("SELECT article_id FROM flags WHERE kind = 'translation'")
    }
    assert flagged == {names["harbour-tr.txt"], names["harbour-ar.txt"]}
