"""Offices, ranks and fields named in a role or a source's description ('deputy interior
minister', 'مدير المعبر', 'Liman Başkanı'), read per language so that two languages compare."""

from __future__ import annotations

import re
from functools import cache

from storyline import lexicons
from storyline.text.normalize import fold

# One office word as read: the offices it can mean.
Office = frozenset[str]
# Levels of government qualify an office ('district chair'); alone they name none.
LEVELS = frozenset({"district", "provincial", "regional"})
# The office of one who stands in for another.
DEPUTY = frozenset({"deputy"})


@cache
def _office_patterns(language: str) -> tuple[tuple[re.Pattern[str], Office], ...]:
    """Each phrase of the lexicon with the offices it can mean, longest first; matched at a
    word's start (in Arabic anywhere in a word, which carries its article and prepositions), to
    a word's end where the entry ends with a space."""
    senses: dict[str, set[str]] = {}
    whole: set[str] = set()
    for office, entries in lexicons.load(language, "offices").items():
        if office.startswith("_"):
            continue
        for entry in entries:
            senses.setdefault(fold(entry), set()).add(office)
            if entry.endswith(" "):
                whole.add(fold(entry))
    start = "" if language == "ar" else r"(?<!\w)"
    patterns = []
    for phrase in sorted(senses, key=len, reverse=True):
        end = r"(?!\w)" if phrase in whole else ""
        body = re.escape(phrase).replace(r"\ ", r"\s+")
        patterns.append((re.compile(rf"{start}{body}{end}"), frozenset(senses[phrase])))
    return tuple(patterns)


def offices(description: str, language: str) -> tuple[Office, ...]:
    """The office words a role or a source's description names, in the order they come; a
    longer phrase ('prime minister') is read before the words inside it."""
    folded = fold(description)
    found: list[tuple[int, Office]] = []
    for pattern, senses in _office_patterns(language):
        for match in pattern.finditer(folded):
            found.append((match.start(), senses))
            folded = folded[: match.start()] + " " * len(match.group(0)) + folded[match.end() :]
    return tuple(senses for _, senses in sorted(found, key=lambda item: item[0]))


def names_office(word: str, language: str) -> bool:
    """Whether one word is an office or a rank ('Albay', 'Direktörü'), not part of a name."""
    return bool(offices(word, language))


def different_offices(a: tuple[Office, ...], b: tuple[Office, ...]) -> bool:
    """Two roles name different offices when each names one the other cannot mean: 'director
    of the crossing' and 'deputy interior minister' do; 'minister' and 'foreign minister' do
    not, and neither do a role and the same role with a rank dropped. A deputy is not the
    office it stands in for: 'deputy health minister' and 'health minister' differ."""
    if not a or not b:
        return False
    only_a = [office for office in a if not any(office & other for other in b)]
    only_b = [office for office in b if not any(office & other for other in a)]
    return bool(only_a and only_b) or _deputy(a) != _deputy(b)


def _deputy(found: tuple[Office, ...]) -> bool:
    """Whether a role names a deputy: a word that can mean nothing else ('deputy', 'نائب';
    not 'وكيل', which is also an agent or a lawyer)."""
    return any(office == DEPUTY for office in found)


@cache
def _field_patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Per field of the lexicon, one pattern of its words, each matched at a word's start (in
    Arabic anywhere in a word, which carries its article and prepositions)."""
    start = "" if language == "ar" else r"(?<!\w)"
    found = []
    for field, entries in lexicons.load(language, "source_fields").items():
        if field.startswith("_"):
            continue
        words = "|".join(re.escape(fold(entry)) for entry in entries)
        found.append((field, re.compile(rf"{start}(?:{words})")))
    return tuple(found)


def source_fields(description: str, language: str) -> frozenset[str]:
    """The fields (customs, police, a company...) a cited source's description names."""
    folded = fold(description)
    return frozenset(
        field for field, pattern in _field_patterns(language) if pattern.search(folded)
    )
