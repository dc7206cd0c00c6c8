"""From a document as read to an article as stored: clean text, language, outlet, date, id."""

from __future__ import annotations

from collections.abc import Collection

from storyline.ids import content_hash, short_id
from storyline.ingest.dates import publication_date
from storyline.ingest.language import detect_language
from storyline.ingest.outlets import detect_outlet
from storyline.ingest.plaintext import (
    Extraction,
    derive_title,
    extract,
    is_paragraph,
    split_lines,
)
from storyline.model import Article, RawDocument, TextSpan


def _already_clean(document: RawDocument) -> Extraction:
    """Text a reader already extracted (HTML, records, feeds): keep every paragraph."""
    parts, spans, position = [], [], 0
    for line in split_lines(document.original):
        if parts:
            parts.append("\n\n")
            position += 2
        spans.append(TextSpan(position, line.start, len(line.text)))
        parts.append(line.text)
        position += len(line.text)
    text = "".join(parts)
    return Extraction(
        title=document.title or derive_title(text.split("\n\n", 1)[0]),
        title_derived=not document.title,
        text=text,
        text_map=tuple(spans),
        header=(),
        captions=(),
        tail=(),
        removed=(),
    )


# The page's last lines, where copyright and sign-off lines sit even when no closing marker
# sets them apart from the body.
PAGE_END_LINES = 6


def build_article(document: RawDocument, site_lines: Collection[str] = ()) -> Article:
    """Analyse one document into an article; the id comes from its original content."""
    extraction = (
        extract(document.original, site_lines)
        if document.kind == "text"
        else _already_clean(document)
    )
    title = document.title or extraction.title
    language, confidence = (document.language, 1.0) if document.language else (None, 0.0)
    if not language:
        language, confidence = detect_language(f"{title}\n{extraction.text}")
    page_lines = [line.text for line in split_lines(document.original)]
    body_start = next(
        (i for i, line in enumerate(split_lines(document.original)) if is_paragraph(line)), 0
    )
    outlet = detect_outlet(
        document.outlet,
        page_lines,
        body_start,
        extraction.text,
        extraction.tail,
        extraction.captions,
        language,
        title,
    )
    published = publication_date(
        document.published,
        extraction.header,
        extraction.captions,
        extraction.text,
        language,
        [*extraction.tail, *page_lines[-PAGE_END_LINES:]],
    )
    fingerprint = content_hash(document.original)
    return Article(
        id=short_id("a", fingerprint),
        location=document.location,
        url=document.url,
        outlet=outlet,
        title=title,
        language=language,
        language_confidence=confidence,
        published=published,
        text=extraction.text,
        original=document.original,
        text_map=extraction.text_map,
        content_hash=fingerprint,
        kind=document.kind,
        boilerplate=tuple(line.text for line in extraction.removed),
    )
