"""Batch executors: sharded ingest on the local default and on a real Ray instance, resumable."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.batch import (
    RAY_ENVIRONMENT,
    RAY_INIT,
    LocalExecutor,
    RayExecutor,
    batch_ingest,
    plan_shards,
)
from storyline.cli import main
from storyline.errors import ConfigError
from storyline.ingest.run import ingest_paths
from storyline.store import open_store
from storyline.store.articles import get_article, list_articles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
INPUTS = ["page.html", "site", "records-plain.jsonl", "feed.rss", "feed.atom", "records.json"]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name in INPUTS:
        source = FIXTURES / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    return folder


@pytest.fixture(scope="session")
def ray_session():
    """One Ray instance for the whole test run, started with the project's settings."""
    for key, value in RAY_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    ray = pytest.importorskip("ray")
    ray.init(**RAY_INIT, log_to_driver=False)
    yield ray
    ray.shutdown()


def test_batch_plan_expands_folders_into_stable_shards(inputs):
    shards = plan_shards([inputs], shard_size=3)
    files = [entry for shard in shards for entry in shard.inputs]
    assert len(files) == 7 and [len(s.inputs) for s in shards] == [3, 3, 1]
    assert files == sorted(files, key=lambda f: Path(f).relative_to(inputs).parts)
    assert [s.id for s in plan_shards([inputs], shard_size=3)] == [s.id for s in shards]
    (inputs / "feed.rss").write_text((FIXTURES / "feed.atom").read_text())
    changed = [s.id for s in plan_shards([inputs], shard_size=3)]
    assert sum(a != b for a, b in zip(changed, [s.id for s in shards], strict=True)) == 1
    with pytest.raises(ConfigError, match="stdin"):
        plan_shards(["-"], shard_size=3)


def test_batch_local_matches_plain_ingest_and_resumes(store, inputs, tmp_path):
    report = batch_ingest(store, [inputs], LocalExecutor(), shard_size=3, progress=False)
    assert report.errors == [] and len(report.shards_run) == 3
    with open_store(tmp_path / "plain.db") as plain:
        expected = ingest_paths(plain, [inputs], progress=False)
    assert sorted(report.added) == sorted(expected.added) and len(report.added) == 10

    again = batch_ingest(store, [inputs], LocalExecutor(), shard_size=3, progress=False)
    assert again.shards_run == [] and len(again.shards_skipped) == 3
    assert again.added == [] and sorted(again.unchanged) == sorted(report.added)

    page = inputs / "page.html"
    page.write_text(page.read_text().replace("212 passengers", "214 passengers"))
    changed = batch_ingest(store, [inputs], LocalExecutor(), shard_size=3, progress=False)
    assert len(changed.shards_run) == 1 and len(changed.new_versions) == 1
    assert "214 passengers" in get_article(store, changed.new_versions[0]).text
    assert len(list_articles(store)) == 10


def test_batch_a_shard_with_failures_is_retried(sqlite_store, inputs):
    missing = inputs / "later.txt"
    first = batch_ingest(
        sqlite_store, [inputs / "page.html", missing], LocalExecutor(), 5, progress=False
    )
    assert [e.location for e in first.errors] == [str(missing)]
    missing.write_text(
        "Kalvo pier reopens\n\nThe pier in Kalvo reopened on Friday, officials said.\n"
    )
    second = batch_ingest(
        sqlite_store, [inputs / "page.html", missing], LocalExecutor(), 5, progress=False
    )
    assert second.errors == [] and len(second.shards_run) == 1
    assert len(second.added) == 1 and second.unchanged == first.added


def test_batch_ray_runs_shards_on_workers(ray_session, sqlite_store, inputs):
    executor = RayExecutor()
    try:
        bad = inputs / "broken.jsonl"
        shutil.copy(FIXTURES / "malformed.jsonl", bad)
        report = batch_ingest(sqlite_store, [inputs], executor, shard_size=2, progress=False)
    finally:
        executor.close()
    assert ray_session.is_initialized()
    assert len(report.added) == 12 and len(report.shards_run) == 4
    assert [e.location.rsplit(":", 1)[-1] for e in report.errors] == ["2", "4", "5"]
    assert "line 2 is not valid JSON" in report.errors[0].problem
    titles = {a.title for a in list_articles(sqlite_store)}
    assert "Ferry service to Kalvo resumes after storm" in titles


def test_batch_ray_missing_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ConfigError, match=r"storyline\[ray\]"):
        RayExecutor()


def test_batch_cli_ingest_resumes_by_shard(inputs, tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    first = runner.invoke(main, ["ingest", str(inputs), "--db", db, "--shard-size", "3", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert len(report["added"]) == 10 and len(report["shards_run"]) == 3
    again = runner.invoke(
        main, ["ingest", str(inputs), "--db", db, "--executor", "local", "--json"]
    )
    assert again.exit_code == 0
    assert json.loads(again.stdout)["added"] == []
    bad = runner.invoke(main, ["ingest", "-", "--db", db, "--shard-size", "3"])
    assert bad.exit_code == 2 and "stdin" in bad.stderr
