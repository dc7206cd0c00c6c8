"""The encoder interface: texts in, L2-normalised float32 rows out; and the weighted combination."""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Literal

import numpy as np

Kind = Literal["query", "passage"]

# Harakat, Quranic marks, superscript alef and tatweel: the encoders saw mostly undiacritised
# text, and on Tatoeba ar-en dropping these helped both encoders (folding alef and yeh hurt).
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_SPACES = re.compile(r"\s+")

# Principal directions removed per collection. Chosen leave-one-language-out on Tatoeba (dev):
# Turkish picks 2 for Arabic and Arabic picks 2 for Turkish.
COMPONENTS = 2
# Fewer texts than this and the top directions are their content, not their language: only
# the mean is removed.
MIN_FOR_DIRECTIONS = 50


def prepare(text: str) -> str:
    """The form of a text the encoders see: NFKC, Arabic diacritics and tatweel dropped, spaces."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", _ARABIC_MARKS.sub("", text)).strip()


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as float32; an all-zero row stays zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def remove_common(vectors: np.ndarray, components: int = COMPONENTS) -> np.ndarray:
    """Rows with the collection's mean and its top principal directions removed, renormalised.

    Given the texts of one language, this takes out what they share because of the language
    (Mu & Viswanath 2018, "all-but-the-top"), which is most of an encoder's language bias.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    centred = vectors - vectors.mean(axis=0, keepdims=True)
    if components > 0 and len(vectors) >= MIN_FOR_DIRECTIONS:
        _, _, directions = np.linalg.svd(centred, full_matrices=False)
        top = directions[:components]
        centred = centred - (centred @ top.T) @ top
    return normalise_rows(centred)


class Encoder(ABC):
    """A multilingual sentence encoder: `encode` gives one unit-length float32 row per text."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        """Rows of shape (len(texts), dim), L2-normalised; `kind` says query or passage."""

    def encode_ahead(self, texts: Sequence[str], kind: Kind = "passage") -> None:
        """Encode texts that `encode` will be asked for soon, in large batches, where that
        gives the very same rows as encoding them later; an encoder that cannot does nothing."""
        return None

    def encode_collection(
        self, texts: Sequence[str], kind: Kind = "passage", components: int = COMPONENTS
    ) -> np.ndarray:
        """Rows for a collection of same-language texts, with what they share removed.

        Use it when comparing collections across languages (bitext, cross-lingual retrieval):
        scores then reflect meaning more than language.
        """
        return remove_common(self.encode(texts, kind), components)


class CombinedEncoder(Encoder):
    """Several encoders' unit vectors, each scaled by the square root of its weight, joined.

    The dot product of two combined vectors is the weighted mean of the members' cosines.
    """

    def __init__(self, members: Sequence[tuple[Encoder, float]]) -> None:
        total = sum(weight for _, weight in members)
        self.members = [(encoder, weight / total) for encoder, weight in members]
        self.name = "+".join(encoder.name for encoder, _ in self.members)
        self.dim = sum(encoder.dim for encoder, _ in self.members)

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        return self._join([encoder.encode(texts, kind) for encoder, _ in self.members])

    def encode_ahead(self, texts: Sequence[str], kind: Kind = "passage") -> None:
        for encoder, _ in self.members:
            encoder.encode_ahead(texts, kind)

    def encode_collection(
        self, texts: Sequence[str], kind: Kind = "passage", components: int = COMPONENTS
    ) -> np.ndarray:
        # Each member's space has its own language direction, so each is cleaned apart.
        return self._join(
            [encoder.encode_collection(texts, kind, components) for encoder, _ in self.members]
        )

    def _join(self, parts: list[np.ndarray]) -> np.ndarray:
        weights = [np.float32(np.sqrt(weight)) for _, weight in self.members]
        return np.hstack([part * weight for part, weight in zip(parts, weights, strict=True)])
