"""What an article's headline names, and joining a story on the names it tells of.

The learned same-event probability (stories.similarity) reads how alike two tellings are. A
report on one story may tell a different part of it in other words: the club's answer to the
allegations, the ministry's statement, the agency's first wire on the sinking, the company's
press release. Such a report says little that the others say, but it names what they name: its
headline is about the story's protagonists, and it introduces few of its own. A look-alike event
(another club's penalty, another fire, a raid on another industry) brings protagonists of its
own; a piece of another time names other years; another ship or satellite of the same line
carries another number ('Yıldız Ekspres 1' beside 'Yıldız Ekspres 3', 'Nawras-1' beside
'Nawras-2').

The article's profile keeps what this needs, as keys beside the lexical ones:

- `^name`: a name in the headline (title and first sentences). In Latin script a capitalised word
  not opening a sentence (a title's first word when the text also writes it as a name), with a
  Turkish or English suffix after an apostrophe cut off ('Sarpınar'ın', 'Orbitra's'); in Arabic
  script, where names are not written apart, every longer word, and two adjacent words where one
  is too short a skeleton to match alone: a one-word name of another script is often written in
  two ('Sarıkaya' as 'ساري كايا').
- `+name`: a name anywhere in a Latin-script article (Arabic-script articles keep their words as
  `ar:` lexical keys).
- `%name`: in a Latin-script article, a role word written as a name ('Sözcüsü', 'Vali') and the
  names right after a role word ('Sözcüsü Nazlı Erçetin', 'minister Oren Falk'): officials
  speaking. A statement or a reply brings its own spokespeople; that does not make it another
  event, so such names count as shared where the story has them and as nothing where it has not.
- `@SKELETON number`: a designator in the headline, a name followed by a number ('Ekspres 3',
  'نورس-٢'), keyed by the name's consonant skeleton so that scripts compare.

The outlet's own name and calendar words are not names of what happened; nor, for an Arabic
headline word, the name of a story member's outlet ('الجسر' is a bridge as well as a channel).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from typing import Any

from storyline.claims.names import skeleton
from storyline.lexicons import load, merged_list
from storyline.stories.features import NUMBER, ArticleProfile
from storyline.text.normalize import fold

HEADLINE, NAME_IN_TEXT, DESIGNATOR, TITLED = "^", "+", "@", "%"
# The sentences after the title that make the headline: the lead says what happened.
LEAD_SENTENCES = 2
# Shorter words are mostly articles, initials and particles in the three scripts.
MIN_NAME_LETTERS = 4
# An all-capital word longer than this is a label ('CANLI', 'EXPLAINER', 'BREAKING') or a
# shouted headline, not an acronym.
MAX_ACRONYM = 4
# A skeleton of fewer consonants matches unrelated words across scripts.
MIN_SKELETON = 3
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps"})

# The decision (BENCHMARKS.md, "Story placement by names"): a report joins a story on names when
# its headline shares a name with the story, brings no more new names than shared ones, and at
# least this share of all its names are the story's (titled names it brings, `%`, count for
# neither); within this many days of the story's reports; naming no other numbered thing of a
# name the story numbers; and not telling of at least OTHER_YEARS years the story never names
# nor is dated in.
MIN_NAME_SHARE = 0.5
MAX_GAP_DAYS = 7
OTHER_YEARS = 2

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_ARABIC_WORD = re.compile(r"[\u0600-\u06ff]+")
_LATIN_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_SENTENCE_END = re.compile(r"[.!?؟…:\"“”«»]\s*$|^\s*$")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# A name, then a space or hyphen and a small number that is not a score, a decimal, a date or a
# part of a word ('3-2', '2.5', '12/3', '76ers'); a count before a noun ('6 ölü') has no name.
_DESIGNATED = re.compile(
    r"([^\W\d_]{3,})(?: |-)(\d{1,3})(?!\d|[.,/:]\d|\s*%|\s*[-–]\s*\d)(?:['’][^\W\d_]+)?(?!\w)",
    re.UNICODE,
)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
# How many capitalised words after a role word name its holder ('Sözcüsü Nazlı Erçetin').
TITLED_WORDS = 2
# Words every Latin-script report capitalises that name no protagonist.
_FUNCTION_WORDS = frozenset({"the", "and", "for", "with", "from", "this", "that", "when"})


@cache
def _calendar_words() -> frozenset[str]:
    words = set()
    for key in ("months", "weekdays", "abbreviations"):
        for entry in merged_list("months", key):
            words.update(fold(entry).split())
    return frozenset(words)


def _name_skeleton(word: str) -> str | None:
    found = skeleton(word)
    return found if len(found.replace(" ", "")) >= MIN_SKELETON else None


def _capitalised(text: str) -> Iterator[tuple[str, bool]]:
    """Each capitalised word (its apostrophe suffix cut off) and whether it opens a sentence."""
    for match in _TOKEN.finditer(text):
        word = re.split(r"['’]", match.group())[0]
        if not _LATIN_CAPITAL.match(word) or (word.isupper() and len(word) > MAX_ACRONYM):
            continue
        opens = bool(_SENTENCE_END.search(text[max(0, match.start() - 3) : match.start()]))
        yield word, opens


def _kept(names: Iterable[str], outlet_words: set[str]) -> set[str]:
    calendar = _calendar_words()
    return {
        name
        for name in names
        if len(name) >= MIN_NAME_LETTERS
        and name not in calendar
        and name not in _FUNCTION_WORDS
        and name not in outlet_words
    }


def latin_names(
    text: str, title: str = "", outlet: str = "", written: set[str] | None = None
) -> set[str]:
    """Folded names of a Latin-script text and its title. A title word that opens the title (or
    a clause of it) counts only where it is written as a name elsewhere: in `written` when
    given, else in the text."""
    inside = {fold(word) for word, opens in _capitalised(text) if not opens}
    known = inside if written is None else written
    found = set(inside)
    for word, opens in _capitalised(title):
        if not opens or fold(word) in known:
            found.add(fold(word))
    return _kept(found, _outlet_words(outlet))


@cache
def _role_words(language: str) -> frozenset[str]:
    """The language's one-word role and title words, folded ('sözcüsü', 'vali', 'minister')."""
    entries = load(language, "roles").get("role_words", [])
    return frozenset(fold(entry) for entry in entries if len(fold(entry).split()) == 1)


