"""Names compared across Arabic and Latin script (English and Turkish spellings) by consonant
skeletons in which one letter may stand for more than one sound.

A Latin 'g' is the Arabic ج in 'Ledger' and ق in 'Gazlan'; a Turkish 'c' is ج; a final 't' in
Turkish is often a د ('Ahmet', 'أحمد'). Vowels, h-sounds, w, y, ع and hamza are left out: the
scripts disagree on them most. Two names are the same when every word of the shorter has a
matching word in the longer; they are the same entity renamed when they share a word and differ
in another ('ليلى البنّاء', 'Lina al-Bannaa').
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# One consonant of a skeleton: the classes a letter may stand for.
Letter = frozenset[str]
Skeleton = tuple[Letter, ...]

_ARABIC = {
    "ب": "B",
    "پ": "B",
    "ت": "T",
    "ط": "T",
    "د": "T",
    # Turkish writes these with a 'z' ('Münzir', 'منذر'; 'Ramazan', 'رمضان').
    "ض": "TS",
    "ذ": "TS",
    "ظ": "TS",
    "ث": "S",
    "س": "S",
    "ص": "S",
    "ش": "S",
    "ز": "S",
    "ج": "S",
    "چ": "S",
    "ف": "F",
    "ڤ": "F",
    "ك": "K",
    "خ": "K",
    "ق": "K",
    "غ": "K",
    "گ": "K",
    "ل": "L",
    "م": "M",
    "ن": "N",
    "ر": "R",
}
# Latin digraphs first, each one Arabic letter ('th' is ث as often as ت).
_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("gh", "k"), ("dh", "t"), ("ph", "f"))
_LATIN = {
    "b": "B",
    "p": "B",
    "t": "T",
    "d": "T",
    "f": "F",
    "v": "F",
    "k": "K",
    "q": "K",
    "l": "L",
    "m": "M",
    "n": "N",
    "r": "R",
    "s": "S",
    "z": "S",
    "j": "S",
    "ş": "S",
    "ç": "S",
}
# Letters of two readings: hard or soft 'g' and 'c'.
_AMBIGUOUS = {
    "g": frozenset("KS"),
    "ğ": frozenset("KS"),
    "c": frozenset("KS"),
    "x": frozenset("K"),
    "θ": frozenset("TS"),
}
# The Arabic article and the one-letter words written onto a name (و, ب, ل, ف).
_ARABIC_PREFIX = re.compile(r"^(?:[وبلف]?ال|لل)(?=\w{2})")
# 'al-', 'el-' and their assimilated forms ('eş-Şamih', 'ad-Din').
_LATIN_ARTICLE = re.compile(r"^(?:[ae][lşsdtrnz]|[ae]ş)-", re.IGNORECASE)
# A Turkish case or possessive ending after an apostrophe ('Ortaçlı'ya').
_SUFFIX = re.compile(r"['’].*$")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


@cache
def word_skeletons(word: str) -> tuple[Skeleton, ...]:
    """The consonant skeletons one word of a name may have, in either script: an Arabic word
    with a proclitic and the article ('والجوهري') read with and without them, since a name
    may begin with the same letters ('فالكون')."""
    word = _SUFFIX.sub("", unicodedata.normalize("NFC", word))
    if is_arabic(word):
        # 'تش' writes the Turkish 'ç' ('Kılıç', 'كيليتش').
        word = _ARABIC_MARKS.sub("", word).replace("تش", "چ")
        bare = _ARABIC_PREFIX.sub("", word)
        # 'و' is a vowel in most names and a 'v' in Turkish ones ('Levent', 'لوند'); 'خ' is the
        # 'kh' of English spellings and the 'h' of Turkish ones ('Khalid', 'Halid').
        readings = dict.fromkeys((bare, word, bare.replace("و", "ڤ"), bare.replace("خ", "")))
        skeletons = (
            tuple(frozenset(_ARABIC[ch]) for ch in reading if ch in _ARABIC) for reading in readings
        )
        return tuple(s for s in dict.fromkeys(skeletons) if s)
    word = _LATIN_ARTICLE.sub("", word).casefold().replace("ı", "i").replace("i̇", "i")
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    word = word.replace("th", "θ")
    # A doubled consonant is one Arabic letter with a shadda ('Bannaa', 'البنّاء').
    word = re.sub(r"(.)\1", r"\1", word)
    # 'w' is the 'v' of Turkish spellings ('Mutawwa', 'Mutavva') or a vowel ('Marwan', 'مروان');
    # 'kh' is the 'h' of Turkish ones ('Kharrazi', 'Harrazi').
    readings = dict.fromkeys(
        variant
        for reading in (word.replace("kh", "k"), word.replace("kh", "h"))
        for variant in (reading, reading.replace("w", "v"))
    )
    return tuple(s for s in dict.fromkeys(_latin_letters(r) for r in readings) if s)


def _latin_letters(word: str) -> Skeleton:
    letters: list[Letter] = []
    for ch in word:
        if ch in _AMBIGUOUS:
            letters.append(_AMBIGUOUS[ch])
            if ch == "x":  # 'Medivax', 'ميديفاكس': two consonants
                letters.append(frozenset("S"))
        elif ch in _LATIN:
            letters.append(frozenset(_LATIN[ch]))
    return tuple(letters)


# One word of a name: the skeletons it may have.
Word = tuple[Skeleton, ...]


def name_words(name: str) -> list[Word]:
    """The words of a name as skeletons, words without consonants left out."""
    words = re.findall(r"[\w'’-]+", _ARABIC_MARKS.sub("", name))
    found = []
    for word in words:
        for part in re.split(r"-(?=\w{3})", word) if not _LATIN_ARTICLE.match(word) else [word]:
            skeletons = word_skeletons(part)
            if skeletons:
                found.append(skeletons)
    return found


def same_word(a: Word, b: Word) -> bool:
    """Two words that can be spellings of one: every consonant may stand for the other's."""
    return any(
        len(x) == len(y) and all(p & q for p, q in zip(x, y, strict=True)) for x in a for y in b
    )


