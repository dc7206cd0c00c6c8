"""Encoders by name ('e5', 'use', 'combined', 'st:PATH'); STORYLINE_ENCODER picks the default."""

from __future__ import annotations

import os

from storyline.embeddings.base import CombinedEncoder, Encoder
from storyline.embeddings.models import E5Encoder, SentenceTransformerEncoder, USEEncoder
from storyline.errors import ConfigError

DEFAULT = "combined"
ENCODERS = ("e5", "use", "combined")
# Equal weights: a prior, not a fit; on Tatoeba (dev) any split from 0.4 to 0.6 scored alike.
COMBINED_WEIGHTS = {"e5": 0.5, "use": 0.5}


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder called `name`; without one, STORYLINE_ENCODER or else 'combined'."""
    name = name or os.environ.get("STORYLINE_ENCODER") or DEFAULT
    if name == "e5":
        return E5Encoder()
    if name == "use":
        return USEEncoder()
    if name == "combined":
        return CombinedEncoder(
            [(E5Encoder(), COMBINED_WEIGHTS["e5"]), (USEEncoder(), COMBINED_WEIGHTS["use"])]
        )
    if name.startswith("st:"):
        return SentenceTransformerEncoder(name.removeprefix("st:"))
    raise ConfigError(
        f"unknown encoder '{name}': use one of {', '.join(ENCODERS)} or st:PATH to a local "
        "sentence-transformers model"
    )
