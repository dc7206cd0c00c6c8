"""Readers for every input kind: text files, folders, stdin, HTML, JSON/JSONL, feeds, WARC, URLs.

`read_inputs` turns what a user names on the command line into documents, one per article, and
turns every input it cannot read into an `IngestError` that names the input and the problem:
a bad input never stops the others.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from io import BytesIO
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from storyline.errors import IngestError
from storyline.ingest.fetch import Fetcher
from storyline.ingest.html import fragment_text, page_document
from storyline.ingest.outlets import display_name, host_of
from storyline.model import Outlet, PublishedDate, RawDocument

Item = RawDocument | IngestError
TextKind = Literal["text", "html", "json", "jsonl", "feed", "urls"]

# Files over this size are refused before they are read: no news article is this large, and
# reading a runaway dump whole would take the machine's memory.
MAX_BYTES = 50 * 1024 * 1024
SNIFF_CHARS = 4096
GZIP_MAGIC = b"\x1f\x8b"
INFLATE_CHUNK = 1 << 16
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)\b", re.IGNORECASE)
HTML_MARKUP = re.compile(r"<(!doctype html|html|head|body|article|div|p)\b", re.IGNORECASE)
# A charset named by an HTTP header, an HTML <meta> or an XML prolog.
CHARSET = re.compile(r"(?:charset|encoding)=[\"']?([\w.:-]+)", re.IGNORECASE)
ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")

# Magic numbers of binary formats people drop into news folders, for a message that helps.
BINARY_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
)
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

# Field names of news-please records first, then the plain {title, text, url, date, outlet}.
TEXT_FIELDS = ("maintext", "text")
DATE_FIELDS = ("date_publish", "date")
OUTLET_FIELDS = (("outlet", 0.9), ("source_domain", 0.7))
RECORD_DATE_CONFIDENCE = 0.9
FEED_DATE_CONFIDENCE = 0.85


@dataclass
class Source:
    """Bytes to read, how to name them in messages, and the key the article is stored under."""

    label: str
    location: str
    suffixes: tuple[str, ...] = ()
    url: str | None = None
    content_type: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def suffix(self) -> str:
        return self.suffixes[-1] if self.suffixes else ""

    def error(self, problem: str, where: str | None = None) -> IngestError:
        return IngestError(where or self.label, problem)


def read_inputs(paths: Iterable[str | Path], fetcher: Fetcher | None = None) -> Iterator[Item]:
    """Every document found under `paths` (files, folders, '-' for stdin, URLs), in a stable
    order, or an `IngestError` for each input that cannot be read. Never raises for bad input."""
    client = fetcher or Fetcher()
    try:
        for given in paths:
            text = str(given)
            if text == "-":
                yield from _read_stdin(client)
            elif URL.match(text):
                yield from _read_url(client, text)
            else:
                yield from _read_path(Path(text), text, client)
    finally:
        if fetcher is None:
            client.close()


def input_files(folder: Path) -> list[Path]:
    """The files of a folder and its subfolders, sorted; hidden files and folders are skipped."""
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(Path(root) / name for name in sorted(files) if not name.startswith("."))
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _read_path(path: Path, label: str, client: Fetcher) -> Iterator[Item]:
    if path.is_dir():
        files = input_files(path)
        if not files:
            yield IngestError(label, "the folder holds no files")
        for file in files:
            yield from _read_file(file, str(file), client)
    elif path.exists():
        yield from _read_file(path, label, client)
    else:
        yield IngestError(label, "no such file or folder")


def _read_file(path: Path, label: str, client: Fetcher) -> Iterator[Item]:
    source = Source(label, str(path.resolve()), tuple(s.lower() for s in path.suffixes))
    try:
        if not path.is_file():
            yield source.error("not a regular file")
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield source.error(
                f"the file is {size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit "
                "for one input; split it into smaller files"
            )
            return
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        yield source.error(f"cannot read the file: {error.strerror or error}")
        return
    yield from read_bytes(data, source, client)


def _read_stdin(client: Fetcher) -> Iterator[Item]:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    # Each distinct text piped in is its own article, so its content names its location.
    source = Source("<stdin>", f"stdin:{hashlib.sha256(data).hexdigest()[:12]}")
    yield from read_bytes(data, source, client)


def _read_url(client: Fetcher, url: str) -> Iterator[Item]:
    """A page fetched from a URL; what it holds is never itself read as a URL list (no crawling)."""
    fetched = client.fetch(url)
    if isinstance(fetched, IngestError):
        yield fetched
        return
    source = Source(
        url, url, suffixes_of_url(url), url=fetched.url, content_type=fetched.content_type
    )
    yield from read_bytes(fetched.data, source, None)


def read_bytes(data: bytes, source: Source, client: Fetcher | None) -> Iterator[Item]:
    """Documents in one input's bytes, whatever its kind; errors name `source.label`."""
    if len(data) > MAX_BYTES:
        yield source.error(f"over the {MAX_BYTES // 2**20} MB limit for one input")
        return
    if not data.strip():
        yield source.error("the file is empty")
        return
    if data.startswith(GZIP_MAGIC):
        yield from _read_gzip(data, source, client)
        return
    if data.startswith(b"WARC/"):
        yield from _read_warc(data, source)
        return
    if ".warc" in source.suffixes:
        yield source.error(f"not a WARC file (first bytes: {_first_bytes(data)})")
        return
    binary = _binary_kind(data)
    if binary:
        yield source.error(
            f"not text: this looks like {binary} (first bytes: {_first_bytes(data)})"
        )
        return
    text = decode(data, source)
    if text is None:
        yield source.error("not text in any known encoding (a binary file?)")
        return
    kind = sniff_text(text, source.suffix, source.content_type)
    if kind == "feed":
        yield from _read_feed(data, source)
    elif kind == "html":
        yield page_document(text, source.label, source.location, source.url, source.notes)
    elif kind in ("json", "jsonl"):
        yield from _read_json(text, source, kind)
    elif kind == "urls":
        if client is None:
            yield source.error("a list of URLs fetched from the web is not followed")
        else:
            yield from _read_url_list(text, source, client)
    else:
        yield RawDocument(
            location=source.location,
            original=text,
            kind="text",
            url=source.url,
            notes=tuple(source.notes),
        )


