"""Character normalisation: offset-preserving clean-up, and folding for matching across scripts."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# One-for-one replacements only, so clean text keeps the original's character offsets.
_SAME_LENGTH = str.maketrans(
    {
        "\u00a0": " ",
        "\u2000": " ",
        "\u2001": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u200b": " ",
        "\ufeff": " ",
    }
)

_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
_PUNCT = re.compile(r"[^\w\s+\-]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def same_length(text: str) -> str:
    """Odd spaces and zero-width characters become plain spaces; the length never changes."""
    return text.translate(_SAME_LENGTH)


# Words and names are folded over and over (every name compared, every token read for a
# person): the keys of strings this short are kept for the process.
FOLD_KEPT_LENGTH = 64
FOLD_KEPT = 1 << 17


def fold(text: str) -> str:
    """A matching key: case, accents, Arabic marks and letter variants and punctuation folded.

    'Yarın', 'YARIN' and 'Yarin' fold alike; so do 'إيران' and 'ايران'.
    """
    if len(text) <= FOLD_KEPT_LENGTH:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("ı", "i").replace("İ", "i")
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


_fold_short = lru_cache(maxsize=FOLD_KEPT)(_fold)


def script_of(text: str) -> str:
    """The dominant script of a text: 'arabic', 'latin' or 'other' (by letter counts)."""
    arabic = latin = other = 0
    for ch in text:
        if not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            arabic += 1
        elif ch.isascii() or "\u00c0" <= ch <= "\u024f":
            latin += 1
        else:
            other += 1
    best = max(arabic, latin, other)
    if best == 0:
        return "none"
    return "arabic" if best == arabic else "latin" if best == latin else "other"
