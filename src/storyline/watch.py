"""Watching a folder or a feed: what arrives there is analysed as `analyze` does, as it comes.

Each look hands the new or changed files of the folder (or the feed's URL) to
`pipeline.analyze_paths`, which ingests them and runs every stage over what changed, so a new
article is placed in its story and its claims, assertions and flags are brought up to date
without re-analysing the store.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import IngestError, StorylineError
from storyline.ingest.readers import URL, input_files
from storyline.pipeline import AnalyzeResult, analyze_paths
from storyline.store.base import Store


class WatchError(StorylineError):
    """What was to be watched is neither a folder nor a feed that can be read."""


@dataclass(frozen=True)
class Arrival:
    """An article that arrived (new, or a new version of one known) and the story it is in."""

    article_id: str
    location: str
    title: str
    new_version: bool
    story_id: str | None
    story_title: str
    story_size: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "location": self.location,
            "title": self.title,
            "new_version": self.new_version,
            "story": {"id": self.story_id, "title": self.story_title, "size": self.story_size}
            if self.story_id
            else None,
        }


@dataclass
class Look:
    """One look at the watched source: what arrived, and what `analyze` reported."""

    arrivals: list[Arrival] = field(default_factory=list)
    result: AnalyzeResult | None = None

    @property
    def errors(self) -> list[str]:
        if self.result is None:
            return []
        return [str(error) for error in self.result.ingest.errors] + self.result.stages.errors

    @property
    def failed(self) -> bool:
        return self.result is not None and self.result.failed


def _arrival(store: Store, article_id: str, new_version: bool) -> Arrival:
    row = store.query_one(
        "SELECT a.location, a.title, s.story_id, t.title AS story_title FROM articles a "
        "LEFT JOIN story_articles s ON s.article_id = a.id "
        "LEFT JOIN stories t ON t.id = s.story_id WHERE a.id = ?",
        (article_id,),
    )
    assert row is not None
    size = store.query_one(
        "SELECT COUNT(*) AS n FROM story_articles WHERE story_id = ?", (row["story_id"],)
    )
    return Arrival(
        article_id,
        row["location"],
        row["title"],
        new_version,
        row["story_id"],
        row["story_title"] or "",
        int(size["n"]) if size else 0,
    )


class Watcher:
    """Looks at one folder or feed URL and analyses what is new there since the last look.

    A folder's files are new or changed when their size or modification time is; a feed is
    read whole at each look, and the store keeps each entry once (its content hash).
    """

    def __init__(self, store: Store, source: str) -> None:
        self.store = store
        self.source = source
        self.is_feed = bool(URL.match(source))
        if not self.is_feed and not Path(source).is_dir():
            raise WatchError(f"cannot watch '{source}': it is neither a folder nor a feed URL")
        self.seen: dict[Path, tuple[int, int]] = {}
        self.looks = 0

    def _changed_files(self) -> list[Path]:
        changed = []
        for path in input_files(Path(self.source)):
            try:
                stat = path.stat()
            except OSError:
                continue  # gone between the listing and now: the next look settles it
            state = (stat.st_mtime_ns, stat.st_size)
            if self.seen.get(path) != state:
                self.seen[path] = state
                changed.append(path)
        return changed

    def look(self) -> Look:
        """Analyse what arrived since the last look (everything there, on the first)."""
        self.looks += 1
        paths: list[str | Path] = [self.source] if self.is_feed else list(self._changed_files())
        if not paths:
            return Look()
        result = analyze_paths(self.store, paths, progress=False)
        if self.is_feed and self.looks == 1 and not result.ingest.article_ids:
            problems = "; ".join(
                error.problem if isinstance(error, IngestError) else str(error)
                for error in result.ingest.errors
            )
            raise WatchError(f"cannot read the feed '{self.source}': {problems or 'no articles'}")
        arrivals = [_arrival(self.store, a, False) for a in result.ingest.added]
        arrivals += [_arrival(self.store, a, True) for a in result.ingest.new_versions]
        return Look(arrivals, result)


def watch(store: Store, source: str, interval: float, once: bool = False) -> Iterator[Look]:
    """Look at `source` now and then every `interval` seconds (only now, with `once`)."""
    watcher = Watcher(store, source)
    while True:
        yield watcher.look()
        if once:
            return
        time.sleep(interval)
