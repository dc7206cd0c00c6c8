"""The analysis pipeline: named stages in order, each declaring what it needs and what it adds.

A stage runs over the articles whose content it has not yet seen at its current version, so
re-running `analyze` on the same input does nothing new (store.pending_work keeps which those
are). Each stage is declared in its own package (`storyline.stages.Stage`); this module only
lists them and runs them, the per-article steps in this process or in shards on an executor's
workers, the steps across the store here.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.executors import Executor, ProcessExecutor, WorkerLost
from storyline.ingest.run import IngestReport, ingest_paths
from storyline.progress import Progress
from storyline.stages import Stage, StageRun
from storyline.store import open_store
from storyline.store.base import Store
from storyline.store.pending_work import mark_done, pending_articles, start_stage

__all__ = ["AnalyzeResult", "Stage", "StageRun", "analyze_paths", "pending", "run_stages"]

# Articles per shard of a stage's per-article step, at most; a run with no more pending
# articles than this stays in this process.
ARTICLE_SHARD_SIZE = 50
# Fault injection for tests: "STAGE:MARKER" makes a worker running STAGE kill itself after
# storing the first article of its shard, once (it leaves MARKER behind so the retry goes on).
KILL_WORKER = "STORYLINE_KILL_WORKER"


def _text_stage() -> Stage:
    from storyline.text.stage import text_stage

    return text_stage()


def _embeddings_stage() -> Stage:
    from storyline.embeddings.stage import embeddings_stage

    return embeddings_stage()


def _stories_stage() -> Stage:
    from storyline.stories.stage import stories_stage

    return stories_stage()


def _claims_stage() -> Stage:
    from storyline.claims.stage import claims_stage

    return claims_stage()


def _alignment_stage() -> Stage:
    from storyline.alignment.stage import alignment_stage

    return alignment_stage()


def _provenance_stage() -> Stage:
    from storyline.provenance.stage import provenance_stage

    return provenance_stage()


# The flow in order. Each entry imports its stage only when called (a stage package loads its
# models' code), and is a module-level function so that a worker can be handed it by name.
STAGE_FACTORIES: list[Callable[[], Stage]] = [
    _text_stage,
    _embeddings_stage,
    _stories_stage,
    _claims_stage,
    _alignment_stage,
    _provenance_stage,
]


def stages() -> list[Stage]:
    return [factory() for factory in STAGE_FACTORIES]


@dataclass
class AnalyzeResult:
    ingest: IngestReport
    stages: StageRun = field(default_factory=StageRun)

    @property
    def failed(self) -> bool:
        return bool(self.ingest.errors or self.stages.errors)

    def as_dict(self) -> dict[str, object]:
        return {
            "ingest": self.ingest.as_dict(),
            "stages": self.stages.notes,
            "stage_errors": self.stages.errors,
        }

    def summary_lines(self) -> list[str]:
        return [f"{name}: {note}" for name, note in self.stages.notes.items()]


def pending(store: Store, stage: Stage) -> list[str]:
    """Articles whose current content this stage (at this version) has not processed."""
    return pending_articles(store, stage.name, stage.version)


def _failure(stage: Stage, store: Store, article_id: str | None, problem: str) -> str:
    where = "its finishing step"
    if article_id:
        row = store.query_one("SELECT location FROM articles WHERE id = ?", (article_id,))
        where = f"article {article_id} ('{row['location'] if row else '?'}')"
    return f"{stage.name} stage failed on {where}: {problem}"


def _problem(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


# -- per-article steps in shards -------------------------------------------------------------
@dataclass(frozen=True)
class StageShard:
    """A few articles for one stage's per-article step, as a worker gets them: where the store
    is, the stage's factory, and the articles in the order to take them."""

    store: str
    stage: Callable[[], Stage]
    article_ids: tuple[str, ...]
    kill_worker: str | None = None


# The store a worker process opened, kept for its next shards: (where, store).
_worker_store: list[tuple[str, Store]] = []


def _open_in_worker(target: str) -> Store:
    if _worker_store and _worker_store[0][0] == target:
        return _worker_store[0][1]
    while _worker_store:
        _worker_store.pop()[1].close()
    store = open_store(target)
    _worker_store.append((target, store))
    return store


def _kill_once(shard: StageShard, stage: Stage) -> None:
    """The fault injection of KILL_WORKER: die without cleaning up, as a killed worker would."""
    if not shard.kill_worker:
        return
    name, _, marker = shard.kill_worker.partition(":")
    if name != stage.name or not marker:
        return
    try:
        with open(marker, "x", encoding="utf-8") as mark:
            mark.write(f"{os.getpid()}\n")
    except FileExistsError:
        return
    os._exit(70)


def run_stage_shard(shard: StageShard) -> list[tuple[str, str | None]]:
    """In a worker: run the stage's per-article step over the shard's articles, each stored in
    its own transactions; gives (article id, problem or None) for each, in order."""
    store = _open_in_worker(shard.store)
    stage = shard.stage()
    if stage.per_article is None:
        return []
    if stage.prepare:
        stage.prepare(store, shard.article_ids)
    outcomes: list[tuple[str, str | None]] = []
    for article_id in shard.article_ids:
        try:
            stage.per_article(store, article_id)
        except Exception as error:  # one bad article must not stop the shard
            outcomes.append((article_id, _problem(error)))
        else:
            outcomes.append((article_id, None))
        _kill_once(shard, stage)
    return outcomes


