"""Encoders by name ('combined', 'e5', 'e5qp', 'use', 'st:PATH'); STORYLINE_ENCODER picks one."""

from __future__ import annotations

import os

from storyline.embeddings.base import CombinedEncoder, Encoder
from storyline.embeddings.models import E5Encoder, SentenceTransformerEncoder, USEEncoder
from storyline.errors import ConfigError

DEFAULT = "combined"
# The store's default: e5 with one prefix (half e5's cost). On Tatoeba (dev) with the store's
# raw vectors and margin it gave 0.802 ar / 0.968 tr against 0.805 / 0.968 for 'combined', at
# about twice the speed.
STORE_DEFAULT = "combined-fast"
ENCODERS = ("e5", "e5qp", "use", "combined", "combined-fast")
# Equal weights: a prior, not a fit; on Tatoeba and STS 2017 (dev) any e5 share from 0.4 to 0.6
# scored within a point.
COMBINED_WEIGHTS = {"e5": 0.5, "use": 0.5}


def get_encoder(name: str | None = None, default: str = DEFAULT) -> Encoder:
    """The encoder called `name`; without one, STORYLINE_ENCODER or else `default`.

    'combined' is e5 (both prefixes) and USE joined; 'combined-fast' is e5 with the prefix
    the caller asks for and USE; 'e5' is e5 with that prefix; 'e5qp' is e5 with both.
    """
    name = name or os.environ.get("STORYLINE_ENCODER") or default
    if name == "e5":
        return E5Encoder()
    if name == "e5qp":
        return E5Encoder(both_prefixes=True)
    if name == "use":
        return USEEncoder()
    if name == "combined":
        return CombinedEncoder(
            [
                (E5Encoder(both_prefixes=True), COMBINED_WEIGHTS["e5"]),
                (USEEncoder(), COMBINED_WEIGHTS["use"]),
            ]
        )
    if name == "combined-fast":
        return CombinedEncoder(
            [(E5Encoder(), COMBINED_WEIGHTS["e5"]), (USEEncoder(), COMBINED_WEIGHTS["use"])]
        )
    if name.startswith("st:"):
        return SentenceTransformerEncoder(name.removeprefix("st:"))
    raise ConfigError(
        f"unknown encoder '{name}': use one of {', '.join(ENCODERS)} or st:PATH to a local "
        "sentence-transformers model"
    )
