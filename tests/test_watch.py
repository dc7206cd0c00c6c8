"""`storyline watch`: what arrives in a folder is analysed and placed in its story; a feed that
cannot be reached, or a path that is neither folder nor feed, is one clear error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stories_support import STORIES_FIXTURES
from storyline.cli import main


@pytest.mark.slow
def test_watch_once_places_a_new_file(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", str(tmp_path / "news.db")
    folder.mkdir()
    for name in ("arrest-corvath.txt", "arrest-mirelle.txt"):
        shutil.copy(STORIES_FIXTURES / name, folder / name)
    runner = CliRunner()
    first = runner.invoke(main, ["watch", str(folder), "--db", db, "--once", "--json"])
    assert first.exit_code == 0, first.output
    arrived = [json.loads(line) for line in first.output.splitlines()]
    assert sorted(Path(a["location"]).name for a in arrived) == [
        "arrest-corvath.txt",
        "arrest-mirelle.txt",
    ]
    corvath = next(a for a in arrived if a["location"].endswith("arrest-corvath.txt"))

    nothing = runner.invoke(main, ["watch", str(folder), "--db", db, "--once"])
    assert nothing.exit_code == 0 and nothing.output == ""

    shutil.copy(STORIES_FIXTURES / "arrest-corvath-2.txt", folder / "arrest-corvath-2.txt")
    second = runner.invoke(main, ["watch", str(folder), "--db", db, "--once"])
    assert second.exit_code == 0, second.output
    lines = second.output.splitlines()
    assert len(lines) == 1 and lines[0].endswith("arrest-corvath-2.txt")
    assert f"story {corvath['story']['id']} (2)" in lines[0]


def test_watch_unreachable_feed_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["watch", "http://feeds.example.invalid/rss", "--db", str(tmp_path / "n.db"), "--once"],
    )
    assert result.exit_code == 2
    assert "cannot read the feed 'http://feeds.example.invalid/rss'" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)


def test_watch_refuses_what_is_neither_folder_nor_feed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["watch", str(tmp_path / "missing"), "--db", str(tmp_path / "n.db"), "--once"]
    )
    assert result.exit_code == 2 and "neither a folder nor a feed URL" in result.output
