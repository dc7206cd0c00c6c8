"""An article's publication date: what its metadata or dateline states, else what its text implies.

A date the page states (metadata, a dateline at the top) is taken as stated; an "updated" line
only when the page states no other. A day stated without its year ('Thu 3 Oct') keeps its day
and month, its year read from the dates the page or, later, its story gives: the year near
them in which the day falls on the weekday named, else the one that puts it nearest them.
Otherwise the year is inferred from photo captions (photo dates sit close to publication) and
the day from the latest year-less date the text reports, never before the photo; with no
caption year, explicit years in the text give only a lower bound, since they usually date
background events. Dates the text puts in the future bound nothing.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from storyline.lexicons import load, merged_list
from storyline.model import PublishedDate
from storyline.text.normalize import fold
from storyline.timex import Timex, find_timexes, tense_at, weekday_beside

DATELINE_CONFIDENCE = 0.9
INFERRED_CONFIDENCE = 0.4
AMBIGUOUS_CONFIDENCE = 0.6
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)")
# 'CITY, 15 شباط (فبراير) 2025 (AGENCY) –', 'CITY, 14.06.2025 11:20 (AGENCY) –': a month glossed
# in brackets, or a date written with dots, may come before the agency.
BODY_DATELINE = re.compile(
    r"^(?P<dateline>(?:[^.!?؟\n()]|(?<=\d)\.(?=\d)|\([^()\d]{2,15}\)(?=\s*[\d\u0660-\u0669]))"
    r"{3,90}?"
    r"\([^()]{2,40}\))\s*[-–—]"
)
COPYRIGHT_YEAR = re.compile(r"©\s*(?:[^\d\n]{0,40}\s)?((?:19|20)\d\d)(?!\d)")
LOWER_BOUND_CONFIDENCE = 0.15
# A full date the text calls 'today' is the day it was written, unless a dateline says otherwise.
TODAY_CONFIDENCE = 0.75
# How far before a date the word 'today' (and a weekday) may stand.
TODAY_REACH = 24
# An update line dates the page when nothing else does: the article is at most that old.
UPDATE_LINE_CONFIDENCE = 0.75
# A year-less day whose weekday picks its year near the known dates, and one placed only by
# nearness to them: neither is as sure as a day stated with its year.
WEEKDAY_YEAR_CONFIDENCE = 0.7
NEAREST_YEAR_CONFIDENCE = 0.5
# How many years either side of the known dates a year-less day's year is looked for.
YEAR_SPREAD = 1
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


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


def _opens_with(line: str, cues_key: str) -> bool:
    """Whether a line opens with one of the boilerplate lexicon's `cues_key` words."""
    cues = [fold(cue) for cue in merged_list("boilerplate", cues_key)]
    return any(cue and fold(line).startswith(cue) for cue in cues)


def _is_published_line(line: str) -> bool:
    """'Yayın tarihi: …', 'Published: …': a line labelling the page's own date."""
    return _opens_with(line, "published_labels")


def _is_update_line(line: str) -> bool:
    return _opens_with(line, "update_cues")


def _stated(lines: Sequence[str], language: str, update: bool = False) -> PublishedDate | None:
    """The first day with its year that `lines` state; `update` marks them as update lines."""
    for line in lines:
        full = _full_dates(find_timexes(line, language, None))
        if full:
            day, timex = full[0]
            other = _other_reading(timex.text, day)
            confidence = UPDATE_LINE_CONFIDENCE if update else DATELINE_CONFIDENCE
            return PublishedDate(
                date=day.isoformat(),
                precision="day",
                source="dateline",
                confidence=min(confidence, AMBIGUOUS_CONFIDENCE) if other else confidence,
                estimate="stated",
                evidence=(
                    f"update line '{line.strip()}', the page states no publication date"
                    if update
                    else f"dateline '{line.strip()}'"
                )
                + (f"; day and month could be swapped ({other})" if other else ""),
                alternative=other,
            )
    return None


def _yearless_stated(
    header: Sequence[str], wire_dateline: str | None, language: str
) -> PublishedDate | None:
    """A day the page's top states without its year, as a date still to be placed: a header
    line that is the date alone or gives it with a weekday or a clock time ('Thu 3 Oct |
    14:05 GMT'), or a wire dateline ('CITY, June 5 (AGENCY) -'); None when there is none."""
    for line in [*header, *([wire_dateline] if wire_dateline else [])]:
        timexes = find_timexes(line, language, None)
        clock = any(t.kind == "TIME" for t in timexes)
        for timex in timexes:
            if not _is_yearless_day(timex):
                continue
            weekday = weekday_beside(line, timex.start, timex.end, language)
            alone = not re.sub(r"[\W_]+", "", line.replace(timex.text, ""))
            if weekday is not None or clock or alone or line == wire_dateline:
                return PublishedDate(
                    source="dateline",
                    evidence=f"year-less dateline '{line.strip()}'",
                    stated_day=timex.value,
                    stated_weekday=weekday,
                )
    return None


def _is_yearless_day(timex: Timex) -> bool:
    value = timex.value
    return (
        timex.kind == "DATE"
        and value.startswith("XXXX-")
        and len(value) == 10
        and value[5:7].isdigit()
        and value[8:10].isdigit()
    )


