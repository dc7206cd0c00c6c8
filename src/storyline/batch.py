"""Batch ingest by executors: inputs cut into shards, each shard read and analysed where its
executor runs it (in this process, or on Ray workers), the results written through the one
store write path, and each finished shard marked so that a re-run resumes instead of redoing.
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storyline.errors import ConfigError, IngestError, missing_extra
from storyline.ids import short_id
from storyline.ingest.readers import URL, input_files, read_inputs
from storyline.ingest.run import Built, IngestReport, SiteLines, build_items, store_built
from storyline.pipeline import AnalyzeResult, run_stages
from storyline.progress import Progress
from storyline.store.base import Store

DEFAULT_SHARD_SIZE = 50
EXECUTORS = ("local", "ray")
# Settings for a Ray instance started here: small, quiet, no dashboard, no token auth.
RAY_INIT = {"num_cpus": 2, "include_dashboard": False, "object_store_memory": 200 * 1024**2}
RAY_ENVIRONMENT = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


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


class Executor(ABC):
    """Runs shards somewhere and hands back their results in shard order."""

    name: str

    @abstractmethod
    def run(self, shards: Sequence[Shard], site_counts: Counter[str]) -> Iterator[ShardResult]: ...

    @abstractmethod
    def close(self) -> None:
        """Release what the executor started."""


class LocalExecutor(Executor):
    """The default: shards one after another in this process."""

    name = "local"

    def run(self, shards: Sequence[Shard], site_counts: Counter[str]) -> Iterator[ShardResult]:
        for shard in shards:
            yield build_shard(shard, site_counts)

    def close(self) -> None:
        """Nothing was started: shards ran in this process."""


class RayExecutor(Executor):
    """Shards as Ray tasks, a bounded number in flight. Joins a running Ray instance, or
    starts a small local one (and stops it on close)."""

    name = "ray"

    def __init__(self, in_flight: int = 4) -> None:
        for key, value in RAY_ENVIRONMENT.items():
            os.environ.setdefault(key, value)
        try:
            import ray
        except ImportError as error:
            raise missing_extra("ray", "ray") from error
        self._ray = ray
        self.in_flight = in_flight
        self._started = not ray.is_initialized()
        if self._started:
            try:
                ray.init(**RAY_INIT, log_to_driver=False)
            # Ray reports a failed start with many exception types; all mean the same here.
            except Exception as error:
                raise ConfigError(f"cannot start a local Ray instance: {error}") from error
        self._task = ray.remote(build_shard)

    def run(self, shards: Sequence[Shard], site_counts: Counter[str]) -> Iterator[ShardResult]:
        ray = self._ray
        counts = ray.put(site_counts)
        waiting = list(shards)
        running: list[tuple[Shard, object]] = []
        while waiting or running:
            while waiting and len(running) < self.in_flight:
                shard = waiting.pop(0)
                running.append((shard, self._task.remote(shard, counts)))
            shard, reference = running.pop(0)
            try:
                yield ray.get(reference)
            except ray.exceptions.RayError as error:
                problem = f"the Ray worker failed on its shard {shard.id}: {error}"
                yield ShardResult(
                    shard, tuple(Built(i, error=IngestError(i, problem)) for i in shard.inputs)
                )

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def make_executor(name: str) -> Executor:
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        return RayExecutor()
    raise ConfigError(f"unknown executor '{name}': choose one of {', '.join(EXECUTORS)}")


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
    site_counts = SiteLines.from_store(store).counts
    for result in executor.run(todo, site_counts):
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
) -> BatchReport:
    """`batch_ingest` on the executor named, started for this run and released after it."""
    runner = make_executor(executor)
    try:
        return batch_ingest(store, paths, runner, shard_size, progress)
    finally:
        runner.close()


def analyze_batch(
    store: Store,
    paths: Sequence[str | Path],
    executor: str = "local",
    shard_size: int = DEFAULT_SHARD_SIZE,
    progress: bool = True,
) -> AnalyzeResult:
    """`analyze` with ingest as sharded batch work on the named executor, then every stage."""
    report = ingest_batch(store, paths, executor, shard_size, progress)
    return AnalyzeResult(report, run_stages(store, progress=progress))
