"""The reading context of a time expression: its text, language, anchor and the tense around it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache

from storyline.timex.lexicon import alternation, table, words


@dataclass(frozen=True)
class Found:
    """What a handler makes of one match; the finder adds where it sits."""

    kind: str
    value: str
    precision: str
    anchored: bool = False
    range: tuple[str, str] | None = None
    mod: str | None = None


@dataclass
class Context:
    """The text being read (digits made ASCII), its language and the anchor date."""

    text: str
    language: str
    anchor: date | None

    def sentence(self, start: int, end: int) -> tuple[int, str]:
        """The sentence around a span, and where it starts."""
        left = 0
        for boundary in _SENTENCE_END.finditer(self.text, max(0, start - 400), start):
            left = boundary.end()
        right_match = _SENTENCE_END.search(self.text, end)
        right = right_match.start() + 1 if right_match else len(self.text)
        return left, self.text[left:right]

    def direction(self, start: int, end: int) -> int:
        """Which way the sentence around a span looks, by the tense cue nearest to it:
        1 future, -1 past, 0 when it has no cue."""
        left, sentence = self.sentence(start, end)
        here = start - left
        future = [m.start() for m in _future_cue(self.language).finditer(sentence)]
        past = [m.start() for m in _past_cue(self.language).finditer(sentence)]
        if not future:
            return -1 if past else 0
        nearest_future = min(abs(p - here) for p in future)
        nearest_past = min((abs(p - here) for p in past), default=len(sentence) + 1)
        return 1 if nearest_future <= nearest_past else -1

    def before(self, start: int, width: int = 24) -> str:
        return self.text[max(0, start - width) : start].lower()


Handler = Callable[[re.Match[str], Context], Found | None]


@dataclass(frozen=True)
class Rule:
    """One pattern of a language and the handler that normalises its matches."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler


# A sentence ends at ! ? ؟ or a line break, or at a full stop before a capital or Arabic letter
# that does not close an initial ('U.S.').
_SENTENCE_END = re.compile(r"[!?؟\n]|\.(?=\s+[A-Z\"“\u0600-\u06ff])(?<![A-Z]\.)|\.(?=\s*$)")


@cache
def _past_cue(language: str) -> re.Pattern[str]:
    cues = words(language, "relative", "past_cues")
    future = set(table(language, "relative", "future_cues"))
    suffixes = words(language, "relative", "past_suffixes")
    parts = [alternation(cues, language)] if cues else []
    if suffixes:
        parts.append(r"\w+" + alternation(suffixes, language))
    if not parts:
        return re.compile(r"(?!x)x")
    excluded = alternation(future, language) if future else "(?!x)x"
    return re.compile(
        r"(?<![\w'])(?!" + excluded + r"(?!\w))(?:" + "|".join(parts) + r")(?!\w)", re.I
    )


@cache
def _future_cue(language: str) -> re.Pattern[str]:
    cues = words(language, "relative", "future_cues")
    parts = [alternation(cues, language)]
    suffixes = words(language, "relative", "future_suffixes")
    if suffixes:
        parts.append(r"\w+" + alternation(suffixes, language) + r"\w*")
    prefixes = words(language, "relative", "future_prefixes")
    if prefixes:
        parts.append(alternation(prefixes, language) + r"\w+")
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?!\w)", re.I)
