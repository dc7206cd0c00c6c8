"""Plans read against an article's date: a report that speaks of a time as still to come ("the
taxiway, due to open in spring 2023", "2023 yılında açılacak", "من المقرر أن يكتمل قبل نهاية 2022")
was written before that time. When the whole of that time lies long before the article's stated
date, the text is older than its date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from storyline.lexicons import load
from storyline.text.normalize import fold

# A plan's time ending this long before the stated date cannot be written as still to come on
# that date: deadlines slip by weeks and months, and a report may still call a plan missed by
# that much 'due'; a year is the same margin the content-date check keeps.
PLAN_GAP_DAYS = 365
# How far on either side of the time its future wording may stand, within the time's own clause:
# "who founded it in 1998, said the freeze would hold" speaks of 1998 as past.
CUE_WINDOW = 60
# A day pinned to its year by the weekday named beside it ('next Monday, March 3') spoken of as
# still to come: a page's date may lag its text by an update or two, not by weeks.
PINNED_DAY_GAP_DAYS = 14
CLAUSE_END = re.compile(r"[.!?؟\n,;:،؛()–—]")


@dataclass(frozen=True)
class PlanWords:
    """One language's words putting a time to come, and those turning a plan into the past."""

    future: tuple[str, ...]
    past: tuple[str, ...]
    future_endings: tuple[str, ...]
    past_endings: tuple[str, ...]
    # One-letter conjunctions written onto the next word ('وكان'), matched without it.
    clitics: tuple[str, ...]

    def _bare(self, word: str) -> str:
        for clitic in self.clitics:
            if word.startswith(clitic) and len(word) > len(clitic) + 1:
                return word[len(clitic) :]
        return word

    def tense(self, window: str) -> str | None:
        """'past' when the window speaks of a plan as past ('was due to'), 'future' when it
        speaks of a time to come, else None. Window and cues are read folded: a vowel mark
        ('يُتوقع') or a dotless i does not hide a cue."""
        words = [self._bare(word) for word in fold(window).split()]
        folded = f" {' '.join(words)} "
        if any(f" {cue} " in folded for cue in self.past) or any(
            word.endswith(self.past_endings) for word in words if self.past_endings
        ):
            return "past"
        if any(f" {cue} " in folded for cue in self.future) or any(
            word.endswith(self.future_endings) for word in words if self.future_endings
        ):
            return "future"
        return None


@cache
def plan_words(language: str) -> PlanWords | None:
    lexicon = load(language, "future")
    if not lexicon:
        return None

    def words(key: str) -> tuple[str, ...]:
        return tuple(fold(entry) for entry in lexicon.get(key, []))

    return PlanWords(
        words("future"),
        words("past"),
        words("future_endings"),
        words("past_endings"),
        words("clitics"),
    )


def span_end(value: str) -> date | None:
    """The last day a written time value can mean ('2023' -> 2023-12-31, '2023-05' -> May 31,
    '2023-SP' -> the year's end); None for a value without a year."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return date(year, 12, 31)
    if day is None:
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(year, month, day)


def _clause_around(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, start)]
    after = CLAUSE_END.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _day_of_its_weekday(text: str, language: str, timex: Mapping[str, Any]) -> date | None:
    """The day a year-less date means when the weekday named beside it falls on it in the year
    read from the stated date ('next Monday, March 3'), else None: a weekday pins the year."""
    from storyline.timex import weekday_beside

    value = str(timex.get("value") or "")
    if timex.get("precision") != "day" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
        return None
    day = date.fromisoformat(value[:10])
    weekday = weekday_beside(text, int(timex["start"]), int(timex["end"]), language)
    return day if weekday == day.weekday() else None


def plan_date_check(
    stated: date, text: str, language: str, timexes: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """Evidence that a text was written long before its stated date: a time written out with
    its year, spoken of as still to come, ends more than PLAN_GAP_DAYS before that date; or a
    day its weekday pins ('from next Monday, March 3') lies more than PINNED_DAY_GAP_DAYS
    before it.
    `timexes` are dicts with value, anchored, start, end and text, found with the stated date."""
    words = plan_words(language)
    if words is None:
        return None
    plans = []
    for timex in timexes:
        if timex.get("anchored"):
            last_day, margin = _day_of_its_weekday(text, language, timex), PINNED_DAY_GAP_DAYS
        else:
            last_day, margin = span_end(str(timex.get("value") or "")), PLAN_GAP_DAYS
        if last_day is None or (stated - last_day).days <= margin:
            continue
        start, end = int(timex["start"]), int(timex["end"])
        clause_start, clause_end = _clause_around(text, start, end)
        window = text[max(clause_start, start - CUE_WINDOW) : min(clause_end, end + CUE_WINDOW)]
        if words.tense(window) == "future":
            plans.append({"text": " ".join(window.split()), "time": timex.get("text")})
    if not plans:
        return None
    return {"reason": "plan for a time long past", "stated": stated.isoformat(), "plans": plans}
