"""Lexicon words as regular expressions and lookup keys, tolerant of script variants."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from storyline.lexicons import load

# Arabic-Indic and Persian digits, and Arabic number marks, map one-for-one to ASCII so that
# offsets found on the translated text are offsets into the original.
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": ",",
    }
)

_ALEF = "اأإآ"
_ARABIC_MARKS = "\u064b-\u0652\u0640"
_MARKS_RE = re.compile(f"[{_ARABIC_MARKS}]")


def key(word: str, language: str) -> str:
    """The lookup key of a word: case, Arabic letter variants, marks and spacing folded."""
    if language == "tr":
        word = word.replace("I", "ı").replace("İ", "i")
    word = word.lower().replace("’", "'")
    if language == "ar":
        word = _MARKS_RE.sub("", word)
        word = re.sub(f"[{_ALEF}]", "ا", word).replace("ى", "ي")
    return re.sub(r"[\s\-]+", " ", word.strip(" ."))


def _word_pattern(word: str, language: str) -> str:
    parts = []
    for ch in word:
        if ch.isspace():
            parts.append(r"[\s\-]+")
        elif language == "ar" and ch in _ALEF:
            parts.append(f"[{_ALEF}]")
        elif language == "ar" and ch in "يى":
            parts.append("[يى]")
        elif ch == "-":
            parts.append(r"[\s\-]?")
        elif ch == "'":
            parts.append("['’]")
        else:
            parts.append(re.escape(ch))
    pattern = "".join(parts)
    if language == "ar":
        pattern += f"[{_ARABIC_MARKS}]*"
    return pattern


def alternation(words: Iterable[str], language: str) -> str:
    """A non-capturing regex group matching any of the words, longest first."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    if not unique:
        return "(?!x)x"
    return "(?:" + "|".join(_word_pattern(w, language) for w in unique) + ")"


@cache
def table(language: str, lexicon: str, name: str) -> dict[str, Any]:
    """One mapping of a lexicon, keyed by `key` so lookups ignore case and script variants."""
    raw = load(language, lexicon).get(name, {})
    if isinstance(raw, Mapping):
        return {key(word, language): value for word, value in raw.items()}
    return {key(word, language): True for word in raw}


def words(language: str, lexicon: str, name: str) -> list[str]:
    """The words (keys) of one lexicon entry as written in the data file."""
    raw = load(language, lexicon).get(name, {})
    return list(raw)


def lookup(language: str, lexicon: str, name: str, word: str) -> Any:
    """The value a lexicon entry gives a word, ignoring case and script variants; else None."""
    return table(language, lexicon, name).get(key(word, language))
