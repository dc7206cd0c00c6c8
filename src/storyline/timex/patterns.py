"""The patterns of time expressions per language, built from the lexicons, each with its handler."""

from __future__ import annotations

import re
from functools import cache

from storyline.timex.context import Handler, Rule
from storyline.timex.handlers import (
    ago,
    arabic_duration,
    century,
    current_unit,
    decade,
    deictic_day,
    duration,
    earlier_this,
    english_duration,
    english_part,
    every,
    fiscal_year,
    hijri_day,
    holiday,
    iso_time,
    last_night,
    month_alone,
    month_day,
    month_of_shifted_year,
    month_year,
    named_time,
    numeric_dmy,
    numeric_ymd,
    part_of_period,
    quarter,
    quarter_of_year,
    reference,
    season,
    set_value,
    shifted_month,
    shifted_unit,
    spoken_year,
    thanksgiving,
    the_quarter,
    this_daypart,
    time_of_day,
    vague_duration,
    weekday_ref,
    word_decade,
    year_alone,
    year_earlier,
)
from storyline.timex.lexicon import alternation, words
from storyline.timex.values import weekday_of

# A conjunction or preposition written onto an Arabic word ("وأمس", "بالأمس").
_ARABIC_CLITIC_BARE = "(?:[وف]?[بلك]?)"
# A pattern template with {BLOCK} placeholders, named, with the handler of its matches.
Template = tuple[str, str, Handler]
DAY_RE = r"(?:3[01]|[12]\d|0?[1-9])"
YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"


def _wrap(language: str, body: str) -> re.Pattern[str]:
    """A whole-word pattern whose group 't' is the expression, clitics and suffixes left out."""
    before = r"(?<![\w])"
    if language == "ar":
        before += _ARABIC_CLITIC_BARE
    after = r"(?:['’][a-zçğıöşü]+)?(?!\w)" if language == "tr" else r"(?!\w)"
    return re.compile(f"{before}(?P<t>{body}){after}", re.IGNORECASE)


@cache
def _blocks(language: str) -> dict[str, str]:
    """The building blocks of a language's patterns ({MON}, {NUM}, ...), from its lexicons."""
    months = _calendar_alternation(language, "months")
    weekdays = _calendar_alternation(language, "weekdays")
    tr_suffix = r"(?:['’]?[a-zçğıöşü]*)" if language == "tr" else ""
    number_words = alternation(
        [*words(language, "numbers", "units"), *words(language, "numbers", "scales")], language
    )
    joiner = (
        r"(?:\s+and\s+|[\s\-]+)" if language == "en" else (r"\s+و?" if language == "ar" else r"\s+")
    )
    count = (
        r"(?:\d+(?:[.,]\d+)?|"
        + alternation(words(language, "numbers", "vague"), language)
        + "|"
        + f"{number_words}(?:{joiner}{number_words})*"
        + (
            "|" + alternation(words(language, "numbers", "indefinite"), language)
            if words(language, "numbers", "indefinite")
            else ""
        )
        + ")"
    )
    units = alternation(words(language, "relative", "units"), language)
    if language == "en":
        units = f"{units}s?"
    return {
        "MON": months,
        "MONTR": f"{months}{tr_suffix}",
        "WD": weekdays,
        "DAY": DAY_RE + (r"(?:st|nd|rd|th)?" if language == "en" else ""),
        "YEAR": YEAR_RE,
        "NUM": count,
        "UNIT": units,
        "UNITTR": f"{units}{tr_suffix}",
        "DUAL": alternation(words(language, "relative", "duals"), language),
        "DEFUNIT": alternation(words(language, "relative", "definite_units"), language),
        "SHIFTB": alternation(words(language, "relative", "shift_before"), language),
        "SHIFTA": alternation(words(language, "relative", "shift_after"), language),
        "DAYS": alternation(words(language, "relative", "days"), language),
        "PART": alternation(words(language, "relative", "parts"), language),
        "PARTA": alternation(words(language, "relative", "parts_after"), language),
        "REF": alternation(words(language, "relative", "refs"), language),
        "SET": alternation(words(language, "relative", "sets"), language),
        "DAYPART": alternation(words(language, "relative", "dayparts"), language),
        "SEASON": alternation(words(language, "months", "seasons"), language),
        "AGO": alternation(words(language, "relative", "ago"), language),
        "LATER": alternation(words(language, "relative", "later"), language),
        "APPROX": alternation(words(language, "relative", "approximately"), language),
        "AGOB": alternation(words(language, "relative", "ago_before"), language),
        "VUNITS": alternation(words(language, "relative", "vague_units_suffix"), language),
        "DECW": alternation(words(language, "relative", "decades"), language),
        "QORD": alternation(words(language, "relative", "quarter_ordinals"), language),
        "PLURALS": alternation(words(language, "relative", "definite_plural_units"), language),
        "HIJRI": alternation(words(language, "months", "hijri_months"), language),
        "HIJRIERA": alternation(words(language, "months", "hijri_era"), language),
        "CLOCK": alternation(words(language, "relative", "clock_words"), language),
        "HOLIDAY": alternation(words(language, "months", "holidays"), language),
        "RECENT": alternation(words(language, "relative", "recent_after"), language),
    }


