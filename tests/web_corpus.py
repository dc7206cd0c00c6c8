"""The one analysed store the web, report and browser tests share: the Hmeimim corpus plus one
project-written article full of markup, analysed by every stage once per test run."""

from __future__ import annotations

import atexit
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import uvicorn

from conftest import shared_path
from storyline.export import build_export
from storyline.pipeline import analyze_paths
from storyline.store import open_store
from storyline.web import create_app

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


@contextmanager
def served(db: Path) -> Iterator[str]:
    """The workbench over `db`, served over HTTP on a free loopback port while in use."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(str(db))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the workbench did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
