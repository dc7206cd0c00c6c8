"""The data model: what an article, its date, its flags and its text map are. Frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["html-meta", "record", "feed", "dateline", "in-text", "inferred", "none"]
DateEstimate = Literal["stated", "inferred", "lower-bound", "unknown"]
Precision = Literal["day", "month", "year"]
FlagKind = Literal["misdated", "stale", "reprint", "translation"]


@dataclass(frozen=True)
class PublishedDate:
    """A publication date with where it came from and how sure we are.

    `date` is ISO 8601 at `precision` (YYYY-MM-DD, YYYY-MM or YYYY), or None when unknown.
    `estimate` says whether the text states it, we inferred it, or it is only a lower bound
    (`not_before`). `evidence` quotes what the decision rests on. `alternative` is the other
    reading of an ambiguous numeric date ('04/11/2024': 4 November or 11 April), which the
    story's other reports can settle. `stated_day` is a day the page states without its year
    ('Thu 3 Oct': 'XXXX-10-03'), with `stated_weekday` (Monday 0) when it names one; the
    story's other reports settle the year.
    """

    date: str | None = None
    precision: Precision = "day"
    source: DateSource = "none"
    confidence: float = 0.0
    estimate: DateEstimate = "unknown"
    not_before: str | None = None
    evidence: str = ""
    alternative: str | None = None
    stated_day: str | None = None
    stated_weekday: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "date": self.date,
            "precision": self.precision,
            "source": self.source,
            "confidence": round(self.confidence, 3),
            "estimate": self.estimate,
            "not_before": self.not_before,
            "evidence": self.evidence,
            "alternative": self.alternative,
            "stated_day": self.stated_day,
            "stated_weekday": self.stated_weekday,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PublishedDate:
        return cls(**data)  # type: ignore[arg-type]


UNKNOWN_DATE = PublishedDate()


@dataclass(frozen=True)
class TextSpan:
    """A run of clean text copied unchanged from the original: clean[start:start+length]."""

    clean_start: int
    original_start: int
    length: int


@dataclass(frozen=True)
class Outlet:
    """Who published an article, with the evidence for it; name None when unknown."""

    name: str | None = None
    source: str = "none"
    confidence: float = 0.0
    evidence: str = ""


@dataclass(frozen=True)
class Flag:
    """A finding about an article as a whole, with the stage that made it."""

    kind: FlagKind
    evidence: dict[str, object]
    stage: str = ""


@dataclass(frozen=True)
class RawDocument:
    """One input document as a reader found it, before text extraction and analysis.

    Readers for each input kind (text, HTML, JSON, feeds, WARC, URLs) produce these; fields
    they know (title, date, outlet) come pre-filled with their source. `notes` are problems
    worth a warning that did not stop the reading (bytes replaced, a page cut short).
    """

    location: str
    original: str
    kind: Literal["text", "html", "record", "feed"]
    title: str | None = None
    url: str | None = None
    outlet: Outlet = field(default_factory=Outlet)
    published: PublishedDate = UNKNOWN_DATE
    language: str | None = None
    html: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article's clean text: its place in order and its character span."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """One report as stored: clean text, the original it came from, and its metadata."""

    id: str
    location: str
    url: str | None
    outlet: Outlet
    title: str
    language: str
    language_confidence: float
    published: PublishedDate
    text: str
    original: str
    text_map: tuple[TextSpan, ...]
    content_hash: str
    version: int = 1
    kind: str = "text"
    flags: tuple[Flag, ...] = ()
    boilerplate: tuple[str, ...] = ()

    def original_offset(self, clean_offset: int) -> int:
        """Where a character of the clean text sits in the original."""
        for span in self.text_map:
            if span.clean_start <= clean_offset < span.clean_start + span.length:
                return span.original_start + clean_offset - span.clean_start
        raise ValueError(f"offset {clean_offset} is not inside article {self.id}'s text")
