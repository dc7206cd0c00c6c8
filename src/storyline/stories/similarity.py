"""A learned "same event" probability for two articles, in any pair of languages.

Each article is seen as an `ArticleView`: unit vectors of its title and of its first sentences
(the store encoder's), its names, numbers and years, and its language. `pair_features` turns two
views into the model's columns: encoder cosines (title, lead, first sentences, the stage's
article vector, best-aligned sentences), overlaps of names, numbers and years, and the languages.
A logistic regression over them, trained by `storyline train similarity` on SemEval-2022 Task 8
and ECB+ (dev), gives a probability whose 0.5 means "same event" (BENCHMARKS.md, "Article
similarity"). The artifact holds one such model per encoder, since cosines differ by encoder.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from storyline.embeddings.base import CombinedEncoder, Encoder
from storyline.errors import ModelError
from storyline.stories.features import NAME, NUMBER, SKELETON

# Sentences of an article the function reads: the lead and what follows it. Encoding is the
# cost (e5 embeds about ten sentences a second on a shared CPU), and on SemEval-2022 (dev) the
# first sentences carry the event; later ones drift into background.
SENTENCE_BUDGET = 8
LEAD_SENTENCES = 3
# A probability at or above this says "same event", in every language pair (calibrated so).
SAME_EVENT = 0.5
LANGUAGES = ("ar", "tr", "en")
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps"})
_YEAR = re.compile(r"^(1[89]|20)\d\d$")

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "title": ("title_cos", "title_lead_cos"),
    "lead": ("lead_cos",),
    "text": ("text_cos", "article_cos"),
    "aligned": ("aligned_mean", "aligned_top", "aligned_top3"),
    "names": ("names_jaccard", "names_containment", "names_shared"),
    "numbers": ("numbers_jaccard", "years_jaccard", "years_disjoint"),
    "language": (*(f"lang_{language}" for language in LANGUAGES), "cross_language", "cross_script"),
}
FEATURES: tuple[str, ...] = tuple(name for group in FEATURE_GROUPS.values() for name in group)


@dataclass(frozen=True)
class ArticleView:
    """What the similarity function reads of one article."""

    title: np.ndarray
    sentences: np.ndarray
    keys: dict[str, float]
    language: str


def unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def make_view(
    title_vector: np.ndarray | None,
    sentence_rows: np.ndarray,
    keys: dict[str, float],
    language: str,
) -> ArticleView:
    """A view from the article's title vector (None without a title) and sentence rows; only
    the first SENTENCE_BUDGET rows are kept. An article without a title reads its first
    sentence as one."""
    rows = np.asarray(sentence_rows, dtype=np.float32)[:SENTENCE_BUDGET]
    if title_vector is None:
        if not len(rows):
            raise ValueError("an article with neither title nor sentences has no view")
        title_vector = rows[0]
    if not len(rows):
        rows = np.asarray(title_vector, dtype=np.float32)[None, :]
    return ArticleView(np.asarray(title_vector, dtype=np.float32), rows, keys, language)


def text_view(
    title: str, text: str, language: str, encode: Callable[[list[str]], np.ndarray]
) -> ArticleView:
    """The view of an article given as text, its sentences cut as the text stage cuts them;
    `encode` gives unit rows for texts (an encoder's, or a cache's)."""
    from storyline.stories.features import lexical_keys
    from storyline.text.segment import split_sentences

    sentences = [s.text for s in split_sentences(text, language)[:SENTENCE_BUDGET]]
    title = title.strip()
    rows = encode([*sentences, title] if title else sentences)
    return make_view(
        rows[len(sentences)] if title else None,
        rows[: len(sentences)],
        lexical_keys(f"{title}\n{text}", language),
        language,
    )


def _mean_unit(rows: np.ndarray) -> np.ndarray:
    return unit(rows.mean(axis=0))


def _jaccard(first: set[str], second: set[str]) -> float:
    union = first | second
    return len(first & second) / len(union) if union else 0.0


def _containment(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return max(shared / len(first), shared / len(second))


def _names(keys: dict[str, float]) -> set[str]:
    return {key for key in keys if key[0] in (NAME, SKELETON)}


def _numbers(keys: dict[str, float]) -> set[str]:
    # One- and two-digit numbers are mostly counts and days that any two reports share.
    return {key for key in keys if key[0] == NUMBER and len(key) > 3}


def _years(keys: dict[str, float]) -> set[str]:
    return {key for key in keys if key[0] == NUMBER and _YEAR.match(key[1:])}


def pair_features(first: ArticleView, second: ArticleView) -> dict[str, float]:
    """The model's columns for a pair of views; symmetric in the two."""
    lead_a = _mean_unit(first.sentences[:LEAD_SENTENCES])
    lead_b = _mean_unit(second.sentences[:LEAD_SENTENCES])
    text_a, text_b = _mean_unit(first.sentences), _mean_unit(second.sentences)
    article_a = unit(first.title + text_a)
    article_b = unit(second.title + text_b)
    grid = first.sentences @ second.sentences.T
    pairs = np.sort(grid, axis=None)[::-1]
    aligned = (grid.max(axis=1).mean() + grid.max(axis=0).mean()) / 2
    names_a, names_b = _names(first.keys), _names(second.keys)
    names_jaccard, names_containment = _jaccard(names_a, names_b), _containment(names_a, names_b)
    if (first.language in ARABIC_SCRIPT) != (second.language in ARABIC_SCRIPT):
        # Across scripts only consonant skeletons compare, and the Arabic side has one for
        # every long word: both overlaps are read off the Latin side's names alone.
        latin, arabic = (first, second) if second.language in ARABIC_SCRIPT else (second, first)
        latin_names = {key for key in latin.keys if key[0] == SKELETON}
        shared = latin_names & {key for key in arabic.keys if key[0] == SKELETON}
        names_a, names_b = latin_names, shared
        names_jaccard = names_containment = len(shared) / len(latin_names) if latin_names else 0.0
    years_a, years_b = _years(first.keys), _years(second.keys)
    values = {
        "title_cos": float(first.title @ second.title),
        "title_lead_cos": float(max(first.title @ lead_b, lead_a @ second.title)),
        "lead_cos": float(lead_a @ lead_b),
        "text_cos": float(text_a @ text_b),
        "article_cos": float(article_a @ article_b),
        "aligned_mean": float(aligned),
        "aligned_top": float(pairs[0]),
        "aligned_top3": float(pairs[:3].mean()),
        "names_jaccard": names_jaccard,
        "names_containment": names_containment,
        "names_shared": math.log1p(len(names_a & names_b)),
        "numbers_jaccard": _jaccard(_numbers(first.keys), _numbers(second.keys)),
        "years_jaccard": _jaccard(years_a, years_b),
        "years_disjoint": float(bool(years_a) and bool(years_b) and not years_a & years_b),
    }
    for language in LANGUAGES:
        values[f"lang_{language}"] = (
            (first.language == language) + (second.language == language)
        ) / 2
    # Encoder cosines of one event told in two languages sit lower than in one; these let the
    # model move its boundary for such pairs instead of reading them as look-alikes.
    values["cross_language"] = float(first.language != second.language)
    values["cross_script"] = float(
        (first.language in ARABIC_SCRIPT) != (second.language in ARABIC_SCRIPT)
    )
    return values


