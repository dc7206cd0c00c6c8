"""Executors: a worker process that dies has its shard run again; one that keeps dying is given
up on and said so; results come back in item order. Real spawned processes, no models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.errors import ConfigError
from storyline.executors import (
    ATTEMPTS,
    LocalExecutor,
    ProcessExecutor,
    WorkerLost,
    make_executor,
)
from storyline.pipeline import plan_article_shards
from storyline.stages import Stage


def square_or_die_once(item: tuple[int, str]) -> tuple[int, int]:
    """Dies (as a killed worker would) the first time it sees 3; the marker file says it did."""
    number, marker = item
    if number == 3:
        try:
            with open(marker, "x", encoding="utf-8"):
                pass
        except FileExistsError:
            pass
        else:
            os._exit(70)
    return number, number * number


def always_die(item: int) -> int:
    if item == 1:
        os._exit(70)
    return item


def test_executors_process_pool_reruns_the_shard_of_a_dead_worker(tmp_path: Path) -> None:
    marker = str(tmp_path / "died")
    items = [(n, marker) for n in range(6)]
    executor = ProcessExecutor(2)
    try:
        results = list(executor.map(square_or_die_once, items))
    finally:
        executor.close()
    assert Path(marker).exists()
    assert results == [(n, n * n) for n in range(6)]


def test_executors_a_shard_that_keeps_killing_its_worker_is_given_up(tmp_path: Path) -> None:
    executor = ProcessExecutor(2)
    try:
        results = list(executor.map(always_die, [0, 1]))
    finally:
        executor.close()
    # Item 0 may have been caught in the same breaks (every shard still running counts one).
    lost = results[1]
    assert isinstance(lost, WorkerLost) and f"died {ATTEMPTS} times" in lost.problem
    # The pool is rebuilt for the next map.
    executor = ProcessExecutor(2)
    try:
        assert list(executor.map(always_die, [0, 2])) == [0, 2]
    finally:
        executor.close()


def test_executors_choice_by_name_and_workers() -> None:
    assert isinstance(make_executor("local"), LocalExecutor)
    pool = make_executor("local", workers=3)
    assert isinstance(pool, ProcessExecutor) and pool.workers == 3
    with pytest.raises(ConfigError, match="--address"):
        make_executor("local", address="ray://somewhere:10001")
    with pytest.raises(ConfigError, match="unknown executor"):
        make_executor("dask")


def test_executors_article_shards_keep_runs_together(sqlite_store) -> None:
    """Articles a stage says go together share a shard, each shard in the pending order."""

    def together(store, ids):
        return [["a1", "a4"], ["a2"], ["a3"], ["a5", "a6"]]

    stage = Stage("s", "1", (), (), per_article=lambda store, article_id: None, together=together)
    todo = ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert plan_article_shards(sqlite_store, stage, todo, 2) == [
        ("a1", "a4"),
        ("a2", "a3"),
        ("a5", "a6"),
    ]
    alone = Stage("s", "1", (), (), per_article=lambda store, article_id: None)
    assert plan_article_shards(sqlite_store, alone, todo, 4) == [tuple(todo[:4]), tuple(todo[4:])]


def test_executors_text_stage_on_two_workers_stores_what_one_process_does(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers open the store themselves (a SQLite file, a PostgreSQL URL) and write each
    article in its own transaction; the rows are those one process writes."""
    from storyline import pipeline
    from storyline.ingest.run import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    for n, town in enumerate(("Kalvo", "Dunmere", "Asperg", "Tollin")):
        (folder / f"{n}.txt").write_text(
            f"{town} harbour reopens\n\nThe harbour of {town} reopened on Monday. "
            f"Boats returned to {town} the same afternoon, officials said.",
            encoding="utf-8",
        )
    ingest_paths(store, [folder], progress=False)
    monkeypatch.setattr(pipeline, "STAGE_FACTORIES", [pipeline._text_stage])
    executor = ProcessExecutor(2)
    try:
        run = pipeline.run_stages(store, progress=False, executor=executor, shard_size=1)
    finally:
        executor.close()
    assert run.errors == [] and run.notes == {"text": "4 articles processed"}
    on_workers = store.query("SELECT * FROM sentences ORDER BY article_id, idx")
    with store.transaction():
        store.execute("DELETE FROM sentences")
        store.execute("DELETE FROM stage_runs")
        store.execute("DELETE FROM stage_versions")
    pipeline.run_stages(store, progress=False)
    assert store.query("SELECT * FROM sentences ORDER BY article_id, idx") == on_workers
    assert len(on_workers) == 8
