"""The one analysed store the web, report and browser tests share: the Hmeimim corpus plus one
project-written article full of markup, analysed by every stage once per test run."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from conftest import shared_path
from storyline.export import build_export
from storyline.pipeline import analyze_paths
from storyline.store import open_store

HOSTILE = (
    "Officials said <script>alert('x')</script> the talks would go on. "
    '<img src="x" onerror="alert(1)"> A second sentence follows here for the record.'
)


@cache
def analysed_db() -> Path:
    """The store, analysed on first use; removed when the test run ends."""
    corpus = shared_path("corpus", "hmeimim")
    folder = Path(tempfile.mkdtemp(prefix="storyline-web-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    hostile = folder / "hostile.txt"
    hostile.write_text("Talks go on\n\n" + HOSTILE + "\n", encoding="utf-8")
    db = folder / "hmeimim.db"
    with open_store(db) as store:
        analyze_paths(store, [corpus, hostile], progress=False)
    return db


@cache
def exported() -> dict[str, list[dict[str, Any]]]:
    with open_store(analysed_db()) as store:
        return build_export(store)


def article_id(marker: str) -> str:
    """The id of the one article read from a file whose name contains `marker`."""
    found = [a["id"] for a in exported()["articles"] if marker in (a["path"] or "")]
    assert len(found) == 1, f"no single article read from a file named like '{marker}'"
    return found[0]


def story_of(marker: str) -> dict[str, Any]:
    """The story the stories stage put the article from `marker` into."""
    aid = article_id(marker)
    found = [s for s in exported()["stories"] if aid in s["article_ids"]]
    assert len(found) == 1, f"the article from '{marker}' is in {len(found)} stories, not one"
    return found[0]
