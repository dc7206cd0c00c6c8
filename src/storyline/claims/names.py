"""Name matching across spellings and scripts: consonant skeletons and fuzzy folded keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from storyline.text.normalize import fold

# Latin digraphs first: each names one consonant class, as the single Arabic letter does.
_LATIN_DIGRAPHS = (
    ("sh", "S"),
    ("ch", "S"),
    ("kh", "H"),
    ("gh", "K"),
    ("th", "S"),
    ("dh", "D"),
    ("ph", "F"),
    ("ck", "K"),
    ("ou", ""),
)
_LATIN = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "D",
    "f": "F",
    "v": "F",
    "k": "K",
    "q": "K",
    "g": "K",
    "c": "K",
    "x": "K",
    "h": "H",
    "l": "L",
    "m": "M",
    "n": "N",
    "r": "R",
    "s": "S",
    "z": "S",
    "j": "S",
}
_ARABIC = {
    "ب": "B",
    "پ": "B",
    "ت": "T",
    "ط": "T",
    "ث": "S",
    "س": "S",
    "ص": "S",
    "ش": "S",
    "ز": "S",
    "ذ": "D",
    "ظ": "S",
    "ج": "S",
    "چ": "S",
    "د": "D",
    "ض": "D",
    "ف": "F",
    "ڤ": "F",
    "ك": "K",
    "ق": "K",
    "غ": "K",
    "گ": "K",
    "ح": "H",
    "ه": "H",
    "خ": "H",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ر": "R",
}
_ARABIC_ARTICLE = re.compile(r"^(?:ال|وال|بال|لل)(?=\w{2})")
_LATIN_ARTICLE = re.compile(r"^(?:al|el)[-\s]", re.IGNORECASE)


def _word_skeleton(word: str) -> str:
    if any("\u0600" <= ch <= "\u06ff" for ch in word):
        word = _ARABIC_ARTICLE.sub("", word)
        # A final ة/ه is a vowel ending in most names ('Hama', 'Fatima').
        word = re.sub(r"[ةه]$", "", word)
        letters = [_ARABIC.get(ch, "") for ch in word]
    else:
        word = _LATIN_ARTICLE.sub("", word.casefold())
        word = word.replace("ı", "i").replace("ş", "sh").replace("ç", "ch")
        for digraph, cls in _LATIN_DIGRAPHS:
            word = word.replace(digraph, cls.lower() if cls else "")
        # A doubled consonant ('mm') is one letter with shadda in Arabic, which we never see.
        word = re.sub(r"(.)\1", r"\1", word)
        letters = [_LATIN.get(ch, "") for ch in word]
    return "".join(letters)


# Names recur across claims, mentions and people: each spelling's skeleton is computed once.
@lru_cache(maxsize=1 << 16)
def skeleton(name: str) -> str:
    """A script-neutral key: consonant classes of each word, vowels and articles dropped.

    'كمال ناصر' and 'Kamal Nasser' both give 'KML NSR'.
    """
    # Arabic short vowels, shadda and tatweel are not letters of the skeleton ('حدّور').
    name = re.sub(r"[\u064b-\u065f\u0670\u0640]", "", unicodedata.normalize("NFKC", name))
    words = re.findall(r"[\w'’-]+", name)
    parts = [_word_skeleton(word) for word in words]
    return " ".join(part for part in parts if part)


def same_name(a: str, b: str, threshold: float = 85.0) -> bool:
    """Whether two names are spellings of one name: folded fuzzy match, or equal skeletons."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    if script_mixed(a, b):
        sa, sb = skeleton(a), skeleton(b)
        # Two consonants are too few to tell names apart unless both carry the article (al-/ال).
        minimum = 2 if _has_article(a) and _has_article(b) else 3
        return len(sa.replace(" ", "")) >= minimum and sa == sb
    if fuzz.ratio(fa, fb) >= threshold:
        return True
    sa, sb = skeleton(a), skeleton(b)
    return len(sa.replace(" ", "")) >= 4 and sa == sb


def script_mixed(a: str, b: str) -> bool:
    """Whether one name is written in Arabic script and the other is not."""
    return _is_arabic(a) != _is_arabic(b)


def _has_article(name: str) -> bool:
    return any(_ARABIC_ARTICLE.match(w) or _LATIN_ARTICLE.match(w + " ") for w in name.split())


# A letter of the Arabic block; searched for in C, names being compared by the thousand.
_ARABIC_BLOCK = re.compile("[\u0600-\u06ff]")


def _is_arabic(text: str) -> bool:
    return _ARABIC_BLOCK.search(text) is not None