def titled_names(text: str, language: str) -> set[str]:
    """Folded role words written as names and the capitalised words right after a role word
    (TITLED_WORDS at most, nothing but spaces between them)."""
    roles = _role_words(language)
    found: set[str] = set()
    tokens = list(_TOKEN.finditer(text))
    for index, token in enumerate(tokens):
        word = re.split(r"['’]", token.group())[0]
        if fold(word) not in roles:
            continue
        if _LATIN_CAPITAL.match(word):
            found.add(fold(word))
        previous = token
        for following in tokens[index + 1 : index + 1 + TITLED_WORDS]:
            name = re.split(r"['’]", following.group())[0]
            if text[previous.end() : following.start()].strip() or not _LATIN_CAPITAL.match(name):
                break
            found.add(fold(name))
            previous = following
    return found


def _written_names(text: str) -> set[str]:
    """Every capitalised word of a text that does not open a sentence, folded."""
    return {fold(word) for word, opens in _capitalised(text) if not opens}


def arabic_words(text: str, outlet: str = "") -> set[str]:
    """Folded Arabic-script words long enough to be names."""
    calendar = {fold(word) for word in merged_list("months", "weekdays")}
    words = {fold(word) for word in _ARABIC_WORD.findall(text) if len(word) >= MIN_NAME_LETTERS}
    return {word for word in words if word not in calendar} - _outlet_words(outlet)


def arabic_pairs(text: str, outlet: str = "") -> set[str]:
    """Folded 'first second' for two adjacent Arabic-script words, both long enough to be names,
    one of them too short a skeleton to match a name alone."""
    outlet_words = _outlet_words(outlet)
    words = list(_ARABIC_WORD.finditer(text))
    pairs = set()
    for first, second in pairwise(words):
        if text[first.end() : second.start()].strip():
            continue
        pair = (fold(first.group()), fold(second.group()))
        if any(len(word) < MIN_NAME_LETTERS or word in outlet_words for word in pair):
            continue
        if min(len(skeleton(word).replace(" ", "")) for word in pair) < MIN_SKELETON:
            pairs.add(" ".join(pair))
    return pairs


def _pair_skeleton(pair: str) -> str | None:
    """The skeleton of two words read as one name ('ساري كايا' as 'Sarıkaya')."""
    joined = "".join(skeleton(word).replace(" ", "") for word in pair.split())
    return joined if len(joined) >= MIN_SKELETON else None


def _outlet_words(outlet: str) -> set[str]:
    return {fold(word) for word in re.findall(r"\w+", outlet)}


def designators(text: str) -> set[str]:
    """'SKELETON number' for each name followed by a number ('Yıldız Ekspres 3' gives 'KSBRS 3',
    'نورس-٢' gives 'NRS 2'); Latin-script names must be capitalised, calendar words are not
    names ('Ekim 2024')."""
    found = set()
    calendar = _calendar_words()
    for match in _DESIGNATED.finditer(text.translate(_DIGITS)):
        name = match.group(1)
        if _ARABIC_WORD.match(name) is None and not _LATIN_CAPITAL.match(name):
            continue
        if fold(name) in calendar:
            continue
        key = _name_skeleton(name)
        if key:
            found.add(f"{key} {int(match.group(2))}")
    return found


