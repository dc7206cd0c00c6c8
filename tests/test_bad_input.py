"""Bad input: each gets one clear line naming it, the rest is ingested, the store stays whole."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.cli import main
from storyline.ingest.readers import MAX_BYTES
from storyline.ingest.run import ingest_paths
from storyline.store import open_store
from storyline.store.articles import article_versions, get_article, list_articles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
GOOD_TEXT = (
    "Kalvo harbour reopens after the storm\n\n"
    "The harbour of Kalvo reopened on Monday after engineers repaired the storm damage to the "
    "northern pier, the port authority said in a statement.\n"
)


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input, with a fragment the error line about it must contain."""
    png = folder / "photo.jpg.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(256))
    binary = folder / "blob.bin"
    binary.write_bytes(b"\x00\x01\x02\x03" + os.urandom(512))
    fake_warc = folder / "crawl.warc.gz"
    fake_warc.write_bytes(gzip.compress(b"just a compressed note, not an archive\n" * 10))
    huge = folder / "dump.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 10 * 2**20)
    for name in ("empty.txt", "truncated-head.html"):
        shutil.copy(FIXTURES / name, folder / name)
    return {
        "photo.jpg.txt": (png, "a PNG image"),
        "blob.bin": (binary, "binary"),
        "crawl.warc.gz": (fake_warc, "not a WARC file: a gzip archive of something else"),
        "dump.txt": (huge, "over the 50 MB limit"),
        "empty.txt": (folder / "empty.txt", "empty"),
        "truncated-head.html": (folder / "truncated-head.html", "no article text"),
        "missing.txt": (folder / "missing.txt", "no such file or folder"),
    }


def test_bad_input_each_named_with_its_problem_and_the_rest_ingested(store, tmp_path):
    bad = _bad_inputs(tmp_path)
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    started = time.monotonic()
    report = ingest_paths(store, [*(path for path, _ in bad.values()), good], progress=False)
    assert time.monotonic() - started < 30
    assert len(report.added) == 1
    assert len(report.errors) == len(bad)
    for error, (name, (_, fragment)) in zip(report.errors, bad.items(), strict=True):
        assert name in str(error)
        assert fragment in error.problem, str(error)
    [article] = list_articles(store)
    assert article.title == "Kalvo harbour reopens after the storm"


def test_bad_input_malformed_json_lines_keep_the_good_ones(store):
    report = ingest_paths(store, [FIXTURES / "malformed.jsonl"], progress=False)
    assert len(report.added) == 2
    assert [e.location.rsplit(":", 1)[-1] for e in report.errors] == ["2", "4", "5"]
    assert "line 2 is not valid JSON" in report.errors[0].problem
    assert {a.title for a in list_articles(store)} == {
        "Kalvo school reopens",
        "Serman library extends hours",
    }


def test_bad_input_truncated_html_keeps_what_is_there_with_a_warning(store):
    report = ingest_paths(store, [FIXTURES / "truncated.html"], progress=False)
    assert report.errors == [] and len(report.added) == 1
    assert any("cut short" in warning for warning in report.warnings)
    [article] = list_articles(store)
    assert article.text.startswith("A winter storm damaged the pier")


def test_bad_input_wrong_and_mixed_encodings_never_crash(store, tmp_path):
    arabic = tmp_path / "legacy.txt"
    arabic.write_bytes(
        "استئناف المحادثات في الميناء\n\nالتقى الوفدان يوم الثلاثاء في المدينة الساحلية واتفقا على "
        "مواصلة المحادثات الشهر المقبل، بحسب مسؤولين في الميناء.\n".encode("cp1256")
    )
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(
        "Réunion au port de Kalvo\n\nLe comité a réaffirmé sa position mardi à Serman.\n".encode()
        + "Le ministère a démenti toute réunion au port de Kalvo mardi, selon un communiqué publié "
        "à Serman.\n".encode("cp1252")
    )
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(
        "Kalvo harbour reopens\n\nThe harbour reopened on Monday — officials said the pier was "
        "repaired overnight by engineers.\n".encode()
        + b"Stray bytes \xff\xfe\x81\x8d in a line of plain text about the harbour talks.\n"
    )
    report = ingest_paths(store, [arabic, mixed, damaged], progress=False)
    assert report.errors == [] and len(report.added) == 3
    texts = {Path(a.location).name: a for a in list_articles(store)}
    assert texts["legacy.txt"].text.startswith("التقى الوفدان")
    assert texts["legacy.txt"].language == "ar"
    assert "démenti" in texts["mixed.txt"].text and "réaffirmé" in texts["mixed.txt"].text
    assert "— officials said" in texts["damaged.txt"].text
    warned = " ".join(report.warnings)
    assert "mixed.txt" in warned and "damaged.txt" in warned


