"""Shared fixtures: where ../shared lives, and fresh stores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.store import open_store
from storyline.store.base import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; in CI its absence fails the test instead of skipping it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs {path}: ../shared must sit beside the checkout")
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "test.db")
    yield opened
    opened.close()


@pytest.fixture
def hmeimim() -> Path:
    return shared_path("corpus", "hmeimim")
