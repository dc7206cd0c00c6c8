"""Calendar arithmetic for time expressions: shifting an anchor, the nearest month or day."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift(anchor: date, unit: str, amount: int) -> tuple[str, str]:
    """The calendar unit `amount` units away from the anchor, as (TIMEX3 value, precision)."""
    if unit in ("D", "H", "MI", "S"):
        steps = amount if unit == "D" else 0
        return (anchor + timedelta(days=steps)).isoformat(), "day"
    if unit in ("W", "WE"):
        value = week_value(anchor + timedelta(weeks=amount))
        return (value + "-WE" if unit == "WE" else value), "week"
    if unit == "M":
        return add_months(anchor, amount).isoformat()[:7], "month"
    if unit == "Q":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + amount
        return f"{index // 4}-Q{index % 4 + 1}", "quarter"
    if unit == "Y":
        return f"{anchor.year + amount:04d}", "year"
    if unit == "DE":
        return f"{anchor.year // 10 + amount:03d}", "decade"
    if unit == "CE":
        return f"{anchor.year // 100 + amount:02d}", "century"
    raise ValueError(f"unknown calendar unit {unit!r}")


def back(anchor: date, unit: str, amount: int) -> date:
    """The day `amount` units before the anchor (negative amounts go forward)."""
    if unit == "D":
        return anchor - timedelta(days=amount)
    if unit in ("W", "WE"):
        return anchor - timedelta(weeks=amount)
    if unit == "M":
        return add_months(anchor, -amount)
    if unit == "Q":
        return add_months(anchor, -3 * amount)
    if unit == "Y":
        return add_months(anchor, -12 * amount)
    if unit == "DE":
        return add_months(anchor, -120 * amount)
    if unit == "CE":
        return add_months(anchor, -1200 * amount)
    return anchor


def value_at(day: date, unit: str) -> tuple[str, str]:
    """A day written at the precision of a calendar unit."""
    return shift(day, unit, 0)


def month_year(anchor: date, month: int, direction: int) -> int:
    """The year of a year-less month: the latest before the anchor's month (direction -1),
    the earliest after it (1), or the nearest, ties to the past (0)."""
    if direction < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if direction > 0:
        return anchor.year if month > anchor.month else anchor.year + 1
    gap = month - anchor.month
    if gap > 6:
        return anchor.year - 1
    if gap < -6:
        return anchor.year + 1
    return anchor.year


def bare_month_year(anchor: date, month: int, direction: int) -> int:
    """The year of a month named alone ('in May'): this year's unless the tense says otherwise.

    A month up to two ahead of the anchor stays this year's even in the past tense, since
    news names a recent past month as 'last May'.
    """
    if month <= anchor.month:
        return anchor.year + 1 if direction > 0 and month < anchor.month else anchor.year
    if direction > 0 or month - anchor.month <= 2:
        return anchor.year
    return anchor.year - 1


def day_year(anchor: date, month: int, day: int, direction: int, within: int = 300) -> int:
    """The year of a year-less day and month, nearest the anchor, biased by tense.

    With a direction, the latest day before (or first after) the anchor wins if it lies
    `within` days of it; a vague tense should not push a date most of a year away.
    """
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return anchor.year
    if direction < 0:
        past = [c for c in candidates if c <= anchor]
        if past and (anchor - max(past)).days < within:
            return max(past).year
    if direction > 0:
        future = [c for c in candidates if c >= anchor]
        if future and (min(future) - anchor).days < within:
            return min(future).year
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor)).year


def weekday_near(anchor: date, weekday: int, direction: int) -> date:
    """The weekday nearest the anchor: on or before it for the past, on or after for the future."""
    if direction > 0:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def part_range(value: str, part: str) -> tuple[str, str] | None:
    """The days an 'early', 'mid' or 'late' part of a month or year covers."""
    try:
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            bounds = {"START": (1, 10), "MID": (11, 20), "END": (21, last)}[part]
            return (
                date(year, month, bounds[0]).isoformat(),
                date(year, month, bounds[1]).isoformat(),
            )
        if len(value) == 4:
            year = int(value)
            bounds_m = {
                "START": ((1, 1), (4, 30)),
                "MID": ((5, 1), (8, 31)),
                "END": ((9, 1), (12, 31)),
            }[part]
            return (date(year, *bounds_m[0]).isoformat(), date(year, *bounds_m[1]).isoformat())
    except (ValueError, KeyError):
        return None
    return None


def span_of(value: str) -> tuple[str, str] | None:
    """The first and last day a week, month, quarter, year, decade or century value covers."""
    week = re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value)
    if week:
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        first = monday + timedelta(days=5) if week[3] else monday
        return (first.isoformat(), (monday + timedelta(days=6)).isoformat())
    quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if quarter:
        year, number = int(quarter[1]), int(quarter[2])
        last_month = 3 * number
        last = calendar.monthrange(year, last_month)[1]
        return (date(year, last_month - 2, 1).isoformat(), date(year, last_month, last).isoformat())
    if len(value) == 7 and value[:4].isdigit() and value[5:7].isdigit():
        year, month = int(value[:4]), int(value[5:7])
        return (
            date(year, month, 1).isoformat(),
            date(year, month, calendar.monthrange(year, month)[1]).isoformat(),
        )
    if value.isdigit() and len(value) in (2, 3, 4):  # a century, a decade or a year
        scale = 10 ** (4 - len(value))
        first = int(value) * scale
        return (f"{first:04d}-01-01", f"{first + scale - 1:04d}-12-31")
    return None
