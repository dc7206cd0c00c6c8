"""What story clustering compares: an article's vector, its lexical keys and its day."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.claims.names import skeleton
from storyline.text.normalize import fold

# Eastern Arabic and Persian digits read as ASCII digits, so "١١" and "11" are one key.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
_LATIN_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_SENTENCE_END = re.compile(r"[.!?؟…:\"“”«»]\s*$|^\s*$")
# Shorter words are mostly function words in the three languages; their weight is noise.
MIN_WORD_LENGTH = 4

# Keys are typed by a one-character prefix: names and numbers are shared by every language,
# words only within one language, and consonant skeletons of names (Latin script) and of Arabic
# words across scripts ('Selim Arkan' and 'سليم أركان' both give SLM RKN).
NAME, NUMBER, SKELETON = "=", "#", "~"
# Skeletons of fewer consonants collide by chance.
MIN_SKELETON = 3


@dataclass(frozen=True)
class ArticleProfile:
    """One article as story clustering sees it: unit vector, lexical keys, publication day."""

    article_id: str
    vector: np.ndarray
    keys: dict[str, float] = field(default_factory=dict)
    day: int | None = None
    language: str = ""


def day_number(iso_date: str | None) -> int | None:
    """The proleptic ordinal of a YYYY-MM-DD date (None for none or a coarser date)."""
    if not iso_date or len(iso_date) < 10:
        return None
    try:
        return date.fromisoformat(iso_date[:10]).toordinal()
    except ValueError:
        return None


def lexical_keys(text: str, language: str) -> dict[str, float]:
    """Counts of the article's names, numbers and content words as typed keys.

    Names are capitalised Latin-script words not at the start of a sentence (they survive in
    Arabic and Turkish text too: "(Brennpost)"); numbers are normalised across digit scripts;
    words are folded and kept per language.
    """
    keys: Counter[str] = Counter()
    text = text.translate(_DIGITS)
    for match in _NUMBER.finditer(text):
        keys[NUMBER + match.group().replace(",", "").rstrip(".")] += 1
    for match in _WORD.finditer(text):
        word = match.group()
        folded = fold(word)
        if not folded:
            continue
        starts_sentence = bool(
            _SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()])
        )
        if _LATIN_CAPITAL.match(word) and not starts_sentence and len(folded) > 1:
            keys[NAME + folded] += 1
            _add_skeleton(keys, word)
        elif len(folded) >= MIN_WORD_LENGTH:
            keys[f"{language}:{folded}"] += 1
            if _ARABIC_LETTER.match(word):
                _add_skeleton(keys, word)
    return dict(keys)


def _add_skeleton(keys: Counter[str], word: str) -> None:
    consonants = skeleton(word)
    if len(consonants) >= MIN_SKELETON:
        keys[SKELETON + consonants] += 1
