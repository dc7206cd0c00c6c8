"""Online story clustering: each arriving article joins the best-matching story or starts one.

Candidates come from an approximate nearest-neighbour index (usearch HNSW) over article
vectors, so placing an article looks at a few dozen neighbours, never at every article. A
candidate story is scored by three signals, as Miranda et al. (2018) do for multilingual
stream clustering: the cosine to the story's mean vector, the TF-IDF cosine of names, numbers and
words against the story's articles in the same language (document frequencies kept online), and
a Gaussian decay over the gap between publication days.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from usearch.index import Index, ScalarKind

from storyline.stories.features import NAME, NUMBER, ArticleProfile


@dataclass(frozen=True)
class ClusterParams:
    """The decision's settings; the defaults were chosen as BENCHMARKS.md describes.

    `vector_weight` mixes vector and lexical cosines for a story with articles in the same
    language; across languages only the vector counts, shifted down by `cross_language_offset`
    because translations of one report sit lower in the shared space than same-language copies.
    """

    threshold: float = 0.40
    vector_weight: float = 0.5
    name_weight: float = 2.0
    number_weight: float = 1.0
    cross_language_offset: float = 0.30
    time_sigma_days: float = 30.0
    time_weight: float = 0.5
    neighbours: int = 24


@dataclass
class Story:
    """What clustering keeps per story: members, vector sum, per-language keys and days."""

    id: str
    members: list[str] = field(default_factory=list)
    vector_sum: np.ndarray | None = None
    keys_by_language: dict[str, Counter[str]] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Placement:
    """Where an article went: its story, the score that decided it, and the evidence."""

    article_id: str
    story_id: str
    score: float
    started: bool
    evidence: dict[str, Any]


def _sublinear(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


class StoryClusterer:
    """The clustering state: articles in an ANN index, stories with their profiles."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self.index: Index | None = None
        self.profiles: dict[str, ArticleProfile] = {}
        self.story_by_article: dict[str, str] = {}
        self.stories: dict[str, Story] = {}
        self._keys: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._next_key = 0
        self.document_frequency: Counter[str] = Counter()

    def __len__(self) -> int:
        return len(self.profiles)

    # -- weights ---------------------------------------------------------------------------
    def _idf(self, key: str) -> float:
        documents = len(self.profiles) + 1
        return math.log((documents + 1) / (self.document_frequency.get(key, 0) + 1)) + 1.0

    def _type_weight(self, key: str) -> float:
        if key.startswith(NAME):
            return self.params.name_weight
        if key.startswith(NUMBER):
            return self.params.number_weight
        return 1.0

    def _weighted(self, counts: dict[str, float]) -> dict[str, float]:
        return {
            key: _sublinear(count) * self._idf(key) * self._type_weight(key)
            for key, count in counts.items()
        }

    def lexical_similarity(self, keys: dict[str, float], other: dict[str, float]) -> float:
        """TF-IDF cosine of two key counts, with the current document frequencies."""
        left, right = self._weighted(keys), self._weighted(other)
        dot = sum(weight * right.get(key, 0.0) for key, weight in left.items())
        norms = math.sqrt(sum(w * w for w in left.values())) * math.sqrt(
            sum(w * w for w in right.values())
        )
        return dot / norms if norms else 0.0

    # -- scoring ---------------------------------------------------------------------------
    def neighbours(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        """The `count` nearest stored articles to `vector` by the ANN index, with cosines."""
        if self.index is None or len(self.index) == 0:
            return []
        found = self.index.search(np.asarray(vector, dtype=np.float32), count)
        return [
            (self._ids[int(key)], 1.0 - float(distance))
            for key, distance in zip(found.keys, found.distances, strict=True)
            if int(key) in self._ids
        ]

    def score(self, profile: ArticleProfile, story: Story) -> tuple[float, dict[str, Any]]:
        """How well an article fits a story, with the parts of the score as evidence."""
        params = self.params
        assert story.vector_sum is not None
        centroid = story.vector_sum / max(float(np.linalg.norm(story.vector_sum)), 1e-12)
        vector_similarity = float(np.dot(profile.vector, centroid))
        evidence: dict[str, Any] = {"vector": round(vector_similarity, 4)}
        same_language = story.keys_by_language.get(profile.language)
        if same_language:
            lexical = self.lexical_similarity(profile.keys, same_language)
            evidence["lexical"] = round(lexical, 4)
            value = params.vector_weight * vector_similarity + (1 - params.vector_weight) * lexical
        else:
            evidence["cross_language"] = True
            value = vector_similarity - params.cross_language_offset
        if profile.day is not None and story.days:
            gap = min(abs(profile.day - day) for day in story.days)
            decay = math.exp(-(gap**2) / (2 * params.time_sigma_days**2))
            evidence["gap_days"] = gap
            evidence["time_decay"] = round(decay, 4)
            value -= params.time_weight * (1 - decay)
        evidence["score"] = round(value, 4)
        return value, evidence

    def candidates(self, profile: ArticleProfile) -> list[str]:
        """The stories of the article's nearest neighbours, nearest first, without repeats."""
        found = self.neighbours(profile.vector, self.params.neighbours)
        stories = [
            self.story_by_article[article_id]
            for article_id, _ in found
            if article_id in self.story_by_article
        ]
        return list(dict.fromkeys(stories))

    def best_story(self, profile: ArticleProfile) -> tuple[str | None, float, dict[str, Any]]:
        """The best candidate story and its score, or None when no candidate passes."""
        best: tuple[str | None, float, dict[str, Any]] = (None, -math.inf, {})
        for story_id in self.candidates(profile):
            value, evidence = self.score(profile, self.stories[story_id])
            evidence["story"] = story_id
            if value > best[1]:
                best = (story_id, value, evidence)
        if best[0] is None or best[1] < self.params.threshold:
            return None, best[1], best[2]
        return best

    # -- changes ---------------------------------------------------------------------------
    def place(self, profile: ArticleProfile, new_story_id: str) -> Placement:
        """Put an arriving article into its best story, or into a new one called `new_story_id`."""
        if profile.article_id in self.profiles:
            self.remove(profile.article_id)
        story_id, value, evidence = self.best_story(profile)
        started = story_id is None
        if story_id is None:
            story_id = new_story_id
            evidence = {"started": True, "best_other": evidence or None}
        self.add(profile, story_id)
        return Placement(profile.article_id, story_id, 1.0 if started else value, started, evidence)

    def add(self, profile: ArticleProfile, story_id: str) -> None:
        """Record an article as a member of a story (created when new); no decision is made."""
        vector = np.asarray(profile.vector, dtype=np.float32)
        if self.index is None:
            self.index = Index(ndim=len(vector), metric="cos", dtype=ScalarKind.F32)
        key = self._next_key
        self._next_key += 1
        self.index.add(key, vector)
        self._keys[profile.article_id] = key
        self._ids[key] = profile.article_id
        self.profiles[profile.article_id] = profile
        self.document_frequency.update(profile.keys.keys())
        story = self.stories.setdefault(story_id, Story(story_id))
        story.members.append(profile.article_id)
        story.vector_sum = vector.copy() if story.vector_sum is None else story.vector_sum + vector
        story.keys_by_language.setdefault(profile.language, Counter()).update(profile.keys)
        if profile.day is not None:
            story.days.append(profile.day)
        self.story_by_article[profile.article_id] = story_id

    def remove(self, article_id: str) -> None:
        """Take an article out of its story and the index (a story left empty goes)."""
        profile = self.profiles.pop(article_id)
        key = self._keys.pop(article_id)
        del self._ids[key]
        assert self.index is not None
        self.index.remove(key)
        self.document_frequency.subtract(profile.keys.keys())
        story = self.stories[self.story_by_article.pop(article_id)]
        story.members.remove(article_id)
        if not story.members:
            del self.stories[story.id]
            return
        assert story.vector_sum is not None
        story.vector_sum = story.vector_sum - profile.vector
        story.keys_by_language[profile.language].subtract(profile.keys)
        story.keys_by_language[profile.language] = +story.keys_by_language[profile.language]
        if not story.keys_by_language[profile.language]:
            del story.keys_by_language[profile.language]
        if profile.day is not None:
            story.days.remove(profile.day)

    def members(self, story_id: str) -> list[str]:
        return list(self.stories[story_id].members)

    def central_member(self, story_id: str, among: Iterable[str] | None = None) -> str:
        """The member whose vector is closest to the story's mean (first on ties)."""
        story = self.stories[story_id]
        assert story.vector_sum is not None
        pool = list(among) if among is not None else story.members
        return max(
            pool, key=lambda member: float(np.dot(self.profiles[member].vector, story.vector_sum))
        )
