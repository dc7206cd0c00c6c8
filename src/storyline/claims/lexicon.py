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
