"""Alignment: assertions across outlets and languages, stance, contradiction and drift."""

from __future__ import annotations

from storyline.alignment.stage import (
    alignment_stage,
    assertion_matrix,
    drift_between,
    export_assertions,
)

__all__ = [
    "alignment_stage",
    "assertion_matrix",
    "drift_between",
    "export_assertions",
]