def test_bad_input_nothing_already_stored_is_lost(store, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    first = ingest_paths(store, [good], progress=False)
    folder = tmp_path / "bad"
    folder.mkdir()
    bad = _bad_inputs(folder)
    ingest_paths(store, [path for path, _ in bad.values()], progress=False)
    [article] = list_articles(store)
    assert article.id == first.added[0]
    assert store.query("SELECT location FROM article_locations") == [
        {"location": str(good.resolve())}
    ]


def test_bad_input_reingest_adds_nothing_and_a_change_is_a_new_version(store, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    first = ingest_paths(store, [path, FIXTURES / "records-plain.jsonl"], progress=False)
    again = ingest_paths(store, [path, FIXTURES / "records-plain.jsonl"], progress=False)
    assert again.added == [] and again.new_versions == []
    assert sorted(again.unchanged) == sorted(first.added)
    path.write_text(
        GOOD_TEXT + "\nThe first ferry left on time with 212 passengers.\n", encoding="utf-8"
    )
    changed = ingest_paths(store, [path], progress=False)
    assert changed.new_versions == [first.added[0]] and changed.added == []
    article = get_article(store, first.added[0])
    assert article.version == 2 and "212 passengers" in article.text
    assert len(article_versions(store, article.id)) == 1
    assert len(list_articles(store)) == 3


def test_bad_input_cli_exit_codes_and_one_line_per_problem(tmp_path):
    db = tmp_path / "s.db"
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(main, ["ingest", str(good), "--db", str(db), "-q"])
    assert ok.exit_code == 0, ok.output
    assert "1 added" in ok.stdout
    bad = _bad_inputs(tmp_path)
    failed = runner.invoke(
        main,
        [
            "ingest",
            *(str(p) for p, _ in bad.values()),
            str(FIXTURES / "page.html"),
            "--db",
            str(db),
            "-q",
        ],
    )
    assert failed.exit_code == 1
    error_lines = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == len(bad)
    for line, name in zip(error_lines, bad, strict=True):
        assert name in line
    assert "1 added" in failed.stdout and f"{len(bad)} failed" in failed.stdout
    with open_store(db) as store:
        assert len(list_articles(store)) == 2


@pytest.mark.parametrize(
    "args", [["ingest", "--db", "x.db"], ["show"], ["export", "--format", "xml"]]
)
def test_bad_input_bad_usage_exits_2(args):
    assert CliRunner().invoke(main, args).exit_code == 2


def _archive(pages: int) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    html = (FIXTURES / "page.html").read_bytes()
    for number in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        body = io.BytesIO(html.replace(b"212 passengers", f"{number} passengers".encode()))
        record = writer.create_warc_record(
            f"https://harbourgazette.example/{number}",
            "response",
            payload=body,
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


def test_bad_input_cut_or_damaged_warc_keeps_the_pages_before(store, tmp_path):
    archive = _archive(3)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(archive[: len(archive) * 2 // 3])
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9\r\n\r\n")
    report = ingest_paths(store, [cut, damaged], progress=False)
    assert len(report.added) == 2
    assert [e.location for e in report.errors] == [str(cut), str(damaged)]
    assert "cut short: 2 pages read" in report.errors[0].problem
    assert "damaged" in report.errors[1].problem