def _calendar_alternation(language: str, entry: str) -> str:
    """Month or weekday names; in English an abbreviation may end in a dot ('Sept.')."""
    names = words(language, "months", entry)
    if language != "en":
        return alternation(names, language)
    abbreviations = set(words(language, "months", "abbreviations"))
    full = [n for n in names if n not in abbreviations]
    short = [n for n in names if n in abbreviations]
    return f"(?:{alternation(full, language)}|{alternation(short, language)}\\.?)"


def _fill(template: str, blocks: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: blocks[m.group(1)], template)


def _common() -> list[Template]:
    """Numeric dates and clock times, written alike in every language."""
    time = r"(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::(?P<sec>[0-5]\d))?"
    return [
        (
            "iso_time",
            r"(?P<y>{YEAR})[-./](?P<m>0?[1-9]|1[0-2])[-./](?P<d>"
            + DAY_RE
            + r")[\sT]+(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
            + r"(?:Z|[+\-](?:[01]\d|2[0-3]):?[0-5]\d)?",
            iso_time,
        ),
        (
            "ymd",
            r"(?P<y>{YEAR})(?P<sep>[-./])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>" + DAY_RE + ")",
            numeric_ymd,
        ),
        (
            "ymd_compact",
            r"(?P<y>19\d\d|20\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])",
            numeric_ymd,
        ),
        (
            "dmy",
            r"(?P<a>\d\d?)(?P<sep>[-./])(?P<b>\d\d?)(?P=sep)(?P<y>{YEAR}|\d\d)(?:\s+" + time + ")?",
            numeric_dmy,
        ),
        (
            "time",
            time + r"(?:\s*(?P<ap>[ap]\.?m\b\.?))?(?:\s+(?:[A-Z]{2,4}T|GMT|UTC))?",
            time_of_day,
        ),
    ]


