"""Readers: every input kind becomes documents with their metadata and where it came from."""

from __future__ import annotations

import gzip
import io
import json
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.errors import IngestError
from storyline.ingest.fetch import Fetcher
from storyline.ingest.outlets import same_outlet
from storyline.ingest.readers import Source, decode, read_inputs, sniff_text
from storyline.ingest.run import ingest_paths
from storyline.model import RawDocument
from storyline.store.articles import get_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def documents(*paths: str | Path, fetcher: Fetcher | None = None) -> list[RawDocument]:
    items = list(read_inputs([str(p) for p in paths], fetcher))
    assert [i for i in items if isinstance(i, IngestError)] == []
    return items


def test_readers_html_page_text_and_metadata():
    [page] = documents(FIXTURES / "page.html")
    assert page.kind == "html"
    assert page.title == "Ferry service to Kalvo resumes after storm"
    assert page.url == "https://www.harbourgazette.example/news/2025/04/ferry-kalvo"
    assert (page.outlet.name, page.outlet.source) == ("The Harbour Gazette", "html-meta")
    assert (page.published.date, page.published.source, page.published.estimate) == (
        "2025-04-03",
        "html-meta",
        "stated",
    )
    assert page.original.startswith("The ferry line between Serman")
    assert page.original.count("\n\n") == 2
    for furniture in ("Home", "Most read", "Share this", "All rights reserved", "By Ana Reed"):
        assert furniture not in page.original
    assert page.location == str((FIXTURES / "page.html").resolve())


def test_readers_folder_is_read_recursively_in_a_stable_order():
    pages = documents(FIXTURES / "site")
    assert [Path(p.location).name for p in pages] == ["second.html", "first.html"]
    assert pages[0].outlet.source == "url"
    assert pages[0].outlet.name == "serman-courier.example"
    assert pages[1].outlet.name == "Mavi Rota Haber"
    assert pages[1].published.date == "2025-04-04"


def test_readers_jsonl_in_news_please_fields():
    first, second = documents(FIXTURES / "records-newsplease.jsonl")
    assert first.kind == "record"
    assert first.title == "Veldra opens consulate in Serman"
    assert first.original.startswith("Veldra opened a consulate")
    assert first.url == first.location == "https://coastlinemonitor.example/world/veldra-consulate"
    assert (first.outlet.name, first.outlet.source) == ("coastlinemonitor.example", "record")
    assert (first.published.date, first.published.source) == ("2025-03-17", "record")
    assert "date_publish" in first.published.evidence
    assert (first.language, second.language) == ("en", "ar")


def test_readers_jsonl_and_json_in_plain_fields():
    museum, road = documents(FIXTURES / "records-plain.jsonl")
    assert (museum.outlet.name, museum.published.date) == ("Eastgate Times", "2025-05-10")
    assert "\n\n" in museum.original
    assert road.url is None
    assert road.location.endswith("records-plain.jsonl#2")
    fish, queue = documents(FIXTURES / "records.json")
    assert fish.title == "Kalvo fish market sets record"
    assert (queue.published.date, queue.outlet.name) == ("2025-06-08", "Strait Review")


def test_readers_rss_and_atom_feeds():
    rescue, terminal = documents(FIXTURES / "feed.rss")
    assert rescue.kind == "feed"
    assert rescue.title == "Coast guard rescues six fishermen off Kalvo"
    assert rescue.original == (
        "The coast guard rescued six fishermen whose boat sank in rough seas off Kalvo early on "
        "Tuesday, officials said.\n\nAll six were taken to hospital in good condition."
    )
    assert (rescue.published.date, rescue.published.source) == ("2025-05-20", "feed")
    assert (rescue.outlet.name, rescue.outlet.source) == ("NewsHarbor Digest", "feed")
    assert terminal.location == "https://newsharbor.example/2025/05/serman-terminal"
    [landslide] = documents(FIXTURES / "feed.atom")
    assert landslide.published.date == "2025-05-14"
    assert landslide.outlet.name == "Kuzey Işığı Haber"
    assert landslide.original.count("\n\n") == 1


def _warc(path: Path, compress: bool) -> Path:
    page = (FIXTURES / "page.html").read_bytes()
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        records = [
            (
                "https://harbourgazette.example/news/ferry",
                "200 OK",
                "text/html; charset=utf-8",
                page,
            ),
            ("https://harbourgazette.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
            ("https://harbourgazette.example/gone", "404 Not Found", "text/html", b"<html></html>"),
        ]
        for uri, status, content_type, body in records:
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )
    return path


@pytest.mark.parametrize(("name", "compress"), [("pages.warc.gz", True), ("pages.warc", False)])
def test_readers_warc_archive_each_html_page_is_a_document(tmp_path, name, compress):
    [page] = documents(_warc(tmp_path / name, compress))
    assert page.kind == "html"
    assert page.location == "https://harbourgazette.example/news/ferry"
    assert page.title == "Ferry service to Kalvo resumes after storm"
    assert page.published.date == "2025-04-03"


