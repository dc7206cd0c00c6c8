"""The flow on workers, on the real Hmeimim corpus: `analyze --workers 2` and `--executor ray`
export exactly what one process does, and a worker killed in the middle of its shard costs
nothing: its shard runs again and every article is stored once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import shared_path
from storyline.cli import main
from storyline.executors import RAY_ENVIRONMENT
from storyline.pipeline import KILL_WORKER
from storyline.store import open_store

pytestmark = pytest.mark.slow

# Rows each article owns, per table: stored twice, a count would differ from one process's.
PER_ARTICLE = {
    "articles": "SELECT id AS article_id, COUNT(*) AS n FROM articles GROUP BY id",
    "sentences": "SELECT article_id, COUNT(*) AS n FROM sentences GROUP BY article_id",
    "article_vectors": "SELECT article_id, COUNT(*) AS n FROM article_vectors GROUP BY article_id",
    "story_profiles": "SELECT article_id, COUNT(*) AS n FROM story_profiles GROUP BY article_id",
    "claims": "SELECT article_id, COUNT(*) AS n FROM claims GROUP BY article_id",
    "entity_mentions": "SELECT article_id, COUNT(*) AS n FROM entity_mentions GROUP BY article_id",
}


def _analyze(db: Path, *options: str) -> dict:
    """`storyline analyze` on the corpus, then its JSON export, as a user would run them."""
    corpus = str(shared_path("corpus", "hmeimim"))
    runner = CliRunner()
    result = runner.invoke(main, ["analyze", corpus, "--db", str(db), "-q", *options])
    assert result.exit_code == 0, result.output
    out = db.with_suffix(".json")
    exported = runner.invoke(
        main, ["export", "--db", str(db), "--format", "json", "--out", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    return json.loads(out.read_text(encoding="utf-8"))


def _rows_per_article(db: Path) -> dict[str, dict[str, int]]:
    with open_store(db) as store:
        counts = {
            table: {row["article_id"]: row["n"] for row in store.query(sql)}
            for table, sql in PER_ARTICLE.items()
        }
        # The text cache: one row per text and encoder, whoever embedded it first.
        doubled = store.query(
            "SELECT text_hash FROM embeddings GROUP BY text_hash, encoder HAVING COUNT(*) > 1"
        )
        assert doubled == []
        counts["embeddings"] = {"all": store.query_one("SELECT COUNT(*) AS n FROM embeddings")["n"]}
    return counts


@pytest.fixture(scope="module")
def one_process(tmp_path_factory) -> tuple[dict, dict]:
    """The reference: the whole flow in this process (`--workers 1`)."""
    db = tmp_path_factory.mktemp("one") / "one.db"
    return _analyze(db, "--workers", "1"), _rows_per_article(db)


def test_pipeline_workers_two_processes_export_what_one_does(one_process, tmp_path) -> None:
    exported, rows = one_process
    assert len(exported["articles"]) == 5 and exported["claims"]
    db = tmp_path / "two.db"
    # One article per shard, so every stage's per-article step really is spread over workers.
    assert _analyze(db, "--workers", "2", "--shard-size", "1") == exported
    assert _rows_per_article(db) == rows


def test_pipeline_workers_killed_worker_shard_is_rerun_and_stored_once(
    one_process, tmp_path, monkeypatch
) -> None:
    exported, rows = one_process
    marker = tmp_path / "claims-worker-killed"
    # The first claims worker to store an article of its shard kills itself (once).
    monkeypatch.setenv(KILL_WORKER, f"claims:{marker}")
    db = tmp_path / "killed.db"
    assert _analyze(db, "--workers", "2", "--shard-size", "2") == exported
    assert marker.exists(), "no worker was killed: the test did not test anything"
    assert _rows_per_article(db) == rows
    # A re-run finds nothing left to do and stores nothing twice.
    monkeypatch.delenv(KILL_WORKER)
    assert _analyze(db, "--workers", "2", "--shard-size", "2") == exported
    assert _rows_per_article(db) == rows
    with open_store(db) as store:
        runs = store.query("SELECT stage, COUNT(*) AS n FROM stage_runs GROUP BY stage")
    assert {row["stage"]: row["n"] for row in runs} == {
        name: 5 for name in ("text", "embeddings", "stories", "claims", "alignment", "provenance")
    }


def test_pipeline_workers_ray_whole_flow_exports_what_one_process_does(
    one_process, tmp_path, monkeypatch
) -> None:
    pytest.importorskip("ray")
    for key, value in RAY_ENVIRONMENT.items():
        monkeypatch.setenv(key, os.environ.get(key, value))
    exported, rows = one_process
    marker = tmp_path / "embeddings-worker-killed"
    # A Ray worker dies in the embeddings stage; Ray resubmits its task.
    monkeypatch.setenv(KILL_WORKER, f"embeddings:{marker}")
    db = tmp_path / "ray.db"
    result = _analyze(db, "--executor", "ray", "--workers", "2", "--shard-size", "2")
    assert marker.exists(), "no Ray worker was killed: the test did not test anything"
    assert result == exported
    assert _rows_per_article(db) == rows