def _english() -> list[Template]:
    return [
        (
            "month_day",
            r"(?:(?:{WD}),?\s+)?(?P<mon>{MON})\s+(?P<d>{DAY})(?:(?:,\s*|\s+)(?P<y>{YEAR}|'\d\d))?",
            month_day,
        ),
        (
            "day_month",
            r"(?:(?:{WD}),?\s+)?(?:the\s+)?(?P<d>{DAY})\s+(?:of\s+)?(?P<mon>{MON})(?:,?\s+(?P<y>{YEAR}))?",
            month_day,
        ),
        ("month_year", r"(?P<mon>{MON}),?\s+(?:of\s+)?(?P<y>{YEAR}|'\d\d)", month_year),
        ("month", r"(?P<mon>{MON})", month_alone),
        (
            "month_rel_year",
            r"(?P<mon>{MON})(?:\s+(?P<d>{DAY}))?,?\s+(?:of\s+)?(?P<rel>last|next|this)\s+year",
            month_of_shifted_year,
        ),
        ("shift_month", r"(?P<rel>{SHIFTB})\s+(?P<mon>{MON})", shifted_month),
        ("shift_month_day", r"(?P<rel>last|next|this)\s+(?P<mon>{MON})\s+(?P<d>{DAY})", month_day),
        ("year", r"(?P<y>{YEAR})", year_alone),
        ("fiscal", r"fiscal(?:\s+year)?\s+(?P<y>{YEAR}|'?\d\d)", fiscal_year),
        (
            "decade",
            r"(?:the\s+)?(?:(?P<part>early|mid|late)[\s\-]+)?(?:(?P<c>1[5-9]|20)|')(?P<dd>\d)0['’]?s",
            decade,
        ),
        ("days", r"(?P<dw>{DAYS})(?:\s+(?P<dp>{DAYPART}))?", deictic_day),
        ("last_night", r"(?P<dw>last)\s+(?P<dp>night)", last_night),
        ("this_daypart", r"this\s+(?P<dp>{DAYPART})", this_daypart),
        (
            "weekday",
            r"(?:(?P<rel>last|next|this|the\s+following|the\s+previous|coming)\s+)?(?P<wd>{WD})(?:\s+(?P<dp>{DAYPART}))?",
            weekday_ref,
        ),
        ("named_time", r"(?P<nt>{CLOCK})(?:\s+(?P<wd>{WD}))?", named_time),
        (
            "time_ampm",
            r"(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.?|[ap]m\b)(?:\s+(?:[A-Z]{2,4}T|GMT|UTC))?(?:,?\s+(?P<wd>{WD}))?",
            time_of_day,
        ),
        (
            "shift_unit",
            r"(?:(?P<part>{PART})\s*)?(?:the\s+)?(?P<rel>{SHIFTB})\s+(?P<u>week|weekend|month|quarter|year|decade|century)",
            shifted_unit,
        ),
        (
            "earlier_this",
            r"(?P<part>earlier|later)\s+(?:this|the)\s+(?P<u>week|month|year|decade|century|morning|afternoon|evening)",
            earlier_this,
        ),
        (
            "part_of_unit",
            r"(?P<part>{PART})\s+(?:the|this)\s+(?P<u>year|month|week|decade|century)",
            current_unit,
        ),
        (
            "the_unit",
            r"the\s+(?:(?:current|full|calendar)\s+)?(?P<u>year|week|weekend|month|decade|century)",
            current_unit,
        ),
        (
            "the_quarter",
            r"the\s+(?:(?P<latest>latest|most\s+recent|recent|fiscal)\s+)?quarter",
            the_quarter,
        ),
        (
            "quarter",
            r"(?:the\s+)?(?P<q>{QORD})(?:[\s\-]+fiscal)?[\s\-]+quarter(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR}))?",
            quarter,
        ),
        (
            "year_earlier",
            r"(?:the\s+)?(?:comparable\s+)?year[\s\-](?:earlier|ago)(?:\s+(?:quarter|period))?",
            year_earlier,
        ),
        (
            "quarter_of_year",
            r"(?P<rel>this|last|next)\s+year['’]s\s+(?:(?P<q>{QORD})[\s\-]+)?quarter",
            quarter_of_year,
        ),
        (
            "spoken_year",
            r"(?P<c>nineteen|twenty)[\s\-]+(?P<r>(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s\-]+(?:one|two|three|four|five|six|seven|eight|nine))?)",
            spoken_year,
        ),
        ("thanksgiving", r"(?P<rel>last\s+|next\s+)?thanksgiving(?:\s+day)?", thanksgiving),
        (
            "ago",
            r"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})\s+(?P<u>{UNIT})\s+(?:(?P<ago>{AGO})|(?P<later>{LATER}))",
            ago,
        ),
        (
            "duration",
            r"(?:the\s+)?(?:(?:past|last|next|first|coming|previous|following|recent|latest|final)\s+)?(?:(?P<n>{NUM})\s+)?(?:more\s+)?(?P<u>{UNIT})(?:\s+(?:ahead|long))?",
            english_duration,
        ),
        (
            "duration_adj",
            r"(?P<n>\d+|{NUM})[\-](?P<u>second|minute|hour|day|week|month|year|decade|century)(?:[\-]old|[\-]long)?",
            duration,
        ),
        (
            "part",
            r"(?P<part>{PART})\s*(?:-\s*)?(?:(?P<mon>{MON})(?:,?\s+(?P<y>{YEAR}))?|(?P<y2>{YEAR}))",
            english_part,
        ),
        (
            "season",
            r"(?:(?:this\s+)?(?P<rel>{SHIFTB})\s+|the\s+)?(?P<se>{SEASON})(?:\s+(?:of\s+)?(?P<y>{YEAR}))?",
            season,
        ),
        ("ref", r"(?P<ref>{REF})", reference),
        ("set", r"(?P<st>{SET})", set_value),
        (
            "every",
            r"(?:every|each|per)\s+(?P<u>day|week|month|year|quarter|hour|night|morning)",
            every,
        ),
        ("century", r"the\s+(?P<o>\d\d?)(?:st|nd|rd|th)\s+century", century),
        ("holiday", r"(?P<hd>{HOLIDAY})", holiday),
    ]


