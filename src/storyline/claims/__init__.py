"""Claims: attribution chains, modality, polarity, entities, numbers and event dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.claims.stage import (
    STAGE_NAME,
    STAGE_VERSION,
    article_claims,
    claims_article,
    export_claims,
    finish_claims,
    list_entities,
    list_sources,
    refine_event_dates,
)

if TYPE_CHECKING:
    from storyline.pipeline import Stage

__all__ = [
    "article_claims",
    "claims_stage",
    "export_claims",
    "list_entities",
    "list_sources",
    "refine_event_dates",
]


def claims_stage() -> Stage:
    """The pipeline stage: claims per article, then sources, entities and years across them."""
    from storyline.pipeline import Stage

    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("sentences", "stories"),
        ("claims", "sources", "entities"),
        per_article=claims_article,
        finish=finish_claims,
    )
