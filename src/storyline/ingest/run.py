"""Ingest runs: read inputs of every kind, turn each into an article, store it once."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.errors import IngestError, StorylineError
from storyline.ingest.build import build_article
from storyline.ingest.plaintext import is_paragraph, split_lines
from storyline.ingest.readers import read_inputs
from storyline.progress import Progress
from storyline.store.articles import save_article
from storyline.store.base import Store

# A short line seen in this many articles is site furniture, not content.
SITE_LINE_MIN_ARTICLES = 3


@dataclass
class IngestReport:
    """What one ingest run did: ids per outcome, and one error line per failed input."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(self.added + self.unchanged + self.new_versions))

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "new_versions": self.new_versions,
            "errors": [{"location": e.location, "problem": e.problem} for e in self.errors],
        }


class SiteLines:
    """Short lines that recur across articles: the furniture of the sites they came from."""

    def __init__(self, store: Store) -> None:
        self.counts: Counter[str] = Counter()
        for row in store.query("SELECT boilerplate_json FROM articles"):
            self._count(json.loads(row["boilerplate_json"]))

    def _count(self, lines: Sequence[str]) -> None:
        from storyline.text.normalize import fold

        self.counts.update({fold(line) for line in lines if len(line.split()) <= 12})

    def observe(self, original: str) -> None:
        self._count([line.text for line in split_lines(original) if not is_paragraph(line)])

    def known(self) -> frozenset[str]:
        return frozenset(line for line, n in self.counts.items() if n >= SITE_LINE_MIN_ARTICLES)


def ingest_paths(store: Store, paths: Sequence[str | Path], progress: bool = True) -> IngestReport:
    """Ingest every article found under `paths`; bad inputs are reported, never fatal.

    Each article is written in its own transaction, so a failure leaves what is stored intact.
    """
    report = IngestReport()
    site = SiteLines(store)
    bar = Progress("ingest", enabled=progress)
    for item in read_inputs(paths):
        if isinstance(item, IngestError):
            report.errors.append(item)
            bar.advance(item.location)
            continue
        try:
            article = build_article(item, site.known())
            outcome, article_id = save_article(store, article)
        except IngestError as error:
            report.errors.append(error)
        except StorylineError as error:
            report.errors.append(IngestError(item.location, str(error)))
        except (ValueError, KeyError, UnicodeError) as error:
            report.errors.append(IngestError(item.location, f"{type(error).__name__}: {error}"))
        else:
            site.observe(item.original)
            {"added": report.added, "unchanged": report.unchanged,
             "new-version": report.new_versions}[outcome].append(article_id)
        bar.advance(item.location)
    bar.close()
    return report
