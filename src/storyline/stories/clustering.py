"""Online story clustering: each arriving article joins the best-matching story or starts one.

Candidates come from an approximate nearest-neighbour index (usearch HNSW) over article
vectors, so placing an article looks at a few dozen neighbours, never at every article. A
candidate story is scored by three signals, as Miranda et al. (2018) do for multilingual
stream clustering: the cosine to the story's mean vector, the TF-IDF cosine of names, numbers and
words against the story's articles in the same language (document frequencies kept online), and
a Gaussian decay over the gap between publication days.

Given a learned pair function (`pair_probability`, the stage passes the article-similarity
model's), the content part is instead that function's "same event" probability against the
story's members nearest to the article, and the vector and lexical mixture is not used.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from storyline.stories.ann import ArticleIndex, MemoryIndex
from storyline.stories.features import NAME, NUMBER, SKELETON, ArticleProfile
from storyline.stories.naming import designator_conflicts


@dataclass(frozen=True)
class ClusterParams:
    """The decision's settings; the defaults were chosen as BENCHMARKS.md describes.

    `vector_weight` mixes the vector cosine with a lexical score: the TF-IDF cosine over all
    keys against the story's articles in the article's language or, when the story has none
    in that language, the share of names and numbers (which every language shares) found in
    the best matching of its recent members, times `cross_language_scale` (on the demo
    corpus that share is about half the same-language cosine of articles of one story).

    `vector_floor` is where an encoder puts unrelated articles: cosines are rescaled from it to
    1 so that one threshold serves encoders whose ranges differ (VECTOR_FLOORS in the stage).

    `reconsider` is how many of an arriving article's nearest neighbours in other stories are
    placed again after it, undoing early mistakes that the new article makes visible (an early
    undated article may sit with the wrong story until the right one appears).
    """

    threshold: float = 0.47
    vector_weight: float = 0.5
    name_weight: float = 2.0
    number_weight: float = 1.0
    cross_language_scale: float = 2.0
    vector_floor: float = 0.0
    time_sigma_days: float = 30.0
    time_weight: float = 0.5
    neighbours: int = 24
    reconsider: int = 5
    # With a learned pair function: how many of a story's members (the nearest by vector) the
    # article is compared with, and how many of the best probabilities are averaged.
    compared_members: int = 8
    linkage_top: int = 2


@dataclass
class Story:
    """What clustering keeps per story: members, vector sum, per-language keys and days."""

    id: str
    members: list[str] = field(default_factory=list)
    vector_sum: np.ndarray | None = None
    keys_by_language: dict[str, Counter[str]] = field(default_factory=dict)
    # TF-IDF norms of keys_by_language, made when the members change.
    norms: dict[str, float] = field(default_factory=dict)
    days: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Placement:
    """Where an article went: its story, the score that decided it, and the evidence."""

    article_id: str
    story_id: str
    score: float
    started: bool
    evidence: dict[str, Any]


def _language_free(keys: dict[str, float]) -> dict[str, float]:
    """The names, numbers and skeletons among an article's keys: what any language may share."""
    return {key: count for key, count in keys.items() if key[0] in (NAME, NUMBER, SKELETON)}


def _within_language(keys: dict[str, float]) -> dict[str, float]:
    """All keys but skeletons, which within one language only repeat its names and words."""
    return {key: count for key, count in keys.items() if key[0] != SKELETON}


def _sublinear(count: float) -> float:
    return 1.0 + math.log(count) if count > 0 else 0.0


class KeyFrequencies(Protocol):
    """Document frequencies of lexical keys over some population of articles."""

    def documents(self) -> int:
        """How many articles the population holds."""
        ...

    def of(self, keys: Iterable[str]) -> dict[str, int]:
        """In how many of them each key occurs (0 for a key never seen)."""
        ...

    def placed(self, keys: Iterable[str]) -> None:
        """An article with these keys joined the clustering."""
        ...

    def unplaced(self, keys: Iterable[str]) -> None:
        """An article with these keys left the clustering."""
        ...


