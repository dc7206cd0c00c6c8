"""CoNLL named-entity files: reading them, their BIO spans, and entity-level scoring (conlleval)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

# The tag sets the shipped taggers were trained on, by language.
TAG_SETS = {
    "ar": frozenset({"PERS", "LOC", "ORG", "MISC"}),
    "tr": frozenset({
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
        "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "TITLE",
    }),
    # CoNLL-2003's English tag set, read by spaCy's English model.
    "en": frozenset({"PER", "LOC", "ORG", "MISC"}),
}  # fmt: skip
# Each language's types of people, organisations and places, named as one set; places written as
# LOC and GPE count as one type, so a country tagged LOC is right where the gold says GPE.
MAIN_TYPES = {
    "ar": {"PERS": "PERSON", "ORG": "ORG", "LOC": "PLACE"},
    "tr": {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE"},
    "en": {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"},
}

Span = tuple[int, int, str]


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL file: one 'token tag' line per token (space or tab), blank between."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the CoNLL file '{path}': {error}") from error
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    for number, line in enumerate([*lines, ""], start=1):
        fields = line.split()
        if not fields or fields[0] == "-DOCSTART-":
            if tokens:
                sentences.append(Sentence(tuple(tokens), tuple(tags)))
            tokens, tags = [], []
            continue
        if len(fields) < 2:
            raise ConfigError(
                f"'{path}' line {number}: expected 'token tag', got {line!r}; "
                "the file must be CoNLL with the BIO tag last on each line"
            )
        tokens.append(fields[0])
        tags.append(fields[-1])
    return sentences


def language_of_tags(sentences: Iterable[Sentence]) -> str:
    """The language whose tag set the file's tags come from (ANERcorp: ar, Turkish Wiki: tr)."""
    types = {tag.split("-", 1)[1] for s in sentences for tag in s.tags if tag != "O"}
    if not types:
        raise ConfigError("the CoNLL file tags no entity, so its tag set cannot be told")
    for language in ("ar", "tr", "en"):
        if types <= TAG_SETS[language] and (language != "ar" or "PERS" in types):
            return language
    raise ConfigError(
        f"unknown entity types {sorted(types)}: expected ANERcorp's PERS/LOC/ORG/MISC, "
        "Turkish Wiki NER's OntoNotes types or CoNLL-2003's PER/LOC/ORG/MISC"
    )


def spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans [start, end) in token indices, read from BIO tags as conlleval reads them."""
    found: list[Span] = []
    start: int | None = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tag_type = tag.partition("-")
        if start is not None and (prefix != "I" or tag_type != kind):
            found.append((start, i, kind))
            start = None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = i, tag_type
    return found


def _prf(correct: int, predicted: int, gold: int) -> dict[str, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score(
    gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]], language: str
) -> dict[str, Any]:
    """Entity-level exact span-and-type scores: f1 over all types, main_f1, per_type."""
    gold_spans = [{(i, *span) for span in spans(tags)} for i, tags in enumerate(gold)]
    found_spans = [{(i, *span) for span in spans(tags)} for i, tags in enumerate(predicted)]
    all_gold = set().union(*gold_spans)
    all_found = set().union(*found_spans)
    per_type = {}
    for kind in sorted({span[3] for span in all_gold | all_found}):
        g = {s for s in all_gold if s[3] == kind}
        p = {s for s in all_found if s[3] == kind}
        per_type[kind] = {**_prf(len(g & p), len(p), len(g)), "support": len(g)}
    main = MAIN_TYPES[language]

    def main_of(found: set[tuple[int, int, int, str]]) -> set[tuple[int, int, int, str]]:
        return {(i, a, b, main[kind]) for i, a, b, kind in found if kind in main}

    main_gold, main_found = main_of(all_gold), main_of(all_found)
    overall = _prf(len(all_gold & all_found), len(all_found), len(all_gold))
    main_scores = _prf(len(main_gold & main_found), len(main_found), len(main_gold))
    return {
        "f1": overall["f1"],
        "precision": overall["precision"],
        "recall": overall["recall"],
        "main_f1": main_scores["f1"],
        "main_precision": main_scores["precision"],
        "main_recall": main_scores["recall"],
        "per_type": per_type,
        "entities": len(all_gold),
    }
