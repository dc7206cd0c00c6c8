"""Alignment: assertions across outlets and languages, stance, contradiction and drift."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.alignment.stage import (
    STAGE_NAME,
    STAGE_VERSION,
    align_store,
    assertion_matrix,
    drift_between,
    export_assertions,
)

if TYPE_CHECKING:
    from storyline.pipeline import Stage

__all__ = [
    "alignment_stage",
    "assertion_matrix",
    "drift_between",
    "export_assertions",
]


def alignment_stage() -> Stage:
    """The pipeline stage: assertions, stances, claim relations and drift over the store."""
    from storyline.pipeline import Stage

    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("claims", "stories"),
        ("assertions", "stances", "same_claim", "supports", "contradicts", "drift"),
        finish=align_store,
    )
