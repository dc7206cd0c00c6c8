"""All-numeric publication dates read the way the article's nearest reports make sensible.

'10/09/2024' is 10 September in most of the world and 9 October in the United States; the
ingest step reads it by the language's convention and keeps the other reading. Before an
article is placed, its nearest articles by content (those with unambiguous dates) settle which
reading it is, so the time signal of story placement works on the right day.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from storyline.model import PublishedDate
from storyline.store.articles import get_article
from storyline.store.base import Store
from storyline.stories.features import ArticleProfile, day_number

# How many nearest articles with a plain date vote on the reading.
NEIGHBOURS = 5
# Below this cosine an article is no neighbour (the encoders' floor for unrelated text).
MIN_COSINE = 0.6


def settle_numeric_dates(
    store: Store, candidates: Sequence[ArticleProfile], profiles: Sequence[ArticleProfile]
) -> list[ArticleProfile]:
    """`profiles` with each ambiguous date settled by its nearest `candidates`; the articles
    whose reading changed are updated in the store (their date, with the evidence)."""
    settled = []
    plain = [c for c in candidates if c.day is not None and not _ambiguous(store, c.article_id)]
    for profile in profiles:
        article = get_article(store, profile.article_id)
        published = article.published if article else None
        if published is None or not published.alternative or not plain:
            settled.append(profile)
            continue
        nearest = sorted(
            (
                (float(np.dot(profile.vector, other.vector)), other)
                for other in plain
                if other.article_id != profile.article_id
            ),
            key=lambda pair: -pair[0],
        )[:NEIGHBOURS]
        days = [other.day for cosine, other in nearest if cosine >= MIN_COSINE and other.day]
        read, alternative = day_number(published.date), day_number(published.alternative)
        if not days or read is None or alternative is None:
            settled.append(profile)
            continue
        middle = statistics.median(days)
        if abs(alternative - middle) < abs(read - middle):
            published = reread(published, middle)
            store.execute(
                "UPDATE articles SET published_json = ?, published_date = ? WHERE id = ?",
                (json.dumps(published.as_dict(), sort_keys=True), published.date, article.id),
            )
            store.execute(
                "UPDATE story_profiles SET day = ? WHERE article_id = ?",
                (alternative, profile.article_id),
            )
            profile = replace(profile, day=alternative)
        settled.append(profile)
    return settled


def _ambiguous(store: Store, article_id: str) -> bool:
    article = get_article(store, article_id)
    return bool(article and article.published.alternative)


def reread(published: PublishedDate, middle: float) -> PublishedDate:
    """The date read the other way, with why: the reading nearest the reports around `middle`
    (a day number)."""
    assert published.date and published.alternative
    nearby = date.fromordinal(int(middle)).isoformat()
    return replace(
        published,
        date=published.alternative,
        alternative=published.date,
        evidence=f"{published.evidence}; read as {published.alternative}, the reading nearest "
        f"the dates of the most similar reports (around {nearby})",
    )
