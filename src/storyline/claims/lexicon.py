"""Attribution vocabulary per language, read once from the lexicon files, as ready regexes."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from storyline.lexicons import load


def words(language: str, name: str, key: str) -> tuple[str, ...]:
    """A list from lexicon `name`, longest entries first so alternations prefer them."""
    data: Any = load(language, name)
    for part in key.split("."):
        data = data.get(part, []) if isinstance(data, dict) else []
    return tuple(sorted(data, key=len, reverse=True))


@cache
def alternation(language: str, name: str, key: str) -> str:
    """A regex alternation of a lexicon list, spaces matching any run of spaces."""
    return "|".join(re.escape(entry).replace(r"\ ", r"\s+") for entry in words(language, name, key))


@cache
def word_set(language: str, name: str, key: str) -> frozenset[str]:
    return frozenset(entry.casefold() for entry in words(language, name, key))


@cache
def pointer_cue(language: str) -> re.Pattern[str] | None:
    """Words by which a denial points at what others said instead of saying what did not
    happen: 'the reports', 'what it called…', 'ما تداولته', 'iddiaları'."""
    cues = "|".join(
        found
        for key in ("pointers", "report_nouns")
        if (found := alternation(language, "denials", key))
    )
    return re.compile(rf"(?<!\w)(?:{cues})(?!\w)", re.IGNORECASE) if cues else None


@cache
def non_answer_cue(language: str) -> re.Pattern[str] | None:
    """Words saying a source gave no answer ('declined to comment', 'لم يتسن الحصول على
    تعليق', 'yorum alınamadı'): a negation there denies nothing. Matched at a word's start, so
    that a Turkish entry takes its suffixes."""
    cues = alternation(language, "denials", "non_answers")
    return re.compile(rf"(?<!\w)(?:{cues})", re.IGNORECASE) if cues else None


def quote_pattern(language: str) -> re.Pattern[str]:
    """Quoted spans with their marks: the words inside are group 'q'."""
    return _quotes(language)


@cache
def _quotes(language: str) -> re.Pattern[str]:
    pairs = load(language, "quotes").get("pairs", [])
    parts = [
        f"{re.escape(a)}(?P<q{i}>[^{re.escape(b)}]{{2,}}){re.escape(b)}"
        for i, (a, b) in enumerate(pairs)
    ]
    return re.compile("|".join(parts))


def quoted(match: re.Match[str]) -> tuple[int, int]:
    """Offsets of the words inside a quote match."""
    for name, value in match.groupdict().items():
        if value is not None:
            return match.start(name), match.end(name)
    return match.start(), match.end()
