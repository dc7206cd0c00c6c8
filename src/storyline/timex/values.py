"""The values of the pieces of a time expression: years, month and weekday names, units, counts."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from storyline.timex.lexicon import key, lookup, table
from storyline.timex.numbers import number_tokens, parse_digits, word_value


def year_of(raw: str) -> int:
    """A year as written: '1998', or two digits ('98, 89) read as 1930-2029."""
    digits = raw.strip("'’")
    if len(digits) == 2:
        number = int(digits)
        return 1900 + number if number >= 30 else 2000 + number
    return int(digits)


def _by_stem(language: str, lexicon: str, entry: str, word: str) -> Any:
    """The value of the longest lexicon word a Turkish word starts with ('Haziran'da')."""
    folded = key(word, language)
    for stem, value in sorted(table(language, lexicon, entry).items(), key=lambda kv: -len(kv[0])):
        if folded.startswith(stem):
            return value
    return None


def _calendar_word(language: str, entry: str, name: str) -> int | None:
    found = lookup(language, "months", entry, name.rstrip("."))
    if found is None and language == "tr":  # a suffixed form: 'Haziran'da', 'Pazartesi günü'
        return _by_stem(language, "months", entry, name)
    return found


def month_of(language: str, name: str) -> int | None:
    """The month (1-12) a month name stands for."""
    return _calendar_word(language, "months", name)


def weekday_of(language: str, name: str) -> int | None:
    """The weekday (Monday 0) a weekday name stands for."""
    return _calendar_word(language, "weekdays", name)


def unit_of(language: str, name: str) -> str | None:
    """The calendar unit ('D', 'W', 'M', 'Q', 'Y', 'DE', ...) a unit word names."""
    for entry in ("units", "duals", "definite_units", "vague_units"):
        found = lookup(language, "relative", entry, name)
        if found:
            return found
    if language == "tr":  # Turkish suffixes: 'yılında', 'haftadır', 'günlük'
        return _by_stem(language, "relative", "units", name)
    folded = key(name, language)
    if language == "en" and folded.endswith("s"):
        return lookup(language, "relative", "units", folded[:-1])
    return None


def amount_of(language: str, raw: str | None) -> float | None:
    """How many units a count names: None when vague ('a few', 'several', 'أيام')."""
    if not raw:
        return 1
    folded = key(raw, language)
    if folded in table(language, "numbers", "vague"):
        return None
    if folded in table(language, "numbers", "indefinite"):
        return 1
    if re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        value = parse_digits(raw, language)
        return float(value)
    value = word_value(number_tokens(raw, language), language)
    return float(value) if value is not None else None


_CLOCK_DESIGNATORS = {"H": "H", "MI": "M", "S": "S"}


def _count(amount: float | None) -> str:
    if amount is None:
        return "X"
    return str(int(amount)) if float(amount).is_integer() else str(amount)


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: 'P2W', 'PT5H', 'PXY' for a vague count."""
    count = _count(amount)
    if unit in ("H", "MI", "S"):
        return f"PT{count}{_CLOCK_DESIGNATORS[unit]}"
    if unit == "WE":
        return f"P{count}WE"
    if unit in ("DE", "CE") and amount is not None:
        return f"P{_count(amount * (10 if unit == 'DE' else 100))}Y"
    return f"P{count}{unit}"


def day_value(year: int | None, month: int, day: int) -> str | None:
    """'2024-06-11', or 'XXXX-06-11' without a year; None for a day that does not exist."""
    try:
        if year is None:
            date(2000, month, day)  # a leap year: accepts 29 February
            return f"XXXX-{month:02d}-{day:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def shift_of(language: str, raw: str | None) -> int | None:
    """How many units a relative word moves: 'last' -1, 'next' 1, 'this' or 'الجاري' 0."""
    if not raw:
        return None
    for entry in ("shift_before", "shift_after"):
        found = lookup(language, "relative", entry, raw)
        if found is not None:
            return found
    return None


def part_of(language: str, raw: str | None) -> str | None:
    """The part of a period a word picks: START, MID, END, or a half of a year (H1, H2)."""
    if not raw:
        return None
    for entry in ("parts", "parts_after", "earlier_later"):
        found = lookup(language, "relative", entry, raw)
        if found:
            return found
    return None
