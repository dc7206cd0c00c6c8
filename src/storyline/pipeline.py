"""The analysis pipeline: named stages in order, each declaring what it needs and what it adds.

A stage runs over the articles whose content it has not yet seen at its current version, so
re-running `analyze` on the same input does nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.run import IngestReport, ingest_paths
from storyline.progress import Progress
from storyline.store.base import Store


@dataclass(frozen=True)
class Stage:
    """One step of the flow. `per_article` runs for each changed article; `finish` runs once
    after, over the whole store (clustering, alignment); either may be None."""

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    per_article: Callable[[Store, str], object] | None = None
    finish: Callable[[Store, Sequence[str]], str] | None = None


def _text_stage() -> Stage:
    from storyline.text.stage import STAGE_VERSION, segment_article

    return Stage("text", STAGE_VERSION, ("articles",), ("sentences",), per_article=segment_article)


def _embeddings_stage() -> Stage:
    from storyline.embeddings.stage import STAGE_VERSION, embed_article

    return Stage(
        "embeddings", STAGE_VERSION, ("sentences",), ("embeddings",), per_article=embed_article
    )


def _stories_stage() -> Stage:
    from storyline.stories.stage import stories_stage

    return stories_stage()


def _claims_stage() -> Stage:
    from storyline.claims import claims_stage

    return claims_stage()


def _alignment_stage() -> Stage:
    from storyline.alignment import alignment_stage

    return alignment_stage()


def _provenance_stage() -> Stage:
    from storyline.provenance import provenance_stage

    return provenance_stage()


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
class StageRun:
    """What one pass of the stages did: a note per stage, and one line per failed article."""

    notes: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


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
    rows = store.query(
        "SELECT a.id FROM articles a LEFT JOIN stage_runs r ON r.stage = ? AND r.article_id = a.id "
        "WHERE r.article_id IS NULL OR r.content_hash <> a.content_hash OR r.stage_version <> ? "
        "ORDER BY a.id",
        (stage.name, stage.version),
    )
    return [row["id"] for row in rows]


def _failure(stage: Stage, store: Store, article_id: str | None, error: Exception) -> str:
    where = "its finishing step"
    if article_id:
        row = store.query_one("SELECT location FROM articles WHERE id = ?", (article_id,))
        where = f"article {article_id} ('{row['location'] if row else '?'}')"
    return f"{stage.name} stage failed on {where}: {type(error).__name__}: {error}"


def run_stages(store: Store, progress: bool = True) -> StageRun:
    """Run every stage over what changed since it last ran.

    An article a stage fails on is reported and left unmarked, so the next run tries it again;
    the other articles and the later stages go on.
    """
    from storyline.corrections import apply_corrections

    run = StageRun()
    apply_corrections(store)  # ingest may have rewritten a corrected article field
    for stage in stages():
        todo = pending(store, stage)
        done = list(todo)
        if stage.per_article:
            bar = Progress(stage.name, total=len(todo), enabled=progress)
            for article_id in todo:
                try:
                    stage.per_article(store, article_id)
                except Exception as error:  # one bad article must not stop the batch
                    run.errors.append(_failure(stage, store, article_id, error))
                    done.remove(article_id)
                bar.advance(article_id)
            bar.close()
        if stage.finish:
            try:
                run.notes[stage.name] = stage.finish(store, done)
            except Exception as error:  # reported; the stage reruns over these articles next time
                run.errors.append(_failure(stage, store, None, error))
                run.notes[stage.name] = "failed"
                continue
        else:
            run.notes[stage.name] = f"{len(done)} articles processed"
        # The analyst's corrections go back over what this stage wrote, before later stages read it.
        apply_corrections(store)
        with store.transaction():
            for article_id in done:
                store.execute(
                    "INSERT INTO stage_runs (stage, article_id, content_hash, stage_version) "
                    "SELECT ?, id, content_hash, ? FROM articles WHERE id = ? "
                    "ON CONFLICT (stage, article_id) DO UPDATE SET "
                    "content_hash = excluded.content_hash, stage_version = excluded.stage_version",
                    (stage.name, stage.version, article_id),
                )
    return run


def analyze_paths(
    store: Store, paths: Sequence[str | Path], progress: bool = True
) -> AnalyzeResult:
    """Ingest `paths`, then run every stage: the whole flow of design.md."""
    report = ingest_paths(store, paths, progress=progress)
    return AnalyzeResult(report, run_stages(store, progress=progress))
