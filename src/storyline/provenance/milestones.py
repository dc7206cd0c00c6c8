"""Happenings that come once in a thing's life (a place reopened, a service launched, a company
taking over a mine, aircraft joining a fleet), read across a story's dated reports: the evidence
that an article tells as recent or still to come what other reports date years before it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from storyline.lexicons import load
from storyline.provenance.plans import span_end
from storyline.provenance.timeline import STALE_DAYS, as_date
from storyline.text.normalize import fold

SENTENCE = re.compile(r"[^.!?؟\n]+")
# How many words may stand between two words of one cue ('joined its fleet').
CUE_GAP = 2
# Conjunctions, prepositions and the article written onto an Arabic word ('وبالأسطول').
CLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ف", "ب", "ل")
# Two sentences tell of the same thing when they share this many words of this length at
# least (not cue words): a name, the thing itself ('museum', 'portal', 'özelleştirme').
SHARED_WORDS = 2
CONTENT_LETTERS = 5
# Two or more capitalised words inside a sentence (not its first) are a name; a name of the
# other report's sentence found anywhere in the article ties the two across languages ('Sahm
# Air Cargo' in a Turkish article and an English report).
NAME = re.compile(r"(?<=\s)[A-ZÇĞİÖŞÜ][\w-]+(?:\s+[A-ZÇĞİÖŞÜ][\w-]+)+")


@dataclass(frozen=True)
class Mention:
    """One sentence telling of a once-only happening, with the times it gives it."""

    concept: str
    sentence: str
    words: frozenset[str]
    names: frozenset[str]
    # (value, text) of the time expressions in the sentence, relative or written out.
    relative: tuple[tuple[str, str], ...]
    written: tuple[tuple[str, str], ...]


@cache
def _cues(language: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    concepts = load(language, "milestones").get("concepts", {})
    return tuple(
        (concept, tuple(fold(cue).split()))
        for concept, cues in concepts.items()
        for cue in cues
        if fold(cue)
    )


def _starts(token: str, prefix: str, language: str) -> bool:
    if token.startswith(prefix):
        return True
    return language == "ar" and any(
        token.startswith(clitic) and token[len(clitic) :].startswith(prefix) for clitic in CLITICS
    )


def _cue_at(tokens: Sequence[str], cue: Sequence[str], language: str) -> set[int] | None:
    """The token positions a cue's words take in order, each within CUE_GAP words of the
    last; None when the cue is not there."""
    for first, token in enumerate(tokens):
        if not _starts(token, cue[0], language):
            continue
        taken, last = {first}, first
        for word in cue[1:]:
            following = [
                i
                for i in range(last + 1, min(len(tokens), last + 2 + CUE_GAP))
                if _starts(tokens[i], word, language)
            ]
            if not following:
                break
            last = following[0]
            taken.add(last)
        else:
            return taken
    return None


def milestone_mentions(
    text: str, language: str, timexes: Sequence[Mapping[str, Any]]
) -> list[Mention]:
    """The sentences of a text telling of a once-only happening and giving it a time.
    `timexes` are dicts with value, anchored, start and end over `text`."""
    cues = _cues(language)
    if not cues:
        return []
    found = []
    for match in SENTENCE.finditer(text):
        inside = [
            t
            for t in timexes
            if match.start() <= int(t["start"])
            and int(t["end"]) <= match.end()
            and _span(str(t.get("value") or ""))
        ]
        if not inside:
            continue
        tokens = fold(match.group()).split()
        for concept, cue in cues:
            taken = _cue_at(tokens, cue, language)
            if taken is None:
                continue
            words = frozenset(
                token
                for index, token in enumerate(tokens)
                if index not in taken and len(token) >= CONTENT_LETTERS and not token.isdigit()
            )
            names = frozenset(fold(name) for name in NAME.findall(match.group()))
            found.append(
                Mention(
                    concept,
                    " ".join(match.group().split()),
                    words,
                    names,
                    tuple((str(t["value"]), str(t["text"])) for t in inside if t.get("anchored")),
                    tuple(
                        (str(t["value"]), str(t["text"])) for t in inside if not t.get("anchored")
                    ),
                )
            )
            break
    return found


def _span(value: str) -> tuple[date, date] | None:
    """First and last day of a time value ('2023', '2024-11', '2024-W38', '2024-11-05')."""
    week = re.match(r"(\d{4})-W(\d{2})", value)
    if week:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        return monday, monday + timedelta(days=6)
    first, last = as_date(value[:10]), span_end(value[:10])
    return (first, last) if first and last else None


def _middle(span: tuple[date, date]) -> date:
    return span[0] + (span[1] - span[0]) / 2


class MilestoneIndex:
    """The once-only happenings dated reports write out with their time, found by the kind of
    happening and a word or name they share with an article's mention of it."""

    def __init__(self, reports: Mapping[str, tuple[date, Sequence[Mention]]]) -> None:
        self._by_key: dict[tuple[str, str], list[tuple[str, date, Mention]]] = {}
        for article_id, (published, mentions) in sorted(reports.items()):
            for mention in mentions:
                if not mention.written:
                    continue
                keys = mention.words | {name.split()[0] for name in mention.names}
                for key in keys:
                    entry = (article_id, published, mention)
                    self._by_key.setdefault((mention.concept, key), []).append(entry)

    def same_thing(
        self, mine: Mention, folded_text: str, article_id: str
    ) -> list[tuple[str, date, Mention]]:
        """Other reports' mentions of the same kind of happening that share SHARED_WORDS
        words with `mine`, or a name with the article (`folded_text`: its folded text)."""
        found: dict[int, tuple[str, date, Mention]] = {}
        padded = f" {folded_text} "
        for key in mine.words | set(folded_text.split()):
            for entry in self._by_key.get((mine.concept, key), []):
                other_id, _, other = entry
                if other_id == article_id or id(other) in found:
                    continue
                named = any(f" {name} " in padded for name in other.names)
                if len(mine.words & other.words) >= SHARED_WORDS or named:
                    found[id(other)] = entry
        return sorted(found.values(), key=lambda entry: (entry[0], entry[2].sentence))


def milestone_check(
    stated: date,
    article_id: str,
    text: str,
    mentions: Sequence[Mention],
    index: MilestoneIndex,
) -> dict[str, Any] | None:
    """Evidence that an article was written long before its stated date: it places a once-only
    happening, relative to that date ('taken over last year', 'will reopen next month'), more
    than STALE_DAYS after the time another dated report writes out for the same happening of
    the same thing."""
    folded_text = fold(text)
    clashes = []
    # A sentence writing out the happening's time itself uses its relative words for something
    # else ('founded in June 2024 and has signed no contract to date').
    for mine in (m for m in mentions if not m.written):
        for value, phrase in mine.relative:
            landed = _span(value)
            if landed is None:
                continue
            for other_id, other_date, other in index.same_thing(mine, folded_text, article_id):
                for written_value, written_text in other.written:
                    written = _span(written_value)
                    if written is None or written[0] > other_date:
                        continue
                    if (_middle(landed) - _middle(written)).days <= STALE_DAYS:
                        continue
                    clashes.append(
                        {
                            "here": mine.sentence[:300],
                            "time_here": phrase,
                            "lands_on": value,
                            "article_id": other_id,
                            "dated": other_date.isoformat(),
                            "there": other.sentence[:300],
                            "time_there": written_text,
                        }
                    )
    if not clashes:
        return None
    return {
        "reason": "once-only happening dated years earlier elsewhere",
        "stated": stated.isoformat(),
        "happenings": clashes[:5],
    }
