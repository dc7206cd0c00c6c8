"""Test support for the stories tests: ingest, then run the pipeline up to the stories stage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from storyline.ingest.run import ingest_paths
from storyline.pipeline import pending, stages
from storyline.store.base import Store

STORIES_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"
UP_TO_STORIES = ("text", "embeddings", "stories")


def analyse(store: Store, paths: Sequence[Path]) -> dict[str, str]:
    """Ingest `paths` and run the text, embeddings and stories stages over what changed, as
    `storyline analyze` does (later stages are other modules' business). Returns file name ->
    article id."""
    report = ingest_paths(store, [str(path) for path in paths], progress=False)
    assert not report.errors, report.errors
    for stage in stages():
        if stage.name not in UP_TO_STORIES:
            continue
        todo = pending(store, stage)
        if stage.per_article:
            for article_id in todo:
                stage.per_article(store, article_id)
        if stage.finish:
            stage.finish(store, todo)
        with store.transaction():
            for article_id in todo:
                store.execute(
                    "INSERT INTO stage_runs (stage, article_id, content_hash, stage_version) "
                    "SELECT ?, id, content_hash, ? FROM articles WHERE id = ? "
                    "ON CONFLICT (stage, article_id) DO UPDATE SET "
                    "content_hash = excluded.content_hash, stage_version = excluded.stage_version",
                    (stage.name, stage.version, article_id),
                )
    return {
        Path(row["location"]).name: row["id"]
        for row in store.query("SELECT id, location FROM articles")
    }
