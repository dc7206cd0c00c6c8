"""HTML pages into documents: article text and metadata (trafilatura), dates (htmldate)."""

from __future__ import annotations

import html as html_entities
import logging
import re
from collections.abc import Sequence

from storyline.errors import IngestError
from storyline.ingest.outlets import display_name, host_of
from storyline.model import Outlet, PublishedDate, RawDocument

META_DATE_CONFIDENCE = 0.9
# htmldate's extensive search reads dates out of the page's text and links: often right,
# sometimes the date of something the page mentions.
SEARCHED_DATE_CONFIDENCE = 0.5
SITENAME_CONFIDENCE = 0.9
HOST_CONFIDENCE = 0.6
BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "pre",
    "article",
    "section",
    "figcaption",
    "ul",
    "ol",
    "table",
)
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# Both libraries log every page they cannot date or parse; the ingest report says what matters.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def page_document(
    page: str, label: str, location: str, url: str | None, notes: Sequence[str] = ()
) -> RawDocument | IngestError:
    """One HTML page as a document: its main text without the page's furniture, its title,
    its outlet (the site name in its metadata, else its host) and its date from its metadata."""
    import trafilatura

    truncated = _looks_truncated(page)
    try:
        extracted = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    # trafilatura and lxml raise many kinds of errors on broken markup: name the page, skip it.
    except Exception as error:
        return IngestError(label, f"cannot parse the HTML: {type(error).__name__}: {error}")
    text = (extracted.text or "") if extracted is not None else ""
    if not text.strip():
        return IngestError(
            label,
            "no article text found in the HTML" + (" (the page is cut short)" if truncated else ""),
        )
    title = (extracted.title or "").strip() or None
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if title and lines and lines[0] == title and len(lines) > 1:
        lines = lines[1:]
    page_url = extracted.url or url
    notes = list(notes)
    if truncated:
        notes.append("the HTML ends before </html>: the page may be cut short; read what is there")
    return RawDocument(
        location=location,
        original="\n\n".join(lines),
        kind="html",
        title=title,
        url=page_url,
        outlet=_outlet(extracted.sitename, page_url),
        published=_page_date(page, page_url),
        html=page,
        notes=tuple(notes),
    )


def _looks_truncated(page: str) -> bool:
    tail = page[-2048:].lower()
    return "<html" in page[:4096].lower() and "</html>" not in tail


def _outlet(sitename: str | None, url: str | None) -> Outlet:
    name = display_name(sitename or "")
    host = host_of(url)
    # trafilatura falls back on the host for the site name: that is evidence of a weaker kind.
    if name and name.lower().removeprefix("www.") != host:
        return Outlet(name, "html-meta", SITENAME_CONFIDENCE, f"site name '{sitename}' in the page")
    if host:
        return Outlet(host, "url", HOST_CONFIDENCE, f"host of {url}")
    return Outlet()


def _page_date(page: str, url: str | None) -> PublishedDate:
    from htmldate import find_date

    for extensive, confidence, how in (
        (False, META_DATE_CONFIDENCE, "the page's metadata"),
        (
            True,
            SEARCHED_DATE_CONFIDENCE,
            "a search of the page's text and links (no date in its metadata)",
        ),
    ):
        try:
            found = find_date(
                page,
                url=url,
                extensive_search=extensive,
                original_date=True,
                outputformat="%Y-%m-%d",
            )
        # htmldate raises assorted errors on malformed pages: no date, then.
        except Exception:
            found = None
        if found:
            return PublishedDate(
                date=found,
                precision="day",
                source="html-meta",
                confidence=confidence,
                estimate="stated",
                evidence=f"htmldate, from {how}",
            )
    return PublishedDate()


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): paragraphs kept, tags dropped."""
    if "<" not in fragment:
        text = html_entities.unescape(fragment)
    else:
        import lxml.html
        from lxml.etree import ParserError

        try:
            root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        except (ParserError, ValueError):
            return ""
        for element in list(root.iter("script", "style")):
            element.drop_tree()
        for element in root.iter(*BLOCK_TAGS):
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        for element in root.iter("br"):
            element.tail = "\n" + (element.tail or "")
        text = root.text_content()
    paragraphs = (" ".join(part.split()) for part in PARAGRAPH_BREAK.split(text))
    return "\n\n".join(part for part in paragraphs if part)
