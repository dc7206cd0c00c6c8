"""Features of a (claim, text) pair for stance: overlap, TF-IDF, cue words, mismatches, encoders."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from storyline.stance.cues import CueProfile, antonym_crossings, numbers, profile, tokens

# Sentence ends for picking a body's lead and its best-matching sentence; a cheap split is
# enough here because only word sets are compared.
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+|\n+")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-zA-Z]{2,})")
LEAD_SENTENCES = 3
MAX_SENTENCES = 60

GROUPS = ("overlap", "cue", "mismatch", "embedding")
# Columns that only mean something when both texts are in one language (shared words, one
# antonym list, Latin capitals, the TF-IDF-best sentence): a cross-language head leaves them out.
LANGUAGE_BOUND = frozenset({
    "jaccard", "a_in_b", "bigrams_in_b", "trigrams_in_b", "a_in_lead", "tfidf_cos", "tfidf_best",
    "tfidf_lead", "best_overlap", "same_language", "neg_best", "negated_shared_b",
    "negated_shared_a", "ref_best", "antonyms", "antonyms_best", "caps_a_in_b", "caps_a_missing",
})  # fmt: skip


@dataclass(frozen=True)
class Side:
    """One text of a pair, analysed once and reused across every pair it takes part in."""

    text: str
    language: str
    words: tuple[str, ...]
    sentences: tuple[tuple[str, ...], ...]
    sentence_texts: tuple[str, ...]
    cue: CueProfile
    lead_cue: CueProfile
    numbers: frozenset[str]
    years: frozenset[str]
    capitalised: frozenset[str]

    @property
    def lead(self) -> str:
        """The first sentences: what the encoders read of a long body."""
        return " ".join(self.sentence_texts[:LEAD_SENTENCES])


def sentence_count(text: str) -> int:
    """How many sentences `text` has, by the same cheap split `analyse` uses."""
    return max(1, sum(1 for piece in _SENTENCE_END.split(text) if piece.strip()))


def analyse(text: str, language: str) -> Side:
    """Split, tokenise and profile one text."""
    pieces = [piece.strip() for piece in _SENTENCE_END.split(text) if piece.strip()]
    pieces = pieces[:MAX_SENTENCES] or [text]
    sentences = tuple(tuple(tokens(piece)) for piece in pieces)
    lead = " ".join(pieces[:LEAD_SENTENCES])
    return Side(
        text=text,
        language=language,
        words=tuple(tokens(text)),
        sentences=sentences,
        sentence_texts=tuple(pieces),
        cue=profile(text, language),
        lead_cue=profile(lead, language),
        numbers=frozenset(numbers(text)),
        years=frozenset(_YEAR.findall(text)),
        capitalised=frozenset(word.casefold() for word in _CAPITALISED.findall(text)),
    )


@dataclass
class Idf:
    """Inverse document frequencies fitted on training texts; unseen words weigh the most."""

    weights: dict[str, float]
    unseen: float

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]], min_df: int = 3) -> Idf:
        df: Counter[str] = Counter()
        for words in documents:
            df.update(set(words))
        total = len(documents)
        weights = {
            word: round(math.log((1 + total) / (1 + count)) + 1.0, 4)
            for word, count in sorted(df.items())
            if count >= min_df
        }
        return cls(weights=weights, unseen=round(math.log((1 + total) / (1 + min_df)) + 1.0, 4))

    def vector(self, words: Sequence[str]) -> dict[str, float]:
        counts = Counter(words)
        return {word: count * self.weights.get(word, self.unseen) for word, count in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(weight * b[word] for word, weight in a.items() if word in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _ngrams(words: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def _rate(count: int, length: int) -> float:
    # Per 100 words, capped: a long body should not drown the signal of a short one.
    return min(count * 100.0 / max(length, 1), 10.0) / 10.0


@dataclass
class Extractor:
    """Turns analysed pairs into dense feature rows; holds the fitted IDF table."""

    idf: Idf
    sentence_profiles: dict[tuple[int, int], CueProfile] = field(default_factory=dict)
    body_vectors: dict[int, tuple[list[dict[str, float]], dict[str, float], dict[str, float]]] = (
        field(default_factory=dict)
    )

    def _vectors(
        self, b: Side, b_key: int | None
    ) -> tuple[list[dict[str, float]], dict[str, float], dict[str, float]]:
        """TF-IDF vectors of b's sentences, of all of b, and of its lead; kept per body."""
        if b_key is not None and b_key in self.body_vectors:
            return self.body_vectors[b_key]
        lead = [word for words in b.sentences[:LEAD_SENTENCES] for word in words]
        found = (
            [self.idf.vector(words) for words in b.sentences],
            self.idf.vector(b.words),
            self.idf.vector(lead),
        )
        if b_key is not None:
            self.body_vectors[b_key] = found
        return found

    def names(self) -> list[tuple[str, str]]:
        """(group, name) of every dense lexical column, in row order."""
        overlap = [
            "jaccard", "a_in_b", "bigrams_in_b", "trigrams_in_b", "a_in_lead", "tfidf_cos",
            "tfidf_best", "tfidf_lead", "best_overlap", "len_a", "len_b", "same_language",
        ]  # fmt: skip
        cue = [
            "neg_a", "neg_b", "neg_best", "neg_lead", "neg_asym", "negated_shared_b",
            "negated_shared_a", "ref_a", "ref_b", "ref_best", "ref_lead", "ref_parity_a",
            "ref_parity_b", "hedge_a", "hedge_b", "hedge_lead", "affirm_a", "affirm_b",
            "affirm_lead", "question_a", "question_b", "antonyms", "antonyms_best",
        ]  # fmt: skip
        mismatch = [
            "nums_a", "nums_b", "nums_a_in_b", "nums_b_in_a", "nums_disjoint", "years_a_missing",
            "caps_a_in_b", "caps_a_missing",
        ]  # fmt: skip
        return (
            [("overlap", name) for name in overlap]
            + [("cue", name) for name in cue]
            + [("mismatch", name) for name in mismatch]
        )

    def row(self, a: Side, b: Side, b_key: int | None = None) -> list[float]:
        """The dense lexical features of `a` (claim or headline) against `b` (text or body)."""
        set_a, set_b = set(a.words), set(b.words)
        vec_a = self.idf.vector(a.words)
        sentence_vectors, whole_vector, lead_vector = self._vectors(b, b_key)
        sentence_cos = [_cosine(vec_a, vector) for vector in sentence_vectors]
        best = int(np.argmax(sentence_cos)) if sentence_cos else 0
        best_words = set(b.sentences[best]) if b.sentences else set()
        lead_words = [word for words in b.sentences[:LEAD_SENTENCES] for word in words]
        key = (b_key if b_key is not None else id(b), best)
        best_cue = self.sentence_profiles.get(key)
        if best_cue is None:
            best_cue = profile(b.sentence_texts[best], b.language)
            if b_key is not None:
                self.sentence_profiles[key] = best_cue
        same = a.language == b.language
        shared = set_a & set_b
        overlap = [
            len(shared) / max(len(set_a | set_b), 1),
            _share(set_a, set_b),
            _share(_ngrams(a.words, 2), _ngrams(b.words, 2)),
            _share(_ngrams(a.words, 3), _ngrams(b.words, 3)),
            _share(set_a, set(lead_words)),
            _cosine(vec_a, whole_vector),
            sentence_cos[best] if sentence_cos else 0.0,
            _cosine(vec_a, lead_vector),
            _share(set_a, best_words),
            math.log1p(len(a.words)) / 5.0,
            math.log1p(len(b.words)) / 5.0,
            float(same),
        ]
        ca, cb = a.cue, b.cue
        cue = [
            float(ca.negation > 0),
            _rate(cb.negation, cb.length),
            float(best_cue.negation > 0),
            float(b.lead_cue.negation > 0),
            float((ca.negation > 0) != (best_cue.negation > 0)),
            _share(shared, set(cb.negated) - set(ca.negated)) if shared else 0.0,
            _share(shared, set(ca.negated) - set(cb.negated)) if shared else 0.0,
            float(ca.refuting > 0),
            _rate(cb.refuting, cb.length),
            float(best_cue.refuting > 0),
            float(b.lead_cue.refuting > 0),
            float(ca.refuting % 2),
            float(cb.refuting % 2),
            float(ca.hedging > 0),
            _rate(cb.hedging, cb.length),
            float(b.lead_cue.hedging > 0),
            float(ca.affirming > 0),
            _rate(cb.affirming, cb.length),
            float(b.lead_cue.affirming > 0),
            float(ca.question),
            float(b.lead_cue.question),
            min(antonym_crossings(ca, cb), 3) / 3.0 if same else 0.0,
            float(antonym_crossings(ca, best_cue) > 0) if same else 0.0,
        ]
        mismatch = [
            float(bool(a.numbers)),
            float(bool(b.numbers)),
            _share(set(a.numbers), set(b.numbers)),
            _share(set(b.numbers), set(a.numbers)) if len(b.words) < 60 else 0.0,
            float(bool(a.numbers) and bool(b.numbers) and not a.numbers & b.numbers),
            float(bool(a.years - b.years)),
            _share(set(a.capitalised), set(b.capitalised)),
            float(bool(a.capitalised - b.capitalised)),
        ]
        return overlap + cue + mismatch


