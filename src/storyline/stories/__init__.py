"""Stories and article-level relations: online story clustering, reprints and translations."""

from storyline.store.readers import aligned_pairs, story_members, story_of
from storyline.stories.stage import (
    list_stories,
    recluster,
    similar_articles,
    story_record,
)

__all__ = [
    "aligned_pairs",
    "list_stories",
    "recluster",
    "similar_articles",
    "story_members",
    "story_of",
    "story_record",
]
