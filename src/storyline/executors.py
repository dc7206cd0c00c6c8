"""Executors: where shards of batch work run (this process, worker processes, or Ray), behind one
interface that hands results back in shard order and says which shards lost their worker.

A task is a plain module-level function of one picklable item. A worker that dies (killed, out
of memory) does not lose its shard: the process pool is rebuilt and the shard run again, and
Ray resubmits the task; only a shard that keeps killing its worker is given up, as `WorkerLost`.
"""

from __future__ import annotations

import multiprocessing
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from storyline.errors import ConfigError, missing_extra

Item = TypeVar("Item")
Result = TypeVar("Result")

EXECUTORS = ("local", "ray")
# How many times a shard is run before its lost worker is reported instead of retried.
ATTEMPTS = 3
# Settings for a Ray instance started here: small, quiet, no dashboard, no token auth.
RAY_INIT = {"num_cpus": 2, "include_dashboard": False, "object_store_memory": 200 * 1024**2}
RAY_ENVIRONMENT = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


def default_workers() -> int:
    """As many worker processes as this machine has cores."""
    return os.cpu_count() or 1


@dataclass(frozen=True)
class WorkerLost:
    """What a shard gives when every attempt lost its worker."""

    problem: str


class Executor(ABC):
    """Runs a task over items somewhere and hands back the results in item order."""

    name: str
    # How many items it runs at once: 1 means one after another in this process.
    workers: int = 1

    @abstractmethod
    def map(
        self, task: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[Result | WorkerLost]: ...

    @abstractmethod
    def close(self) -> None:
        """Release what the executor started."""


class LocalExecutor(Executor):
    """The default: items one after another in this process."""

    name = "local"

    def map(
        self, task: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[Result | WorkerLost]:
        for item in items:
            yield task(item)

    def close(self) -> None:
        """Nothing was started: items ran in this process."""


def _share_cores(threads: int) -> None:
    """In a new worker, before any model loads: its share of the cores for OpenMP (the e5
    engine), as Ray gives its workers; workers that each took every core would fight."""
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))


class ProcessExecutor(Executor):
    """Items on a pool of worker processes on this machine, started on first use and kept for
    later maps (a worker loads its models once). Workers are spawned, not forked: a fork would
    copy the models' threads in an unknown state."""

    name = "local"

    def __init__(self, workers: int) -> None:
        if workers < 2:
            raise ConfigError(f"a process pool needs at least 2 workers, not {workers}")
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _started(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_share_cores,
                initargs=(max(1, default_workers() // self.workers),),
            )
        return self._pool

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self, task: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[Result | WorkerLost]:
        if len(items) == 1 and self._pool is None:
            # One item: starting the workers would cost more than it saves.
            yield task(items[0])
            return
        attempts = [0] * len(items)
        finished: dict[int, Result | WorkerLost] = {}
        waiting = list(range(len(items)))
        handed = 0
        while handed < len(items):
            pool = self._started()
            running: dict[int, Future[Result]] = {i: pool.submit(task, items[i]) for i in waiting}
            waiting = []
            for index, future in running.items():
                try:
                    finished[index] = future.result()
                except BrokenProcessPool as error:
                    # A worker died; the pool cannot tell whose shard killed it, so every shard
                    # it was still running goes again on a fresh pool.
                    attempts[index] += 1
                    if attempts[index] >= ATTEMPTS:
                        finished[index] = WorkerLost(
                            f"a worker process died {attempts[index]} times running this shard: "
                            f"{error}"
                        )
                    else:
                        waiting.append(index)
                while handed in finished:
                    yield finished.pop(handed)
                    handed += 1
            if waiting:
                self._restart()

    def close(self) -> None:
        self._restart()


class RayExecutor(Executor):
    """Items as Ray tasks, a bounded number in flight; a task whose worker dies is resubmitted
    by Ray. Joins the Ray instance at `address` (or one already running here), or starts a small
    local one with `workers` CPUs and stops it on close.

    Workers open the store themselves: a SQLite file must be on a disk they share."""

    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        for key, value in RAY_ENVIRONMENT.items():
            os.environ.setdefault(key, value)
        try:
            import ray
        except ImportError as error:
            raise missing_extra("ray", "ray") from error
        self._ray = ray
        self._started = not ray.is_initialized()
        if self._started:
            settings: dict[str, Any] = (
                {"address": address}
                if address
                else {**RAY_INIT, "num_cpus": workers or RAY_INIT["num_cpus"]}
            )
            try:
                ray.init(**settings, log_to_driver=False)
            # Ray reports a failed start with many exception types; all mean the same here.
            except Exception as error:
                where = f"the Ray instance at '{address}'" if address else "a local Ray instance"
                raise ConfigError(f"cannot start or join {where}: {error}") from error
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._tasks: dict[Callable[..., Any], Any] = {}

    def map(
        self, task: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[Result | WorkerLost]:
        ray = self._ray
        if task not in self._tasks:
            self._tasks[task] = ray.remote(max_retries=ATTEMPTS)(task)
        remote = self._tasks[task]
        in_flight = 2 * self.workers
        waiting = list(items)
        running: list[Any] = []
        while waiting or running:
            while waiting and len(running) < in_flight:
                running.append(remote.remote(waiting.pop(0)))
            reference = running.pop(0)
            try:
                yield ray.get(reference)
            except ray.exceptions.RayError as error:
                yield WorkerLost(f"the Ray worker failed on this shard: {error}")

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
            self._started = False


def make_executor(name: str, workers: int = 1, address: str | None = None) -> Executor:
    """The executor named: 'local' runs here (in `workers` processes when more than one),
    'ray' on a Ray instance (at `address`, or a local one with `workers` CPUs)."""
    if name == "local":
        if address:
            raise ConfigError("--address is for --executor ray")
        return ProcessExecutor(workers) if workers > 1 else LocalExecutor()
    if name == "ray":
        return RayExecutor(address, workers)
    raise ConfigError(f"unknown executor '{name}': choose one of {', '.join(EXECUTORS)}")
