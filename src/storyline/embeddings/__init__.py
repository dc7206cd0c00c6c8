"""Multilingual sentence embeddings: encoders, their combination, and margin scoring."""

from storyline.embeddings.base import (
    CombinedEncoder,
    Encoder,
    Kind,
    normalise_rows,
    prepare,
    remove_common,
)
from storyline.embeddings.margin import best_matches, margin_scores
from storyline.embeddings.models import E5Encoder, SentenceTransformerEncoder, USEEncoder
from storyline.embeddings.registry import ENCODERS, get_encoder

__all__ = [
    "ENCODERS",
    "CombinedEncoder",
    "E5Encoder",
    "Encoder",
    "Kind",
    "SentenceTransformerEncoder",
    "USEEncoder",
    "best_matches",
    "get_encoder",
    "margin_scores",
    "normalise_rows",
    "prepare",
    "remove_common",
]
