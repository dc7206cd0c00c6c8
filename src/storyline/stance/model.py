"""A trained stance head: its feature recipe and weights, saved and loaded without pickle."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from storyline.errors import ModelError
from storyline.stance.features import (
    LANGUAGE_BOUND,
    Extractor,
    Idf,
    Side,
    Vocabulary,
    analyse,
    embedding_names,
    embedding_rows,
)

FORMAT_VERSION = 2
# (texts, encoder name) -> unit rows.
Embed = Callable[[Sequence[str], str], np.ndarray]


@dataclass
class Head:
    """One classifier over pair features: which groups it reads, its tables and its MLP weights."""

    name: str
    labels: tuple[str, ...]
    groups: tuple[str, ...]
    # A cross-language head reads only columns that hold across two languages, and no words.
    cross_language: bool
    vocabulary: Vocabulary
    idf: Idf
    mean: np.ndarray
    scale: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    info: dict

    def extractor(self) -> Extractor:
        return Extractor(self.idf)

    def design(
        self,
        extractor: Extractor,
        a: Sequence[Side],
        b: Sequence[Side],
        keys: Sequence[int | None],
        embed: Embed | None = None,
    ) -> sparse.csr_matrix:
        """The scaled feature matrix of the pairs (a[i], b[i]); `embed` encodes texts (default:
        the disk-cached encoders of training and evals)."""
        if "embedding" in self.groups and embed is None:
            from storyline.stance.embed import embed as embed_cached

            embed = embed_cached
        dense = dense_rows(extractor, a, b, keys, embed if "embedding" in self.groups else None)
        return design(self.groups, self.cross_language, self.vocabulary, extractor, a, b, dense,
                      self.mean, self.scale)  # fmt: skip

    def probabilities(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Class probabilities, one row per pair, columns in `labels` order."""
        hidden = matrix @ self.weights[0].astype(np.float64) + self.biases[0]
        for weight, bias in zip(self.weights[1:], self.biases[1:], strict=True):
            hidden = np.maximum(hidden, 0.0) @ weight.astype(np.float64) + bias
        hidden -= hidden.max(axis=1, keepdims=True)
        exp = np.exp(hidden)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, folder: Path) -> None:
        """Write `{name}.npz` (weights, float16) and `{name}.json` (tables and metadata)."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"mean": self.mean, "scale": self.scale}
        for index, (weight, bias) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"weight{index}"] = weight.astype(np.float16)
            arrays[f"bias{index}"] = bias
        with (folder / f"{self.name}.npz").open("wb") as handle:
            # savez writes a zip whose member dates are fixed, so equal arrays give equal bytes.
            np.savez_compressed(handle, **arrays)
        meta = {
            "format": FORMAT_VERSION,
            "name": self.name,
            "labels": list(self.labels),
            "groups": list(self.groups),
            "cross_language": self.cross_language,
            "layers": len(self.weights),
            "vocabulary": self.vocabulary.words,
            "idf": self.idf.weights,
            "idf_unseen": self.idf.unseen,
            "info": self.info,
        }
        text = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (folder / f"{self.name}.json").write_text(text + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, name: str) -> Head:
        """Read a head written by `save`; weights come back exactly as saved (float16 values)."""
        meta_path, weights_path = folder / f"{name}.json", folder / f"{name}.npz"
        if not meta_path.is_file() or not weights_path.is_file():
            raise ModelError(
                f"no stance model '{name}' in '{folder}': run `storyline train stance` to build it"
            )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ModelError(f"stance model '{weights_path}' has format {meta.get('format')}, "
                             f"this storyline reads {FORMAT_VERSION}: retrain it")  # fmt: skip
        with np.load(weights_path) as arrays:
            layers = int(meta["layers"])
            weights = [arrays[f"weight{i}"].astype(np.float32) for i in range(layers)]
            biases = [arrays[f"bias{i}"] for i in range(layers)]
            mean, scale = arrays["mean"], arrays["scale"]
        return cls(
            name=meta["name"],
            labels=tuple(meta["labels"]),
            groups=tuple(meta["groups"]),
            cross_language=bool(meta["cross_language"]),
            vocabulary=Vocabulary(meta["vocabulary"]),
            idf=Idf(meta["idf"], float(meta["idf_unseen"])),
            mean=mean,
            scale=scale,
            weights=weights,
            biases=biases,
            info=meta["info"],
        )


def dense_rows(
    extractor: Extractor,
    a: Sequence[Side],
    b: Sequence[Side],
    keys: Sequence[int | None],
    embed: Embed | None,
) -> np.ndarray:
    """Every dense column for each pair, unscaled: lexical ones, then encoder ones from `embed`.

    Without `embed` the encoder columns are zeros, which a head without that group never reads.
    """
    lexical = np.array(
        [extractor.row(left, right, key) for left, right, key in zip(a, b, keys, strict=True)],
        dtype=np.float64,
    ).reshape(len(a), len(extractor.names()))
    if embed is not None:
        encoded = embedding_rows(a, b, embed)
    else:
        encoded = np.zeros((len(a), len(embedding_names())))
    return np.hstack([lexical, encoded])


def design(
    groups: Sequence[str],
    cross_language: bool,
    vocabulary: Vocabulary,
    extractor: Extractor,
    a: Sequence[Side],
    b: Sequence[Side],
    dense: np.ndarray,
    mean: np.ndarray,
    scale: np.ndarray,
) -> sparse.csr_matrix:
    """Scaled dense columns of the chosen groups, then term frequencies of a and of b.

    `dense` holds every column (from `dense_rows`); the head's groups pick among them.
    """
    dense = (dense[:, group_columns(extractor, groups, cross_language)] - mean) / scale
    if cross_language:
        return sparse.csr_matrix(dense)
    tf_a = vocabulary.matrix([side.words for side in a])
    tf_b = vocabulary.matrix([side.words for side in b])
    return sparse.hstack([sparse.csr_matrix(dense), tf_a, tf_b], format="csr")


def group_columns(
    extractor: Extractor, groups: Sequence[str], cross_language: bool = False
) -> list[int]:
    """Indices of the dense columns that belong to `groups` (and, for a cross-language head,
    that do not need both texts in one language)."""
    names = extractor.names() + embedding_names()
    return [
        i
        for i, (group, name) in enumerate(names)
        if group in groups and not (cross_language and name in LANGUAGE_BOUND)
    ]


def analyse_all(texts: Sequence[str], languages: Sequence[str]) -> list[Side]:
    """Analyse texts once each, sharing the analysis of repeated texts (bodies, headlines)."""
    seen: dict[tuple[str, str], Side] = {}
    out = []
    for text, language in zip(texts, languages, strict=True):
        key = (text, language)
        if key not in seen:
            seen[key] = analyse(text, language)
        out.append(seen[key])
    return out
