"""An article's publication date: what its metadata or dateline states, else what its text implies.

A date the page states (metadata, a dateline at the top, not an "updated" line) is taken as
stated. Otherwise the year is inferred from photo captions (photo dates sit close to
publication) and the day from the latest year-less date the text reports, never before the
photo; with no caption year, explicit years in the text give only a lower bound, since they
usually date background events. Dates the text puts in the future bound nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from storyline.lexicons import merged_list
from storyline.model import PublishedDate
from storyline.text.normalize import fold
from storyline.timex import Timex, find_timexes, tense_at

DATELINE_CONFIDENCE = 0.9
INFERRED_CONFIDENCE = 0.4
AMBIGUOUS_CONFIDENCE = 0.6
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
BODY_DATELINE = re.compile(r"^(?P<dateline>[^.!?؟\n()]{3,90}?\([^()]{2,40}\))\s*[-–—]")
COPYRIGHT_YEAR = re.compile(r"©\s*(?:[^\d\n]{0,40}\s)?((?:19|20)\d\d)(?!\d)")
LOWER_BOUND_CONFIDENCE = 0.15


def _full_dates(timexes: Sequence[Timex]) -> list[tuple[date, Timex]]:
    """Days with a stated year, alone ('2024-06-24') or with a time ('2024-06-24T10:25')."""
    found = []
    for timex in timexes:
        if timex.kind in ("DATE", "TIME") and timex.value[:4].isdigit():
            try:
                found.append((date.fromisoformat(timex.value[:10]), timex))
            except ValueError:
                continue
    return found


def _yearless(body: str, timexes: Sequence[Timex], language: str) -> list[tuple[int, int, Timex]]:
    """Days given without a year ('June 15'), leaving out those the text puts in the future."""
    found = []
    for timex in timexes:
        value = timex.value
        if timex.kind == "DATE" and value.startswith("XXXX-") and len(value) == 10:
            month, day = value[5:7], value[8:10]
            if (
                month.isdigit()
                and day.isdigit()
                and tense_at(body, language, timex.start, timex.end) <= 0
            ):
                found.append((int(month), int(day), timex))
    return found


def _explicit_years(body: str, timexes: Sequence[Timex], language: str) -> list[tuple[date, Timex]]:
    """Dates with a stated year, at any precision, as the first day they can mean.

    Dates the text speaks of in the future tense ('elections due in 2028') bound nothing.
    """
    found = []
    for timex in timexes:
        value = timex.value
        if timex.kind != "DATE" or not value[:4].isdigit() or timex.anchored:
            continue
        if tense_at(body, language, timex.start, timex.end) > 0:
            continue
        month = int(value[5:7]) if len(value) >= 7 and value[5:7].isdigit() else 1
        day = int(value[8:10]) if len(value) >= 10 and value[8:10].isdigit() else 1
        try:
            found.append((date(int(value[:4]), month, day), timex))
        except ValueError:
            continue
    return found


def _stated(header: Sequence[str], language: str) -> PublishedDate | None:
    update_cues = [fold(cue) for cue in merged_list("boilerplate", "update_cues")]
    for line in header:
        if any(cue and fold(line).startswith(cue) for cue in update_cues):
            continue
        full = _full_dates(find_timexes(line, language, None))
        if full:
            day, timex = full[0]
            other = _other_reading(timex.text, day)
            return PublishedDate(
                date=day.isoformat(),
                precision="day",
                source="dateline",
                confidence=AMBIGUOUS_CONFIDENCE if other else DATELINE_CONFIDENCE,
                estimate="stated",
                evidence=f"dateline '{line.strip()}'"
                + (f"; day and month could be swapped ({other})" if other else ""),
                alternative=other,
            )
    return None


def _other_reading(text: str, read: date) -> str | None:
    """The other date an all-numeric day and month could mean ('04/11/2024'), or None."""
    match = NUMERIC_DATE.search(text)
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    if first == second or first > 12 or second > 12:
        return None
    try:
        swapped = date(read.year, read.day, read.month)
    except ValueError:
        return None
    return swapped.isoformat()


def _body_dateline(body: str) -> str | None:
    """The dateline a wire report opens its first paragraph with ('CITY, 9 September 2024
    (AGENCY) –'), or None."""
    match = BODY_DATELINE.match(body)
    return match.group("dateline") if match else None


def _copyright_year(lines: Sequence[str]) -> int | None:
    for line in lines:
        match = COPYRIGHT_YEAR.search(line)
        if match:
            return int(match.group(1))
    return None


def _dateline_in_copyright_year(
    dateline: str, lines: Sequence[str], language: str
) -> PublishedDate | None:
    """A year-less wire dateline ('CITY, March 4 (AGENCY)') dated in the year of the page's
    copyright line, or None."""
    year = _copyright_year(lines)
    yearless = _yearless(dateline, find_timexes(dateline, language, None), language)
    if not year or not yearless:
        return None
    month, day, _ = yearless[0]
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return PublishedDate(
        date=found.isoformat(),
        precision="day",
        source="dateline",
        confidence=INFERRED_CONFIDENCE,
        estimate="inferred",
        evidence=f"day from the dateline '{dateline}', year from the © {year} line",
    )


def _first_after(month: int, day: int, bound: date) -> date | None:
    for year in (bound.year, bound.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= bound:
            return candidate
    return None


def publication_date(
    known: PublishedDate,
    header: Sequence[str],
    captions: Sequence[str],
    body: str,
    language: str,
    tail: Sequence[str] = (),
) -> PublishedDate:
    """The best publication date for an article, marked stated, inferred or lower bound."""
    if known.date:
        return known
    dateline = _body_dateline(body)
    lines = [line for line in header if line not in captions] + ([dateline] if dateline else [])
    stated = _stated(lines, language)
    if stated:
        return stated
    if dateline:
        dated = _dateline_in_copyright_year(dateline, [*tail, *header], language)
        if dated:
            return dated
    body_timexes = find_timexes(body, language, None)
    yearless = _yearless(body, body_timexes, language)
    caption_dates = [
        d for caption in captions for d, _ in _full_dates(find_timexes(caption, language, None))
    ]
    if caption_dates and yearless:
        year = max(caption_dates).year
        latest = max(yearless, key=lambda item: (item[0], item[1]))
        inferred = _first_after(latest[0], latest[1], date(year, 1, 1))
        if inferred:
            evidence = (
                f"year {year} from the photo caption date {max(caption_dates).isoformat()}; "
                f"day from the latest date in the text, '{latest[2].text}'"
            )
            if inferred < max(caption_dates):  # published after its photo was taken
                inferred = max(caption_dates)
                evidence += ", which is earlier than the photo: the photo's day instead"
            return PublishedDate(
                date=inferred.isoformat(),
                precision="day",
                source="inferred",
                confidence=INFERRED_CONFIDENCE,
                estimate="inferred",
                not_before=inferred.isoformat(),
                evidence=evidence,
            )
    if caption_dates:
        latest_caption = max(caption_dates)
        return PublishedDate(
            date=None,
            source="inferred",
            confidence=LOWER_BOUND_CONFIDENCE,
            estimate="lower-bound",
            not_before=latest_caption.isoformat(),
            evidence=f"not before the photo caption date {latest_caption.isoformat()}",
        )
    explicit = _explicit_years(body, body_timexes, language)
    if explicit:
        latest_date, latest_timex = max(explicit, key=lambda item: item[0])
        bound = latest_date
        evidence = f"not before '{latest_timex.text}', the latest dated event in the text"
        later = [_first_after(m, d, latest_date) for m, d, _ in yearless]
        later_dates = [d for d in later if d]
        if later_dates:
            bound = max(later_dates)
            evidence += (
                f"; year-less dates in the text fall after it, the latest {bound.isoformat()}"
            )
        return PublishedDate(
            date=None,
            source="inferred",
            confidence=LOWER_BOUND_CONFIDENCE,
            estimate="lower-bound",
            not_before=bound.isoformat(),
            evidence=evidence,
        )
    return known
