"""Sentence alignment and translation detection: synthetic vectors, then fixtures through the
pipeline (tests/fixtures/stories: a full Turkish translation and a condensed Arabic rendering
of one English report)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from stories_support import STORIES_FIXTURES, analyse
from storyline.model import Article, Outlet, PublishedDate, TextSpan
from storyline.relations import Relation, relations_of
from storyline.store import open_store
from storyline.stories import aligned_pairs
from storyline.stories.stage import CREDITED_DIRECTION, _credited_rendering, _one_original_each
from storyline.stories.translation import (
    AlignedBlock,
    align_sentences,
    coverage,
    is_translation,
)


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


def _article(key: str, outlet: str, language: str, day: str, header: str, text: str) -> Article:
    original = f"{header}\n{text}"
    return Article(
        id=key,
        location=f"{key}.txt",
        url=None,
        outlet=Outlet(name=outlet),
        title=header.splitlines()[0],
        language=language,
        language_confidence=1.0,
        published=PublishedDate(date=day),
        text=text,
        original=original,
        text_map=(TextSpan(0, len(header) + 1, len(text)),),
        content_hash=key,
    )


SOURCE_REPORT = _article(
    "src",
    "Harbour Ledger Weekly",
    "en",
    "2031-05-02",
    "Ferry line suspends night crossings\nHarbour Ledger Weekly | 2 May 2031",
    "The Lumen Straits ferry line suspended its night crossings on Friday.",
)


@pytest.mark.parametrize(
    ("outlet", "header"),
    [
        # The credit above the text, the outlet named by a distinctive word.
        ("Harbour Ledger Weekly", "Feribot hattı gece seferlerini durdurdu\nLedger'den çeviri"),
        # An outlet known by its initials.
        ("HLW", "Feribot hattı gece seferlerini durdurdu\n(HLW ajansından özet çeviri)"),
    ],
)
def test_translation_credit_read_above_the_text(outlet: str, header: str) -> None:
    source = replace(SOURCE_REPORT, outlet=Outlet(name=outlet))
    rendering = _article(
        "tr1",
        "Boğaz Postası",
        "tr",
        "2031-05-03",
        header,
        "Feribot hattı gece seferlerini durdurdu.",
    )
    assert _credited_rendering(source, rendering) is rendering


def test_translation_credit_transliterated_as_one_word() -> None:
    source = replace(SOURCE_REPORT, outlet=Outlet(name="The Ledgerline"))
    rendering = _article(
        "ar1",
        "جريدة الميناء",
        "ar",
        "2031-05-03",
        "توقف رحلات العبارة الليلية",
        'أفادت نشرة "ليدجرلاين" بأن خط العبارات أوقف رحلاته الليلية يوم الجمعة.',
    )
    assert _credited_rendering(source, rendering) is rendering


def test_translation_credit_each_naming_the_other_tells_no_way() -> None:
    first = _article(
        "a", "Daran Bulletin", "en", "", "Daran Bulletin", "The Sahel network said so."
    )
    second = _article("b", "Sahel Network", "en", "", "Sahel Network", "In Daran it was said.")
    assert _credited_rendering(first, second) is None


def test_translation_short_rendering_needs_a_pair_per_sentence_asked(source: np.ndarray) -> None:
    # A two-sentence rendering of an eight-sentence report, both sentences aligned.
    short = _rendering(source[[0, 3]], seed=4)
    blocks = align_sentences(source, short)
    assert len(blocks) == 2
    assert is_translation(blocks, 8, 2)


def test_translation_one_original_kept_per_rendering() -> None:
    named = Relation("translation_of", "copy", "a", 0.6, {"direction_by": CREDITED_DIRECTION})
    likelier = Relation("translation_of", "copy", "b", 0.9, {"direction_by": "dates"})
    other = Relation("translation_of", "other", "a", 0.7, {"direction_by": "dates"})
    kept = _one_original_each({r.id: r for r in (named, likelier, other)})
    assert {(r.from_id, r.to_id) for r in kept.values()} == {("copy", "a"), ("other", "a")}


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("tr", "Feribot hattı gece seferlerini durdurdu\nİngilizceden çeviri"),
        ("ar", "توقف رحلات العبارة الليلية\nملخص مترجم عن الإنجليزية"),
    ],
)
def test_translation_rendering_that_says_so_is_credited(language: str, header: str) -> None:
    # No outlet named: the rendering says only that it is translated.
    rendering = _article("r", "Boğaz Postası", language, "2031-05-03", header, "Metin.")
    assert _credited_rendering(SOURCE_REPORT, rendering) is rendering
    assert _credited_rendering(SOURCE_REPORT, replace(rendering, original=rendering.text)) is None


def test_translation_short_pair_of_merged_blocks_only_is_not_translation() -> None:
    # Two blocks, each of merged sentences, cover a four-sentence text: too few pairs to stand
    # without one sentence rendered as one.
    merged = [
        AlignedBlock((0,), (0, 1), 1.2, 0.7),
        AlignedBlock((1, 2, 3), (2,), 1.2, 0.7),
    ]
    assert not is_translation(merged, 4, 6, credited=True)
    single = [AlignedBlock((0,), (0,), 1.3, 0.8), AlignedBlock((2,), (3,), 1.3, 0.75)]
    assert is_translation(single, 4, 6, credited=True)
