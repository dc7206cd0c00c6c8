"""Numbers in text: digits in any script, grouped and decimal forms, and number words."""

from __future__ import annotations

import re
from functools import cache

from storyline.lexicons import load
from storyline.timex.lexicon import DIGITS, alternation, key, table, words

Number = int | float

# A word clitic that may stick to an Arabic number word ("وثلاثة", "بثلاثة").
_ARABIC_CLITIC = "(?:[وف]?[بل]?)"
_DIGIT_RUN = r"\d+(?:[.,]\d+)*"


def _boundary(language: str) -> tuple[str, str]:
    before = r"(?<![\w.,])" + (_ARABIC_CLITIC if language == "ar" else "")
    after = r"(?:['’]\w+)?(?!\w)" if language == "tr" else r"(?!\w)"
    return before, after


@cache
def _patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    units = words(language, "numbers", "units")
    scales = words(language, "numbers", "scales")
    word = alternation([*units, *scales], language)
    connectors = [c for c in table(language, "numbers", "connectors") if c != "-"]
    joiner = r"(?:\s+|-)"
    if language == "ar":
        joiner = r"\s+و?"
    elif connectors:
        joiner = r"(?:\s+(?:" + "|".join(map(re.escape, connectors)) + r")\s+|\s+|-)"
    before, after = _boundary(language)
    word_run = re.compile(f"{before}(?P<t>{word}(?:{joiner}{word})*){after}", re.IGNORECASE)
    scale = alternation(scales, language)
    digits = re.compile(
        f"{before}(?P<t>(?P<n>{_DIGIT_RUN})(?:\\s+(?P<s>{scale}))?){after}", re.IGNORECASE
    )
    return word_run, digits


@cache
def _decimal_mark(language: str) -> str:
    """'.' or ',' (the Arabic decimal separator reads as '.', as digits are made ASCII)."""
    return str(load(language, "numbers").get("decimal_mark", ".")).translate(DIGITS)


def parse_digits(run: str, language: str) -> Number:
    """The value of a digit string, reading '.' and ',' as the language writes them."""
    decimal_mark = _decimal_mark(language)
    group_mark = "." if decimal_mark == "," else ","
    if re.fullmatch(r"\d{1,3}(?:" + re.escape(group_mark) + r"\d{3})+", run):
        return int(run.replace(group_mark, ""))
    if group_mark in run and decimal_mark in run:
        run = run.replace(group_mark, "")
    run = run.replace(group_mark, ".").replace(decimal_mark, ".")
    if run.count(".") > 1:
        return int(run.replace(".", ""))
    value = float(run)
    return int(value) if "." not in run else value


_MULTIPLYING = (1000, 1_000_000, 1_000_000_000, 1_000_000_000_000)


def word_value(tokens: list[str], language: str) -> Number | None:
    """The value of a run of number words ('twenty', 'five'), or None if one is not a number."""
    units = table(language, "numbers", "units")
    scales = table(language, "numbers", "scales")
    total = current = 0
    previous_unit = 0
    for token in tokens:
        folded = key(token, language)
        if folded in units:
            # Units add up only across places ('twenty five', 'خمسة وعشرون'): two of one place
            # side by side are a range or a list ('iki-üç gün', 'two, three'), not their sum.
            if previous_unit and len(str(previous_unit)) == len(str(units[folded])):
                return None
            previous_unit = units[folded]
            current += units[folded]
        elif folded not in scales:
            return None
        elif scales[folded] == 100:
            previous_unit = 0
            current = (current or 1) * 100
        elif scales[folded] in _MULTIPLYING:
            total += (current or 1) * scales[folded]
            current = previous_unit = 0
        else:  # a dual that carries its own count, such as 'مئتين' or 'ألفين'
            current += scales[folded]
    return total + current


def number_tokens(phrase: str, language: str) -> list[str]:
    """The number words of a phrase, connectors ('and', a joined 'و') left out."""
    if language == "ar":
        parts = re.split(r"\s+", phrase)
        return [
            p[1:]
            if p.startswith("و") and key(p, language) not in table(language, "numbers", "units")
            else p
            for p in parts
        ]
    connectors = set(table(language, "numbers", "connectors"))
    return [t for t in re.split(r"[\s\-]+", phrase) if t and key(t, language) not in connectors]


def find_numbers(text: str, language: str) -> list[tuple[int, int, Number, str]]:
    """Every number in the text as (start, end, value, text), in text order.

    Digits in Latin, Arabic-Indic or Persian script, grouped ('1,200', '1.200' in Turkish),
    decimals, digits with a scale word ('3 million') and number words ('three', 'ثلاثة',
    'üç', 'twenty-five', 'خمسة وعشرون').
    """
    normal = text.translate(DIGITS)
    word_run, digits = _patterns(language)
    ambiguous = table(language, "numbers", "ambiguous_alone")
    found: list[tuple[int, int, Number, str]] = []
    taken: list[tuple[int, int]] = []
    for match in digits.finditer(normal):
        value = parse_digits(match.group("n"), language)
        if match.group("s"):
            value = value * table(language, "numbers", "scales")[key(match.group("s"), language)]
            value = int(value) if float(value).is_integer() else value
        start, end = match.span("t")
        found.append((start, end, value, text[start:end]))
        taken.append((start, end))
    for match in word_run.finditer(normal):
        start, end = match.span("t")
        if any(s < end and start < e for s, e in taken):
            continue
        phrase = match.group("t")
        if key(phrase, language) in ambiguous:
            continue
        value = word_value(number_tokens(phrase, language), language)
        if value is not None:
            found.append((start, end, value, text[start:end]))
    return sorted(found)
