"""The pipeline's contract: a stage that fails on one article is reported, the rest goes on, and
the failed article is tried again on the next run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.pipeline import Stage, analyze_paths, pending
from storyline.store.base import Store


def _fragile_stage() -> Stage:
    """A stage that cannot handle one article (its text mentions 'unreadable')."""

    def per_article(store: Store, article_id: str) -> None:
        row = store.query_one("SELECT text FROM articles WHERE id = ?", (article_id,))
        if "unreadable" in row["text"]:
            raise ValueError("this article breaks the stage")

    return Stage("fragile", "1", ("articles",), ("nothing",), per_article=per_article)


@pytest.fixture
def two_files(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Harbour reopens\n\nThe harbour of a small town reopened on Monday after repairs. "
        "Fishing boats returned the same afternoon.",
        encoding="utf-8",
    )
    (folder / "bad.txt").write_text(
        "Archive note\n\nThis unreadable archive note was filed on Tuesday by the clerk. "
        "It lists the boats that left port.",
        encoding="utf-8",
    )
    return folder


def test_pipeline_stage_failure_is_reported_and_retried(
    sqlite_store: Store, two_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "STAGE_FACTORIES", [pipeline._text_stage, _fragile_stage])
    result = analyze_paths(sqlite_store, [two_files], progress=False)

    assert len(result.ingest.added) == 2
    assert result.failed
    assert len(result.stages.errors) == 1
    error = result.stages.errors[0]
    assert "fragile stage failed" in error and "bad.txt" in error and "ValueError" in error
    # The good article is done; the bad one stays pending and is tried again next run.
    fragile = _fragile_stage()
    still_pending = pending(sqlite_store, fragile)
    assert len(still_pending) == 1
    again = analyze_paths(sqlite_store, [two_files], progress=False)
    assert again.ingest.unchanged and not again.ingest.added
    assert len(again.stages.errors) == 1
    # The text stage itself completed for both and has nothing left to do.
    assert pending(sqlite_store, pipeline._text_stage()) == []


STAGE_UNITS = ("pipeline", "text", "embeddings", "stories", "claims", "alignment", "provenance")


def _imports_between_units(source: Path) -> dict[str, set[str]]:
    """Which of STAGE_UNITS import which (any import, at module level or inside a function;
    the package imports absolutely)."""
    edges: dict[str, set[str]] = {unit: set() for unit in STAGE_UNITS}
    for file in source.rglob("*.py"):
        unit = file.relative_to(source).with_suffix("").parts[0]
        if unit not in edges:
            continue
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            for name in names:
                pieces = name.split(".")
                if pieces[0] == "storyline" and len(pieces) > 1 and pieces[1] in edges:
                    edges[unit].add(pieces[1])
    for unit, targets in edges.items():
        targets.discard(unit)
    return edges


def test_pipeline_and_stage_packages_import_no_circle() -> None:
    """The pipeline lists the stages; the stages never import it, and no two stage packages
    import each other round a circle (what one reads of another goes through the store)."""
    source = Path(pipeline.__file__).resolve().parent
    edges = _imports_between_units(source)
    assert edges["pipeline"] >= {"text", "embeddings", "stories", "claims", "alignment"}
    assert not any("pipeline" in targets for targets in edges.values())
    seen: dict[str, str] = {}

    def visit(unit: str, path: list[str]) -> None:
        seen[unit] = "open"
        for target in sorted(edges[unit]):
            assert seen.get(target) != "open", f"import circle: {' -> '.join([*path, target])}"
            if target not in seen:
                visit(target, [*path, target])
        seen[unit] = "done"

    for unit in STAGE_UNITS:
        if unit not in seen:
            visit(unit, [unit])
