"""Ingest runs: read inputs of every kind, turn each into an article, store it once."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import IngestError, StorylineError
from storyline.ingest.build import build_article
from storyline.ingest.plaintext import is_paragraph, split_lines
from storyline.ingest.readers import read_inputs
from storyline.model import Article, RawDocument
from storyline.progress import Progress
from storyline.store.articles import save_article
from storyline.store.base import Store
from storyline.store.site_lines import site_line_counts, site_line_keys

# A short line seen in this many articles is site furniture, not content.
SITE_LINE_MIN_ARTICLES = 3


@dataclass
class IngestReport:
    """What one ingest run did: ids per outcome, and one error line per failed input."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(self.added + self.unchanged + self.new_versions))

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "errors": [{"location": e.location, "problem": e.problem} for e in self.errors],
            "warnings": self.warnings,
        }


class SiteLines:
    """Short lines that recur across articles: the furniture of the sites they came from.

    `counts` holds, per folded line, how many stored articles carry it (store.site_lines) and
    how many articles of this run were seen with it. Over a store, only the lines frequent
    there already are read at first; another line's stored count is read when the run first
    sees it or is about to save an article whose boilerplate holds it, before any save of
    this run can change it: every count is the store's as the run found it plus the run's.
    """

    def __init__(self, counts: Counter[str] | None = None, store: Store | None = None) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self._store = store
        self._read: set[str] = set()

    @classmethod
    def from_store(cls, store: Store) -> SiteLines:
        site = cls(site_line_counts(store, at_least=SITE_LINE_MIN_ARTICLES), store)
        site._read.update(site.counts)
        return site

    def _read_stored(self, lines: set[str]) -> None:
        unread = lines - self._read
        if self._store is None or not unread:
            return
        self.counts.update(site_line_counts(self._store, unread))
        self._read |= unread

    def observe(self, original: str) -> None:
        lines = site_line_keys(
            line.text for line in split_lines(original) if not is_paragraph(line)
        )
        self._read_stored(lines)
        self.counts.update(lines)

    def before_saving(self, article: Article) -> None:
        """Read the stored counts that saving `article` changes (its boilerplate's, and that of
        the article it may replace at its location) while they are as the run found them."""
        lines = site_line_keys(article.boilerplate)
        if self._store is not None:
            for row in self._store.query(
                "SELECT a.boilerplate_json FROM article_locations l "
                "JOIN articles a ON a.id = l.article_id WHERE l.location = ?",
                (article.location,),
            ):
                lines |= site_line_keys(json.loads(row["boilerplate_json"]))
        self._read_stored(lines)

    def known(self) -> frozenset[str]:
        return frozenset(line for line, n in self.counts.items() if n >= SITE_LINE_MIN_ARTICLES)


@dataclass(frozen=True)
class Built:
    """One input read and analysed, ready for the store: an article, or why there is none."""

    location: str
    article: Article | None = None
    error: IngestError | None = None
    notes: tuple[str, ...] = ()


def build_items(items: Iterable[RawDocument | IngestError], site: SiteLines) -> Iterator[Built]:
    """Each document analysed into an article (the CPU work of ingest); never raises for one."""
    for item in items:
        if isinstance(item, IngestError):
            yield Built(item.location, error=item)
            continue
        try:
            article = build_article(item, site.known())
        except IngestError as error:
            yield Built(item.location, error=error, notes=item.notes)
        except StorylineError as error:
            yield Built(
                item.location, error=IngestError(item.location, str(error)), notes=item.notes
            )
        except (ValueError, KeyError, UnicodeError) as error:
            problem = f"{type(error).__name__}: {error}"
            yield Built(item.location, error=IngestError(item.location, problem), notes=item.notes)
        else:
            site.observe(item.original)
            yield Built(item.location, article=article, notes=item.notes)


def store_built(store: Store, built: Built, report: IngestReport) -> None:
    """Write one built article through the one write path (its own transaction) and record
    the outcome in `report`."""
    report.warnings.extend(f"'{built.location}': {note}" for note in built.notes)
    if built.article is None:
        if built.error is not None:
            report.errors.append(built.error)
        return
    try:
        outcome, article_id = save_article(store, built.article)
    except StorylineError as error:
        report.errors.append(IngestError(built.location, str(error)))
        return
    {"added": report.added, "unchanged": report.unchanged, "new-version": report.new_versions}[
        outcome
    ].append(article_id)


def ingest_paths(store: Store, paths: Sequence[str | Path], progress: bool = True) -> IngestReport:
    """Ingest every article found under `paths`; bad inputs are reported, never fatal.

    Each article is written in its own transaction, so a failure leaves what is stored intact.
    """
    report = IngestReport()
    bar = Progress("ingest", enabled=progress)
    site = SiteLines.from_store(store)
    for built in build_items(read_inputs(paths), site):
        if built.article is not None:
            site.before_saving(built.article)
        store_built(store, built, report)
        bar.advance(built.location)
    bar.close()
    return report
