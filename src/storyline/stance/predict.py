"""Stance of one text toward another at run time: picks a shipped head per pair, loads it once."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from storyline.errors import ConfigError
from storyline.stance.features import sentence_count
from storyline.stance.model import Head, analyse_all

VARIANT_ENV = "STORYLINE_STANCE_VARIANT"
VARIANTS = ("full", "nocue", "xling")
# A text of this many sentences or more is read as an article body (the FNC-1 heads); shorter
# pairs are claim against claim (the ANS heads).
BODY_SENTENCES = 3
# The sentence-pair head says "other" for pairs that neither paraphrase nor contradict.
PAIR_LABELS = {"agree": "agree", "disagree": "disagree", "other": "discuss"}
# The same four labels in the words of assertions (design.md).
STANCES = {"agree": "supports", "disagree": "denies", "discuss": "reports",
           "unrelated": "unrelated"}  # fmt: skip
# Claims recur across the pairs of one story: keep their vectors for a while.
_MEMORY_SIZE = 4096


def artifact_dir() -> Path:
    """Where the shipped stance heads live."""
    return Path(str(resources.files("storyline") / "artifacts" / "stance"))


def variant() -> str:
    """The head variant to use: 'full', 'nocue' (trained without cue-word features) or 'xling'
    (the cross-language head, even for pairs in the head's own language: for measuring it)."""
    chosen = os.environ.get(VARIANT_ENV, "full") or "full"
    if chosen not in VARIANTS:
        raise ConfigError(f"{VARIANT_ENV}={chosen!r}: expected one of {', '.join(VARIANTS)}")
    return chosen


def load_head(name: str) -> Head:
    """The shipped head `name` ('fnc1' or 'ans') in the variant the environment asks for;
    'fnc1-xling' and 'ans-xling' (the cross-language heads) have no variants."""
    if name.endswith("-xling") or variant() == "full":
        return _load(name)
    return _load(f"{name}-{variant()}")


@cache
def _load(full_name: str) -> Head:
    return Head.load(artifact_dir(), full_name)


_memory: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()


def _embed_in_memory(texts: Sequence[str], encoder: str) -> np.ndarray:
    """Encoder rows for run-time pairs, remembered in memory (never written to disk)."""
    from storyline.embeddings import get_encoder

    missing = list(dict.fromkeys(text for text in texts if (encoder, text) not in _memory))
    if missing:
        vectors = get_encoder(encoder).encode(missing, kind="query")
        for text, vector in zip(missing, vectors, strict=True):
            _memory[(encoder, text)] = vector
    for text in texts:
        _memory.move_to_end((encoder, text))
    while len(_memory) > _MEMORY_SIZE:
        _memory.popitem(last=False)
    return np.stack([_memory[(encoder, text)] for text in texts]).astype(np.float32)


def head_for(text_a: str, text_b: str, language_a: str, language_b: str) -> str:
    """Which shipped head reads a pair.

    Article-length pairs go to the FNC-1 head (English headline vs body), claim pairs to the ANS
    head (Arabic title pairs). A head's word features only hold in its training language, so a
    pair with either side in another language goes to that head's cross-language variant, which
    reads encoder columns, each side's cue words in its own language, and numbers.
    """
    longest = max(sentence_count(text_a), sentence_count(text_b))
    return head_named("fnc1" if longest >= BODY_SENTENCES else "ans", language_a, language_b)


def head_named(kind: str, language_a: str, language_b: str) -> str:
    """The head of `kind` ('fnc1' for article bodies, 'ans' for claim pairs) for a pair in these
    languages: the head itself in its training language, else its cross-language variant."""
    trained_on = {"fnc1": "en", "ans": "ar"}[kind]
    return kind if language_a == language_b == trained_on else f"{kind}-xling"


def predict_pairs(pairs: Sequence[tuple[str, str, str, str]]) -> list[dict]:
    """`predict_pair` for many (text_a, text_b, language_a, language_b) at once (one encoder
    call per head and encoder rather than per pair)."""
    by_head: dict[str, list[int]] = {}
    for index, pair in enumerate(pairs):
        by_head.setdefault(head_for(*pair), []).append(index)
    results: list[dict] = [{} for _ in pairs]
    for name, indices in by_head.items():
        head = load_head(name)
        a = analyse_all([pairs[i][0] for i in indices], [pairs[i][2] for i in indices])
        b = analyse_all([pairs[i][1] for i in indices], [pairs[i][3] for i in indices])
        matrix = head.design(head.extractor(), a, b, [None] * len(indices), _embed_in_memory)
        for index, row in zip(indices, head.probabilities(matrix), strict=True):
            best = head.labels[int(row.argmax())]
            label = PAIR_LABELS.get(best, best)
            results[index] = {
                "label": label,
                "stance": STANCES[label],
                "scores": {
                    PAIR_LABELS.get(known, known): round(float(p), 4)
                    for known, p in zip(head.labels, row, strict=True)
                },
                "head": head.name,
            }
    return results


def predict_pair(text_a: str, text_b: str, language_a: str, language_b: str) -> dict:
    """Stance of `text_b` toward `text_a`.

    Returns `label` (agree, disagree, discuss or unrelated), `stance` (the same as supports,
    denies, reports or unrelated), `scores` (the head's probability of each label) and `head`
    (which shipped head decided; see `head_for`). `text_a` is the claim or headline, `text_b`
    the claim or article read against it; each side is cue-checked in its own language.
    """
    return predict_pairs([(text_a, text_b, language_a, language_b)])[0]
