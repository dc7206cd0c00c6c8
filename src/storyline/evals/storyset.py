"""Story corpora with expected findings (../shared/storyset.md): the end-to-end check of the flow.

Each corpus is analysed into a fresh store exactly as `storyline analyze` would, exported as the
design's JSON, and held against its `expected.json` by the shared scorer
(`../shared/tools/score_story.py`), so the figure is the one any other tool would compute.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, StorylineError
from storyline.progress import Progress

SCORER = Path("../shared/tools/score_story.py")
# An article file of a story corpus: `<key>_<16 hex digits>.txt` (storyset.md).
ARTICLE_FILE = re.compile(r"^[a-z]?\d{2,3}_[0-9a-f]{16}\.txt$")
CHECK_LINE = re.compile(r"^(ok|SHORT)\s+([\w-]+)(?::\s*(.*))?$")


@dataclass
class CorpusScore:
    """How one corpus fared: each check's outcome and the scorer's reason."""

    name: str
    articles: int
    checks: dict[str, bool] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    error: str = ""

    @property
    def held(self) -> int:
        return sum(self.checks.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "held": self.held,
            "checks": len(self.checks),
            "short": {name: self.reasons[name] for name, ok in self.checks.items() if not ok},
            **({"error": self.error} if self.error else {}),
        }


def expected_file(corpus: Path) -> Path | None:
    """The corpus's expected findings: `expected.json` inside it, or `<name>.expected.json`
    beside it."""
    for candidate in (corpus / "expected.json", corpus.with_name(f"{corpus.name}.expected.json")):
        if candidate.is_file():
            return candidate
    return None


def find_corpora(data: Path) -> list[Path]:
    """The corpora under `data` (or `data` itself when it is one), in name order."""
    if data.is_dir() and expected_file(data):
        return [data]
    if not data.is_dir():
        raise ConfigError(f"eval storyset: '{data}' is not a folder of story corpora")
    corpora = sorted(child for child in data.iterdir() if child.is_dir() and expected_file(child))
    if not corpora:
        raise ConfigError(
            f"eval storyset: no story corpus under '{data}' (a corpus is a folder of <key>_<16 "
            "hex>.txt files with expected.json inside it or <folder>.expected.json beside it)"
        )
    return corpora


def article_files(corpus: Path) -> list[Path]:
    files = sorted(path for path in corpus.iterdir() if ARTICLE_FILE.match(path.name))
    if not files:
        raise ConfigError(f"story corpus '{corpus}' holds no <key>_<16 hex>.txt article files")
    return files


def analyse_and_export(files: list[Path], workdir: Path) -> tuple[Path, list[str]]:
    """Analyse the files into a fresh SQLite store and write its JSON export: its path, and the
    lines of whatever input or stage failed on the way."""
    from storyline.export import build_export, to_json
    from storyline.pipeline import analyze_paths
    from storyline.store import open_store

    export_path = workdir / "export.json"
    with open_store(workdir / "story.db") as store:
        result = analyze_paths(store, files, progress=False)
        export_path.write_text(to_json(build_export(store)), encoding="utf-8")
    failures = [str(error) for error in result.ingest.errors] + result.stages.errors
    return export_path, failures


def score_export(export_path: Path, expected: Path, scorer: Path) -> dict[str, tuple[bool, str]]:
    """Run the shared scorer; each check it printed, with whether it held and why."""
    completed = subprocess.run(
        [sys.executable, str(scorer), str(export_path), str(expected)],
        capture_output=True,
        text=True,
        check=False,
    )
    checks: dict[str, tuple[bool, str]] = {}
    for line in completed.stdout.splitlines():
        match = CHECK_LINE.match(line)
        if match:
            checks[match.group(2)] = (match.group(1) == "ok", match.group(3) or "")
    if not checks:
        raise ConfigError(
            f"the scorer '{scorer}' printed no checks for '{expected}': "
            f"{(completed.stderr or completed.stdout).strip()[-400:]}"
        )
    return checks


def score_corpus(corpus: Path, scorer: Path) -> CorpusScore:
    files = article_files(corpus)
    expected = expected_file(corpus)
    assert expected is not None  # find_corpora kept only corpora with one
    result = CorpusScore(corpus.name, len(files))
    with tempfile.TemporaryDirectory(prefix="storyline-storyset-") as workdir:
        try:
            export_path, failures = analyse_and_export(files, Path(workdir))
            result.error = "; ".join(failures)
        except StorylineError as error:
            # The corpus still counts, every check short, so a broken run cannot raise the rate.
            result.error = str(error)
            export_path = Path(workdir) / "empty.json"
            export_path.write_text("{}", encoding="utf-8")
        for name, (held, reason) in score_export(export_path, expected, scorer).items():
            result.checks[name] = held
            result.reasons[name] = reason
    return result


def table(scores: list[CorpusScore]) -> list[str]:
    """One line per corpus (held/total, the checks that fell short), then one per check."""
    lines = [f"{'corpus':<40} {'held':>9}  short"]
    for score in scores:
        short = ", ".join(name for name, ok in score.checks.items() if not ok)
        problem = f"  [{score.error}]" if score.error else ""
        held = f"{score.held:>4} of {len(score.checks):<2}"
        lines.append(f"{score.name:<40} {held}  {short}{problem}")
    held, total = by_check(scores)
    lines.append("")
    lines.append(f"{'check':<20} {'held':>9}")
    for name in sorted(total):
        lines.append(f"{name:<20} {held[name]:>4} of {total[name]:<3}")
    return lines


def by_check(scores: list[CorpusScore]) -> tuple[Counter[str], Counter[str]]:
    held: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for score in scores:
        for name, ok in score.checks.items():
            total[name] += 1
            held[name] += ok
    return held, total


def run(data: Path, progress: bool = True, scorer: Path = SCORER) -> dict[str, Any]:
    """Analyse, export and score every story corpus under `data`; the design's metrics."""
    if not scorer.is_file():
        raise ConfigError(
            f"eval storyset: the scorer '{scorer}' is missing (run from the project's root with "
            "../shared beside it)"
        )
    corpora = find_corpora(data)
    bar = Progress("storyset", total=len(corpora), enabled=progress)
    scores = []
    for corpus in corpora:
        scores.append(score_corpus(corpus, scorer))
        bar.advance(corpus.name)
    bar.close()
    for line in table(scores):
        print(line)
    held, total = by_check(scores)
    checks, held_count = sum(total.values()), sum(held.values())
    return {
        "corpora": len(scores),
        "articles": sum(score.articles for score in scores),
        "checks": checks,
        "held": held_count,
        "rate": round(held_count / checks, 4) if checks else 0.0,
        "by_check": {name: [held[name], total[name]] for name in sorted(total)},
        "by_corpus": {score.name: score.as_dict() for score in scores},
    }
