"""All-numeric publication dates read the way the article's nearest reports make sensible.

'10/09/2024' is 10 September in most of the world and 9 October in the United States; the
ingest step reads it by the language's convention and keeps the other reading. Before an
article is placed, its nearest articles by content (those with unambiguous dates) settle which
reading it is, so the time signal of story placement works on the right day.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from storyline.model import PublishedDate
from storyline.store.base import Store, rows_with_ids
from storyline.stories.features import ArticleProfile, day_number

# How many nearest articles with a plain date vote on the reading, and how many nearest
# articles are asked for to find them (some have no plain date).
NEIGHBOURS = 5
CANDIDATES = 4 * NEIGHBOURS
# Below this cosine an article is no neighbour (the encoders' floor for unrelated text).
MIN_COSINE = 0.6


def settle_numeric_dates(
    store: Store,
    profiles: Sequence[ArticleProfile],
    nearest: Callable[[ArticleProfile], Sequence[ArticleProfile]],
) -> list[ArticleProfile]:
    """`profiles` with each ambiguous date settled by the articles `nearest` gives for it (those
    with a plain date vote); the articles whose reading changed are updated in the store
    (their date, with the evidence)."""
    ambiguous = _ambiguous_articles(store, [p.article_id for p in profiles])
    if not ambiguous:
        return list(profiles)
    settled = []
    for profile in profiles:
        published = ambiguous.get(profile.article_id)
        near = [] if published is None else [c for c in nearest(profile) if c.day is not None]
        doubtful = _ambiguous_articles(store, [c.article_id for c in near])
        plain = [c for c in near if c.article_id not in doubtful]
        if published is None or not plain:
            settled.append(profile)
            continue
        cosines = np.stack([c.vector for c in plain]) @ profile.vector
        closest = np.argsort(-cosines)[:NEIGHBOURS]
        days = [plain[i].day for i in closest if cosines[i] >= MIN_COSINE and plain[i].day]
        better = settled_reading(published, [day for day in days if day is not None])
        if better is not None:
            store.execute(
                "UPDATE articles SET published_json = ?, published_date = ? WHERE id = ?",
                (json.dumps(better.as_dict(), sort_keys=True), better.date, profile.article_id),
            )
            day = day_number(better.date)
            store.execute(
                "UPDATE story_profiles SET day = ? WHERE article_id = ?", (day, profile.article_id)
            )
            profile = replace(profile, day=day)
        settled.append(profile)
    return settled


def _ambiguous_articles(store: Store, article_ids: Sequence[str]) -> dict[str, PublishedDate]:
    """Those of `article_ids` whose date has another reading, with that date."""
    rows = rows_with_ids(
        store,
        "SELECT id, published_json FROM articles WHERE published_json LIKE ? AND id IN ({ids})",
        article_ids,
        before=['%"alternative": "%'],
    )
    return {row["id"]: PublishedDate.from_dict(json.loads(row["published_json"])) for row in rows}


def settled_reading(published: PublishedDate, days: Sequence[int]) -> PublishedDate | None:
    """The date read the other way when that reading lies nearer the middle of `days` (day
    numbers of other reports), with why; None when the reading stands or nothing settles it."""
    read, alternative = day_number(published.date), day_number(published.alternative)
    if not days or read is None or alternative is None:
        return None
    middle = statistics.median(days)
    if abs(alternative - middle) >= abs(read - middle):
        return None
    nearby = date.fromordinal(int(middle)).isoformat()
    return replace(
        published,
        date=published.alternative,
        alternative=published.date,
        evidence=f"{published.evidence}; read as {published.alternative}, the reading nearest "
        f"the dates of the most similar reports (around {nearby})",
    )