class PlacedKeyCounts:
    """Frequencies over the articles placed in one clusterer, kept as they come and go."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.articles = 0

    def documents(self) -> int:
        return self.articles

    def of(self, keys: Iterable[str]) -> dict[str, int]:
        return {key: self.counts.get(key, 0) for key in keys}

    def placed(self, keys: Iterable[str]) -> None:
        self.counts.update(keys)
        self.articles += 1

    def unplaced(self, keys: Iterable[str]) -> None:
        self.counts.subtract(keys)
        self.articles -= 1


class ClusterSource(Protocol):
    """Where a clusterer that does not hold every article in memory reads the others."""

    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The story of each of `article_ids` that is placed."""
        ...

    def members(self, story_id: str) -> list[str]:
        """A story's articles, ordered by id."""
        ...

    def profiles(self, article_ids: Sequence[str]) -> dict[str, ArticleProfile]:
        """The profiles of `article_ids` (those that have one)."""
        ...


class StoryClusterer:
    """The clustering state: articles in an ANN index, stories with their profiles.

    Without a `source`, everything is held here (`profiles`, `story_by_article` and `stories`
    are complete). With one, those are what this clusterer has read from the source and changed
    since, and the rest is read when a placement needs it: a candidate story's members and
    their profiles, the keys' frequencies.
    """

    def __init__(
        self,
        params: ClusterParams | None = None,
        pair_probability: Callable[[ArticleProfile, ArticleProfile], float] | None = None,
        *,
        index: ArticleIndex | None = None,
        frequencies: KeyFrequencies | None = None,
        source: ClusterSource | None = None,
    ) -> None:
        self.params = params or ClusterParams()
        self.pair_probability = pair_probability
        self.index: ArticleIndex = index if index is not None else MemoryIndex()
        self.frequencies: KeyFrequencies = frequencies or PlacedKeyCounts()
        self.source = source
        self.profiles: dict[str, ArticleProfile] = {}
        self.story_by_article: dict[str, str] = {}
        self.stories: dict[str, Story] = {}
        # Articles known here to be in no story, whatever the source still says.
        self._unplaced: set[str] = set()
        # The last article's weighted keys, kept while it is scored against its candidates.
        self._article_weights: tuple[tuple[str, int], dict[str, float]] = (("", -1), {})

    def __len__(self) -> int:
        return len(self.profiles)

    # -- state -----------------------------------------------------------------------------
    def story_of(self, article_id: str) -> str | None:
        """The story an article is placed in, or None."""
        return self._stories_of([article_id]).get(article_id)

    def _stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        if self.source is not None:
            unknown = [
                article_id
                for article_id in dict.fromkeys(article_ids)
                if article_id not in self.story_by_article and article_id not in self._unplaced
            ]
            if unknown:
                found = self.source.stories_of(unknown)
                self.story_by_article.update(found)
                self._unplaced.update(a for a in unknown if a not in found)
        return {a: self.story_by_article[a] for a in article_ids if a in self.story_by_article}

    def profile(self, article_id: str) -> ArticleProfile:
        return self.profiles_of([article_id])[article_id]

    def profiles_of(self, article_ids: Sequence[str]) -> dict[str, ArticleProfile]:
        missing = [a for a in dict.fromkeys(article_ids) if a not in self.profiles]
        if missing and self.source is not None:
            self.profiles.update(self.source.profiles(missing))
        return {article_id: self.profiles[article_id] for article_id in article_ids}

    def story(self, story_id: str) -> Story | None:
        """A story with its profile, or None when it has no members."""
        known = self.stories.get(story_id)
        if known is not None or self.source is None:
            return known
        listed = self.source.members(story_id)
        placed = self._stories_of(listed)
        members = [member for member in listed if placed.get(member) == story_id]
        if not members:
            return None
        story = Story(story_id)
        profiles = self.profiles_of(members)
        for member in members:
            self._gather(story, profiles[member])
        for language, counts in story.keys_by_language.items():
            story.norms[language] = self._norm(counts)
        self.stories[story_id] = story
        return story

    # -- weights ---------------------------------------------------------------------------
    def _idfs(self, keys: Iterable[str]) -> dict[str, float]:
        documents = self.frequencies.documents() + 1
        return {
            key: math.log((documents + 1) / (count + 1)) + 1.0
            for key, count in self.frequencies.of(keys).items()
        }

    def _type_weight(self, key: str) -> float:
        if key.startswith(NAME):
            return self.params.name_weight
        if key.startswith(NUMBER):
            return self.params.number_weight
        return 1.0

    def _weighted(self, counts: dict[str, float]) -> dict[str, float]:
        idf = self._idfs(counts)
        return {
            key: _sublinear(count) * idf[key] * self._type_weight(key)
            for key, count in counts.items()
        }

    def shared_names(self, profile: ArticleProfile, other: ArticleProfile) -> float:
        """How much of one article's names, numbers and skeletons the other shares (IDF-weighted
        containment, the larger of both ways): a text in another language carries many
        skeleton keys of common words, so a symmetric cosine would drown the shared names."""
        mine, theirs = set(_language_free(profile.keys)), set(_language_free(other.keys))
        both = mine & theirs
        if not both:
            return 0.0
        idf = self._idfs(mine | theirs)
        shared = sum(idf[key] for key in both)
        return max(
            shared / sum(idf[key] for key in mine),
            shared / sum(idf[key] for key in theirs),
        )

    # -- scoring ---------------------------------------------------------------------------
    def neighbours(self, vector: np.ndarray, count: int) -> list[tuple[str, float]]:
        """The `count` nearest indexed articles to `vector` by the ANN index, with cosines."""
        return self.index.search(np.asarray(vector, dtype=np.float32), count)

    def score(self, profile: ArticleProfile, story: Story) -> tuple[float, dict[str, Any]]:
        """How well an article fits a story, with the parts of the score as evidence."""
        params = self.params
        assert story.vector_sum is not None
        if self.pair_probability is not None:
            value, evidence = self._learned_content(profile, story)
            return self._with_time(profile, story, value, evidence)
        centroid = story.vector_sum / max(float(np.linalg.norm(story.vector_sum)), 1e-12)
        cosine = float(np.dot(profile.vector, centroid))
        vector_similarity = (cosine - params.vector_floor) / (1 - params.vector_floor)
        evidence: dict[str, Any] = {"vector": round(vector_similarity, 4)}
        same_language = story.keys_by_language.get(profile.language)
        if same_language:
            lexical = self._story_cosine(profile, story, same_language)
        else:
            evidence["cross_language"] = True
            recent = self.profiles_of(story.members[-params.neighbours :])
            overlap = max(self.shared_names(profile, member) for member in recent.values())
            lexical = min(1.0, params.cross_language_scale * overlap)
        evidence["lexical"] = round(lexical, 4)
        value = params.vector_weight * vector_similarity + (1 - params.vector_weight) * lexical
        evidence["content"] = round(value, 4)
        return self._with_time(profile, story, value, evidence)

    def _learned_content(
        self, profile: ArticleProfile, story: Story
    ) -> tuple[float, dict[str, Any]]:
        """The mean of the best `linkage_top` same-event probabilities against the story's
        `compared_members` members nearest to the article."""
        assert self.pair_probability is not None
        params = self.params
        members = story.members
        profiles = self.profiles_of(members)
        if len(members) > params.compared_members:
            closeness = [float(profile.vector @ profiles[m].vector) for m in members]
            order = np.argsort(closeness)[::-1][: params.compared_members]
            members = [members[i] for i in order]
        found = sorted(
            ((self.pair_probability(profile, profiles[m]), m) for m in members), reverse=True
        )
        best = found[: params.linkage_top]
        value = float(np.mean([probability for probability, _ in best]))
        evidence: dict[str, Any] = {
            "same_event": round(value, 4),
            "closest": best[0][1],
            "content": round(value, 4),
        }
        if any(profiles[m].language != profile.language for _, m in best):
            evidence["cross_language"] = True
        return value, evidence

    def _with_time(
        self, profile: ArticleProfile, story: Story, value: float, evidence: dict[str, Any]
    ) -> tuple[float, dict[str, Any]]:
        """The content score less the time penalty, when both sides are dated."""
        params = self.params
        if profile.day is not None and story.days:
            gap = min(abs(profile.day - day) for day in story.days)
            decay = math.exp(-(gap**2) / (2 * params.time_sigma_days**2))
            evidence["gap_days"] = gap
            evidence["time_decay"] = round(decay, 4)
            value -= params.time_weight * (1 - decay)
        evidence["score"] = round(value, 4)
        return value, evidence

    def _norm(self, counts: dict[str, float]) -> float:
        return math.sqrt(sum(weight * weight for weight in self._weighted(counts).values()))

    def _story_cosine(self, profile: ArticleProfile, story: Story, counts: Counter[str]) -> float:
        """TF-IDF cosine of an article's keys with a story's keys in the article's language.

        The story's norm is made when its members change: placing an article then costs the
        article's keys, not the story's. Document frequencies move on meanwhile, so a kept norm
        may lag them by the articles placed since; the cosine shifts by a hair for that.
        """
        marker = (profile.article_id, self.frequencies.documents())
        if self._article_weights[0] != marker:
            self._article_weights = (marker, self._weighted(_within_language(profile.keys)))
        article = self._article_weights[1]
        shared = [key for key in article if key in counts]
        if not shared:
            return 0.0
        idf = self._idfs(shared)
        dot = sum(
            article[key] * _sublinear(counts[key]) * idf[key] * self._type_weight(key)
            for key in shared
        )
        if not dot:
            return 0.0
        norm = story.norms[profile.language]
        article_norm = math.sqrt(sum(w * w for w in article.values()))
        return dot / (norm * article_norm) if norm and article_norm else 0.0

    @staticmethod
    def _story_keys(story: Story) -> set[str]:
        """Every key the story's members carry but skeletons."""
        return {key for counts in story.keys_by_language.values() for key in counts}

    def candidates(self, profile: ArticleProfile) -> list[str]:
        """The stories of the article's nearest neighbours, nearest first, without repeats."""
        found = [
            article_id for article_id, _ in self.neighbours(profile.vector, self.params.neighbours)
        ]
        placed = self._stories_of(found)
        return list(
            dict.fromkeys(placed[article_id] for article_id in found if article_id in placed)
        )

    def best_story(self, profile: ArticleProfile) -> tuple[str | None, float, dict[str, Any]]:
        """The best candidate story and its score, or None when no candidate passes."""
        best: tuple[str | None, float, dict[str, Any]] = (None, -math.inf, {})
        for story_id in self.candidates(profile):
            story = self.story(story_id)
            assert story is not None
            if designator_conflicts(profile.keys, self._story_keys(story)):
                # Another numbered thing of the story's name: another ship, satellite or round.
                continue
            value, evidence = self.score(profile, story)
            evidence["story"] = story_id
            if value > best[1]:
                best = (story_id, value, evidence)
        if best[0] is None or best[1] < self.params.threshold:
            return None, best[1], best[2]
        return best

    # -- changes ---------------------------------------------------------------------------
    def place(self, profile: ArticleProfile, new_story_id: str) -> list[Placement]:
        """Put an arriving article into its best story, or into a new one called
        `new_story_id`; then place its nearest neighbours in other stories again.

        Returns the arriving article's placement first, then any neighbour that moved.
        """
        if self.story_of(profile.article_id) is not None:
            self.remove(profile.article_id)
        placement = self._decide(profile, new_story_id)
        self.add(profile, placement.story_id)
        moved = [placement]
        for neighbour in self._to_reconsider(profile, placement.story_id):
            current = self.story_of(neighbour)
            assert current is not None
            kept = self.profile(neighbour)
            self.remove(neighbour)
            again = self._decide(kept, current)
            left = self.story(current)
            stays = again.story_id == current or (
                left is not None and again.score <= self.score(kept, left)[0]
            )
            self.add(kept, current if stays else again.story_id)
            if not stays:
                moved.append(again)
        return moved

    def _decide(self, profile: ArticleProfile, new_story_id: str) -> Placement:
        story_id, value, evidence = self.best_story(profile)
        if story_id is None:
            evidence = {"started": True, "best_other": evidence or None}
            return Placement(profile.article_id, new_story_id, 1.0, True, evidence)
        return Placement(profile.article_id, story_id, value, False, evidence)

    def _to_reconsider(self, profile: ArticleProfile, story_id: str) -> list[str]:
        found = [
            article_id for article_id, _ in self.neighbours(profile.vector, self.params.neighbours)
        ]
        placed = self._stories_of(found)
        return [
            article_id for article_id in found if placed.get(article_id) not in (None, story_id)
        ][: self.params.reconsider]

    def _gather(self, story: Story, profile: ArticleProfile) -> None:
        """Add an article to a story's members, vector sum, keys and days (not its norms)."""
        vector = np.asarray(profile.vector, dtype=np.float32)
        story.members.append(profile.article_id)
        story.vector_sum = vector.copy() if story.vector_sum is None else story.vector_sum + vector
        counts = story.keys_by_language.setdefault(profile.language, Counter())
        counts.update(_within_language(profile.keys))
        if profile.day is not None:
            story.days.append(profile.day)

    def add(self, profile: ArticleProfile, story_id: str) -> None:
        """Record an article as a member of a story (created when new); no decision is made."""
        story = self.story(story_id) or self.stories.setdefault(story_id, Story(story_id))
        self.index.add(profile.article_id, np.asarray(profile.vector, dtype=np.float32))
        self.profiles[profile.article_id] = profile
        self.frequencies.placed(profile.keys.keys())
        self._gather(story, profile)
        story.norms[profile.language] = self._norm(story.keys_by_language[profile.language])
        self._unplaced.discard(profile.article_id)
        self.story_by_article[profile.article_id] = story_id

    def remove(self, article_id: str) -> None:
        """Take an article out of its story and the index (a story left empty goes)."""
        story_id = self.story_of(article_id)
        assert story_id is not None
        story = self.story(story_id)
        assert story is not None
        profile = self.profile(article_id)
        del self.profiles[article_id]
        self.index.remove(article_id)
        self.frequencies.unplaced(profile.keys.keys())
        del self.story_by_article[article_id]
        self._unplaced.add(article_id)
        story.members.remove(article_id)
        if not story.members:
            del self.stories[story.id]
            return
        assert story.vector_sum is not None
        story.vector_sum = story.vector_sum - profile.vector
        counts = story.keys_by_language[profile.language]
        counts.subtract(_within_language(profile.keys))
        counts = +counts
        if counts:
            story.keys_by_language[profile.language] = counts
            story.norms[profile.language] = self._norm(counts)
        else:
            del story.keys_by_language[profile.language]
            story.norms.pop(profile.language, None)
        if profile.day is not None:
            story.days.remove(profile.day)

    def central_member(self, story_id: str) -> str:
        """The member whose vector is closest to the story's mean (first on ties)."""
        story = self.story(story_id)
        assert story is not None and story.vector_sum is not None
        centre = story.vector_sum
        profiles = self.profiles_of(story.members)
        return max(story.members, key=lambda member: float(profiles[member].vector @ centre))