def resolve_yearless(
    stated_day: str,
    weekday: int | None,
    around: Sequence[date],
    spread: int = YEAR_SPREAD,
    not_before: date | None = None,
) -> tuple[date, bool] | None:
    """The date a year-less day ('XXXX-10-03') means, given dates known to lie near it, and
    whether its weekday chose the year.

    The years looked at are those of `around`, `spread` either side, no earlier than
    `not_before`. Among them the day is placed in the year where it falls on `weekday`, when
    one is named and some year fits, nearest the middle of `around`; else nearest that middle,
    the later on a tie. None when no year fits.
    """
    if not around:
        return None
    month, day = int(stated_day[5:7]), int(stated_day[8:10])
    years = sorted({when.year + shift for when in around for shift in range(-spread, spread + 1)})
    candidates = []
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if not_before is None or candidate >= not_before:
            candidates.append(candidate)
    if not candidates:
        return None
    middle = statistics.median(when.toordinal() for when in around)

    def distance(candidate: date) -> tuple[float, bool]:
        return abs(candidate.toordinal() - middle), candidate.toordinal() < middle

    on_weekday = [c for c in candidates if weekday is not None and c.weekday() == weekday]
    if on_weekday:
        return min(on_weekday, key=distance), True
    return min(candidates, key=distance), False


def placed_yearless(
    published: PublishedDate,
    around: Sequence[date],
    basis: str,
    spread: int = YEAR_SPREAD,
) -> PublishedDate | None:
    """`published`, a year-less stated day, dated in the year that `around` (the dates `basis`
    names) gives it; None when no year fits."""
    if not published.stated_day:
        return None
    floor = date.fromisoformat(published.not_before[:10]) if published.not_before else None
    found = resolve_yearless(published.stated_day, published.stated_weekday, around, spread, floor)
    if found is None:
        return None
    day, by_weekday = found
    # The evidence opens with the dateline as the page gives it (`_yearless_stated`); what
    # follows it is an earlier placement, replaced here.
    line = published.evidence.split("; ", 1)[0]
    if by_weekday:
        how = (
            f"year {day.year}: the one near {basis} in which the day falls on a "
            f"{WEEKDAYS[day.weekday()]}"
        )
    elif published.stated_weekday is not None:
        how = (
            f"year {day.year}: the one that puts it nearest {basis} (no year near them has it "
            f"on a {WEEKDAYS[published.stated_weekday]})"
        )
    else:
        how = f"year {day.year}: the one that puts it nearest {basis}"
    return replace(
        published,
        date=day.isoformat(),
        precision="day",
        confidence=WEEKDAY_YEAR_CONFIDENCE if by_weekday else NEAREST_YEAR_CONFIDENCE,
        estimate="stated" if by_weekday else "inferred",
        evidence=f"{line}; {how}",
    )


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
    top = [line for line in header if line not in captions]
    lines = top + ([dateline] if dateline else [])
    stated = _stated([line for line in lines if not _is_update_line(line)], language)
    if stated:
        return stated
    # 'Yayın tarihi: 11 Eylül 2025' below the text: a labelled date is the page's wherever it is.
    labelled = _stated([line for line in tail if _is_published_line(line)], language)
    if labelled:
        return labelled
    today = _today_in_text(body, language)
    if today:
        return today
    yearless = _yearless_stated(
        [line for line in top if not _is_update_line(line)], dateline, language
    )
    updated = _stated([line for line in lines if _is_update_line(line)], language, update=True)
    if updated and updated.date:
        placed = yearless and placed_yearless(
            yearless, [date.fromisoformat(updated.date)], f"the update line's {updated.date}"
        )
        return placed or updated
    found = _from_text(known, captions, body, language)
    if yearless is None:
        return found
    # A bound from the dates the text tells as past holds for the stated day too; a day the
    # text implies does not.
    if found.estimate == "lower-bound":
        yearless = replace(yearless, not_before=found.not_before)
    year = _copyright_year([*tail, *header])
    if year:
        # The © year itself, or with a weekday named the year near its middle that fits.
        placed = placed_yearless(
            yearless,
            [date(year, 7, 1)],
            f"the page's © {year} line",
            spread=YEAR_SPREAD if yearless.stated_weekday is not None else 0,
        )
        if placed:
            return placed
    caption_dates = [
        d for caption in captions for d, _ in _full_dates(find_timexes(caption, language, None))
    ]
    # The years a text tells as past date background ('founded in 1974'), often long before
    # the page: they bound its year from below but do not place it; its story does.
    placed = (
        placed_yearless(yearless, caption_dates, "the photo caption dates")
        if caption_dates
        else None
    )
    return placed or replace(
        found,
        source="dateline",
        evidence=f"{yearless.evidence}; its year is still to be read from its story"
        + (f"; {found.evidence}" if found.evidence else ""),
        stated_day=yearless.stated_day,
        stated_weekday=yearless.stated_weekday,
    )


def _today_words(language: str) -> list[str]:
    days = load(language, "relative").get("days", {})
    return sorted((word for word, offset in days.items() if offset == 0), key=len, reverse=True)


def _today_in_text(body: str, language: str) -> PublishedDate | None:
    """The day the text names as its own ('اليوم الأحد 17 نوفمبر 2024', 'today, 5 May 2024',
    'bugün (17 Kasım 2024)'): a report says 'today' of the day it is written."""
    words = _today_words(language)
    if not words:
        return None
    today = re.compile(
        rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})[\s,،(]*(?:\w+[\s,،]+)?$", re.IGNORECASE
    )
    for day, timex in _full_dates(find_timexes(body, language, None)):
        before = max(0, timex.start - TODAY_REACH)
        named = today.search(body[before : timex.start])
        if named:
            return PublishedDate(
                date=day.isoformat(),
                precision="day",
                source="text",
                confidence=TODAY_CONFIDENCE,
                estimate="stated",
                evidence="the text names its own day: "
                f"'{body[before + named.start() : timex.end]}'",
            )
    return None


def _from_text(
    known: PublishedDate, captions: Sequence[str], body: str, language: str
) -> PublishedDate:
    """What the photo captions and the text imply when the page states no date."""
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
