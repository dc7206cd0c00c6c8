"""Named entities in Arabic and Turkish text, from CRF taggers trained here and shipped."""

from storyline.ner.tagger import tag_entities

__all__ = ["tag_entities"]
