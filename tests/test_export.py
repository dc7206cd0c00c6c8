"""`storyline export` in every format writes the whole export contract, Parquet included."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cli import main
from storyline.errors import ConfigError
from storyline.export import CONTRACT_LISTS, build_export
from storyline.export_parquet import JSON_COLUMN, table_of, write_parquet
from storyline.ingest.run import ingest_paths
from storyline.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo" / "corpus"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export") / "demo.db"
    with open_store(db) as store:
        ingest_paths(store, [DEMO], progress=False)
    return db


@pytest.fixture(scope="module")
def document(demo_db: Path) -> dict[str, list[dict[str, Any]]]:
    with open_store(demo_db) as store:
        return build_export(store)


def _export(db: Path, *options: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_json_has_every_contract_list(demo_db: Path, document: dict[str, Any]) -> None:
    written = json.loads(_export(demo_db, "--format", "json"))
    assert set(CONTRACT_LISTS) <= set(written)
    assert written == json.loads(json.dumps(document, ensure_ascii=False))
    assert len(written["articles"]) == len(list(DEMO.glob("*.txt")))
    assert {a["language"] for a in written["articles"]} == {"en", "ar", "tr"}


def test_export_jsonl_one_typed_record_a_line(demo_db: Path, document: dict[str, Any]) -> None:
    lines = _export(demo_db, "--format", "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    for name in CONTRACT_LISTS:
        typed = [r for r in records if r["type"] == name.rstrip("s")]
        assert [r["id"] for r in typed] == [r["id"] for r in document[name]]


def test_export_csv_writes_the_chosen_list(demo_db: Path, document: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(demo_db, "--format", "csv"))))
    assert [r["id"] for r in rows] == [a["id"] for a in document["articles"]]
    assert json.loads(rows[0]["published"]) == document["articles"][0]["published"]


def test_export_parquet_writes_a_file_per_list(
    demo_db: Path, document: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    result = CliRunner().invoke(
        main, ["export", "--db", str(demo_db), "--format", "parquet", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.parquet" for n in CONTRACT_LISTS)
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    assert [a["id"] for a in articles] == [a["id"] for a in document["articles"]]
    assert [a["text"] for a in articles] == [a["text"] for a in document["articles"]]
    assert [json.loads(a["published"]) for a in articles] == [
        a["published"] for a in document["articles"]
    ]
    for name in CONTRACT_LISTS:
        assert pq.read_table(out / f"{name}.parquet").num_rows == len(document[name])


def test_export_parquet_needs_an_out_folder(demo_db: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(demo_db), "--format", "parquet"])
    assert result.exit_code == 2
    assert "--out FOLDER" in result.output


def test_export_parquet_without_pyarrow_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(ConfigError, match=r"storyline\[parquet\]"):
        write_parquet({"articles": [{"id": "a"}]}, tmp_path / "out")
    assert not (tmp_path / "out" / "articles.parquet").exists()


scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.text(max_size=20))
nested = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"id": st.text(min_size=1, max_size=10)},
            optional={"score": st.floats(allow_nan=False), "title": scalars, "evidence": nested},
        ),
        max_size=6,
    )
)
def test_export_parquet_round_trips_records(records: list[dict[str, Any]]) -> None:
    table = table_of(records)
    read = table.to_pylist()
    assert len(read) == len(records)
    for original, row in zip(records, read, strict=True):
        for key, value in original.items():
            field = table.schema.field(key)
            if field.metadata == JSON_COLUMN:
                assert (None if row[key] is None else json.loads(row[key])) == value
            elif field.type == "string" and value is not None:
                assert row[key] == str(value)
            else:
                assert row[key] == value
