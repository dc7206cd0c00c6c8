"""Encoder vectors for stance features, cached on disk by text hash (bodies recur across pairs)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyline.embeddings import get_encoder

CACHE_ENV = "STORYLINE_CACHE_DIR"
ENCODERS = ("e5", "use")


def cache_dir() -> Path:
    """Where encoder vectors are cached: STORYLINE_CACHE_DIR, else the system temp folder."""
    configured = os.environ.get(CACHE_ENV)
    root = Path(configured) if configured else Path(tempfile.gettempdir()) / "storyline-cache"
    return root / "stance"


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed(texts: Sequence[str], encoder: str) -> np.ndarray:
    """Unit rows for `texts` from `encoder` ('e5' or 'use'), encoding only texts not cached."""
    path = cache_dir() / f"{encoder}.npz"
    known: dict[str, np.ndarray] = {}
    if path.is_file():
        with np.load(path) as stored:
            known = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))
    keys = [_key(text) for text in texts]
    missing = list(dict.fromkeys(key for key in keys if key not in known))
    if missing:
        by_key = dict(zip(keys, texts, strict=True))
        # Symmetric comparison: both sides are encoded the same way.
        vectors = get_encoder(encoder).encode([by_key[key] for key in missing], kind="query")
        known.update(zip(missing, vectors, strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp.npz")
        ordered = sorted(known)
        np.savez(partial, keys=np.array(ordered), vectors=np.stack([known[k] for k in ordered]))
        partial.replace(path)
    return np.stack([known[key] for key in keys]).astype(np.float32)
