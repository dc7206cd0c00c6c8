"""Provenance and timeline: origins, independent origins, story events, date checks."""

from __future__ import annotations

from storyline.provenance.stage import (
    events_of_story,
    provenance_stage,
    story_provenance,
    story_timeline,
)

__all__ = ["events_of_story", "provenance_stage", "story_provenance", "story_timeline"]
