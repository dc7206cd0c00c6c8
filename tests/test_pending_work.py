"""What a stage has pending is kept as articles change: the same articles that comparing every
article with the stage's marks finds, read without going over the store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.ingest.run import ingest_paths
from storyline.store.base import Store
from storyline.store.pending_work import pending_articles


def _page(folder: Path, name: str, town: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.txt"
    path.write_text(
        f"{town} bridge reopens\n\nThe bridge of {town} reopened on Monday after repairs, the "
        f"council said. Cars crossed {town} again the same evening.",
        encoding="utf-8",
    )
    return path


def _unmarked(store: Store, stage: pipeline.Stage) -> list[str]:
    """The articles whose content the stage has not processed, by comparing every article."""
    rows = store.query(
        "SELECT a.id FROM articles a LEFT JOIN stage_runs r ON r.stage = ? AND r.article_id = a.id "
        "WHERE r.article_id IS NULL OR r.content_hash <> a.content_hash OR r.stage_version <> ? "
        "ORDER BY a.id",
        (stage.name, stage.version),
    )
    return [row["id"] for row in rows]


def test_pending_work_follows_new_articles_new_versions_and_stage_versions(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "STAGE_FACTORIES", [pipeline._text_stage])
    text = pipeline._text_stage()
    folder = tmp_path / "pages"
    ingest_paths(store, [_page(folder, "a", "Orlen"), _page(folder, "b", "Vessa")], False)
    # A store whose stage never ran: every article, found by comparing them all.
    assert len(pipeline.pending(store, text)) == 2 == len(_unmarked(store, text))
    pipeline.run_stages(store, progress=False)
    assert pipeline.pending(store, text) == [] == _unmarked(store, text)
    # Only what changes is queued, and only that is read.
    added = ingest_paths(store, [_page(folder, "c", "Tarn")], False).added
    assert store.query("SELECT article_id FROM pending_work") == [{"article_id": added[0]}]
    assert pipeline.pending(store, text) == added == _unmarked(store, text)
    pipeline.run_stages(store, progress=False)
    (folder / "a.txt").write_text(
        "Orlen bridge closes again\n\nThe bridge of Orlen closed on "
        "Friday, the council said. Cars were sent round.",
        "utf-8",
    )
    changed = ingest_paths(store, [folder / "a.txt"], False).new_versions
    assert pipeline.pending(store, text) == changed == _unmarked(store, text)
    pipeline.run_stages(store, progress=False)
    assert pipeline.pending(store, text) == [] == _unmarked(store, text)
    # A new version of the stage goes over every article again, once.
    bumped = dataclasses.replace(text, version=text.version + "-next")
    monkeypatch.setattr(pipeline, "STAGE_FACTORIES", [lambda: bumped])
    assert pending_articles(store, "text", bumped.version) == _unmarked(store, bumped)
    assert len(_unmarked(store, bumped)) == 3
    run = pipeline.run_stages(store, progress=False)
    assert run.notes == {"text": "3 articles processed"}
    assert pipeline.pending(store, bumped) == [] == _unmarked(store, bumped)
