"""The learned article similarity: invented pairs across languages, and the newssim eval."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.embeddings import get_encoder
from storyline.evals import run_eval
from storyline.stories.similarity import SAME_EVENT, reading_for, text_view

FLOOD_EN = (
    "Flood kills 12 in Karavel after dam bursts",
    "At least 12 people died on Tuesday when a dam burst above the town of Karavel, officials "
    "said on 14 March 2024. Rescue teams from the province of Merin searched for 30 missing "
    "residents. Governor Aylin Tosun said the dam had last been inspected in 2019.",
    "en",
)
FLOOD_TR = (
    "Karavel'de baraj patladı: 12 kişi öldü",
    "Karavel kasabasının üzerindeki baraj salı günü patladı ve en az 12 kişi hayatını "
    "kaybetti, yetkililer 14 Mart 2024'te açıkladı. Merin ilinden kurtarma ekipleri kayıp 30 "
    "kişiyi aradı. Vali Aylin Tosun barajın en son 2019'da denetlendiğini söyledi.",
    "tr",
)
# The same kind of event, elsewhere and years apart: a look-alike, not the same event.
FLOOD_ELSEWHERE = (
    "Dam failure floods Selvara, five dead",
    "Five people were killed on Friday when a dam gave way near the village of Selvara on "
    "2 October 2021, police said. Rescuers from the Dorna region were looking for 8 people. "
    "Mayor Tomas Reyes said the reservoir had been full for weeks.",
    "en",
)
ELECTION_EN = (
    "Ruling party loses majority in Ostland vote",
    "The ruling party of Ostland lost its majority in Sunday's parliamentary election, "
    "results showed. Prime minister Ida Brenner conceded defeat and said coalition talks "
    "would begin next week.",
    "en",
)


@pytest.fixture(scope="module")
def reading():
    encoder = get_encoder("use")
    found = reading_for(encoder)
    assert found is not None, "no shipped similarity model reads the USE encoder"
    return found, encoder


def _probability(reading, first, second) -> float:
    found, encoder = reading

    def encode(texts: list[str]):
        return encoder.encode(texts, "query")

    return found.model.probability(text_view(*first, encode), text_view(*second, encode))


def test_same_event_in_two_languages_scores_above_the_threshold(reading):
    assert _probability(reading, FLOOD_EN, FLOOD_TR) > SAME_EVENT


def test_look_alike_event_at_another_place_and_date_scores_below(reading):
    assert _probability(reading, FLOOD_EN, FLOOD_ELSEWHERE) < SAME_EVENT
    assert _probability(reading, FLOOD_TR, FLOOD_ELSEWHERE) < SAME_EVENT


def test_unrelated_articles_score_lowest_and_the_function_is_symmetric(reading):
    unrelated = _probability(reading, FLOOD_EN, ELECTION_EN)
    assert unrelated < _probability(reading, FLOOD_EN, FLOOD_ELSEWHERE)
    assert _probability(reading, ELECTION_EN, FLOOD_EN) == pytest.approx(unrelated, abs=1e-9)


def test_combined_encoder_is_read_through_its_use_part():
    found = reading_for(get_encoder("combined-fast"))
    assert found is not None and found.model.encoder == "use"
    assert found.columns == slice(384, 384 + 512)


def test_newssim_eval_correlates_with_graded_pairs(tmp_path: Path):
    def record(pair_id, first, second, overall):
        return {
            "pair_id": pair_id,
            "lang1": first[2],
            "lang2": second[2],
            "title1": first[0],
            "text1": first[1],
            "title2": second[0],
            "text2": second[1],
            "overall": str(overall),
        }

    rows = [
        record("1", FLOOD_EN, FLOOD_TR, 1.0),
        record("2", FLOOD_EN, FLOOD_ELSEWHERE, 3.0),
        record("3", FLOOD_TR, ELECTION_EN, 4.0),
        record("4", FLOOD_ELSEWHERE, ELECTION_EN, 4.0),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    metrics = run_eval("newssim", path, progress=False)
    assert metrics["mixed_pairs"] == 4
    assert metrics["mixed"] > 80
    assert -100 <= metrics["mixed_baseline"] <= 100