@dataclass
class Vocabulary:
    """The most frequent training words, for the term-frequency vectors of each side."""

    words: list[str]

    @classmethod
    def fit(cls, documents: Sequence[Sequence[str]], size: int) -> Vocabulary:
        counts: Counter[str] = Counter()
        for words in documents:
            counts.update(words)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return cls(words=[word for word, _ in ranked[:size]])

    def matrix(self, documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """L2-normalised term frequencies, one row per document."""
        index = {word: column for column, word in enumerate(self.words)}
        rows, cols, values = [], [], []
        for row, words in enumerate(documents):
            counts = Counter(index[word] for word in words if word in index)
            norm = math.sqrt(sum(count * count for count in counts.values())) or 1.0
            for column in sorted(counts):
                rows.append(row)
                cols.append(column)
                values.append(counts[column] / norm)
        shape = (len(documents), len(self.words))
        return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64)


PROJECTED = 24
ENCODER_DIMS = {"e5": 384, "use": 512}


def projection(encoder: str) -> np.ndarray:
    """A fixed random projection of an encoder's dimensions, regenerated from its seed."""
    seed = sum(encoder.encode("utf-8")) + 1000 * ENCODER_DIMS[encoder]
    rng = np.random.default_rng(seed)
    return rng.standard_normal((ENCODER_DIMS[encoder], PROJECTED)) / math.sqrt(PROJECTED)