def size(word: Word) -> int:
    """How many consonants a word has (its shortest reading)."""
    return min(len(skeleton) for skeleton in word)


# Words this long (in consonants) tell names apart; shorter ones match too easily.
DISTINCT_WORD = 2


def shared_words(a: str, b: str) -> tuple[int, int, int]:
    """(words of `a`, words of `b`, words of the shorter found in the longer)."""
    words_a, words_b = name_words(a), name_words(b)
    shorter, longer = sorted((words_a, words_b), key=len)
    unused = list(longer)
    found = 0
    for word in shorter:
        for i, other in enumerate(unused):
            if same_word(word, other):
                found += 1
                del unused[i]
                break
    return len(words_a), len(words_b), found


def transliterated(a: str, b: str) -> bool:
    """Whether two names, in any scripts, are spellings of one: every word of the shorter has a
    word of the longer with a matching skeleton, or the two match written as one word
    ('Sarıgül', 'صاري غول')."""
    count_a, count_b, found = shared_words(a, b)
    if count_a and count_b and found == min(count_a, count_b):
        return True
    return count_a != count_b and same_word(_joined(a), _joined(b))


# At most this many readings of a name written as one word are tried.
JOINED_READINGS = 8


def _joined(name: str) -> Word:
    """A name's words written as one, in each reading of its words (a few)."""
    readings: list[Skeleton] = [()]
    for word in name_words(name):
        readings = [r + s for r in readings for s in word][:JOINED_READINGS]
    return tuple(readings)


def comparable(name: str) -> bool:
    """Whether a name has enough consonants in every word to be told from another."""
    words = name_words(name)
    return bool(words) and all(size(word) >= DISTINCT_WORD for word in words)


def renamed(a: str, b: str) -> bool:
    """Whether two names of several words share one and differ in another: the same person or
    thing given another name ('Cengiz Ortaçlı' and 'Murat Ortaçlı' share none of this; 'ليلى
    البنّاء' and 'Lina al-Bannaa' do)."""
    count_a, count_b, found = shared_words(a, b)
    return (
        0 < found < min(count_a, count_b)
        and comparable(a)
        and comparable(b)
        and not transliterated(a, b)
    )


# Words this long (in consonants) are told apart from a near spelling by chance only.
NEAR_WORD = 3


def near(a: str, b: str) -> bool:
    """Whether two names share no word but open with words that differ in one consonant, added,
    dropped or changed ('Medivas İlaç', 'ميديفاكس'; 'Barqawi', 'Berkani'): one name misspelt
    into another, not two names. The opening word is a name's own; later ones are often common
    nouns that translate alike ('Partisi', 'Party')."""
    words_a, words_b = name_words(a), name_words(b)
    if not words_a or not words_b or shared_words(a, b)[2]:
        return False
    return any(
        min(len(x), len(y)) >= NEAR_WORD and _edit_distance(x, y) == 1
        for x in words_a[0]
        for y in words_b[0]
    )


def respelled(a: str, b: str) -> bool:
    """Whether two names of one person differ in one word by one consonant ('Ramon Dizon',
    'Ramon Dixon'): a spelling changed, where two people merely sharing a name differ more."""
    words_a, words_b = name_words(a), name_words(b)
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    unmatched = [(x, y) for x, y in zip(words_a, words_b, strict=True) if not same_word(x, y)]
    if len(unmatched) != 1:
        return False
    x_word, y_word = unmatched[0]
    return any(
        min(len(x), len(y)) >= DISTINCT_WORD and _edit_distance(x, y) == 1
        for x in x_word
        for y in y_word
    )


def _edit_distance(a: Skeleton, b: Skeleton) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            cost = 0 if x & y else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]
