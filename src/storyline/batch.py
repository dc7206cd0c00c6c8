"""Batch ingest by executors: inputs cut into shards, each shard read and analysed where its
executor runs it (this process, worker processes, Ray: `executors`), written through the one
store write path, and each finished shard marked so that a re-run resumes instead of redoing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storyline.errors import ConfigError, IngestError
from storyline.executors import (
    RAY_ENVIRONMENT,
    RAY_INIT,
    Executor,
    LocalExecutor,
    RayExecutor,
    WorkerLost,
    default_workers,
    make_executor,
)
from storyline.ids import short_id
from storyline.ingest.readers import URL, input_files, read_inputs
from storyline.ingest.run import Built, IngestReport, SiteLines, build_items, store_built
from storyline.pipeline import AnalyzeResult, run_stages
from storyline.progress import Progress
from storyline.store.base import Store
from storyline.store.site_lines import site_line_counts

__all__ = [
    "RAY_ENVIRONMENT",
    "RAY_INIT",
    "BatchReport",
    "LocalExecutor",
    "RayExecutor",
    "analyze_batch",
    "batch_ingest",
    "ingest_batch",
    "plan_shards",
]

DEFAULT_SHARD_SIZE = 50


@dataclass(frozen=True)
class Shard:
    """A few inputs processed together; its id changes when any of its files changes."""

    id: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class ShardResult:
    shard: Shard
    built: tuple[Built, ...]


@dataclass
class BatchReport(IngestReport):
    """An ingest report with what happened to the shards."""

    shards_run: list[str] = field(default_factory=list)
    shards_skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            **super().as_dict(),
            "shards_run": self.shards_run,
            "shards_skipped": self.shards_skipped,
        }


def build_shard(shard: Shard, site_counts: Counter[str]) -> ShardResult:
    """Read and analyse every input of one shard: the CPU work, with no store access."""
    built = build_items(read_inputs(shard.inputs), SiteLines(site_counts))
    return ShardResult(shard, tuple(built))


def _build_task(work: tuple[Shard, Counter[str]]) -> ShardResult:
    """`build_shard` as an executor's task: one picklable item."""
    return build_shard(*work)


def run_shards(
    executor: Executor, shards: Sequence[Shard], site_counts: Counter[str]
) -> Iterator[ShardResult]:
    """Build the shards on `executor`, in shard order; a shard whose worker was lost gives an
    error for each of its inputs, so it is retried on the next run."""
    outcomes = executor.map(_build_task, [(shard, site_counts) for shard in shards])
    for shard, outcome in zip(shards, outcomes, strict=True):
        if isinstance(outcome, WorkerLost):
            yield ShardResult(
                shard, tuple(Built(i, error=IngestError(i, outcome.problem)) for i in shard.inputs)
            )
        else:
            yield outcome


def _fingerprint(entry: str) -> str:
    """What identifies one input's current state: a file's path, size and change time."""
    path = Path(entry)
    if URL.match(entry) or not path.is_file():
        return entry
    status = path.stat()
    return f"{path.resolve()}:{status.st_size}:{status.st_mtime_ns}"


def plan_shards(paths: Sequence[str | Path], shard_size: int) -> list[Shard]:
    """The inputs under `paths`, folders expanded into their files, cut into shards in order."""
    if shard_size < 1:
        raise ConfigError(f"the shard size must be at least 1, not {shard_size}")
    entries: list[str] = []
    for given in paths:
        text = str(given)
        if text == "-":
            raise ConfigError("stdin ('-') cannot be cut into shards: use 'storyline ingest -'")
        folder = Path(text)
        if not URL.match(text) and folder.is_dir() and input_files(folder):
            entries.extend(str(file) for file in input_files(folder))
        else:
            entries.append(text)
    shards = []
    for start in range(0, len(entries), shard_size):
        inputs = tuple(entries[start : start + shard_size])
        shards.append(Shard(short_id("shard", *map(_fingerprint, inputs)), inputs))
    return shards


def _finished(store: Store, shards: Sequence[Shard]) -> dict[str, list[str]]:
    wanted = {shard.id for shard in shards}
    rows = store.query("SELECT id, article_ids_json FROM batch_shards")
    return {r["id"]: json.loads(r["article_ids_json"]) for r in rows if r["id"] in wanted}


def _mark_finished(store: Store, shard: Shard, article_ids: list[str], executor: str) -> None:
    with store.transaction():
        store.execute(
            "INSERT INTO batch_shards (id, inputs_json, article_ids_json, executor, finished_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "article_ids_json = excluded.article_ids_json, executor = excluded.executor, "
            "finished_at = excluded.finished_at",
            (
                shard.id,
                json.dumps(list(shard.inputs), ensure_ascii=False),
                json.dumps(article_ids),
                executor,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )


def batch_ingest(
    store: Store,
    paths: Sequence[str | Path],
    executor: Executor,
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: bool = True,
) -> BatchReport:
    """Ingest `paths` shard by shard on `executor`. A shard is marked finished once all its
    articles are stored without an error; a re-run skips finished shards whose files are
    unchanged, and retries the others."""
    shards = plan_shards(paths, shard_size)
    finished = _finished(store, shards)
    report = BatchReport()
    for shard in shards:
        if shard.id in finished:
            report.shards_skipped.append(shard.id)
            report.unchanged.extend(finished[shard.id])
    todo = [shard for shard in shards if shard.id not in finished]
    bar = Progress(f"ingest ({executor.name})", total=len(todo), enabled=progress)
    # Workers cannot read the store: they get every count.
    site_counts = site_line_counts(store)
    for result in run_shards(executor, todo, site_counts):
        shard_report = IngestReport()
        for built in result.built:
            store_built(store, built, shard_report)
        report.added.extend(shard_report.added)
        report.unchanged.extend(shard_report.unchanged)
        report.new_versions.extend(shard_report.new_versions)
        report.errors.extend(shard_report.errors)
        report.warnings.extend(shard_report.warnings)
        report.shards_run.append(result.shard.id)
        if not shard_report.errors:
            _mark_finished(store, result.shard, shard_report.article_ids, executor.name)
        bar.advance(f"{len(result.shard.inputs)} inputs")
    bar.close()
    return report


def ingest_batch(
    store: Store,
    paths: Sequence[str | Path],
    executor: str = "local",
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: bool = True,
    workers: int = 1,
    address: str | None = None,
) -> BatchReport:
    """`batch_ingest` on the executor named, started for this run and released after it."""
    runner = make_executor(executor, workers, address)
    try:
        return batch_ingest(store, paths, runner, shard_size, progress)
    finally:
        runner.close()


def analyze_batch(
    store: Store,
    paths: Sequence[str | Path],
    executor: str = "local",
    shard_size: int | None = None,
    progress: bool = True,
    workers: int | None = None,
    address: str | None = None,
) -> AnalyzeResult:
    """`analyze` as sharded batch work on the named executor: ingest, then every stage's
    per-article step, shard by shard; the steps across the store run here after them."""
    runner = make_executor(executor, workers or default_workers(), address)
    try:
        report = batch_ingest(store, paths, runner, shard_size or DEFAULT_SHARD_SIZE, progress)
        return AnalyzeResult(report, run_stages(store, progress, runner, shard_size))
    finally:
        runner.close()
