"""Time expressions in English, Arabic and Turkish text, normalised to TIMEX3 values.

Dates, times, durations and sets are found by lexicon-driven patterns (the month, weekday,
number and relative-date words live in storyline/lexicons/<lang>/); relative expressions are
resolved against an anchor date, with the tense of the sentence deciding which way to look.
"""

from __future__ import annotations

from datetime import date

from storyline.timex.context import Context
from storyline.timex.model import Timex
from storyline.timex.patterns import weekday_beside
from storyline.timex.rules import find


def find_timexes(text: str, language: str, anchor: date | None = None) -> list[Timex]:
    """Every time expression in the text, in text order, none overlapping another.

    Without an anchor, relative expressions ('yesterday', 'last year') are left out and
    year-less days keep an unknown year ('XXXX-06-15').
    """
    return find(text, language, anchor)


def tense_at(text: str, language: str, start: int, end: int) -> int:
    """How the sentence around `text[start:end]` speaks of it: 1 future, -1 past, 0 unknown."""
    return Context(text, language, None).direction(start, end)


__all__ = ["Timex", "find_timexes", "tense_at", "weekday_beside"]
