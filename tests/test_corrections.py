"""The analyst's corrections over the analysed demo corpus: recorded on both backends, written
back after every stage, kept through a full re-analysis, undone to the machine's value, shared
as JSON, and used by the findings that depend on them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from demo_store import analysed_demo_db, demo_copy
from storyline.cli import main
from storyline.corrections import (
    CORRECTION_STAGE,
    CorrectionError,
    apply_corrections,
    correct,
    list_corrections,
    undo_correction,
)
from storyline.export import build_export
from storyline.pipeline import run_stages
from storyline.store import open_store
from storyline.store.base import Store
from storyline.stories import list_stories

pytestmark = pytest.mark.slow
# Tables a stage rewrites whole; a simulated re-run puts the machine's rows back into them.
STAGE_TABLES = ("story_articles", "relations", "claims", "assertion_claims", "stances", "flags")
# The article fields ingest and the provenance stage write.
ARTICLE_FIELDS = ("title", "language", "outlet", "outlet_json", "published_date", "published_json")


def _ids(document: dict[str, Any]) -> dict[str, str]:
    """Article ids by demo file stem ('en-05')."""
    return {Path(a["path"]).stem: a["id"] for a in document["articles"]}


def _claim_in(document: dict[str, Any], article_id: str, words: str) -> dict[str, Any]:
    """The claim of an article saying `words`; one that joined an assertion first."""
    asserted = {c for a in document["assertions"] for c in a["claim_ids"]}
    found = [c for c in document["claims"] if c["article_id"] == article_id and words in c["text"]]
    assert found, f"no claim saying '{words}' in {article_id}"
    return sorted(found, key=lambda c: c["id"] not in asserted)[0]


def _assertion_of(document: dict[str, Any], claim_id: str) -> dict[str, Any]:
    return next(a for a in document["assertions"] if claim_id in a["claim_ids"])


def _plan(document: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """One correction of every kind, named by what the demo corpus holds."""
    ids = _ids(document)
    ties = _claim_in(document, ids["en-05"], "cut diplomatic ties")
    talks = _claim_in(document, ids["en-01"], "second round of talks")
    tie_story = next(s for s in document["stories"] if ids["en-01"] in s["article_ids"])
    return [
        ("outlet", [ids["en-05"], "The Coastline Monitor"]),
        # en-05 reports the 2023 talks in Dravena: its 2025 date is the page's, not the report's.
        ("published", [ids["en-05"], "2023-03-09"]),
        ("title", [ids["ar-02"], "Sermen club wins the coast cup"]),
        ("language", [ids["ar-02"], "fa"]),
        ("story", [ids["en-06"], tie_story["id"]]),
        ("relation", ["add", "reprint_of", ids["tr-01"], ids["ar-01"]]),
        ("relation", ["remove", "translation_of", ids["en-02"], ids["ar-01"]]),
        ("polarity", [talks["id"], "denied"]),
        ("modality", [talks["id"], "hedged"]),
        ("event_date", [talks["id"], "2025-04"]),
        ("stance", [_assertion_of(document, ties["id"])["id"], ids["en-02"], "denies"]),
        ("flag", ["dismiss", ids["en-04"], "reprint"]),
        ("flag", ["confirm", ids["tr-01"], "stale"]),
    ]


def _record_all(store: Store, document: dict[str, Any]) -> list[str]:
    return [
        correct(store, kind, args, "tester", f"checking {kind}").id
        for kind, args in _plan(document)
    ]


def _view(document: dict[str, Any]) -> dict[str, Any]:
    """What the corrections change, in a form two exports can be compared by."""
    return {
        "articles": {
            a["id"]: (a["outlet"], a["title"], a["language"], a["published"]["date"])
            for a in document["articles"]
        },
        "flags": {a["id"]: sorted(f["kind"] for f in a["flags"]) for a in document["articles"]},
        "stories": sorted(sorted(s["article_ids"]) for s in document["stories"]),
        "relations": sorted(
            (r["kind"], r["from"], r["to"])
            for r in document["relations"]
            if r["kind"] in ("reprint_of", "translation_of")
        ),
        "claims": {
            c["id"]: (c["polarity"], c["modality"], (c["event_date"] or {}).get("value"))
            for c in document["claims"]
        },
        "stances": {
            (a["id"], s["article_id"]): s["stance"]
            for a in document["assertions"]
            for s in a["stances"]
        },
    }


def _copy_rows(source: Path, store: Store) -> None:
    """Every row of an analysed SQLite store into an empty store of the same schema."""
    with sqlite3.connect(source) as connection:
        connection.row_factory = sqlite3.Row
        tables = [
            row["name"]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"
            )
            if row["name"] not in ("schema_migrations",) and not row["name"].startswith("sqlite")
        ]
        with store.transaction():
            for table in tables:
                for row in connection.execute(f"SELECT * FROM {table}"):
                    columns = row.keys()
                    store.execute(
                        f"INSERT INTO {table} ({', '.join(columns)}) "
                        f"VALUES ({', '.join('?' for _ in columns)})",
                        tuple(row),
                    )


def _stage_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {table: store.query(f"SELECT * FROM {table}") for table in ("articles", *STAGE_TABLES)}


def _rewrite_as_a_stage_would(store: Store, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Put the machine's own output back, as a re-run that finds the same again writes it."""
    with store.transaction():
        for row in rows["articles"]:
            store.execute(
                f"UPDATE articles SET {', '.join(f'{c} = ?' for c in ARTICLE_FIELDS)} WHERE id = ?",
                (*(row[c] for c in ARTICLE_FIELDS), row["id"]),
            )
        for table in STAGE_TABLES:
            store.execute(f"DELETE FROM {table}")
            for row in rows[table]:
                marks = ", ".join("?" for _ in row)
                store.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values())
                )