def test_readers_url_list_offline_fails_each_url_and_goes_on():
    items = list(read_inputs([FIXTURES / "urls.txt", FIXTURES / "page.html"]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [e.location for e in errors] == [
        "https://harbourgazette.invalid/news/ferry",
        "https://harbourgazette.invalid/news/market",
    ]
    assert "cannot fetch" in errors[0].problem and "harbourgazette.invalid" in errors[0].problem
    assert isinstance(items[-1], RawDocument) and items[-1].kind == "html"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the test output stays readable."""


@pytest.fixture
def web_server() -> Iterator[str]:
    handler = partial(QuietHandler, directory=str(FIXTURES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_readers_url_list_is_fetched_when_the_network_answers(tmp_path, web_server):
    listing = tmp_path / "reading.urls"
    listing.write_text(f"{web_server}/page.html\n{web_server}/feed.rss\n{web_server}/missing\n")
    items = list(read_inputs([listing], Fetcher(pause=0)))
    page, rescue, terminal, missing = items
    assert page.location == f"{web_server}/page.html"
    assert page.title == "Ferry service to Kalvo resumes after storm"
    assert page.outlet.name == "The Harbour Gazette"
    assert (rescue.kind, terminal.kind) == ("feed", "feed")
    assert isinstance(missing, IngestError) and "HTTP 404" in missing.problem
    direct, _ = documents(f"{web_server}/records.json", fetcher=Fetcher(pause=0))
    assert direct.title == "Kalvo fish market sets record"


def test_readers_stdin(monkeypatch):
    text = (
        "Kalvo harbour reopens\n\nThe harbour reopened on Monday after the storm, officials said.\n"
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    [document] = documents("-")
    assert (document.kind, document.original) == ("text", text)
    assert document.location.startswith("stdin:")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("page.txt", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("dump.dat", '{"title": "a", "text": "b"}\n{"title": "c", "text": "d"}\n', "jsonl"),
        ("one.json", '{"title": "a", "text": "b"}', "json"),
        ("feed.xml", '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
        ("list.txt", "https://a.example/1\n\nhttps://b.example/2\n", "urls"),
        ("note.txt", "A title\n\nA body that mentions https://a.example/1 in passing.", "text"),
        ("brace.txt", "{not json} but a pasted note about braces", "text"),
    ],
)
def test_readers_sniff_kind_by_content_and_name(name, content, kind):
    assert sniff_text(content, Path(name).suffix) == kind


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("نفت الوزارة عقد أي اجتماع في الميناء.", "cp1256"),
        ("Le ministère a démenti toute réunion à Kalvo, a-t-il déclaré.", "cp1252"),
        ("Bakanlık Kalvo'da herhangi bir görüşme yapılmadığını açıkladı.", "cp1254"),
        ("The ministry denied any meeting at the port of Kalvo.", "utf-16"),
    ],
)
def test_readers_decode_legacy_encodings(text, encoding):
    source = Source("x.txt", "x.txt")
    data = (text + "\n") * 20
    assert decode(data.encode(encoding), source) == data
    assert source.notes == []


def test_readers_decode_mixed_encodings_line_by_line():
    utf8 = "Le ministère a démenti toute réunion à Kalvo.\n".encode()
    legacy = "Le ministère a réaffirmé sa position à Serman.\n".encode("cp1252")
    source = Source("mixed.txt", "mixed.txt")
    text = decode(utf8 * 3 + legacy * 3, source)
    assert text.count("démenti") == 3 and text.count("réaffirmé") == 3
    assert "\ufffd" not in text
    assert any("mixed encodings" in note for note in source.notes)


def test_readers_gzip_of_a_text_input_is_read_inside(tmp_path):
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(gzip.compress((FIXTURES / "records-plain.jsonl").read_bytes()))
    assert [d.title for d in documents(path)] == [
        "Dravena museum reopens after renovation",
        "Sarnak road closed by landslide",
    ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Harbour Gazette", "harbourgazette.example"),
        ("The Harbour Gazette", "HARBOUR GAZETTE"),
        ("Mavi Rota Haber", "Mavi Rota"),
        ("Kuzey Işığı Haber", "Kuzey Isigi Haber"),
        ("Al-Ufuq", "الأفق"),
        ("www.strait-review.co.uk", "Strait Review"),
    ],
)
def test_readers_outlet_variants_resolve(a, b):
    assert same_outlet(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("The Harbour Gazette", "The Coastline Monitor"), ("Strait Review", "Eastgate Times")],
)
def test_readers_different_outlets_stay_apart(a, b):
    assert not same_outlet(a, b)


def test_readers_html_in_a_declared_legacy_charset(tmp_path):
    paragraphs = [
        "افتتحت بلدية سيرمان اليوم سوقاً مسقوفة جديدة بجوار سوق السمك القديم بعد نقاش دام عامين.",
        "وقالت البلدية إن السوق تضم تسعين بسطة وستفتح أبوابها للزوار في الربيع المقبل.",
    ]
    page = (
        '<html><head><meta charset="windows-1256"><title>سوق جديدة في سيرمان</title></head>'
        f"<body><article><p>{paragraphs[0]}</p><p>{paragraphs[1]}</p></article></body></html>"
    )
    path = tmp_path / "souq.html"
    path.write_bytes(page.encode("cp1256"))
    [document] = documents(path)
    assert document.title == "سوق جديدة في سيرمان"
    assert document.original == "\n\n".join(paragraphs)


def test_readers_record_without_title_gets_one_from_its_text(sqlite_store, tmp_path):
    path = tmp_path / "untitled.jsonl"
    path.write_text(
        json.dumps(
            {
                "text": "The port reopened on Monday after the storm damaged the pier, "
                "officials said. Ferries ran on time.",
                "date": "2025-05-12",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    report = ingest_paths(sqlite_store, [path], progress=False)
    article = get_article(sqlite_store, report.added[0])
    assert article.title == "The port reopened on Monday after the storm damaged the pier"
    assert article.published.date == "2025-05-12"
