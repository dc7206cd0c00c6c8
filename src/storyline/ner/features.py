"""What the taggers see of each token: its form, affixes, clitics, shape and neighbours."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Arabic letters written several ways in news text: read as one.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0640]")  # short vowels and tatweel
# Proclitics written onto an Arabic word: a conjunction, then a preposition, then the article.
_CONJUNCTION = re.compile(r"^[وف](?=\w{3})")
_PREPOSITION = re.compile(r"^[بلك](?=\w{3})")
_ARTICLE = re.compile(r"^(?:ال|ل(?=ل\w{2}))(?=\w{2})")
_APOSTROPHE = re.compile(r"['’]")


def _shape(token: str) -> str:
    """'Xxxx' -> 'Xx', '1990' -> 'd', 'F-16' -> 'X-d': the token's kinds of characters, squeezed."""
    shape = []
    for char in token:
        if char.isdigit():
            kind = "d"
        elif "\u0600" <= char <= "\u06ff":
            kind = "a"
        elif char.isalpha():
            kind = "X" if char.isupper() else "x"
        else:
            kind = char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)[:6]


def fold_arabic(token: str) -> str:
    return _ARABIC_MARKS.sub("", token).translate(_ARABIC_FOLD)


def arabic_stem(token: str) -> tuple[str, str]:
    """(the word without its proclitics, which ones were taken off: 'w', 'b', 'a')."""
    taken = ""
    for mark, pattern in (("w", _CONJUNCTION), ("b", _PREPOSITION), ("a", _ARTICLE)):
        stripped = pattern.sub("", token)
        if stripped != token:
            taken += mark
            token = stripped
    return token, taken


def turkish_lower(token: str) -> str:
    return token.replace("I", "ı").replace("İ", "i").lower()


def _arabic_token(token: str) -> dict[str, str]:
    folded = fold_arabic(token)
    stem, clitics = arabic_stem(folded)
    return {
        "w": folded,
        "stem": stem,
        "cl": clitics,
        "p2": stem[:2],
        "p3": stem[:3],
        "s1": stem[-1:],
        "s2": stem[-2:],
        "s3": stem[-3:],
        "sh": _shape(token),
        "len": str(min(len(stem), 8)),
    }


def _turkish_token(token: str) -> dict[str, str]:
    lower = turkish_lower(token)
    stem, _, ending = _APOSTROPHE.sub("'", lower).partition("'")
    return {
        "w": lower,
        "stem": stem,
        "end": ending if _APOSTROPHE.search(token) else "-",
        "p3": lower[:3],
        "p4": lower[:4],
        "s2": stem[-2:],
        "s3": stem[-3:],
        "s4": stem[-4:],
        "sh": _shape(token),
        "title": str(token[:1].isupper()),
    }


TOKEN_FEATURES = {"ar": _arabic_token, "tr": _turkish_token}
# Which of a token's own features its neighbours also show, by language.
NEIGHBOUR_KEYS = {
    "ar": {1: ("w", "stem", "cl", "sh"), 2: ("w", "stem")},
    "tr": {1: ("w", "stem", "end", "sh", "title"), 2: ("w", "title")},
}


def sentence_features(
    tokens: Sequence[str], language: str, clusters: dict[str, str]
) -> list[list[str]]:
    """One list of 'name=value' features per token of a sentence, for the language's tagger."""
    own = [TOKEN_FEATURES[language](token) for token in tokens]
    # A clitic-laden Arabic word is looked up whole, then without its clitics.
    for features in own:
        cluster = clusters.get(features["w"]) or clusters.get(features["stem"], "-.-")
        features["c"] = cluster
        features["cc"] = cluster.split(".")[0]
    found = []
    for i, features in enumerate(own):
        row = ["bias", *(f"{name}={value}" for name, value in features.items())]
        if i == 0:
            row.append("BOS")
        if i == len(own) - 1:
            row.append("EOS")
        for distance, keys in NEIGHBOUR_KEYS[language].items():
            for side, j in (("-", i - distance), ("+", i + distance)):
                if 0 <= j < len(own):
                    row.extend(f"{side}{distance}{key}={own[j][key]}" for key in keys)
                    if distance == 1:
                        row.append(f"{side}1c={own[j]['c']}")
        if i > 0:
            row.append(f"-1w|w={own[i - 1]['w']}|{features['w']}")
        if i + 1 < len(own):
            row.append(f"w|+1w={features['w']}|{own[i + 1]['w']}")
        found.append(row)
    return found
