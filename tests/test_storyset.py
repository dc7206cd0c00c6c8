"""The end-to-end check: story corpora analysed, exported and held against their findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path
from storyline.errors import ConfigError
from storyline.evals.storyset import expected_file, find_corpora, run


def test_storyset_hmeimim_holds_every_check():
    corpus = shared_path("corpus", "hmeimim")
    scorer = shared_path("tools", "score_story.py")
    metrics = run(corpus.parent, progress=False, scorer=scorer)
    assert metrics["corpora"] == 1
    assert metrics["by_corpus"]["hmeimim"]["short"] == {}
    assert metrics["held"] == metrics["checks"] == 13


def test_storyset_finds_expected_files_inside_and_beside(tmp_path: Path):
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "expected.json").write_text("{}", encoding="utf-8")
    beside = tmp_path / "beside"
    beside.mkdir()
    (tmp_path / "beside.expected.json").write_text(json.dumps({}), encoding="utf-8")
    (tmp_path / "not-a-corpus").mkdir()
    assert expected_file(inside) == inside / "expected.json"
    assert expected_file(beside) == tmp_path / "beside.expected.json"
    assert find_corpora(tmp_path) == [beside, inside]
    assert find_corpora(inside) == [inside]


def test_storyset_names_what_is_missing(tmp_path: Path):
    with pytest.raises(ConfigError, match="no story corpus"):
        find_corpora(tmp_path)
    with pytest.raises(ConfigError, match="scorer"):
        run(tmp_path, progress=False, scorer=tmp_path / "absent.py")


def test_a_misdated_piece_on_other_events_stands_apart_from_its_story():
    # An old report re-dated (its minister had left office by then, as the story's Turkish
    # report says): flagged, and set apart from the story it would otherwise join.
    corpus = Path(__file__).parent.parent / "benchmarks/stories/dev/monastery-ceasefire-talks"
    metrics = run(corpus, progress=False, scorer=shared_path("tools", "score_story.py"))
    short = metrics["by_corpus"][corpus.name]["short"]
    assert "story" not in short and "misdated" not in short and "apart" not in short
