"""Ratio-margin scoring (Artetxe & Schwenk 2019) for cross-lingual retrieval and bitext."""

from __future__ import annotations

import numpy as np

# Artetxe & Schwenk's k; on Tatoeba 2 to 8 neighbours scored within a point of each other.
DEFAULT_K = 4


def _neighbour_mean(similarities: np.ndarray, k: int) -> np.ndarray:
    k = max(1, min(k, similarities.shape[1]))
    top = np.partition(similarities, similarities.shape[1] - k, axis=1)[:, -k:]
    return top.mean(axis=1)


def margin_scores(a: np.ndarray, b: np.ndarray, k: int = DEFAULT_K) -> np.ndarray:
    """Matrix (len(a), len(b)) of cos(x, y) / ((mean k-NN cos of x + mean k-NN cos of y) / 2).

    `a` and `b` are unit rows. A pair scores above 1 when it is closer than each side's usual
    neighbours, which undoes hubness and the compressed cosine range of quantised encoders;
    compare margins, not raw cosines, when deciding that two sentences are translations.
    """
    similarities = np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T
    if similarities.size == 0:
        return similarities
    from_a = _neighbour_mean(similarities, k)
    from_b = _neighbour_mean(similarities.T, k)
    denominator = (from_a[:, None] + from_b[None, :]) / 2
    return similarities / np.maximum(denominator, 1e-6)


def best_matches(scores: np.ndarray) -> np.ndarray:
    """For each row, the column with the highest score."""
    return np.asarray(scores).argmax(axis=1)