def name_keys(
    title: str, text: str, lead: str, language: str, outlet: str = ""
) -> dict[str, float]:
    """The `^`, `+`, `%` and `@` keys of an article (module docstring); `lead` is its first
    sentences after the title."""
    keys: dict[str, float] = {}
    headline = f"{title}\n{lead}"
    if language in ARABIC_SCRIPT:
        for word in arabic_words(headline, outlet) | arabic_pairs(headline, outlet):
            keys[HEADLINE + word] = 1.0
    else:
        body = f"{title}\n{text}"
        written = _written_names(body)
        for name in latin_names(text, title, outlet):
            keys[NAME_IN_TEXT + name] = 1.0
        for name in latin_names(lead, title, outlet, written):
            keys[HEADLINE + name] = 1.0
        for name in titled_names(body, language):
            keys[TITLED + name] = 1.0
    for designator in designators(headline):
        keys[DESIGNATOR + designator] = 1.0
    return keys


def _typed(keys: Iterable[str], prefix: str) -> set[str]:
    return {key[len(prefix) :] for key in keys if key.startswith(prefix)}


def designator_conflicts(article_keys: Iterable[str], story_keys: Iterable[str]) -> list[str]:
    """The article's headline designators whose name the story numbers otherwise and never as
    the article does: 'KSBRS 1' against a story of 'KSBRS 3'."""
    story = _typed(story_keys, DESIGNATOR)
    numbered: dict[str, set[str]] = {}
    for designator in story:
        name, number = designator.rsplit(" ", 1)
        numbered.setdefault(name, set()).add(number)
    conflicts = []
    for designator in sorted(_typed(article_keys, DESIGNATOR)):
        name, number = designator.rsplit(" ", 1)
        if name in numbered and number not in numbered[name]:
            conflicts.append(designator)
    return conflicts


def _years(profile: ArticleProfile) -> set[str]:
    return {key[1:] for key in profile.keys if key[0] == NUMBER and _YEAR.match(key[1:])}


def _year_of(day: int | None) -> str | None:
    return str(date.fromordinal(day).year) if day else None


@dataclass(frozen=True)
class NameJoin:
    """Why an article may join a story on names: what its headline shares with the story, and
    the share of its names the story has."""

    shared: tuple[str, ...]
    new: tuple[str, ...]
    share: float | None

    def as_evidence(self) -> dict[str, Any]:
        evidence: dict[str, Any] = {"shared_names": list(self.shared)}
        if self.new:
            evidence["new_names"] = list(self.new)
        if self.share is not None:
            evidence["name_share"] = round(self.share, 3)
        return evidence


def named_join(
    profile: ArticleProfile, members: Sequence[ArticleProfile], outlets: Iterable[str] = ()
) -> NameJoin | None:
    """Whether an article tells of the story of `members` by the names it shares with them
    (module docstring; `outlets` are the members' outlets); None where it does not, or where
    something says it is another event."""
    if not members:
        return None
    story_keys = {key for member in members for key in member.keys}
    if designator_conflicts(profile.keys, story_keys):
        return None
    days = [member.day for member in members if member.day is not None]
    if profile.day is not None and days and min(abs(profile.day - d) for d in days) > MAX_GAP_DAYS:
        return None
    own_year = _year_of(profile.day)
    other_years = _years(profile) - {own_year}
    story_years = {year for member in members for year in _years(member)}
    story_years |= {year for year in (_year_of(day) for day in days) if year}
    if len(other_years) >= OTHER_YEARS and not other_years & story_years:
        return None
    latin = [m for m in members if m.language not in ARABIC_SCRIPT]
    arabic = [m for m in members if m.language in ARABIC_SCRIPT]
    story_names = {name for m in latin for name in _typed(m.keys, NAME_IN_TEXT)}
    story_words = {
        key.split(":", 1)[1] for m in arabic for key in m.keys if key.startswith(f"{m.language}:")
    }
    headline = _typed(profile.keys, HEADLINE)
    if profile.language in ARABIC_SCRIPT:
        # Arabic names are not written apart from words: a headline word counts when a
        # Latin-script report of the story writes it as a name and an Arabic one as a word.
        named = {_name_skeleton(name) for name in story_names} - {None}
        masthead = {word for outlet in outlets for word in _outlet_words(outlet)}
        masthead |= {_name_skeleton(word) for word in masthead} - {None}

        def told(word: str) -> bool:
            if " " in word:
                found = _pair_skeleton(word)
                return found in named and (not arabic or set(word.split()) <= story_words)
            found = _name_skeleton(word)
            return (
                found in named
                and word not in masthead
                and found not in masthead
                and (not arabic or word in story_words)
            )

        shared = sorted(word for word in headline if told(word))
        return NameJoin(tuple(shared), (), None) if shared else None
    word_skeletons = {_name_skeleton(word) for word in story_words} - {None}

    def known(name: str) -> bool:
        return name in story_names or _name_skeleton(name) in word_skeletons

    titled = _typed(profile.keys, TITLED)
    shared = sorted(name for name in headline if known(name))
    new = sorted(name for name in headline if not known(name) and name not in titled)
    names = [n for n in _typed(profile.keys, NAME_IN_TEXT) if known(n) or n not in titled]
    share = sum(known(name) for name in names) / len(names) if names else 0.0
    if not shared or len(new) > len(shared) or share < MIN_NAME_SHARE:
        return None
    return NameJoin(tuple(shared), tuple(new), share)
