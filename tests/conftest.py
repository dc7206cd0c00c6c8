"""Shared fixtures: where ../shared lives, and fresh stores."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from storyline.store import open_store
from storyline.store.base import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def shared_path(*parts: str) -> Path:
    """A path under ../shared; in CI its absence fails the test instead of skipping it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {path}: ../shared must sit beside the checkout")
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the whole run; in CI its absence is a failure."""
    from postgres_server import PostgresServer

    if not PostgresServer.available():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL's server binaries (apt-get install postgresql)")
        pytest.skip("PostgreSQL server binaries are not installed")
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "test.db")
    yield opened
    opened.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path: Path) -> Store:
    """A fresh store on each backend: the embedded default and the server option."""
    if request.param == "sqlite":
        opened = open_store(tmp_path / "test.db")
    else:
        opened = open_store(request.getfixturevalue("postgres_server").new_database())
    yield opened
    opened.close()


@pytest.fixture
def hmeimim() -> Path:
    return shared_path("corpus", "hmeimim")


# Browser tests run Debian's Chromium: Playwright's own browser downloads are not available here.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    if browser_name and browser_name != "chromium":
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }
