"""Entity taggers for Arabic and Turkish: scoring, the shipped taggers, and their training."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from storyline.claims.entities import find_mentions
from storyline.evals import run_eval
from storyline.ner import tag_entities
from storyline.ner.conll import language_of_tags, read_conll, score, spans
from storyline.ner.tagger import artifact_paths
from storyline.ner.train import train_ner

# Gold has a person, an organisation and a place (GPE); the prediction finds the person, reads
# the place as LOC (right for main_f1, wrong for f1), cuts the organisation short, and adds a
# date.
GOLD_SNIPPET = """\
Ayşe\tB-PERSON
Kaya\tI-PERSON
dün\tO
Ankara'da\tB-GPE
Kızılay\tB-ORG
Derneği\tI-ORG
ile\tO
görüştü\tO
.\tO
"""
PREDICTED = ["B-PERSON", "I-PERSON", "B-DATE", "B-LOC", "B-ORG", "O", "O", "O", "O"]


def test_ner_spans_read_bio_as_conlleval_does() -> None:
    # An I- after O opens an entity; a change of type closes one.
    assert spans(["O", "I-LOC", "I-LOC", "B-ORG", "I-PERS", "O"]) == [
        (1, 3, "LOC"),
        (3, 4, "ORG"),
        (4, 5, "PERS"),
    ]


def test_ner_score_on_a_hand_made_snippet(tmp_path: Path) -> None:
    path = tmp_path / "snippet.conll"
    path.write_text(GOLD_SNIPPET, encoding="utf-8")
    sentences = read_conll(path)
    assert language_of_tags(sentences) == "tr"
    metrics = score([sentences[0].tags], [PREDICTED], "tr")
    # f1: 1 of 4 predicted right, 1 of 3 gold found.
    assert metrics["precision"] == pytest.approx(1 / 4)
    assert metrics["recall"] == pytest.approx(1 / 3)
    assert metrics["f1"] == pytest.approx(2 / 7)
    # main_f1: the date is not a main type, and LOC for GPE counts: 2 of 3 either way.
    assert metrics["main_f1"] == pytest.approx(2 / 3)
    assert metrics["per_type"]["PERSON"]["f1"] == 1.0
    assert metrics["per_type"]["ORG"]["f1"] == 0.0
    assert metrics["per_type"]["GPE"]["support"] == 1


def test_ner_eval_reads_either_format_and_picks_the_tagger(tmp_path: Path) -> None:
    arabic = tmp_path / "ar.txt"
    arabic.write_text("زار O\nجورج B-PERS\nبوش I-PERS\nلبنان B-LOC\n\n", encoding="utf-8")
    turkish = tmp_path / "tr.conll"
    turkish.write_text(GOLD_SNIPPET, encoding="utf-8")
    for path, language in ((arabic, "ar"), (turkish, "tr")):
        metrics = run_eval("ner", path, progress=False)
        assert metrics["language"] == language
        assert {"f1", "main_f1", "per_type"} <= set(metrics)
        assert 0.0 <= metrics["main_f1"] <= 1.0


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ar",
            "وقال الرئيس الأمريكي جورج بوش في واشنطن إن الأمم المتحدة ستعقد اجتماعا في بيروت .",
            {("جورج بوش", "PERS"), ("واشنطن", "LOC"), ("بيروت", "LOC")},
        ),
        (
            "tr",
            "Ahmet Yılmaz dün İstanbul'da Birleşmiş Milletler yetkilileriyle görüştü.",
            {("Ahmet Yılmaz", "PERSON"), ("İstanbul'da", "GPE"), ("Birleşmiş Milletler", "ORG")},
        ),
    ],
)
def test_ner_shipped_tagger_finds_obvious_entities(
    language: str, text: str, expected: set[tuple[str, str]]
) -> None:
    found = {(text[start:end], kind) for start, end, kind in tag_entities(text, language)}
    assert expected <= found


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "ar",
            "وقال وزير الخارجية الفرنسي جان لوران في باريس إن الاتحاد الأوروبي سيجتمع غدا .",
            {("جان لوران", "person", "وزير الخارجية الفرنسي"), ("باريس", "place", None)},
        ),
        (
            "tr",
            "Dışişleri Bakanı Ayşe Demir, Ankara'da gazetecilere açıklama yaptı.",
            {("Ayşe Demir", "person", "Dışişleri Bakanı"), ("Ankara", "place", None)},
        ),
    ],
)
def test_ner_claims_mentions_come_from_the_tagger_with_rule_roles(
    language: str, text: str, expected: set[tuple[str, str, str | None]]
) -> None:
    found = {(m.text, m.kind, m.role) for m in find_mentions(text, language)}
    assert expected <= found


def test_ner_train_reproduces_an_artifact_on_a_small_slice(tmp_path: Path) -> None:
    bench = shared_path("bench")
    shared_path("bench", "ner", "anercorp", "train.txt")
    reports = [train_ner(bench, tmp_path / run, ("ar",), limit=300, progress=False) for run in "ab"]
    assert reports[0] == reports[1]
    for first, second in zip(
        artifact_paths("ar", tmp_path / "a"), artifact_paths("ar", tmp_path / "b"), strict=True
    ):
        assert first.read_bytes() == second.read_bytes()
    assert reports[0]["ar"]["train_sentences"] == 270
    assert reports[0]["ar"]["dev"]["f1"] > 0.0