def _first_bytes(data: bytes) -> str:
    return repr(data[:16])[2:-1]


def _binary_kind(data: bytes) -> str | None:
    for signature, name in BINARY_SIGNATURES:
        if data.startswith(signature):
            return name
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in head:
        return "a binary file"
    return None


def decode(data: bytes, source: Source) -> str | None:
    """Text from bytes in whatever encoding they are in; None when they are not text.

    UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they are. Otherwise the
    encoding is detected (charset-normalizer) from the lines that are not UTF-8, so a file that
    mixes UTF-8 lines with lines in a legacy encoding is read line by line. Bytes that still do
    not decode become U+FFFD, and the source gets a note saying how many.
    """
    declared = _declared_charset(source.content_type) or _declared_charset(
        data[:SNIFF_CHARS].decode("ascii", errors="ignore")
    )
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _noted(data.decode(encoding, errors="replace"), source, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    lines = data.split(b"\n")
    legacy = [line for line in lines if not _is_utf8(line)]
    from charset_normalizer import from_bytes

    guess = from_bytes(b"\n".join(legacy)[:200_000]).best()
    if guess is None:
        return None
    encoding = guess.encoding
    utf8_lines = [line for line in lines if _is_utf8(line) and not line.isascii()]
    if not utf8_lines:
        text = data.decode(encoding, errors="replace")
        if _mostly_control(text):
            return None
        return _noted(text, source, encoding)
    text = "\n".join(
        line.decode("utf-8") if _is_utf8(line) else line.decode(encoding, errors="replace")
        for line in lines
    )
    source.notes.append(
        f"mixed encodings: {len(utf8_lines)} lines in UTF-8 and {len(legacy)} in {encoding}; "
        "each line was decoded in its own encoding"
    )
    return _noted(text, source, encoding)


def _declared_charset(content_type: str) -> str | None:
    match = CHARSET.search(content_type)
    return match.group(1) if match else None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_control(text: str) -> bool:
    sample = text[: SNIFF_CHARS * 2]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return control > len(sample) * 0.1


def _noted(text: str, source: Source, encoding: str) -> str:
    replaced = text.count("\ufffd")
    if replaced:
        source.notes.append(
            f"{replaced} bytes could not be decoded as {encoding} and were replaced with U+FFFD"
        )
    return text


def sniff_text(text: str, suffix: str, content_type: str = "") -> TextKind:
    """What kind of input a text is, by its content first and its file name second."""
    head = text[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
    lowered = head.lower()
    if FEED_ROOT.search(lowered) and (lowered.startswith("<?xml") or FEED_ROOT.match(lowered)):
        return "feed"
    if "html" in content_type or lowered.startswith(("<!doctype html", "<html")):
        return "html"
    if suffix in HTML_SUFFIXES or (head.startswith("<") and HTML_MARKUP.search(lowered)):
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix == ".json" or "json" in content_type or head.startswith(("{", "[")):
        kind = _json_kind(text)
        if kind or suffix == ".json" or "json" in content_type:
            return kind or "json"
    if suffix == ".urls" or _only_urls(text):
        return "urls"
    return "text"


def _json_kind(text: str) -> TextKind | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        first = next((line for line in text.splitlines() if line.strip()), "")
        if error.msg.startswith("Extra data") or _parses(first):
            return "jsonl"
        return None
    return "json"


def _parses(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _only_urls(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    return bool(lines) and all(URL.match(line) for line in lines)


def _read_gzip(data: bytes, source: Source, client: Fetcher | None) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=BytesIO(data)) as archive:
            head = archive.read(64)
    except (OSError, EOFError, zlib.error) as error:
        yield source.error(f"a damaged gzip file: {error}")
        return
    if head.startswith(b"WARC/"):
        yield from _read_warc(data, source)
        return
    if ".warc" in source.suffixes:
        yield source.error(
            f"not a WARC file: a gzip archive of something else (first bytes inside: "
            f"{_first_bytes(head)})"
        )
        return
    try:
        with gzip.GzipFile(fileobj=BytesIO(data)) as archive:
            inner = archive.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        yield source.error(f"a damaged gzip file: {error}")
        return
    if len(inner) > MAX_BYTES:
        yield source.error(f"decompresses to over the {MAX_BYTES // 2**20} MB limit for one input")
        return
    source.suffixes = tuple(s for s in source.suffixes if s != ".gz")
    yield from read_bytes(inner, source, client)


def _read_warc(data: bytes, source: Source) -> Iterator[Item]:
    """Each HTML page archived in a WARC file is one document, under its target URL."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    pages = 0
    try:
        for record in ArchiveIterator(BytesIO(data)):
            if record.rec_type not in ("response", "resource"):
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            headers = record.http_headers
            if headers is not None:
                status = headers.get_statuscode() or ""
                content_type = headers.get_header("Content-Type") or ""
                if not status.startswith("2"):
                    continue
            else:
                content_type = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            body = record.content_stream().read()
            page = Source(
                f"{source.label} ({uri})",
                uri or f"{source.location}#{pages + 1}",
                url=uri or None,
                content_type=content_type,
            )
            pages += 1
            text = decode(body, page)
            if text is None:
                yield page.error("the archived page is not text")
                continue
            yield page_document(text, page.label, page.location, page.url, page.notes)
    except ArchiveLoadFailed as error:
        yield source.error(f"not a readable WARC file: {error}")
        return
    # warcio fails on damaged records with assorted errors (even AttributeError on a missing
    # header): the pages read so far stand, the rest of the file is reported.
    except Exception as error:
        yield source.error(
            f"the WARC file is damaged after {pages} pages: {type(error).__name__}: {error}"
        )
        return
    if data.startswith(GZIP_MAGIC) and not _gzip_complete(data):
        yield source.error(f"the WARC file is cut short: {pages} pages read before its end")
    elif not pages:
        yield source.error("the WARC file holds no archived HTML pages")


def _gzip_complete(data: bytes) -> bool:
    """Whether every gzip member in `data` runs to its end marker (a cut file does not)."""
    rest = data
    while rest.strip(b"\x00"):
        inflater = zlib.decompressobj(wbits=31)
        position = 0
        while not inflater.eof and position < len(rest):
            try:
                inflater.decompress(rest[position : position + INFLATE_CHUNK])
            except zlib.error:
                return False
            position += INFLATE_CHUNK
        if not inflater.eof:
            return False
        rest = inflater.unused_data + rest[position:]
    return True


def _read_feed(data: bytes, source: Source) -> Iterator[Item]:
    """Each entry of an RSS or Atom feed is one document; the feed's title is its outlet."""
    import feedparser

    # Bytes, so feedparser honours the feed's own encoding declaration.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = f": {parsed.bozo_exception}" if parsed.get("bozo") else ""
        yield source.error(f"no entries in the RSS/Atom feed{reason}")
        return
    feed_title = display_name(parsed.feed.get("title", "") or "")
    for index, entry in enumerate(parsed.entries, 1):
        where = f"{source.label} entry {index}"
        contents = entry.get("content") or []
        body = contents[0].get("value", "") if contents else entry.get("summary", "")
        text = fragment_text(body or "")
        if not text:
            yield source.error("the entry has no text (no content or summary)", where)
            continue
        link = entry.get("link") or None
        outlet = (
            Outlet(feed_title, "feed", 0.8, f"feed title '{feed_title}'")
            if feed_title
            else _outlet_from_url(link)
        )
        yield RawDocument(
            location=link or f"{source.location}#{entry.get('id') or index}",
            original=text,
            kind="feed",
            title=fragment_text(entry.get("title", "")) or None,
            url=link,
            outlet=outlet,
            published=_feed_date(entry),
            notes=tuple(source.notes),
        )


def _feed_date(entry: dict) -> PublishedDate:
    for key, confidence in (("published", FEED_DATE_CONFIDENCE), ("updated", 0.6)):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            day = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
            return PublishedDate(
                date=day.isoformat(),
                precision="day",
                source="feed",
                confidence=confidence,
                estimate="stated",
                evidence=f"feed entry '{key}': {entry.get(key, '')}",
            )
    return PublishedDate()


def _read_json(text: str, source: Source, kind: TextKind) -> Iterator[Item]:
    if kind == "jsonl":
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            where = f"{source.label}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield source.error(
                    f"line {number} is not valid JSON: {error.msg} (column {error.colno}); "
                    "the other lines are read",
                    where,
                )
                continue
            yield _record_document(record, source, where, f"{source.location}#{number}")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        yield source.error(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        )
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, 1):
        where = f"{source.label} record {number}" if isinstance(value, list) else source.label
        location = f"{source.location}#{number}" if isinstance(value, list) else source.location
        yield _record_document(record, source, where, location)


def _record_document(record: object, source: Source, where: str, location: str) -> Item:
    """A news-please record or a plain {title, text, url, date, outlet} one as a document."""
    if not isinstance(record, dict):
        return source.error(f"a record must be a JSON object, not {type(record).__name__}", where)
    text = next((record[key] for key in TEXT_FIELDS if isinstance(record.get(key), str)), "")
    if not text.strip():
        return source.error("the record has no text (expected a 'maintext' or 'text' field)", where)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    outlet = _outlet_from_url(url)
    for key, confidence in OUTLET_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and display_name(value):
            outlet = Outlet(display_name(value), "record", confidence, f"record field '{key}'")
            break
    language = record.get("language")
    title = record.get("title")
    return RawDocument(
        location=url or location,
        original=text,
        kind="record",
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        url=url,
        outlet=outlet,
        published=_record_date(record),
        language=language if isinstance(language, str) and len(language) == 2 else None,
        notes=tuple(source.notes),
    )


def _record_date(record: dict) -> PublishedDate:
    for key in DATE_FIELDS:
        value = record.get(key)
        parsed = parse_date_value(value) if isinstance(value, str) else None
        if parsed:
            day, precision = parsed
            return PublishedDate(
                date=day,
                precision=precision,
                source="record",
                confidence=RECORD_DATE_CONFIDENCE,
                estimate="stated",
                evidence=f"record field '{key}': {value}",
            )
    return PublishedDate()


def parse_date_value(value: str) -> tuple[str, Literal["day", "month", "year"]] | None:
    """A metadata date ('2024-06-24 10:25:00', ISO 8601, RFC 2822, '2024') at its precision."""
    text = value.strip()
    match = ISO_DATE.match(text)
    try:
        if match:
            year, month, day = match.groups()
            if day:
                return date(int(year), int(month), int(day)).isoformat(), "day"
            date(int(year), int(month), 1)
            return f"{year}-{month}", "month"
        if re.fullmatch(r"\d{4}", text):
            return text, "year"
        parsed: datetime = parsedate_to_datetime(text)
        return parsed.date().isoformat(), "day"
    except (ValueError, TypeError, IndexError):
        return None


def _outlet_from_url(url: str | None) -> Outlet:
    host = host_of(url)
    return Outlet(host, "url", 0.6, f"host of {url}") if host else Outlet()


def _read_url_list(text: str, source: Source, client: Fetcher) -> Iterator[Item]:
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if not URL.match(entry):
            yield source.error(
                f"line {number} is not a URL: '{entry[:80]}'", f"{source.label}:{number}"
            )
            continue
        yield from _read_url(client, entry)


def suffixes_of_url(url: str) -> tuple[str, ...]:
    """File suffixes of a URL's path ('.html', '.json'), lower-cased."""
    return tuple(s.lower() for s in Path(urlsplit(url).path).suffixes)