def _arabic() -> list[Template]:
    weekday = r"(?:(?:يوم\s+)?{WD}\s*[،,]?\s*)?"
    hijri = r"(?P<hm>{HIJRI})\s*[،,]?\s*(?P<hy>1[34]\d\d)(?:\s*{HIJRIERA})?"
    mon = r"(?:شهر\s+)?(?P<mon>{MON})(?:\s*[/(]\s*{MON}\s*\)?)?"
    return [
        ("hijri_day", weekday + r"(?P<d>" + DAY_RE + r")\s+" + hijri, hijri_day),
        (
            "day_month",
            weekday
            + r"(?P<d>"
            + DAY_RE
            + r")\s+(?:من\s+)?"
            + mon
            + r"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|العام|سنة)?\s*(?P<y>{YEAR}))?"
            + r"(?:\s+(?P<rel>{SHIFTA}))?",
            month_day,
        ),
        (
            "month_year",
            mon + r"\s*[،,]?\s*(?:من\s+)?(?:عام|العام|سنة)?\s*(?P<y>{YEAR})",
            month_year,
        ),
        (
            "month",
            r"(?P<mw>شهر\s+)?(?P<mon>{MON})(?:\s*[/(]\s*{MON}\s*\)?)?(?:\s+(?P<rel>{SHIFTA}))?",
            month_alone,
        ),
        (
            "month_rel_year",
            mon + r"\s+(?:من\s+)?(?:العام|السنة)\s+(?P<rel>{SHIFTA})",
            month_of_shifted_year,
        ),
        ("year", r"(?:(?:عام|العام|سنة)\s+)?(?P<y>{YEAR})", year_alone),
        (
            "decade",
            r"(?P<dw>{DECW})(?:\s+(?:من\s+)?القرن\s+(?P<past>الماضي|العشرين)|\s+(?:من\s+)?(?P<cur>هذا\s+القرن|القرن\s+الحالي))?",
            word_decade,
        ),
        ("days", r"(?:(?P<dp>{DAYPART})\s+)?(?P<dw>{DAYS})", deictic_day),
        ("part_of_unit", r"(?P<part>{PART})\s+(?P<u>{DEFUNIT})", current_unit),
        ("recent_units", r"(?P<u>{PLURALS})\s+(?:القليلة\s+)?(?:{RECENT})", vague_duration),
        ("weekday", r"(?:(?P<yawm>يوم)\s+)?(?P<wd>{WD})(?:\s+(?P<rel>{SHIFTA}))?", weekday_ref),
        (
            "shift_unit",
            r"(?:(?P<part>{PART})\s+)?(?P<u>{DEFUNIT})\s+(?P<rel>{SHIFTA})",
            shifted_unit,
        ),
        ("this_unit", r"(?:(?P<part>{PART})\s+)?(?:هذا|هذه)\s+(?P<u>{DEFUNIT})", current_unit),
        (
            "ago",
            r"(?:(?P<ago>{AGOB})|(?P<later>بعد))\s+(?:(?P<approx>{APPROX})\s+)?(?:(?P<n>{NUM})\s+)?"
            + r"(?P<u>{UNIT}|{DUAL})",
            ago,
        ),
        ("duration", r"(?:(?P<n>{NUM})\s+(?P<u>{UNIT})|(?P<u2>{DUAL}))", arabic_duration),
        (
            "part",
            r"(?P<part>{PART})\s+"
            + mon
            + r"(?:\s*[،,]?\s*(?:من\s+)?(?:عام|العام)?\s*(?P<y>{YEAR}))?(?:\s+(?P<rel>{SHIFTA}))?",
            part_of_period,
        ),
        ("part_year", r"(?P<part>{PART})\s+(?:عام|العام|سنة)?\s*(?P<y>{YEAR})", part_of_period),
        ("ref", r"(?P<ref>{REF})", reference),
        ("set", r"(?P<st>{SET})", set_value),
        ("season", r"(?P<se>{SEASON})\s+(?:(?P<rel>{SHIFTA})|(?:عام\s+)?(?P<y>{YEAR}))", season),
    ]


