"""Stance between two texts (agree, disagree, discuss, unrelated), trained from FNC-1 and ANS."""

from __future__ import annotations

from storyline.stance.predict import predict_pair

__all__ = ["predict_pair"]
