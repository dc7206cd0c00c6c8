"""Sentence alignment between two articles in different languages, and the translation test.

Monotonic dynamic programming over the margin-scored similarity matrix, as vecalign and
bertalign do: 1-1 blocks, merges of up to three sentences on one side, and skipped sentences on
either side (a condensed or partial rendering leaves sentences out). A rendering that reorders
its source is caught by a second pass: mutually nearest sentence pairs left over by the
monotonic path, when their margin is as high as a translation's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from storyline.embeddings.base import normalise_rows

# Block shapes (sentences taken from left, from right) the path may use besides skipping.
BLOCKS = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1))
# Neighbours per side for the margin (Artetxe & Schwenk's k), fewer in short articles.
MARGIN_NEIGHBOURS = 4
# A block is worth aligning when its margin passes this; a merge must beat it by more, so that
# two sentences are merged only when together they match better than either alone.
MIN_MARGIN = 1.1
MERGE_PENALTY = 0.03
# Below this raw cosine two sentences do not say the same thing, whatever the margin. Set for
# the default encoder (e5 + USE) on the demo corpus: its translated sentence pairs score 0.80 to
# 0.86, sentences of two independent reports of one event mostly 0.70 to 0.78.
MIN_COSINE = 0.78
# A rendering that names the outlet of the text it renders ('according to the Turkish daily X')
# is held to a looser bar: a condensed translation rewords as it shortens, so its sentences
# score 0.70-0.80 against their source, and it need cover only half of the shorter text.
CREDITED_MIN_COSINE = 0.7
CREDITED_MIN_COVERAGE = 0.5
# A translation covers this share of the shorter article's sentences with aligned pairs, ...
MIN_COVERAGE = 0.6
# ... with at least this many pairs (fewer in a short text: as many as its coverage asks).
MIN_PAIRS = 3


@dataclass(frozen=True)
class AlignedBlock:
    """Sentences left[i..] aligned with right[j..] (indices into each article), with scores."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    margin: float
    cosine: float


def _neighbour_means(similarities: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    def means(matrix: np.ndarray) -> np.ndarray:
        kk = max(1, min(k, matrix.shape[1]))
        return np.sort(matrix, axis=1)[:, -kk:].mean(axis=1)

    return means(similarities), means(similarities.T)


def _block_scores(
    left: np.ndarray,
    right: np.ndarray,
    left_means: np.ndarray,
    right_means: np.ndarray,
    i: int,
    j: int,
    a: int,
    b: int,
) -> tuple[float, float]:
    left_vector = normalise_rows(left[i : i + a].sum(axis=0, keepdims=True))[0]
    right_vector = normalise_rows(right[j : j + b].sum(axis=0, keepdims=True))[0]
    cosine = float(left_vector @ right_vector)
    denominator = (left_means[i : i + a].mean() + right_means[j : j + b].mean()) / 2
    return cosine / max(float(denominator), 1e-6), cosine


def align_sentences(
    left: np.ndarray, right: np.ndarray, min_cosine: float = MIN_COSINE
) -> list[AlignedBlock]:
    """Aligned blocks between two articles' unit sentence vectors, in left-article order;
    blocks need a raw cosine of `min_cosine`."""
    n, m = len(left), len(right)
    if n == 0 or m == 0:
        return []
    similarities = left @ right.T
    left_means, right_means = _neighbour_means(similarities, MARGIN_NEIGHBOURS)
    gain = np.zeros((n + 1, m + 1))
    back: dict[tuple[int, int], tuple[int, int, AlignedBlock | None]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple[int, int, AlignedBlock | None]]] = []
            if i > 0:
                options.append((gain[i - 1, j], (i - 1, j, None)))
            if j > 0:
                options.append((gain[i, j - 1], (i, j - 1, None)))
            for a, b in BLOCKS:
                if i < a or j < b:
                    continue
                margin, cosine = _block_scores(
                    left, right, left_means, right_means, i - a, j - b, a, b
                )
                threshold = MIN_MARGIN + MERGE_PENALTY * (a + b - 2)
                if margin < threshold or cosine < min_cosine:
                    continue
                block = AlignedBlock(tuple(range(i - a, i)), tuple(range(j - b, j)), margin, cosine)
                options.append((gain[i - a, j - b] + margin - threshold, (i - a, j - b, block)))
            best_gain, best_step = max(options, key=lambda option: option[0])
            gain[i, j] = best_gain
            back[(i, j)] = best_step
    blocks: list[AlignedBlock] = []
    position = (n, m)
    while position != (0, 0):
        i, j, block = back[position]
        if block is not None:
            blocks.append(block)
        position = (i, j)
    blocks.reverse()
    return blocks + _reordered_pairs(similarities, left_means, right_means, blocks, min_cosine)


def _reordered_pairs(
    similarities: np.ndarray,
    left_means: np.ndarray,
    right_means: np.ndarray,
    monotonic: list[AlignedBlock],
    min_cosine: float,
) -> list[AlignedBlock]:
    """Mutually nearest 1-1 pairs among sentences the monotonic path left unaligned."""
    used_left = {i for block in monotonic for i in block.left}
    used_right = {j for block in monotonic for j in block.right}
    margins = similarities / np.maximum((left_means[:, None] + right_means[None, :]) / 2, 1e-6)
    found = []
    for i in range(similarities.shape[0]):
        j = int(margins[i].argmax())
        if i in used_left or j in used_right or int(margins[:, j].argmax()) != i:
            continue
        if margins[i, j] >= MIN_MARGIN and similarities[i, j] >= min_cosine:
            found.append(AlignedBlock((i,), (j,), float(margins[i, j]), float(similarities[i, j])))
    return found


def coverage(blocks: list[AlignedBlock], left_count: int, right_count: int) -> float:
    """Share of the shorter article's sentences that some aligned block covers."""
    if not left_count or not right_count:
        return 0.0
    if left_count <= right_count:
        return len({i for block in blocks for i in block.left}) / left_count
    return len({j for block in blocks for j in block.right}) / right_count


def is_translation(
    blocks: list[AlignedBlock], left_count: int, right_count: int, credited: bool = False
) -> bool:
    """Whether the aligned blocks make one article a translation of the other; `credited`
    when the rendering names the other's outlet (blocks then aligned at CREDITED_MIN_COSINE)."""
    least = CREDITED_MIN_COVERAGE if credited else MIN_COVERAGE
    pairs = min(MIN_PAIRS, math.ceil(least * min(left_count, right_count)))
    if len(blocks) < pairs or coverage(blocks, left_count, right_count) < least:
        return False
    # Fewer pairs than MIN_PAIRS do for a short text only if one renders a sentence as one:
    # merged sentences average into the topic they share with any report of the event.
    return len(blocks) >= MIN_PAIRS or any(len(b.left) == len(b.right) == 1 for b in blocks)