@pytest.fixture(params=["sqlite", "postgres"])
def analysed_store(request, tmp_path: Path) -> Store:
    """The analysed demo corpus on each backend (PostgreSQL gets a copy of its rows)."""
    if request.param == "sqlite":
        opened = open_store(demo_copy(tmp_path / "demo.db"))
    else:
        opened = open_store(request.getfixturevalue("postgres_server").new_database())
        _copy_rows(analysed_demo_db(), opened)
    yield opened
    opened.close()


def test_corrections_store_every_kind_rewritten_over_a_rerun_and_undone(analysed_store) -> None:
    store = analysed_store
    machine_rows = _stage_rows(store)
    machine = build_export(store)
    made = _record_all(store, machine)
    corrected = build_export(store)
    ids = _ids(machine)

    # Each correction is in its row now, and names itself there.
    assert corrected["articles"] != machine["articles"]
    en05 = next(a for a in corrected["articles"] if a["id"] == ids["en-05"])
    assert en05["outlet"] == "The Coastline Monitor"
    assert {c["field"] for c in en05["corrections"]} == {"outlet", "published"}
    outlet_fix = next(c for c in en05["corrections"] if c["field"] == "outlet")
    assert outlet_fix["machine_value"]["name"] == "Eastgate Times"
    assert outlet_fix["by"] == "tester" and outlet_fix["reason"] == "checking outlet"
    assert en05["published"]["date"] == "2023-03-09"
    assert "reprint" not in [f["kind"] for f in _flags_of(corrected, "en-04")]
    talks = _claim_in(corrected, ids["en-01"], "second round of talks")
    assert (talks["polarity"], talks["modality"]) == ("denied", "hedged")
    assert talks["event_date"]["value"] == "2025-04"
    assert {c["field"] for c in talks["corrections"]} == {"polarity", "modality", "event_date"}
    added = [
        r for r in corrected["relations"] if r["kind"] == "reprint_of" and r.get("corrections")
    ]
    assert [(r["from"], r["to"]) for r in added] == [(ids["tr-01"], ids["ar-01"])]
    marked = store.query_one("SELECT corrected_by FROM articles WHERE id = ?", (ids["en-05"],))
    assert marked["corrected_by"] == f"{made[0]} {made[1]}"

    # A stage writing the machine's findings again does not win over the analyst.
    _rewrite_as_a_stage_would(store, machine_rows)
    assert _view(build_export(store)) == _view(machine)
    assert apply_corrections(store) == len(made)
    assert _view(build_export(store)) == _view(corrected)
    flagged = store.query_one(
        "SELECT stage FROM flags WHERE article_id = ? AND kind = 'stale'", (ids["tr-01"],)
    )
    assert flagged["stage"] == CORRECTION_STAGE

    # Undo puts the machine's values back.
    for correction_id in reversed(made):
        undo_correction(store, correction_id)
    assert _view(build_export(store)) == _view(machine)
    assert {c.state for c in list_corrections(store)} == {"undone"}
    with pytest.raises(CorrectionError, match="already undone"):
        undo_correction(store, made[0])


