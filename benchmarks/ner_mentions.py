"""Claims-stage name mentions (rules, tagger, both) scored against the NER dev sets.

Usage: .venv/bin/python benchmarks/ner_mentions.py ar|tr rules|tagger|shipped|keep-KIND[,KIND]
Prints exact-span typed precision/recall/F1 over persons, organisations and places, and the same
untyped on the span start only. The text of each sentence is its tokens joined by spaces;
Turkish gold spans end before a case ending, as the mentions do.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from storyline.claims import entities
from storyline.ner.conll import MAIN_TYPES, read_conll, spans
from storyline.ner.train import DEV_SHARE

KINDS = {"PERSON": "person", "ORG": "organization", "PLACE": "place"}


def dev_sentences(language: str) -> list:
    if language == "ar":
        sentences = read_conll(Path("../shared/bench/ner/anercorp/train.txt"))
        return sentences[len(sentences) - round(len(sentences) * DEV_SHARE) :]
    return read_conll(Path("../shared/bench/ner/turkish-wiki/dev.conll"))


def mentions(text: str, language: str, mode: str) -> list[entities.Mention]:
    rules = (entities.arabic_rule_mentions if language == "ar" else entities.turkish_rule_mentions)(
        text
    )
    if mode == "rules":
        return rules
    if mode == "tagger":
        return entities.tagged_mentions(text, language)
    if mode.startswith("keep-"):
        kept = tuple(mode[5:].split(","))
        return entities._with_tagged(rules, entities.tagged_mentions(text, language), kept)
    return entities.find_mentions(text, language)


def prf(gold: set, found: set) -> tuple[float, float, float]:
    right = len(gold & found)
    precision = right / len(found) if found else 0.0
    recall = right / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)


def main(language: str, mode: str) -> None:
    gold, found = set(), set()
    for i, sentence in enumerate(dev_sentences(language)):
        starts, position = [], 0
        for token in sentence.tokens:
            starts.append(position)
            position += len(token) + 1
        for first, last, kind in spans(sentence.tags):
            if kind not in MAIN_TYPES[language]:
                continue
            final = sentence.tokens[last - 1]
            if language == "tr":
                final = re.split(r"['’]", final)[0]
            end = starts[last - 1] + len(final)
            gold.add((i, starts[first], end, KINDS[MAIN_TYPES[language][kind]]))
        text = " ".join(sentence.tokens)
        found |= {(i, m.start, m.end, m.kind) for m in mentions(text, language, mode)}
    untyped_gold = {(i, start) for i, start, _, _ in gold}
    untyped_found = {(i, start) for i, start, _, _ in found}
    print(mode, "typed P/R/F1", prf(gold, found), "untyped start", prf(untyped_gold, untyped_found))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
