"""Provenance and timeline: origins, independent origins, story events, date checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.provenance.stage import (
    STAGE_NAME,
    STAGE_VERSION,
    events_of_story,
    story_provenance,
    story_timeline,
    trace_store,
)

if TYPE_CHECKING:
    from storyline.pipeline import Stage

__all__ = ["events_of_story", "provenance_stage", "story_provenance", "story_timeline"]


def provenance_stage() -> Stage:
    """The pipeline stage: origins, independence, story events, inferred dates, date flags."""
    from storyline.pipeline import Stage

    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("assertions", "stories"),
        ("origins", "story_events", "misdated", "stale"),
        finish=trace_store,
    )