def _turkish() -> list[Template]:
    return [
        (
            "day_month",
            r"(?P<d>"
            + DAY_RE
            + r")\s+(?P<mon>{MONTR})(?:\s+(?P<y>{YEAR})(?:\s+(?:yılı|senesi)\w*)?)?(?:\s+{WD})?",
            month_day,
        ),
        ("month_year", r"(?P<mon>{MON})\s+(?P<y>{YEAR})", month_year),
        ("month", r"(?P<mon>{MONTR})(?P<mw>\s+ay[ıi]\w*)?", month_alone),
        ("shift_month", r"(?P<rel>{SHIFTB})\s+(?P<mon>{MONTR})", shifted_month),
        (
            "month_rel_year",
            r"(?P<rel>{SHIFTB})\s+(?:yıl|sene)(?:ın|nin)?\s+(?P<mon>{MONTR})",
            month_of_shifted_year,
        ),
        ("year", r"(?P<y>{YEAR})(?:['’][a-zçğıöşü]+)?(?:\s+(?:yılı|senesi)\w*)?", year_alone),
        (
            "decade",
            r"(?P<c>1[5-9]|20)(?P<dd>\d)0['’]?(?:l[ıiuü]|lar|ler)\w*(?:\s+yıl\w*)?",
            decade,
        ),
        ("days", r"(?P<dw>{DAYS})(?:[a-zçğıöşü]*)(?:\s+(?P<dp>{DAYPART}))?", deictic_day),
        (
            "weekday",
            r"(?:(?P<rel>{SHIFTB})\s+)?(?P<wd>{WD})(?P<yawm>\s+gün[üu]\w*|[a-zçğıöşü]*)",
            weekday_ref,
        ),
        (
            "shift_unit",
            r"(?P<rel>{SHIFTB})\s+(?P<u>hafta|ay|yıl|sene|çeyrek)(?:[a-zçğıöşü]*)(?:\s+(?P<part>{PARTA}))?",
            shifted_unit,
        ),
        (
            "ago",
            r"(?:(?P<approx>{APPROX})\s+)?(?P<n>{NUM})\s+(?P<u>{UNIT})[a-zçğıöşü]*"
            + r"(?:\s+(?:(?P<ago>{AGO})|(?P<later>{LATER})))",
            ago,
        ),
        ("duration", r"(?P<n>{NUM})\s+(?P<u>{UNITTR})", duration),
        ("vague_duration", r"(?P<u>{VUNITS})", vague_duration),
        (
            "part",
            r"(?P<mon>{MON})(?:\s+(?P<y>{YEAR}))?(?:\s+ay[ıi]n[ıi]n)?\s+(?P<part>{PARTA})",
            part_of_period,
        ),
        ("part_year", r"(?P<y>{YEAR})(?:\s+yılı(?:nın)?)?\s+(?P<part>{PARTA})", part_of_period),
        ("ref", r"(?P<ref>{REF})", reference),
        ("set", r"(?P<st>{SET})", set_value),
    ]


@cache
def rules_for(language: str) -> tuple[Rule, ...]:
    """Every compiled pattern of a language (English ones for a language we have no rules for)."""
    blocks = _blocks(language)
    specific = {"en": _english, "ar": _arabic, "tr": _turkish}.get(language, _english)
    rules = []
    for name, template, handler in [*_common(), *specific()]:
        rules.append(Rule(name, _wrap(language, _fill(template, blocks)), handler))
    return tuple(rules)


@cache
def _weekday_name(language: str) -> re.Pattern[str]:
    return _wrap(language, f"(?P<wd>{_blocks(language)['WD']})")


# What may stand between a date and the weekday named beside it ('Thu 3 Oct', '7 Nisan Pazar,').
WEEKDAY_GAP = re.compile(r"[\s,،|·\-–—/]*")


def weekday_beside(text: str, start: int, end: int, language: str) -> int | None:
    """The weekday (Monday 0) named inside `text[start:end]` or right beside it, with only
    spaces and punctuation between; None when no weekday is named there."""
    for match in _weekday_name(language).finditer(text):
        inside = start <= match.start("wd") and match.end("wd") <= end
        before = match.end("wd") <= start and WEEKDAY_GAP.fullmatch(text[match.end("wd") : start])
        after = end <= match.start("wd") and WEEKDAY_GAP.fullmatch(text[end : match.start("wd")])
        if inside or before or after:
            return weekday_of(language, match["wd"])
    return None