def test_corrections_a_second_correction_supersedes_and_keeps_the_machine_value(tmp_path) -> None:
    with open_store(demo_copy(tmp_path / "demo.db")) as store:
        document = build_export(store)
        article_id = _ids(document)["en-01"]
        machine_title = store.query_one("SELECT title FROM articles WHERE id = ?", (article_id,))
        first = correct(store, "title", [article_id, "First fix"], "ann")
        second = correct(store, "title", [article_id, "Second fix"], "ben")
        states = {c.id: c.state for c in list_corrections(store)}
        assert states == {first.id: "superseded", second.id: "active"}
        assert second.machine_value == machine_title["title"]
        undo_correction(store, second.id)
        row = store.query_one("SELECT title FROM articles WHERE id = ?", (article_id,))
        assert row["title"] == machine_title["title"]
        with pytest.raises(CorrectionError, match="not one of"):
            correct(store, "stance", [document["assertions"][0]["id"], article_id, "agrees"], "ann")
        with pytest.raises(CorrectionError, match="is not in this store"):
            correct(store, "title", ["a-nothing", "x"], "ann")


def test_corrections_survive_a_full_reanalysis_and_move_what_depends_on_them(tmp_path) -> None:
    with open_store(demo_copy(tmp_path / "demo.db")) as store:
        machine = build_export(store)
        ids = _ids(machine)
        ties = _claim_in(machine, ids["en-05"], "cut diplomatic ties")
        assert _assertion_of(machine, ties["id"])["independence"]["independent_origins"] == 3
        assert {"stale", "misdated"} <= {f["kind"] for f in _flags_of(machine, "en-05")}
        _record_all(store, machine)
        corrected = build_export(store)
        # Every stage runs again over every article, as after a version bump.
        store.execute("DELETE FROM stage_runs")
        store.execute("DELETE FROM stage_versions")
        run = run_stages(store, progress=False)
        assert not run.errors
        after = build_export(store)
        story_dates = {s["id"]: s["first_date"] for s in list_stories(store)}
    view, wanted = _view(after), _view(corrected)
    assert view["articles"] == wanted["articles"]
    assert view["relations"] == wanted["relations"]
    talks = _claim_in(after, ids["en-01"], "second round of talks")
    assert view["claims"][talks["id"]] == ("denied", "hedged", "2025-04")
    assert any(talks["id"] in a["denied_claim_ids"] for a in after["assertions"])
    moved_story = next(s for s in after["stories"] if ids["en-06"] in s["article_ids"])
    assert ids["en-01"] in moved_story["article_ids"]
    assert "reprint" not in [f["kind"] for f in _flags_of(after, "en-04")]
    assert "stale" in [f["kind"] for f in _flags_of(after, "tr-01")]
    ties_now = _assertion_of(after, ties["id"])
    stance = next(s for s in ties_now["stances"] if s["article_id"] == ids["en-02"])
    assert stance["stance"] == "denies" and stance["corrections"][0]["by"] == "tester"
    # The corrected outlet makes en-05 a second telling by The Coastline Monitor, and the
    # removed translation makes en-02 an original: independence follows both.
    by_article = {
        a: o["source"] or o.get("outlet")
        for o in ties_now["independence"]["origins"]
        for a in o["articles"]
    }
    assert by_article[ids["en-05"]] == by_article[ids["en-01"]] == "The Coastline Monitor"
    assert ids["en-02"] in by_article
    # The corrected date moves the report on the timeline, and the date checks no longer
    # call it stale.
    assert not {"stale", "misdated"} & {f["kind"] for f in _flags_of(after, "en-05")}
    en05_story = next(s["id"] for s in after["stories"] if ids["en-05"] in s["article_ids"])
    assert story_dates[en05_story] == "2023-03-09"


def _flags_of(document: dict[str, Any], stem: str) -> list[dict[str, Any]]:
    article_id = _ids(document)[stem]
    return next(a for a in document["articles"] if a["id"] == article_id)["flags"]


