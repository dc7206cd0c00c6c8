"""Handlers that turn one matched pattern into a TIMEX3 value with its precision."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hijridate import Hijri

from storyline.timex import resolve
from storyline.timex.context import Context, Found
from storyline.timex.lexicon import alternation, key, lookup, table, words
from storyline.timex.numbers import word_value
from storyline.timex.values import (
    amount_of,
    day_value,
    duration_value,
    month_of,
    part_of,
    shift_of,
    unit_of,
    weekday_of,
    year_of,
)

# A period followed by when it ended ("the year ended June 30") is a stretch of time.
_ENDED = re.compile(r"\s+(?:that\s+)?end(?:ed|ing|s)\b")


def numeric_ymd(match: re.Match[str], ctx: Context) -> Found | None:
    value = day_value(int(match["y"]), int(match["m"]), int(match["d"]))
    return Found("DATE", value, "day") if value else None


def numeric_dmy(match: re.Match[str], ctx: Context) -> Found | None:
    first, second, year = int(match["a"]), int(match["b"]), year_of(match["y"])
    month_first = ctx.language == "en" and first <= 12
    month, day = (first, second) if month_first else (second, first)
    if month > 12:
        month, day = day, month
    value = day_value(year, month, day)
    if not value:
        return None
    if match["h"]:
        return Found(
            "TIME",
            f"{value}T{int(match['h']):02d}:{match['mi']}"
            + (f":{match['sec']}" if match["sec"] else ""),
            "time",
        )
    return Found("DATE", value, "day")


def iso_time(match: re.Match[str], ctx: Context) -> Found | None:
    value = day_value(int(match["y"]), int(match["m"]), int(match["d"]))
    if not value:
        return None
    return Found("TIME", f"{value}T{int(match['h']):02d}:{match['mi']}", "time")


def month_day(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_of(ctx.language, match["mon"])
    if month is None:
        return None
    day = int(re.sub(r"\D", "", match["d"]))
    shift = shift_of(ctx.language, match.groupdict().get("rel"))
    if match.groupdict().get("y"):
        value = day_value(year_of(match["y"]), month, day)
        return Found("DATE", value, "day") if value else None
    if ctx.anchor is None:
        value = day_value(None, month, day)
        return Found("DATE", value, "day") if value else None
    if shift == 0:
        year = ctx.anchor.year
    elif shift is not None:
        year = resolve.day_year(ctx.anchor, month, day, shift, within=367)
    else:
        year = resolve.day_year(ctx.anchor, month, day, ctx.direction(match.start(), match.end()))
    value = day_value(year, month, day)
    return Found("DATE", value, "day", anchored=True) if value else None


def hijri_day(match: re.Match[str], ctx: Context) -> Found | None:
    """A day of the Islamic calendar ('18 ذو الحجة 1445 هـ'), as its Gregorian day."""
    month = lookup(ctx.language, "months", "hijri_months", match["hm"])
    if month is None:
        return None
    try:
        day = Hijri(int(match["hy"]), month, int(match["d"])).to_gregorian()
    except (ValueError, OverflowError):
        return None  # outside the calendar's table, or no such day
    return Found("DATE", day.isoformat(), "day")


def month_year(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_of(ctx.language, match["mon"])
    if month is None:
        return None
    value = f"{year_of(match['y']):04d}-{month:02d}"
    return Found("DATE", value, "month", range=resolve.span_of(value))


def _month_alone_ok(match: re.Match[str], ctx: Context) -> bool:
    """Whether a month name alone is a month: 'May' and 'مارس' are also words.

    An ambiguous name counts after a word that introduces a time ('in', 'since', 'في',
    'منذ'), with a relative word ('الماضي') or the word 'month' ('شهر', 'ayı'), or in
    Turkish with a case ending ('Ekim'de').
    """
    word = match["mon"]
    folded = key(word, ctx.language)
    if ctx.language == "en" and not word[0].isupper():
        return False
    if folded in table(ctx.language, "months", "abbreviations"):
        return False  # an abbreviation alone ('Jan', 'Mar') is more often a name than a month
    if folded.split("'")[0] not in table(ctx.language, "months", "ambiguous_months"):
        return True
    if match.groupdict().get("rel") or match.groupdict().get("mw"):
        return True
    if ctx.language == "tr" and re.search(r"['’]", word):
        return True
    cue = alternation(words(ctx.language, "months", "month_alone_after"), ctx.language)
    return bool(re.search(rf"(?<!\w){cue}\s*-?\s*$", ctx.before(match.start()), re.I))


def month_alone(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_of(ctx.language, match["mon"])
    if month is None:
        return None
    if not _month_alone_ok(match, ctx):
        return None
    shift = shift_of(ctx.language, match.groupdict().get("rel"))
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{month:02d}", "month")
    if shift == 0:
        year = ctx.anchor.year
    elif shift is not None:
        year = resolve.month_year(ctx.anchor, month, shift)
    else:
        direction = ctx.direction(match.start(), match.end())
        year = resolve.bare_month_year(ctx.anchor, month, direction)
    value = f"{year:04d}-{month:02d}"
    return Found("DATE", value, "month", anchored=True, range=resolve.span_of(value))


def year_alone(match: re.Match[str], ctx: Context) -> Found | None:
    raw = match["y"]
    if ctx.language == "en":
        nouns = alternation(words("en", "numbers", "count_nouns"), "en")
        if re.match(rf"\s*{nouns}(?!\w)", ctx.text[match.end() : match.end() + 16], re.I):
            return None  # '2000 troops' counts, it does not date
        if re.search(r"(?:\$|#|no\.\s*)$", ctx.before(match.start(), 6)):
            return None
    return Found(
        "DATE", f"{year_of(raw):04d}", "year", range=resolve.span_of(f"{year_of(raw):04d}")
    )


def fiscal_year(match: re.Match[str], ctx: Context) -> Found | None:
    value = f"{year_of(match['y']):04d}"
    return Found("DATE", value, "year")


def decade(match: re.Match[str], ctx: Context) -> Found | None:
    """'the 1990s', "the '80s", 'the late 1970s'."""
    digit = match["dd"]
    century = match.groupdict().get("c")
    if not century:
        recent = ctx.anchor is not None and int(digit) <= ctx.anchor.year % 100 // 10
        century = str(ctx.anchor.year // 100) if recent and ctx.anchor else "19"
    part = part_of(ctx.language, match.groupdict().get("part"))
    return Found("DATE", f"{century}{digit}", "decade", mod=part)


def word_decade(match: re.Match[str], ctx: Context) -> Found | None:
    digit = lookup(ctx.language, "relative", "decades", match["dw"])
    if digit is None:
        return None
    century = 19
    if ctx.anchor and match.groupdict().get("cur"):
        century = ctx.anchor.year // 100
    return Found("DATE", f"{century}{digit}", "decade")


def time_of_day(match: re.Match[str], ctx: Context) -> Found | None:
    hour = int(match["h"])
    minute = match.groupdict().get("mi") or "00"
    ampm = (match.groupdict().get("ap") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 24:
        return None
    day = "XXXX-XX-XX" if ctx.anchor is None else ctx.anchor.isoformat()
    wd = match.groupdict().get("wd")
    if wd and ctx.anchor is not None:
        weekday = weekday_of(ctx.language, wd)
        if weekday is not None:
            day = resolve.weekday_near(
                ctx.anchor, weekday, ctx.direction(match.start(), match.end())
            ).isoformat()
    return Found("TIME", f"{day}T{hour:02d}:{minute}", "time", anchored=ctx.anchor is not None)


def named_time(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    day = ctx.anchor
    wd = match.groupdict().get("wd")
    if wd:
        weekday = weekday_of(ctx.language, wd)
        if weekday is not None:
            day = resolve.weekday_near(
                ctx.anchor, weekday, ctx.direction(match.start(), match.end())
            )
    clock = lookup(ctx.language, "relative", "clock_words", match["nt"])
    return Found("TIME", f"{day.isoformat()}T{clock}", "time", anchored=True)


def deictic_day(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    offset = lookup(ctx.language, "relative", "days", match["dw"])
    if offset is None:
        return None
    day = (ctx.anchor + timedelta(days=offset)).isoformat()
    part = match.groupdict().get("dp")
    tag = lookup(ctx.language, "relative", "dayparts", part) if part else None
    if lookup(ctx.language, "relative", "nights", match["dw"]):
        tag = "NI"
    if tag:
        return Found("TIME", f"{day}T{tag}", "day", anchored=True)
    return Found("DATE", day, "day", anchored=True)


def weekday_ref(match: re.Match[str], ctx: Context) -> Found | None:
    weekday = weekday_of(ctx.language, match["wd"])
    if weekday is None:
        return None
    if ctx.language == "en" and not match["wd"][0].isupper():
        return None
    if (
        key(match["wd"], ctx.language) in table(ctx.language, "months", "ambiguous_weekdays")
        and not match.groupdict().get("yawm")
        and not match.groupdict().get("rel")
        and (ctx.language != "en" or len(match["wd"]) <= 4)
    ):
        return None
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-WXX-{weekday + 1}", "day")
    relative = re.sub(r"^the\s+", "", match.groupdict().get("rel") or "", flags=re.I)
    shift = shift_of(ctx.language, relative)
    direction = shift if shift else ctx.direction(match.start(), match.end()) or -1
    day = resolve.weekday_near(ctx.anchor, weekday, direction)
    if shift and day == ctx.anchor:
        day = day + timedelta(days=7 * shift)
    part = match.groupdict().get("dp")
    tag = lookup(ctx.language, "relative", "dayparts", part) if part else None
    if tag and tag != "NI":  # TimeML annotators mostly date 'Friday night' as the day itself
        return Found("TIME", f"{day.isoformat()}T{tag}", "day", anchored=True)
    return Found("DATE", day.isoformat(), "day", anchored=True)


def shifted_unit(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    unit = unit_of(ctx.language, match["u"])
    shift = shift_of(ctx.language, match["rel"])
    if unit is None or shift is None:
        return None
    if unit in ("D", "H", "MI", "S"):
        return None
    if (
        ctx.language == "en"
        and unit in ("DE", "CE")
        and re.match(r"(?:the\s+)?past\s", match["t"], re.I)
    ):
        return Found("DURATION", duration_value(1, unit), "duration")  # 'the past decade'
    value, precision = resolve.shift(ctx.anchor, unit, shift)
    part = part_of(ctx.language, match.groupdict().get("part"))
    return _with_part(value, precision, part, anchored=True)


def _with_part(value: str, precision: str, part: str | None, anchored: bool) -> Found:
    """A month or year, narrowed to its early, middle or late part, or to one half of a year."""
    if part in ("H1", "H2") and precision == "year":
        first, last = ("01-01", "06-30") if part == "H1" else ("07-01", "12-31")
        return Found(
            "DATE", f"{value}-{part}", "half", anchored, (f"{value}-{first}", f"{value}-{last}")
        )
    if part in ("H1", "H2"):
        part = "START" if part == "H1" else "END"
    found_range = resolve.part_range(value, part) if part else resolve.span_of(value)
    return Found("DATE", value, precision, anchored, found_range, part)


def current_unit(match: re.Match[str], ctx: Context) -> Found | None:
    """'the year', 'this week': the unit the anchor falls in."""
    if ctx.anchor is None:
        return None
    unit = unit_of(ctx.language, match["u"])
    if unit is None or unit in ("D", "H", "MI", "S"):
        return None
    if ctx.language == "en" and _ENDED.match(ctx.text, match.end()):
        return Found("DURATION", duration_value(1, unit), "duration")  # 'the year ended June 30'
    weeks_back = 0
    if unit == "WE" and ctx.anchor.weekday() < 5:
        weeks_back = -1 if ctx.direction(match.start(), match.end()) <= 0 else 0
    value, precision = resolve.shift(ctx.anchor, unit, weeks_back)
    part = part_of(ctx.language, match.groupdict().get("part"))
    return _with_part(value, precision, part, anchored=True)


def shifted_month(match: re.Match[str], ctx: Context) -> Found | None:
    month = month_of(ctx.language, match["mon"])
    shift = shift_of(ctx.language, match["rel"])
    if month is None or shift is None or ctx.anchor is None:
        return None
    if ctx.language == "en" and not match["mon"][0].isupper():
        return None
    year = ctx.anchor.year if shift == 0 else resolve.month_year(ctx.anchor, month, shift)
    value = f"{year:04d}-{month:02d}"
    return Found("DATE", value, "month", anchored=True, range=resolve.span_of(value))


def month_of_shifted_year(match: re.Match[str], ctx: Context) -> Found | None:
    """'May last year', 'in May of next year', 'أيار من العام الماضي'."""
    month = month_of(ctx.language, match["mon"])
    shift = shift_of(ctx.language, match["rel"])
    if month is None or shift is None or ctx.anchor is None:
        return None
    year = ctx.anchor.year + shift
    day = match.groupdict().get("d")
    if day:
        value = day_value(year, month, int(day))
        return Found("DATE", value, "day", anchored=True) if value else None
    value = f"{year:04d}-{month:02d}"
    return Found("DATE", value, "month", anchored=True, range=resolve.span_of(value))


def season(match: re.Match[str], ctx: Context) -> Found | None:
    season = lookup(ctx.language, "months", "seasons", match["se"])
    if season is None:
        return None
    bare = not match.groupdict().get("rel") and not match.groupdict().get("y")
    if (
        ctx.language == "en"
        and bare
        and not match["t"].lower().startswith("the")
        and not re.search(
            r"\b(?:in|this|by|since|during|until|last|next|of)\s+$", ctx.before(match.start())
        )
    ):
        return None  # 'fall' and 'spring' are verbs and nouns too
    if match.groupdict().get("y"):
        return Found("DATE", f"{year_of(match['y']):04d}-{season}", "season")
    if ctx.anchor is None:
        return None
    shift = shift_of(ctx.language, match.groupdict().get("rel")) or 0
    first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]
    year = ctx.anchor.year
    if shift < 0 and first_month + 2 >= ctx.anchor.month:
        year -= 1
    elif shift > 0 and first_month <= ctx.anchor.month:
        year += 1
    return Found("DATE", f"{year:04d}-{season}", "season", anchored=True)


def _counts_from_an_event(match: re.Match[str], ctx: Context) -> bool:
    """'قبل يومين من اللقاء', 'toplantıdan iki gün sonra': counted from an event, not from now."""
    if ctx.language == "ar":
        return bool(re.match(r"\s+(?:من|على)\s", ctx.text[match.end() :]))
    if ctx.language == "tr":
        return bool(re.search(r"\w(?:d|t)[ae]n\s+$", ctx.before(match.start())))
    return False


def ago(match: re.Match[str], ctx: Context) -> Found | None:
    """A date back from the anchor: 'two days ago', 'a few days ago', 'قبل يومين'."""
    unit = unit_of(ctx.language, match["u"])
    if unit is None or _counts_from_an_event(match, ctx):
        return None
    raw_count = match.groupdict().get("n")
    amount = (
        2
        if lookup(ctx.language, "relative", "duals", match["u"])
        else amount_of(ctx.language, raw_count)
    )
    if raw_count is None and lookup(ctx.language, "relative", "vague_units", match["u"]):
        amount = None
    if ctx.anchor is None:
        return None
    sign = -1 if match.groupdict().get("later") else 1
    if amount is None:
        near, far = (
            resolve.back(ctx.anchor, unit, 2 * sign),
            resolve.back(ctx.anchor, unit, 9 * sign),
        )
        low, high = sorted((near, far))
        value = "PAST_REF" if sign > 0 else "FUTURE_REF"
        return Found(
            "DATE", value, "range", anchored=True, range=(low.isoformat(), high.isoformat())
        )
    whole = int(amount)
    if (
        unit == "Y"
        and whole == 1
        and sign > 0
        and _reports_quarters(ctx, match.start(), match.end())
    ):
        value, _ = resolve.shift(ctx.anchor, "Q", -5)
        return Found("DATE", value, "quarter", anchored=True)
    day = resolve.back(ctx.anchor, unit, whole * sign)
    value, precision = resolve.value_at(day, "Y" if unit in ("DE", "CE") else unit)
    approx = lookup(
        ctx.language, "relative", "approximately", match.groupdict().get("approx") or ""
    )
    return Found("DATE", value, precision, anchored=True, range=resolve.span_of(value), mod=approx)


def duration(match: re.Match[str], ctx: Context) -> Found | None:
    unit = unit_of(ctx.language, match["u"])
    if unit is None:
        return None
    if lookup(ctx.language, "relative", "duals", match["u"]):
        amount: float | None = 2
    else:
        amount = amount_of(ctx.language, match.groupdict().get("n"))
    if match.groupdict().get("n") is None and (
        lookup(ctx.language, "relative", "vague_units", match["u"])
        or (ctx.language == "en" and match["u"].lower().endswith("s"))
    ):
        amount = None
    if amount is not None and (amount <= 0 or 1500 <= amount <= 2100):
        return None  # a year before a unit word ('the 1988 second quarter') is no count
    if re.match(r"[\s\-]*old\b", ctx.text[match.end() :]) or match["t"].lower().endswith("old"):
        return None  # an age, not a stretch of time
    return Found("DURATION", duration_value(amount, unit), "duration")


def vague_duration(match: re.Match[str], ctx: Context) -> Found | None:
    unit = (
        lookup(ctx.language, "relative", "vague_units_suffix", match["u"])
        or lookup(ctx.language, "relative", "definite_plural_units", match["u"])
        or unit_of(ctx.language, match["u"])
    )
    if unit is None:
        return None
    return Found("DURATION", duration_value(None, unit), "duration")


def reference(match: re.Match[str], ctx: Context) -> Found | None:
    value = lookup(ctx.language, "relative", "refs", match["ref"])
    return Found("DATE", value, "ref") if value else None


def set_value(match: re.Match[str], ctx: Context) -> Found | None:
    value = lookup(ctx.language, "relative", "sets", match["st"])
    return Found("SET", value, "set") if value else None


def every(match: re.Match[str], ctx: Context) -> Found | None:
    unit = unit_of(ctx.language, match["u"])
    if unit is None:
        return None
    return Found("SET", duration_value(1, unit), "set")


def quarter(match: re.Match[str], ctx: Context) -> Found | None:
    number = lookup(ctx.language, "relative", "quarter_ordinals", match["q"])
    if number is None:
        return None
    if match.groupdict().get("y"):
        year = year_of(match["y"])
    elif ctx.anchor is None:
        return Found("DATE", f"XXXX-Q{number}", "quarter")
    else:
        year = ctx.anchor.year
        current = (ctx.anchor.month - 1) // 3 + 1
        if (
            number > current
            and ctx.direction(match.start(), match.end()) < 0
            and number - current >= 2
        ):
            year -= 1
    return Found(
        "DATE", f"{year:04d}-Q{number}", "quarter", anchored=not match.groupdict().get("y")
    )


def the_quarter(match: re.Match[str], ctx: Context) -> Found | None:
    """'the quarter', 'the latest quarter': in business news, the last one that ended."""
    if ctx.anchor is None:
        return None
    if _ENDED.match(ctx.text, match.end()):
        return Found("DURATION", "P1Q", "duration")
    value, precision = resolve.shift(ctx.anchor, "Q", -1)
    return Found("DATE", value, precision, anchored=True)


def _reports_quarters(ctx: Context, start: int, end: int) -> bool:
    """Whether the sentence speaks of a quarter: then 'a year ago' means that quarter a year ago."""
    return ctx.language == "en" and bool(re.search(r"quarter", ctx.sentence(start, end)[1], re.I))


def year_earlier(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    if _reports_quarters(ctx, match.start(), match.end()):
        value, _ = resolve.shift(ctx.anchor, "Q", -5)
        return Found("DATE", value, "quarter", anchored=True)
    return Found("DATE", f"{ctx.anchor.year - 1:04d}", "year", anchored=True)


def year_quarter(match: re.Match[str], ctx: Context) -> Found | None:
    """'the 1988 third quarter'; 'the 1988 quarter' is the quarter just reported, that year."""
    if match["q"]:
        number = lookup(ctx.language, "relative", "quarter_ordinals", match["q"])
    elif ctx.anchor is not None:
        number = int(resolve.shift(ctx.anchor, "Q", -1)[0][-1])
    else:
        return None
    return Found("DATE", f"{int(match['y']):04d}-Q{number}", "quarter")


def quarter_of_year(match: re.Match[str], ctx: Context) -> Found | None:
    """'this year's third quarter', 'last year's quarter'."""
    if ctx.anchor is None:
        return None
    shift = shift_of(ctx.language, match["rel"]) or 0
    year = ctx.anchor.year + shift
    if match["q"]:
        number = lookup(ctx.language, "relative", "quarter_ordinals", match["q"])
    else:
        number = ((ctx.anchor.month - 1) // 3 + 3) % 4 + 1
    return Found("DATE", f"{year:04d}-Q{number}", "quarter", anchored=True)


def part_of_period(match: re.Match[str], ctx: Context) -> Found | None:
    """'early June', 'late 2023', 'mid-May', 'مطلع حزيران', 'Haziran başında'."""
    part = part_of(ctx.language, match["part"])
    if part is None:
        return None
    if match.groupdict().get("mon"):
        month = month_of(ctx.language, match["mon"])
        if month is None:
            return None
        if match.groupdict().get("y"):
            year: int | None = year_of(match["y"])
        elif ctx.anchor is None:
            return Found("DATE", f"XXXX-{month:02d}", "month", mod=part)
        else:
            shift = shift_of(ctx.language, match.groupdict().get("rel"))
            if shift == 0:
                year = ctx.anchor.year
            elif shift is not None:
                year = resolve.month_year(ctx.anchor, month, shift)
            else:
                direction = ctx.direction(match.start(), match.end())
                year = resolve.bare_month_year(ctx.anchor, month, direction)
        value = f"{year:04d}-{month:02d}"
        return _with_part(value, "month", part, anchored=not match.groupdict().get("y"))
    if match.groupdict().get("y"):
        return _with_part(f"{year_of(match['y']):04d}", "year", part, anchored=False)
    return None


def last_night(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    return Found("TIME", f"{(ctx.anchor - timedelta(days=1)).isoformat()}TNI", "day", anchored=True)


def this_daypart(match: re.Match[str], ctx: Context) -> Found | None:
    tag = lookup(ctx.language, "relative", "dayparts", match["dp"])
    if ctx.anchor is None or tag is None:
        return None
    return Found("TIME", f"{ctx.anchor.isoformat()}T{tag}", "day", anchored=True)


def earlier_this(match: re.Match[str], ctx: Context) -> Found | None:
    if ctx.anchor is None:
        return None
    part = part_of(ctx.language, match["part"])
    tag = lookup(ctx.language, "relative", "dayparts", match["u"])
    if tag:
        return Found("TIME", f"{ctx.anchor.isoformat()}T{tag}", "day", anchored=True, mod=part)
    return current_unit(match, ctx)


def english_duration(match: re.Match[str], ctx: Context) -> Found | None:
    text = match["t"].lower()
    unit_word = match["u"].lower()
    if re.match(r"recent\s+(?:years|days)$", text):
        return None
    if match["n"] is None:
        if not unit_word.endswith("s"):
            return None  # a bare singular unit ('the year') is a date, handled elsewhere
        if not re.match(r"(?:the\s+)?(?:past|last|next|coming|recent)\s", text) and not re.search(
            r"(?:for|over|in|within|than|about)\s+$", ctx.before(match.start(), 12)
        ):
            return None
    return duration(match, ctx)


def english_part(match: re.Match[str], ctx: Context) -> Found | None:
    if match["y2"] and not match["mon"]:
        part = part_of(ctx.language, match["part"])
        if part is None:
            return None
        return _with_part(match["y2"], "year", part, anchored=False)
    return part_of_period(match, ctx)


def spoken_year(match: re.Match[str], ctx: Context) -> Found | None:
    rest = word_value(re.split(r"[\s\-]+", match["r"]), "en")
    if rest is None:
        return None
    return Found("DATE", f"{(19 if match['c'].lower() == 'nineteen' else 20) * 100 + rest}", "year")


def thanksgiving(match: re.Match[str], ctx: Context) -> Found | None:
    """The fourth Thursday of November."""
    if ctx.anchor is None or (not match["t"][0].isupper() and not match["rel"]):
        return None

    def in_year(year: int) -> date:
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)

    day = in_year(ctx.anchor.year)
    shift = shift_of("en", (match["rel"] or "").strip())
    direction = shift if shift else ctx.direction(match.start(), match.end())
    if direction <= 0 and day > ctx.anchor:
        day = in_year(ctx.anchor.year - 1)
    elif direction > 0 and day < ctx.anchor:
        day = in_year(ctx.anchor.year + 1)
    return Found("DATE", day.isoformat(), "day", anchored=True)


def century(match: re.Match[str], ctx: Context) -> Found | None:
    return Found("DATE", f"{int(match['o']) - 1:02d}", "century")


def holiday(match: re.Match[str], ctx: Context) -> Found | None:
    found = lookup(ctx.language, "months", "holidays", match["hd"])
    if found is None or not match["hd"][0].isupper():
        return None
    month, day = found
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{month:02d}-{day:02d}", "day")
    year = resolve.day_year(ctx.anchor, month, day, ctx.direction(match.start(), match.end()))
    return Found("DATE", f"{year:04d}-{month:02d}-{day:02d}", "day", anchored=True)


def arabic_duration(match: re.Match[str], ctx: Context) -> Found | None:
    if match["u2"]:
        unit = lookup(ctx.language, "relative", "duals", match["u2"])
        return Found("DURATION", duration_value(2, unit), "duration") if unit else None
    return duration(match, ctx)
