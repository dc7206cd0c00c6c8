"""The values of the pieces of a time expression: years, month and weekday names, units, counts."""

from __future__ import annotations

import re
from datetime import date

from storyline.timex.lexicon import key, lookup, table
from storyline.timex.numbers import parse_digits, word_value


def year_of(raw: str) -> int:
    digits = raw.strip("'’")
    if len(digits) == 2:
        number = int(digits)
        return 1900 + number if number >= 30 else 2000 + number
    return int(digits)


def _calendar_word(language: str, entry: str, name: str) -> int | None:
    found = lookup(language, "months", entry, name.rstrip("."))
    if found is None and language == "tr":  # a suffixed form: 'Haziran'da', 'Pazartesi günü'
        folded = key(name, language)
        for word, value in sorted(
            table(language, "months", entry).items(), key=lambda kv: -len(kv[0])
        ):
            if folded.startswith(word):
                return value
    return found


def month_of(language: str, name: str) -> int | None:
    return _calendar_word(language, "months", name)


def weekday_of(language: str, name: str) -> int | None:
    return _calendar_word(language, "weekdays", name)


def unit_of(language: str, name: str) -> str | None:
    for entry in ("units", "duals", "definite_units", "vague_units"):
        found = lookup(language, "relative", entry, name)
        if found:
            return found
    folded = key(name, language)
    if language == "tr":  # Turkish suffixes: 'yılında', 'haftadır', 'günlük'
        for stem, unit in sorted(
            table(language, "relative", "units").items(), key=lambda kv: -len(kv[0])
        ):
            if folded.startswith(stem):
                return unit
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
    tokens = [
        t
        for t in re.split(r"[\s\-]+", raw)
        if t and key(t, language) not in table(language, "numbers", "connectors")
    ]
    if language == "ar":
        tokens = [
            t[1:]
            if t.startswith("و") and key(t, language) not in table(language, "numbers", "units")
            else t
            for t in tokens
        ]
    value = word_value(tokens, language)
    return float(value) if value is not None else None


def _count(amount: float | None) -> str:
    if amount is None:
        return "X"
    return str(int(amount)) if float(amount).is_integer() else str(amount)


def duration_value(amount: float | None, unit: str) -> str:
    """A TIMEX3 duration: 'P2W', 'PT5H', 'PXY' for a vague count."""
    count = _count(amount)
    if unit in ("H", "MI", "S"):
        return f"PT{count}{ {'H': 'H', 'MI': 'M', 'S': 'S'}[unit] }".replace(" ", "")
    if unit == "WE":
        return f"P{count}WE"
    if unit in ("DE", "CE") and amount is not None:
        return f"P{_count(amount * (10 if unit == 'DE' else 100))}Y"
    return f"P{count}{unit}"


def day_value(year: int | None, month: int, day: int) -> str | None:
    try:
        if year is None:
            date(2000, month, day)  # a leap year: accepts 29 February
            return f"XXXX-{month:02d}-{day:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def shift_of(language: str, raw: str | None) -> int | None:
    if not raw:
        return None
    for entry in ("shift_before", "shift_after"):
        found = lookup(language, "relative", entry, raw)
        if found is not None:
            return found
    return None


def part_of(language: str, raw: str | None) -> str | None:
    if not raw:
        return None
    for entry in ("parts", "parts_after", "earlier_later"):
        found = lookup(language, "relative", entry, raw)
        if found:
            return found
    return None