def plan_article_shards(
    store: Store, stage: Stage, todo: Sequence[str], size: int
) -> list[tuple[str, ...]]:
    """`todo` cut into shards of about `size` articles. The runs the stage says must stay
    together stay in one shard; a shard takes its articles in `todo`'s order."""
    runs = stage.together(store, todo) if stage.together else [[article_id] for article_id in todo]
    order = {article_id: at for at, article_id in enumerate(todo)}
    shards: list[tuple[str, ...]] = []
    current: list[str] = []
    for run in sorted(runs, key=lambda run: min(order[a] for a in run)):
        current.extend(run)
        if len(current) >= size:
            shards.append(tuple(sorted(current, key=order.__getitem__)))
            current = []
    if current:
        shards.append(tuple(sorted(current, key=order.__getitem__)))
    return shards


def _per_article_here(
    store: Store, stage: Stage, todo: list[str], run: StageRun, bar: Progress
) -> list[str]:
    """The per-article step in this process, one article after another; gives those done."""
    assert stage.per_article is not None
    done = []
    if stage.prepare:
        stage.prepare(store, todo)
    for article_id in todo:
        try:
            stage.per_article(store, article_id)
        except Exception as error:  # one bad article must not stop the batch
            run.errors.append(_failure(stage, store, article_id, _problem(error)))
        else:
            done.append(article_id)
        bar.advance(article_id)
    return done


def _per_article_sharded(
    store: Store,
    factory: Callable[[], Stage],
    stage: Stage,
    shards: list[tuple[str, ...]],
    executor: Executor,
    run: StageRun,
    bar: Progress,
) -> list[str]:
    """The per-article step in shards on the executor's workers; gives the articles done."""
    target = store.target()
    assert target is not None
    work = [StageShard(target, factory, ids, os.environ.get(KILL_WORKER)) for ids in shards]
    done = []
    for shard, outcome in zip(work, executor.map(run_stage_shard, work), strict=True):
        if isinstance(outcome, WorkerLost):
            for article_id in shard.article_ids:
                run.errors.append(_failure(stage, store, article_id, outcome.problem))
        else:
            for article_id, problem in outcome:
                if problem is None:
                    done.append(article_id)
                else:
                    run.errors.append(_failure(stage, store, article_id, problem))
        bar.advance(f"{len(shard.article_ids)} articles", step=len(shard.article_ids))
    return done


def run_stages(
    store: Store,
    progress: bool = True,
    executor: Executor | None = None,
    shard_size: int | None = None,
) -> StageRun:
    """Run every stage over what changed since it last ran.

    With an executor of more than one worker (and a store its workers can open), each stage's
    per-article step runs in shards on its workers, `shard_size` articles each; by default a
    stage with more than ARTICLE_SHARD_SIZE pending articles is cut into shards that split
    them evenly (ARTICLE_SHARD_SIZE at most), and one with fewer runs here. The steps across
    the store run here after the shards.

    An article a stage fails on is reported and left unmarked, so the next run tries it again;
    the other articles and the later stages go on.
    """
    from storyline.corrections import apply_corrections

    run = StageRun()
    apply_corrections(store)  # ingest may have rewritten a corrected article field
    sharded = executor is not None and executor.workers > 1 and store.target() is not None
    for factory in STAGE_FACTORIES:
        stage = factory()
        started = time.perf_counter()
        todo = start_stage(store, stage.name, stage.version)
        done = list(todo)
        if stage.per_article:
            bar = Progress(stage.name, total=len(todo), enabled=progress)
            shards: list[tuple[str, ...]] = []
            if sharded and executor and (shard_size or len(todo) > ARTICLE_SHARD_SIZE):
                even = math.ceil(len(todo) / executor.workers)
                size = shard_size or min(ARTICLE_SHARD_SIZE, even)
                shards = plan_article_shards(store, stage, todo, size)
            if executor and len(shards) > 1:
                done = _per_article_sharded(store, factory, stage, shards, executor, run, bar)
            else:
                done = _per_article_here(store, stage, todo, run, bar)
            bar.close()
        if stage.finish:
            try:
                run.notes[stage.name] = stage.finish(store, done)
            except Exception as error:  # reported; the stage reruns over these articles next time
                run.errors.append(_failure(stage, store, None, _problem(error)))
                run.notes[stage.name] = "failed"
                run.seconds[stage.name] = time.perf_counter() - started
                continue
        else:
            run.notes[stage.name] = f"{len(done)} articles processed"
        # The analyst's corrections go back over what this stage wrote, before later stages read it.
        apply_corrections(store)
        mark_done(store, stage.name, stage.version, done)
        run.seconds[stage.name] = time.perf_counter() - started
    return run


def analyze_paths(
    store: Store,
    paths: Sequence[str | Path],
    progress: bool = True,
    workers: int = 1,
    shard_size: int | None = None,
) -> AnalyzeResult:
    """Ingest `paths`, then run every stage: the whole flow of design.md. With more than one
    worker the stages' per-article steps run in that many processes (ingest, about a hundredth
    of the time, stays here, so articles are the same whatever the workers)."""
    report = ingest_paths(store, paths, progress=progress)
    if workers <= 1:
        return AnalyzeResult(report, run_stages(store, progress=progress))
    executor = ProcessExecutor(workers)
    try:
        return AnalyzeResult(report, run_stages(store, progress, executor, shard_size))
    finally:
        executor.close()