def embedding_names() -> list[tuple[str, str]]:
    """(group, name) of the encoder columns, which follow the lexical ones."""
    names = []
    for encoder in ENCODER_DIMS:
        names.append(("embedding", f"{encoder}_cos"))
        names += [("embedding", f"{encoder}_diff{i}") for i in range(PROJECTED)]
        names += [("embedding", f"{encoder}_prod{i}") for i in range(PROJECTED)]
    return names


def embedding_rows(
    a: Sequence[Side], b: Sequence[Side], embed: Callable[[Sequence[str], str], np.ndarray]
) -> np.ndarray:
    """Encoder columns of each pair: per encoder, the cosine of a and b's lead, then projected
    element-wise |a-b| and a*b (the sentence-pair recipe of InferSent, kept small)."""
    blocks = []
    for encoder in ENCODER_DIMS:
        a_vectors = embed([side.text for side in a], encoder)
        b_vectors = embed([side.lead for side in b], encoder)
        blocks.append(embedding_block(a_vectors, b_vectors, projection(encoder)))
    return np.hstack(blocks)


def embedding_block(
    a_vectors: np.ndarray, b_vectors: np.ndarray, projection: np.ndarray
) -> np.ndarray:
    """Encoder features of paired rows: cosine, and projected element-wise |a-b| and a*b."""
    cosine = np.sum(a_vectors * b_vectors, axis=1, keepdims=True)
    difference = np.abs(a_vectors - b_vectors) @ projection
    product = (a_vectors * b_vectors) @ projection
    return np.hstack([cosine, difference, product]).astype(np.float64)