def feature_rows(
    pairs: Sequence[tuple[ArticleView, ArticleView]], names: Sequence[str] = FEATURES
) -> np.ndarray:
    """One row of the named columns per pair."""
    rows = [pair_features(first, second) for first, second in pairs]
    return np.array([[row[name] for name in names] for row in rows], dtype=np.float64)


@dataclass(frozen=True)
class SimilarityModel:
    """A standardised logistic regression over named feature columns."""

    encoder: str
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coefficients: np.ndarray
    intercept: float

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        logits = ((rows - self.mean) / self.scale) @ self.coefficients + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def probability(self, first: ArticleView, second: ArticleView) -> float:
        """P(same event) for two articles."""
        row = feature_rows([(first, second)], self.features)
        return float(self.probabilities(row)[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "features": list(self.features),
            "mean": [round(float(v), 8) for v in self.mean],
            "scale": [round(float(v), 8) for v in self.scale],
            "coefficients": [round(float(v), 8) for v in self.coefficients],
            "intercept": round(float(self.intercept), 8),
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> SimilarityModel:
        return cls(
            record["encoder"],
            tuple(record["features"]),
            np.array(record["mean"], dtype=np.float64),
            np.array(record["scale"], dtype=np.float64),
            np.array(record["coefficients"], dtype=np.float64),
            float(record["intercept"]),
        )


def artifact_dir() -> Path:
    """Where the shipped similarity models live."""
    return Path(str(resources.files("storyline") / "artifacts" / "similarity"))


def artifact_path(encoder: str, folder: Path | None = None) -> Path:
    return (folder or artifact_dir()) / f"{encoder}.json"


@cache
def load_model(encoder: str) -> SimilarityModel:
    """The shipped model for an encoder's vectors (its name, as `Encoder.name` gives it)."""
    path = artifact_path(encoder)
    if not path.exists():
        known = sorted(p.stem for p in artifact_dir().glob("*.json"))
        raise ModelError(
            f"no article-similarity model for encoder '{encoder}' (have: {', '.join(known)}); "
            f"run 'storyline train similarity --encoder {encoder}'"
        )
    return SimilarityModel.from_json(json.loads(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Reading:
    """How to read a store encoder's vectors with a shipped model: the model and the slice of
    the vector it reads (all of it, or one member of a combined encoder)."""

    model: SimilarityModel
    columns: slice

    def view(
        self,
        title_vector: np.ndarray | None,
        sentence_rows: np.ndarray,
        keys: dict[str, float],
        language: str,
    ) -> ArticleView:
        """make_view on the model's slice of the vectors, each renormalised."""
        rows = np.asarray(sentence_rows, dtype=np.float32)[:SENTENCE_BUDGET, self.columns]
        rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        title = None if title_vector is None else unit(title_vector[self.columns])
        return make_view(title, rows, keys, language)


def reading_for(encoder: Encoder) -> Reading | None:
    """The shipped model for an encoder's vectors: its own, else the one of a member of a
    combined encoder (e5 + USE is read through its USE part: encoding the training sets with
    e5 did not fit the CPU budget); None where there is neither."""
    if artifact_path(encoder.name).exists():
        return Reading(load_model(encoder.name), slice(None))
    if isinstance(encoder, CombinedEncoder):
        offset = 0
        for member, _ in encoder.members:
            if artifact_path(member.name).exists():
                return Reading(load_model(member.name), slice(offset, offset + member.dim))
            offset += member.dim
    return None
