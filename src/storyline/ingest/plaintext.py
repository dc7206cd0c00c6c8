"""Article text out of text pasted from web pages: title, body, and the boilerplate around them.

Boilerplate is found by generic means only: where a line sits (above the first paragraph, after
a closing marker), its shape (length, punctuation, digits, script), per-language widget and
navigation vocabulary, and lines that repeat within the page or across a site's articles.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from storyline.ingest.outlets import SEPARATOR, in_capitals, names_an_outlet
from storyline.lexicons import merged_list
from storyline.model import TextSpan
from storyline.text.normalize import fold, same_length, script_of

SENTENCE_END = re.compile(r"[.!?؟。…:]['\"”’»)\]]*$")
DIGITS_ONLY = re.compile(r"^[\d\s.,:|/\-+]+$")
CAPTION_TAIL = re.compile(
    r"[-–—]\s*[^-–—]{0,40}\d{4}\s*\([^)]{2,40}\)\s*$|\([A-Z][\w .]{1,30}\)\s*$"
)
PARAGRAPH_WORDS = 12
# Headlines run long but end without a full stop; prose without one must be longer still.
UNPUNCTUATED_PARAGRAPH_WORDS = 25
SHORT_LINE_WORDS = 8
DATELINE_WORDS = 7
# A headline runs to this many words; shorter lines after a masthead are often its tagline.
HEADLINE_WORDS = 5
MENU_MARKS = ("|", ">", "›", "»", "/", "•", "·")
BYLINE_START = re.compile(r"^(?:by|بقلم|yazan)\s")
COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
ACRONYM_ALONE = re.compile(r"[A-ZÇĞİÖŞÜ]{2,6}")
WEB_ADDRESS = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}", re.IGNORECASE)
INITIALS_SKIP = frozenset({"the", "of", "and", "for", "&"})
DAY_AND_YEAR = re.compile(r"(?<!\d)(?:[1-9]|[12]\d|3[01])(?!\d).*(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Line:
    start: int
    text: str

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    """What the page holds: its title, clean body with offsets, and the lines set aside."""

    title: str
    title_derived: bool
    text: str
    text_map: tuple[TextSpan, ...]
    header: tuple[str, ...]
    captions: tuple[str, ...]
    tail: tuple[str, ...]
    removed: tuple[RemovedLine, ...]


def split_lines(original: str) -> list[Line]:
    """Non-empty lines with their offsets in the original, stripped, odd spaces made plain."""
    lines = []
    position = 0
    for raw in same_length(original).split("\n"):
        stripped = raw.strip().rstrip("\r").strip()
        if stripped:
            lines.append(Line(position + raw.index(stripped), stripped))
        position += len(raw) + 1
    return lines


def _matches_any(folded: str, phrases: Collection[str]) -> bool:
    return folded in phrases


def _starts_with_any(folded: str, phrases: Collection[str]) -> bool:
    return any(folded == p or folded.startswith(p + " ") for p in phrases if p)


def _folded(key: str) -> frozenset[str]:
    return frozenset(fold(p) for p in merged_list("boilerplate", key) if fold(p))


def is_paragraph(line: Line) -> bool:
    """A line that reads like running prose rather than a label, link or heading."""
    if line.words >= UNPUNCTUATED_PARAGRAPH_WORDS:
        return True
    return line.words >= 6 and bool(SENTENCE_END.search(line.text))


def is_caption(line: Line) -> bool:
    folded = line.folded
    cues = [fold(cue) for cue in merged_list("boilerplate", "caption_cues")]
    if _starts_with_any(folded, cues):
        return True
    return not SENTENCE_END.search(line.text.rstrip(")")) and bool(CAPTION_TAIL.search(line.text))


class _Classifier:
    """Why a single line is boilerplate, or None when it is content."""

    def __init__(self, main_script: str, site_lines: Collection[str]) -> None:
        self.main_script = main_script
        self.site_lines = site_lines
        self.widgets = _folded("widget_lines")
        self.donations = _folded("donation_cues")

    def reason(self, line: Line, seen: set[str]) -> str | None:
        folded = line.folded
        if DIGITS_ONLY.match(line.text) and not re.search(r"\d{4}.*\d", line.text):
            return "numbers only"
        if not folded or len(folded) <= 2:
            return "widget"
        if _matches_any(folded, self.widgets):
            return "widget"
        if COPYRIGHT_LINE.match(line.text) and line.words <= SHORT_LINE_WORDS * 3:
            return "copyright"
        if line.words <= 20 and any(cue in folded for cue in self.donations):
            return "donation appeal"
        if folded in seen:
            return "repeated line"
        if is_caption(line):
            return "caption"
        if (
            line.words <= SHORT_LINE_WORDS
            and script_of(line.text) not in (self.main_script, "none")
            and not SENTENCE_END.search(line.text)
        ):
            return "link in another script"
        if line.words <= PARAGRAPH_WORDS and folded in self.site_lines and not is_paragraph(line):
            return "repeated across the site"
        return None


def _title_index(lines: list[Line], classify: _Classifier) -> int | None:
    """Which line above the body is the headline: not a masthead, menu, byline or dateline;
    the first of five words or more where there is one (a short line after the masthead is
    more often its tagline), else the first that qualifies."""
    candidates = [
        index
        for index, line in enumerate(lines)
        if classify.reason(line, set()) is None
        and line.words >= 3
        and not _is_dateline(line)
        and not _is_menu(line)
        and not BYLINE_START.match(line.folded)
        and not names_an_outlet(line.text)
        and not _capitalised_name(line.text)
        and not _spelt_out_name(line.text)
    ]
    # 'Civic Rally | Press Office': a name and its section, each a few words, heads the page
    # when a headline follows.
    labels = [index for index in candidates if _name_and_label(lines[index].text)]
    if len(labels) < len(candidates):
        candidates = [index for index in candidates if index not in labels]
    long_enough = [index for index in candidates if lines[index].words >= HEADLINE_WORDS]
    return (long_enough or candidates or [None])[0]


def _parts(text: str) -> list[str]:
    return [part.strip() for part in SEPARATOR.split(text.strip()) if part.strip()]


def _spelt_out_name(text: str) -> bool:
    """A masthead naming the outlet twice: its initials and the words they stand for ('CPS —
    Continental Press Service'), or its web address and a slogan ('example.net - All the news'),
    or its name written out with its kind on either side of a separator."""
    parts = _parts(text)
    if len(parts) < 2:
        return False
    if WEB_ADDRESS.fullmatch(parts[0]):
        return True
    for short, long in ((parts[0], parts[1]), (parts[1], parts[0])):
        if ACRONYM_ALONE.fullmatch(short) and _initials(long) == short.casefold():
            return True
    return any(names_an_outlet(part) for part in parts[1:])


def _initials(text: str) -> str:
    """The first letters of a name's words, small words left out ('Ova Haber Ajansı' -> 'oha')."""
    words = [word for word in re.split(r"[\s-]+", text) if word]
    return "".join(word[0] for word in words if fold(word) not in INITIALS_SKIP).casefold()


def _name_and_label(text: str) -> bool:
    """A line of two or three short parts between separators ('Markets | Region', 'X | Local
    news'), none of them a headline's length."""
    parts = _parts(text)
    return 2 <= len(parts) <= 3 and all(len(part.split()) < HEADLINE_WORDS - 1 for part in parts)


def _capitalised_name(text: str) -> bool:
    """A name in capitals heading the page ('THE LEDGERLINE — Morning Brief'): a masthead."""
    name = SEPARATOR.split(text, maxsplit=1)[0]
    return in_capitals(name) and len(name.split()) <= 4


def _is_menu(line: Line) -> bool:
    """A site menu or breadcrumb: 'World | Politics | Business', 'Home > Europe'."""
    marks = sum(line.text.count(mark) for mark in MENU_MARKS)
    return marks >= 2 or (marks == 1 and any(mark in line.text for mark in (">", "›")))


def derive_title(first: str) -> str:
    """A title made from the opening of the text, for pages that give none."""
    sentence = re.split(r"(?<=[.!?؟])\s", first, maxsplit=1)[0]
    head = sentence.split(",")[0]
    if len(head.split()) >= 8:
        return head.strip()
    words = sentence.split()
    return " ".join(words[:20]) + ("…" if len(words) > 20 else "")


def extract(original: str, site_lines: Collection[str] = ()) -> Extraction:
    """Split pasted page text into title, clean body (with offsets) and what was set aside.

    `site_lines` holds folded lines known to repeat across other articles of the same site.
    """
    lines = split_lines(original)
    main_script = script_of(" ".join(line.text for line in lines if is_paragraph(line)) or original)
    classify = _Classifier(main_script, site_lines)
    tail_markers = _folded("tail_markers")
    removed: list[RemovedLine] = []
    header: list[str] = []
    captions: list[str] = []
    seen: set[str] = set()

    body_start = next((i for i, line in enumerate(lines) if is_paragraph(line)), len(lines))
    title_index = _title_index(lines[:body_start], classify)
    title = ""
    for index, line in enumerate(lines[:body_start]):
        reason = classify.reason(line, seen)
        if index == title_index:
            title = line.text
            seen.add(line.folded)
            continue
        header.append(line.text)
        if reason == "caption" or (reason is None and is_caption(line)):
            captions.append(line.text)
        removed.append(RemovedLine(line.text, reason or "header"))
        seen.add(line.folded)

    body: list[Line] = []
    tail: list[str] = []
    for index in range(body_start, len(lines)):
        line = lines[index]
        if line.words <= 6 and _starts_with_any(line.folded.rstrip(" ."), tail_markers):
            tail = [rest.text for rest in lines[index:]]
            removed.extend(RemovedLine(text, "after closing marker") for text in tail)
            break
        reason = classify.reason(line, seen)
        if reason:
            removed.append(RemovedLine(line.text, reason))
            if reason == "caption":
                captions.append(line.text)
            continue
        seen.add(line.folded)
        body.append(line)

    while body and not is_paragraph(body[-1]):
        dropped = body.pop()
        removed.append(RemovedLine(dropped.text, "trailing fragment"))
        tail.insert(0, dropped.text)

    title_derived = not title
    if title_derived and body:
        title = derive_title(body[0].text)

    parts: list[str] = []
    spans: list[TextSpan] = []
    position = 0
    for line in body:
        if parts:
            parts.append("\n\n")
            position += 2
        spans.append(TextSpan(position, line.start, len(line.text)))
        parts.append(line.text)
        position += len(line.text)
    return Extraction(
        title=title,
        title_derived=title_derived,
        text="".join(parts),
        text_map=tuple(spans),
        header=tuple(header),
        captions=tuple(captions),
        tail=tuple(tail),
        removed=tuple(removed),
    )


def _is_dateline(line: Line) -> bool:
    """A line that is mostly a date or time (digits and separators, or short with a year), or
    a byline whose one part is ('Politics | March 15, 2025', 'Outlet — 04/11/2024')."""
    return any(_mostly_date(part) for part in SEPARATOR.split(line.text))


def _mostly_date(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    if digits < 4:
        return False
    if digits / max(len(text), 1) > 0.25 or len(text.split()) <= 4:
        return True
    # 'الاثنين 28 تشرين الأول/أكتوبر 2024', 'Friday, November 14, 2025': a day and a year.
    return len(text.split()) <= DATELINE_WORDS and bool(DAY_AND_YEAR.search(text))
