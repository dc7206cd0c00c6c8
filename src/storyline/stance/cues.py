"""Per-language cue words for stance: negation and its scope, refuting, hedging, antonym pairs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storyline.lexicons import LANGUAGES, load
from storyline.text.normalize import fold

# Arabic attaches conjunctions, prepositions and the article to the word; matching a cue word
# means trying the word with them dropped ("والارتفاع" is "ارتفاع").
_ARABIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def tokens(text: str) -> list[str]:
    """Folded word tokens: the unit every cue and overlap feature counts in."""
    return fold(text.translate(_ARABIC_DIGITS)).split()


def numbers(text: str) -> set[str]:
    """The numbers a text states, digits normalised ('1,500' and '١٥٠٠' both give '1500')."""
    found = _NUMBER.findall(text.translate(_ARABIC_DIGITS))
    return {value.replace(",", "").rstrip(".") for value in found}


def variants(token: str, language: str) -> tuple[str, ...]:
    """The token and, for Arabic, the token with one attached prefix and the tanwin alef dropped."""
    if language != "ar":
        return (token,)
    found = [token]
    for prefix in _ARABIC_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            found.append(token[len(prefix) :])
    # "انخفاضا" (accusative) is "انخفاض".
    found.extend([form[:-1] for form in found if form.endswith("ا") and len(form) >= 4])
    return tuple(found)


@dataclass(frozen=True)
class WordSet:
    """Lexicon entries split by how they match: whole word, prefix, suffix, or phrase."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    phrases: tuple[str, ...]

    @classmethod
    def of(cls, entries: list[str]) -> WordSet:
        exact: set[str] = set()
        prefixes: list[str] = []
        suffixes: list[str] = []
        phrases: list[str] = []
        for entry in entries:
            if entry in ("?", "؟"):
                # Folding removes punctuation, so question marks are counted on the raw text.
                continue
            folded = fold(entry.strip("*"))
            if " " in folded:
                phrases.append(folded)
            elif entry.endswith("*"):
                prefixes.append(folded)
            elif entry.startswith("*"):
                suffixes.append(folded)
            else:
                exact.add(folded)
        return cls(frozenset(exact), tuple(prefixes), tuple(suffixes), tuple(phrases))

    def matches(self, word_variants: tuple[str, ...]) -> bool:
        for word in word_variants:
            if word in self.exact or word.startswith(self.prefixes):
                return True
            if self.suffixes and len(word) > 4 and word.endswith(self.suffixes):
                return True
        return False

    def phrase_count(self, folded_text: str) -> int:
        padded = f" {folded_text} "
        return sum(padded.count(f" {phrase} ") for phrase in self.phrases)


@dataclass(frozen=True)
class AntonymIndex:
    """Antonym pairs indexed by word and by prefix, so a long text is scanned once."""

    size: int
    exact: dict[str, tuple[int, ...]]
    prefixes: dict[str, tuple[int, ...]]
    phrases: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, pairs: list[list[str]]) -> AntonymIndex:
        # Each pair contributes two codes: 2*i for its left word, 2*i+1 for its right word.
        exact: dict[str, list[int]] = {}
        prefixes: dict[str, list[int]] = {}
        phrases: list[tuple[str, int]] = []
        for index, pair in enumerate(pairs):
            for side, entry in enumerate(pair):
                code = 2 * index + side
                folded = fold(entry.strip("*"))
                if " " in folded:
                    phrases.append((folded, code))
                elif entry.endswith("*"):
                    prefixes.setdefault(folded, []).append(code)
                else:
                    exact.setdefault(folded, []).append(code)
        return cls(
            size=len(pairs),
            exact={word: tuple(codes) for word, codes in exact.items()},
            prefixes={word: tuple(codes) for word, codes in prefixes.items()},
            phrases=tuple(phrases),
        )

    def codes(self, forms: set[str], folded_text: str) -> frozenset[int]:
        found: set[int] = set()
        for word in forms:
            found.update(self.exact.get(word, ()))
            for end in range(2, len(word) + 1):
                found.update(self.prefixes.get(word[:end], ()))
        padded = f" {folded_text} "
        found.update(code for phrase, code in self.phrases if f" {phrase} " in padded)
        return frozenset(found)


@dataclass(frozen=True)
class Cues:
    """The cue vocabulary of one language."""

    scope: int
    negation: WordSet
    refuting: WordSet
    hedging: WordSet
    affirming: WordSet
    antonyms: AntonymIndex


@cache
def cues_for(language: str) -> Cues:
    """The cue vocabulary for `language`; English's where we have no lexicon for it."""
    if language not in LANGUAGES:
        language = "en"
    words = load(language, "negation")
    pairs = load(language, "antonyms").get("pairs", [])
    return Cues(
        scope=int(words.get("scope", 4)),
        negation=WordSet.of(words.get("negation", [])),
        refuting=WordSet.of(words.get("refuting", [])),
        hedging=WordSet.of(words.get("hedging", [])),
        affirming=WordSet.of(words.get("affirming", [])),
        antonyms=AntonymIndex.of(pairs),
    )


@dataclass(frozen=True)
class CueProfile:
    """What the cue words say about one text: counts, and which words sit under a negation."""

    length: int
    negation: int
    refuting: int
    hedging: int
    affirming: int
    question: bool
    negated: frozenset[str]
    # Antonym words the text uses, as codes: 2*i the left word of pair i, 2*i+1 its right word.
    antonyms: frozenset[int]


def profile(text: str, language: str) -> CueProfile:
    """Count the cue words of `text` read as `language`."""
    cues = cues_for(language)
    words = tokens(text)
    folded = " ".join(words)
    # Long bodies repeat words: each distinct word is matched once.
    distinct = {word: variants(word, language) for word in words}
    forms = [distinct[word] for word in words]
    negation = refuting = hedging = affirming = 0
    negated: set[str] = set()
    for index, form in enumerate(forms):
        if cues.negation.matches(form):
            negation += 1
            # A negation word scopes over the next few words; suffix negation (Turkish) over itself.
            negated.update(words[index : index + cues.scope + 1])
        refuting += cues.refuting.matches(form)
        hedging += cues.hedging.matches(form)
        affirming += cues.affirming.matches(form)
    negation += cues.negation.phrase_count(folded)
    refuting += cues.refuting.phrase_count(folded)
    hedging += cues.hedging.phrase_count(folded)
    affirming += cues.affirming.phrase_count(folded)
    every_form = {form for word_forms in distinct.values() for form in word_forms}
    return CueProfile(
        length=len(words),
        negation=negation,
        refuting=refuting,
        hedging=hedging,
        affirming=affirming,
        question="?" in text or "؟" in text,
        negated=frozenset(negated),
        antonyms=cues.antonyms.codes(every_form, folded),
    )


def antonym_crossings(a: CueProfile, b: CueProfile) -> int:
    """Antonym pairs with one word in one text and its opposite in the other, and not both in both.

    Only meaningful for two texts of the same language: codes index that language's pair list.
    """
    crossings = 0
    for code in a.antonyms:
        opposite = code ^ 1
        if opposite in b.antonyms and not (opposite in a.antonyms and code in b.antonyms):
            crossings += 1
    return crossings
