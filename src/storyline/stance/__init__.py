"""Stance between two texts (agree, disagree, discuss, unrelated), trained from FNC-1 and ANS."""

from __future__ import annotations

from storyline.stance.predict import head_for, predict_pair, predict_pairs

__all__ = ["head_for", "predict_pair", "predict_pairs"]
