"""Claims: attribution chains, modality, polarity, entities, numbers and event dates."""

from __future__ import annotations

from storyline.claims.stage import (
    claims_stage,
    list_entities,
    list_sources,
    refine_event_dates,
)
from storyline.store.readers import article_claims, export_claims

__all__ = [
    "article_claims",
    "claims_stage",
    "export_claims",
    "list_entities",
    "list_sources",
    "refine_event_dates",
]
