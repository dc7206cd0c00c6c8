"""The analysed demo corpus shared by the corrections tests: analysed once per test run, then
copied for each test that changes it."""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from storyline.pipeline import analyze_paths
from storyline.store import open_store

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo" / "corpus"
_FOLDER = Path(tempfile.mkdtemp(prefix="storyline-demo-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)


@cache
def analysed_demo_db() -> Path:
    """The demo corpus analysed by every stage (once per test run)."""
    db = _FOLDER / "demo.db"
    with open_store(db) as store:
        analyze_paths(store, [DEMO_CORPUS], progress=False)
    return db


def copy_db(source: Path, target: Path) -> Path:
    """A consistent copy of a SQLite store (its write-ahead log included)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def demo_copy(target: Path) -> Path:
    return copy_db(analysed_demo_db(), target)
