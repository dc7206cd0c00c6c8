"""Drift between a text and its rendering: number, source, entity, role, date, omission."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import FIXTURES
from storyline.alignment.drift import (
    cited_source_drift,
    compare_pair,
    count_drift,
    drift_findings,
    headline_passage,
    match_claims,
    sentence_passage,
    source_fields,
)


def _load() -> dict[str, list[dict]]:
    return json.loads((FIXTURES / "alignment" / "translation.json").read_text(encoding="utf-8"))


DATA = _load()


def _claim(side: str, claim_id: str) -> dict:
    return next(c for c in DATA[side] if c["id"] == claim_id)


def _aspects(findings: list[dict]) -> dict[str, tuple[str, str]]:
    return {f["aspect"]: (f["from_value"], f["to_value"]) for f in findings}


def test_drift_number_across_scripts_and_words():
    findings = compare_pair(_claim("arabic_original", "o3"), _claim("english_translation", "t3"))
    number = next(f for f in findings if f["aspect"] == "number")
    assert (number["from_value"], number["to_value"]) == ("3", "4")
    assert number["from_text"] == "ثلاثة شروط"
    assert number["to_text"] == "four conditions"
    # Spans point into the articles' texts: the claim's offset plus the number's.
    assert number["to_span"][1] - number["to_span"][0] == len("four conditions")


def test_drift_same_count_in_words_is_no_drift():
    assert compare_pair(_claim("arabic_original", "o2"), _claim("english_translation", "t2")) == []


def test_drift_cited_source_changes():
    findings = compare_pair(_claim("arabic_original", "o3"), _claim("english_translation", "t3"))
    assert _aspects(findings)["source"] == ("Harrow Daily", "Kesta Courier")


def test_drift_same_source_across_spellings_is_no_drift():
    findings = compare_pair(_claim("turkish_original", "k1"), _claim("english_from_turkish", "e1"))
    assert "source" not in _aspects(findings)


def test_drift_sources_in_two_scripts_are_not_compared():
    # 'the foreign ministry' written in Arabic and in English: not a transliteration, no finding.
    findings = compare_pair(_claim("arabic_original", "o5"), _claim("english_translation", "t5"))
    assert findings == []


def test_drift_date_changes():
    findings = compare_pair(_claim("arabic_original", "o1"), _claim("english_translation", "t1"))
    assert _aspects(findings)["date"] == ("2025-05-14", "2025-05-15")


def test_drift_entity_changes():
    findings = compare_pair(_claim("turkish_original", "k2"), _claim("english_from_turkish", "e2"))
    assert _aspects(findings)["entity"] == ("Teo Marsk", "Ivo Brandt")


@pytest.mark.parametrize(
    ("language", "name", "role_from", "role_to"),
    [
        ("en", "Ilan Sorel", "Foreign Minister", "Interior Minister"),
        ("ar", "إيلان سوريل", "وزير الخارجية", "وزير الداخلية"),
        ("tr", "İlan Sorel", "Dışişleri Bakanı", "İçişleri Bakanı"),
    ],
)
def test_drift_role_changes_per_language(language, name, role_from, role_to):
    def claim(claim_id: str, role: str) -> dict:
        text = f"{role} {name}"
        start = text.index(name)
        return {
            "id": claim_id,
            "article_id": claim_id,
            "text": text,
            "span": [0, len(text)],
            "language": language,
            "attribution": [],
            "entities": [
                {"text": name, "kind": "person", "role": role, "span": [start, len(text)]}
            ],
            "numbers": [],
            "event_date": None,
        }

    findings = compare_pair(claim("a", role_from), claim("b", role_to))
    role = next(f for f in findings if f["aspect"] == "role")
    assert (role["entity"], role["from_value"], role["to_value"]) == (name, role_from, role_to)
    assert compare_pair(claim("a", role_from), claim("b", role_from)) == []


def test_drift_roles_in_two_languages_are_compared_by_the_portfolio_they_name():
    findings = compare_pair(_claim("turkish_original", "k1"), _claim("english_from_turkish", "e1"))
    roles = [
        (f["entity"], f["from_value"], f["to_value"]) for f in findings if f["aspect"] == "role"
    ]
    # The foreign minister became an interior minister; the interior minister stayed one.
    assert roles == [("İlan Sorel", "Dışişleri Bakanı", "Interior Minister")]


@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    from storyline.alignment.stage import encode_claim_texts
    from storyline.store import open_store

    with open_store(tmp_path_factory.mktemp("vectors") / "vectors.db") as store:
        return {
            side: encode_claim_texts(store, [c["text"] for c in DATA[side]])
            for side in ("arabic_original", "english_translation")
        }


@pytest.mark.slow
def test_drift_claims_are_matched_across_languages(encoded):
    matches = match_claims(encoded["arabic_original"], encoded["english_translation"])
    pairs = {
        (DATA["arabic_original"][o]["id"], DATA["english_translation"][t]["id"])
        for o, t, _ in matches
    }
    assert {("o1", "t1"), ("o2", "t2"), ("o3", "t3")} <= pairs
    assert not any(t == "t6" for _, t in pairs)


@pytest.mark.slow
def test_drift_between_a_report_and_its_translation(encoded):
    relations = drift_findings(
        "ar-original",
        "en-translation",
        DATA["arabic_original"],
        DATA["english_translation"],
        encoded["arabic_original"],
        encoded["english_translation"],
    )
    assert all(r.kind == "drift" for r in relations)
    assert all((r.from_id, r.to_id) == ("ar-original", "en-translation") for r in relations)
    found = {(r.evidence["aspect"], r.evidence.get("direction")): r.evidence for r in relations}
    assert found[("number", None)]["to_value"] == "4"
    assert found[("source", None)]["to_value"] == "Kesta Courier"
    assert found[("date", None)]["to_value"] == "2025-05-15"
    dropped = found[("omission", "dropped")]
    assert dropped["from_claim"] == "o4" and dropped["to_value"] is None
    added = found[("omission", "added")]
    assert added["to_value"].startswith("Sorel will travel") and added["from_value"] is None
    # Each change is reported once.
    assert len(relations) == len(
        {(r.evidence["aspect"], str(r.evidence["from_value"])) for r in relations}
    )


def _described(claim_id: str, language: str, text: str, source: str) -> dict:
    return {
        "id": claim_id,
        "article_id": f"a-{language}",
        "text": text,
        "span": [0, len(text)],
        "language": language,
        "attribution": [
            {"name": "Invented Daily", "kind": "outlet", "implicit": True},
            {"name": source, "kind": "unnamed"},
        ],
        "numbers": [],
    }


def test_described_source_of_another_field_is_drift_across_languages():
    original = _described(
        "o1", "tr", "takasta toplam on bir kişi el değiştirdi", "bir gümrük memuru"
    )
    rendering = _described(
        "t1", "en", "eleven people changed hands", "a senior intelligence official"
    )
    findings = cited_source_drift([original], [rendering], np.array([[0.7]]))
    assert [(f["aspect"], f["from_value"], f["to_value"]) for f, _ in findings] == [
        ("source", "bir gümrük memuru", "a senior intelligence official")
    ]
    assert source_fields("a customs officer at the gate", "en") == {"customs"}


def test_described_source_of_the_same_field_or_an_unlike_passage_is_no_drift():
    original = _described("o1", "tr", "on bir kişi el değiştirdi", "bir gümrük memuru")
    same_field = _described("t1", "en", "eleven people changed hands", "a customs official")
    assert cited_source_drift([original], [same_field], np.array([[0.7]])) == []
    other_field = _described("t1", "en", "the weather was cold", "a police officer")
    assert cited_source_drift([original], [other_field], np.array([[0.2]])) == []


def _counted(claim_id: str, text: str, numbers: list[tuple[str, float]]) -> dict:
    return {
        "id": claim_id,
        "article_id": "a",
        "text": text,
        "span": [100, 100 + len(text)],
        "language": "en",
        "numbers": [
            {"text": word, "value": value, "span": [text.index(word), text.index(word) + len(word)]}
            for word, value in numbers
        ],
    }


def test_a_changed_count_pairs_with_the_count_of_the_like_passage_nearest_in_size():
    original = [
        _counted("o1", "the talks lasted 4 hours", [("4", 4)]),
        _counted(
            "o2", "the envoys set 3 conditions and named 12 observers", [("3", 3), ("12", 12)]
        ),
    ]
    rendering = [
        _counted("t1", "the talks lasted four hours", [("four", 4)]),
        _counted(
            "t2", "the envoys set four conditions and named 12 observers", [("four", 4), ("12", 12)]
        ),
    ]
    similarity = np.array([[0.9, 0.4], [0.4, 0.9]])
    findings = count_drift(original, rendering, similarity)
    assert [(f["from_value"], f["to_value"], f["to_claim"]) for f, _ in findings] == [
        ("3", "4", "t2")
    ]
    assert findings[0][0]["from_span"] == [115, 127]


def test_a_headline_count_is_compared_and_has_no_article_span():
    headline = headline_passage("a", "Secret swap: 11 prisoners changed hands", "en")
    rendering = [_counted("t1", "Fourteen prisoners were exchanged", [("Fourteen", 14)])]
    findings = count_drift([headline], rendering, np.array([[0.8]]))
    assert len(findings) == 1
    finding = findings[0][0]
    assert (finding["from_value"], finding["to_value"]) == ("11", "14")
    assert finding["from_part"] == "title" and finding["from_span"] is None


def test_a_count_no_claim_holds_is_compared_in_its_sentence():
    # The claims of the original left out the clause with the count; its sentence holds it.
    sentence = "The ferry, carrying 212 passengers, turned back to port."
    passage = sentence_passage("a", sentence, 40, "en")
    assert passage is not None and [n["value"] for n in passage["numbers"]] == [212]
    rendering = [_counted("t1", "the ferry with 200 passengers turned back", [("200", 200)])]
    findings = count_drift([passage], rendering, np.array([[0.8]]))
    finding = findings[0][0]
    assert (finding["from_value"], finding["to_value"]) == ("212", "200")
    assert finding["from_part"] == "sentence" and finding["from_span"] == [60, 74]
    assert sentence_passage("a", "The ferry turned back.", 0, "en") is None


@pytest.mark.slow
def test_a_changed_count_in_a_passage_cut_otherwise_pairs_by_its_own_words():
    # The rendering moved the count into a sentence of its own: the passages are unlike, but
    # the words around the two counts say the same.
    original = [
        _counted(
            "o1",
            "the strike hit the plant at 3 a.m. and cut power to 1.4 million homes in the region",
            [("3", 3), ("1.4 million", 1_400_000)],
        ),
        _counted("o2", "repairs could take 2 weeks", [("2", 2)]),
    ]
    rendering = [
        _counted("t1", "the strike hit the plant at 3 a.m.", [("3", 3)]),
        _counted("t2", "about 4.1 million homes had no power", [("4.1 million", 4_100_000)]),
        _counted("t3", "repairs could take 2 weeks", [("2", 2)]),
    ]
    similarity = np.array([[0.9, 0.3], [0.35, 0.4], [0.3, 0.95]])
    findings = count_drift(original, rendering, similarity)
    assert [(f["from_value"], f["to_value"], f["to_claim"]) for f, _ in findings] == [
        ("1.4 million", "4.1 million", "t2")
    ]


def test_drift_outlet_replaced_by_a_body_is_a_changed_source():
    from storyline.alignment.sources import outlet_replaced

    original = {
        "text": "The fire was set deliberately, a security official told Cedar TV.",
        "language": "en",
        "attribution": [
            {"name": "Gull Press", "kind": "outlet", "implicit": True},
            {"name": "Cedar TV", "kind": "outlet"},
            {"name": "a security official", "kind": "unnamed"},
        ],
    }
    rendering = {
        "text": "Yangının kasıtlı çıkarıldığı duyuruldu.",
        "language": "tr",
        "attribution": [
            {"name": "Kıyı Postası", "kind": "outlet", "implicit": True},
            {"name": "Ardıç Valiliği'nden bir güvenlik yetkilisi", "kind": "unnamed"},
        ],
    }
    change = outlet_replaced(original, rendering)
    assert change == {
        "aspect": "source",
        "from_value": "Cedar TV",
        "to_value": "Ardıç Valiliği'nden bir güvenlik yetkilisi",
    }
    # A rendering that drops the outlet and names no body in its place changed nothing named.
    bare = {**rendering, "attribution": [{"name": "bir yetkili", "kind": "unnamed"}]}
    assert outlet_replaced(original, bare) is None
