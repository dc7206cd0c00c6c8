"""Stance of one text toward another at run time: loads the shipped heads once, lazily."""

from __future__ import annotations

import os
from functools import cache
from importlib import resources
from pathlib import Path

from storyline.errors import ConfigError
from storyline.stance.model import Head, analyse_all

VARIANT_ENV = "STORYLINE_STANCE_VARIANT"
VARIANTS = ("full", "nocue")
# A text of this many sentences or more is read as an article body (the FNC-1 head); shorter
# pairs are claim against claim (the ANS head).
BODY_SENTENCES = 3
# The sentence-pair head says "other" for pairs that neither paraphrase nor contradict.
PAIR_LABELS = {"agree": "agree", "disagree": "disagree", "other": "discuss"}


def artifact_dir() -> Path:
    """Where the shipped stance heads live."""
    return Path(str(resources.files("storyline") / "artifacts" / "stance"))


def variant() -> str:
    """The head variant to use: 'full', or 'nocue' (trained without cue-word features)."""
    chosen = os.environ.get(VARIANT_ENV, "full") or "full"
    if chosen not in VARIANTS:
        raise ConfigError(f"{VARIANT_ENV}={chosen!r}: expected one of {', '.join(VARIANTS)}")
    return chosen


def load_head(name: str) -> Head:
    """The shipped head `name` ('fnc1' or 'ans') in the variant the environment asks for."""
    return _load(name + ("" if variant() == "full" else f"-{variant()}"))


@cache
def _load(full_name: str) -> Head:
    return Head.load(artifact_dir(), full_name)


def predict_pair(text_a: str, text_b: str, language_a: str, language_b: str) -> dict:
    """Stance of `text_b` toward `text_a`: label (agree, disagree, discuss or unrelated) and the
    head's class probabilities under `scores`.

    `text_a` is the claim or headline; `text_b` the claim or article read against it. Each side
    is tokenised and cue-checked in its own language.
    """
    (side_a,) = analyse_all([text_a], [language_a])
    (side_b,) = analyse_all([text_b], [language_b])
    body_like = len(side_b.sentences) >= BODY_SENTENCES or len(side_a.sentences) >= BODY_SENTENCES
    head = load_head("fnc1" if body_like else "ans")
    matrix = head.design(head.extractor(), [side_a], [side_b], [None])
    probabilities = head.probabilities(matrix)[0]
    scores = {
        label: round(float(p), 4) for label, p in zip(head.labels, probabilities, strict=True)
    }
    best = head.labels[int(probabilities.argmax())]
    return {"label": PAIR_LABELS.get(best, best), "scores": scores, "head": head.name}