def test_corrections_cli_correct_list_export_import_uncorrect(tmp_path) -> None:
    db = str(demo_copy(tmp_path / "demo.db"))
    other = str(demo_copy(tmp_path / "other.db"))
    with open_store(db) as store:
        ids = _ids(build_export(store))
    runner = CliRunner()
    made = runner.invoke(
        main,
        [
            *("correct", "title", ids["en-01"], "A corrected title", "--db", db),
            *("--reason", "typo in the headline", "--by", "dana"),
        ],
    )
    assert made.exit_code == 0, made.output
    correction_id = made.output.strip()
    assert correction_id.startswith("c-")
    listed = runner.invoke(main, ["corrections", "--db", db, "--json"])
    record = json.loads(listed.output)[0]
    assert (record["id"], record["by"], record["value"]) == (
        correction_id,
        "dana",
        "A corrected title",
    )
    shared = tmp_path / "corrections.json"
    assert (
        runner.invoke(main, ["corrections", "export", "--db", db, "--out", str(shared)]).exit_code
        == 0
    )
    imported = runner.invoke(main, ["corrections", "import", str(shared), "--db", other])
    assert json.loads(imported.output) == {"added": 1, "already_here": 0}
    again = runner.invoke(main, ["corrections", "import", str(shared), "--db", other])
    assert json.loads(again.output) == {"added": 0, "already_here": 1}
    with open_store(other) as store:
        row = store.query_one("SELECT title FROM articles WHERE id = ?", (ids["en-01"],))
        assert row["title"] == "A corrected title"
    exported = runner.invoke(main, ["export", "--db", db])
    article = next(a for a in json.loads(exported.output)["articles"] if a["id"] == ids["en-01"])
    assert article["corrections"][0]["reason"] == "typo in the headline"
    story = next(
        s for s in json.loads(exported.output)["stories"] if ids["en-01"] in s["article_ids"]
    )
    report = tmp_path / "story.html"
    written = runner.invoke(main, ["report", story["id"], "--db", db, "--out", str(report)])
    assert written.exit_code == 0, written.output
    html = report.read_text(encoding="utf-8")
    assert "A corrected title" in html and "title corrected by dana" in html
    undone = runner.invoke(main, ["uncorrect", correction_id, "--db", db])
    assert undone.exit_code == 0 and "undone" in undone.output
    with open_store(db) as store:
        row = store.query_one("SELECT title FROM articles WHERE id = ?", (ids["en-01"],))
        assert row["title"].startswith("Report: Tarsel and Veldra ministers met")
    # A story correction holds through a batch re-clustering.
    moved = runner.invoke(main, ["correct", "story", ids["ar-02"], "new", "--db", db])
    assert moved.exit_code == 0, moved.output
    assert runner.invoke(main, ["recluster", "--db", db]).exit_code == 0
    with open_store(db) as store:
        alone = store.query(
            "SELECT s.article_id FROM story_articles s JOIN story_articles m "
            "ON m.story_id = s.story_id WHERE m.article_id = ?",
            (ids["ar-02"],),
        )
        assert [row["article_id"] for row in alone] == [ids["ar-02"]]
        assert (
            store.query_one(
                "SELECT corrected_by FROM story_articles WHERE article_id = ?", (ids["ar-02"],)
            )["corrected_by"]
            == moved.output.strip()
        )
    bad = runner.invoke(main, ["correct", "polarity", "c-x", "--db", db])
    assert bad.exit_code == 2 and "takes 2 values" in bad.output


def test_corrections_become_stance_training_pairs(tmp_path) -> None:
    from storyline.stance.train import correction_pairs

    db = demo_copy(tmp_path / "demo.db")
    with open_store(db) as store:
        document = build_export(store)
        ids = _ids(document)
        ties = _claim_in(document, ids["en-05"], "cut diplomatic ties")
        talks = _claim_in(document, ids["en-01"], "second round of talks")
        assertion = _assertion_of(document, ties["id"])["id"]
        correct(store, "stance", [assertion, ids["en-02"], "denies"], "gil")
        correct(store, "relation", ["add", "contradicts", ties["id"], talks["id"]], "gil")
        undone = correct(store, "stance", [assertion, ids["en-01"], "unrelated"], "gil")
        undo_correction(store, undone.id)
    pairs = correction_pairs(db)
    assert [(p.label, p.languages[1]) for p in pairs["fnc1"]] == [("disagree", "en")]
    assert pairs["fnc1"][0].a in {c["text"] for c in document["claims"]}
    assert [(p.a, p.b, p.label) for p in pairs["ans"]] == [
        (ties["text"], talks["text"], "disagree")
    ]
