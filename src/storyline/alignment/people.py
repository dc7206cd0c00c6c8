"""People and names across an original and its rendering: where a name is mentioned in the
other text (in either script), what office each text gives a person, and which name a rendering
put in place of another."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from storyline import lexicons
from storyline.alignment.offices import (
    LEVELS,
    different_offices,
    names_office,
    offices,
    source_fields,
)
from storyline.alignment.transliteration import (
    is_arabic,
    name_words,
    near,
    renamed,
    respelled,
    same_word,
    size,
    transliterated,
)
from storyline.text.normalize import fold

# A name word this long (in consonants) found alone is a mention; shorter words must come with
# another word of the name.
ALONE_WORD = 3
# How many words before a name, or after it past a comma, may state the person's role (an
# Arabic role names its body after the office: 'نائب رئيس مجلس إدارة شركة المياه العامة').
ROLE_WORDS_BEFORE = 7
ROLE_WORDS_AFTER = 8
# How many other words may stand inside a role, or between it and the name it goes with.
ROLE_GAP = 2
# How many words into an apposition its office word must come.
APPOSITION_OPENING = 4
# What ends a role phrase: sentence and clause punctuation, quotes and brackets.
_BREAK = re.compile(r"[.!?؟:;؛\"«»“”()\[\]\n]")
_COMMA = re.compile(r"[,،]")
_WORD = re.compile(r"[\w\u064b-\u065f\u0670'’-]+")
# Words that join the words of a role ('director of civil defence', 'المتحدث باسم').
_JOINERS = frozenset({"of", "the", "for", "and", "'s", "ve", "باسم", "في"})


# Words that make a name an outlet's ('Gazetesi', 'Herald'), in any language.
_OUTLET_WORDS = frozenset(fold(w) for w in lexicons.merged_list("outlets", "type_words"))


@cache
def _name_titles(language: str) -> frozenset[str]:
    """Titles worn before a name that are no office ('Professor', 'الدكتور'): a role
    reads past them to the name ('نائب رئيس الجامعة الأستاذ الدكتور سامي حداد')."""
    return frozenset(fold(w) for w in lexicons.load(language, "roles").get("name_titles", []))


@dataclass(frozen=True)
class Role:
    """A role one text gives a person: its words and its offices."""

    phrase: str
    offices: tuple[frozenset[str], ...]
    fields: frozenset[str]


def clean_name(name: str, language: str) -> str:
    """A name without the office and rank words tagged with it ('Direktörü Halil Sezgin',
    'Albay Münzir')."""
    words = [w for w in name.split() if not names_office(w, language)]
    return " ".join(words)


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


def mentions(name: str, text: str) -> list[tuple[int, int]]:
    """Where a text mentions a name, in either script: runs of its words whose skeletons match
    words of the name, of two words or of one long enough to tell names apart."""
    wanted = name_words(name)
    if not wanted:
        return []
    parts = name.split()
    # Two words of the name may be one in the text's script ('ديمير أوغلو' as 'Demiroğlu').
    wanted = [*wanted, *(s for a, b in pairwise(parts) for s in name_words(a + b))]
    found = []
    run: list[tuple[int, int]] = []
    words = [*_words(text), (len(text), len(text), "")]
    joined_end = -1
    for index, (start, end, word) in enumerate(words):
        if start < joined_end:
            continue
        skeletons = name_words(word) if word else []
        matched = bool(skeletons) and any(same_word(s, w) for s in skeletons for w in wanted)
        if not matched and word and index + 1 < len(words) - 1:
            # One word of the name written as two in the other script ('Demiroğlu' as
            # 'ديمير أوغلو'), the two adjacent in the text.
            _, next_end, next_word = words[index + 1]
            if text[end:next_end].replace(next_word, "").strip() == "":
                pair = name_words(word + next_word)
                if pair and any(same_word(s, w) for s in pair for w in wanted):
                    run.append((start, next_end))
                    joined_end = next_end
                    continue
        if matched:
            run.append((start, end))
            continue
        if run:
            long_word = any(size(s) >= ALONE_WORD for a, b in run for s in name_words(text[a:b]))
            if len(run) >= 2 or long_word:
                found.append((run[0][0], run[-1][1]))
            run = []
    return found


def mentioned(name: str, text: str, whole: bool = False) -> bool:
    """Whether a text mentions a name; with `whole`, by all of its words."""
    found = mentions(name, text)
    if not whole:
        return bool(found)
    return any(len(_words(text[a:b])) >= len(name_words(name)) for a, b in found)


def _clause_start(text: str) -> int:
    """Where the clause a text ends with starts: after its last punctuation or comma."""
    ends = [m.end() for m in (*_BREAK.finditer(text), *_COMMA.finditer(text))]
    return max(ends, default=0)


def role_at(text: str, start: int, end: int, language: str) -> Role | None:
    """The role a text gives the person it names at [start, end): office words just before the
    name ('İçişleri Bakan Yardımcısı Albay Münzir') or set off by a comma after it ('Salma
    al-Qarawi, the ministry's deputy minister')."""
    before = text[:start]
    cut = _clause_start(before)
    titles = _name_titles(language)
    titled = all(fold(word) in titles for _, _, word in _words(before[cut:]))
    set_off = bool(titled and cut and _COMMA.match(before[cut - 1]))
    if set_off:
        # The name set off after its role ('نائبة والي غديكلي، نورهان إكينجي', 'the
        # university's president, Professor Sami Haddad').
        before = before[: cut - 1]
        cut = _clause_start(before)
    words = _words(before[cut:])[-ROLE_WORDS_BEFORE:]
    # The role is the run of office, field and joining words before the name, with a word or
    # two of other kinds inside it or between it and the name ('provincial election board chair
    # Judge', 'محافظ إقليم نديرة يوسف درواني').
    first = None
    gap = 0
    for i in range(len(words) - 1, -1, -1):
        word = words[i][2]
        # A field word goes with the office next to it ('وزير الداخلية'), or names the body
        # of one not yet met ('نائب المدير العام لمؤسسة السكك الحديدية'); past a gap, a field
        # word is another phrase's ('الوفد الحكومي ترأسه نائب وزير الداخلية').
        field = source_fields(word, language) and (first is None or gap == 0)
        if offices(word, language) or field:
            first, gap = i, 0
        elif fold(word) in _JOINERS or fold(word) in titles:
            continue
        elif gap < ROLE_GAP or (set_off and first is None):
            # Before the comma that sets the name off, the words nearest it tell where the
            # office is held ('مدير المختبر المركزي في الهيئة، الدكتور …'): the office may
            # stand further back.
            gap += 1
        else:
            break
    before_role = None
    if first is not None:
        phrase = before[cut + words[first][0] :].strip()
        before_role = _role(phrase, language)
    # One word before the name is often a title worn with it ('engineer Salma al-Qarawi, the
    # ministry's deputy minister'): an apposition naming an office says more.
    if before_role and len(before_role.phrase.split()) > 1:
        return before_role
    return _apposition_role(text[end:], language) or before_role


def _apposition_role(after: str, language: str) -> Role | None:
    """The role set off by a comma after a name ('X, the ministry's deputy minister')."""
    lead = re.match(r"['’]?\w{0,4}\s*[,،]\s*", after)
    if lead:
        rest = after[lead.end() :]
        stop = min(
            (m.start() for m in (*_BREAK.finditer(rest), *_COMMA.finditer(rest))),
            default=len(rest),
        )
        words = [w for _, _, w in _words(rest[:stop])[:ROLE_WORDS_AFTER]]
        # An apposition opens with the role ('X, the ministry's deputy minister').
        if any(offices(w, language) for w in words[:APPOSITION_OPENING]):
            return _role(" ".join(words), language)
    return None


def _role(phrase: str, language: str) -> Role | None:
    """A phrase read as a role, where it names an office (a level of government alone, 'the
    district', is none)."""
    found = offices(phrase, language)
    if not any(office - LEVELS for office in found):
        return None
    return Role(phrase, found, source_fields(phrase, language))


def role_reading(phrase: str, language: str) -> Role:
    """A role as stated elsewhere (a tagged entity's role, a source's), read the same way."""
    return Role(phrase, offices(phrase, language), source_fields(phrase, language))


def first_role(name: str, text: str, language: str) -> Role | None:
    """The role a text gives a person where it first states one."""
    for start, end in mentions(name, text):
        role = role_at(text, start, end, language)
        if role:
            return role
    return None


def roles_differ(a: Role, b: Role) -> bool:
    """Whether two roles of one person differ: offices that share nothing, or one office in
    fields that share nothing (an interior and a defence minister)."""
    if different_offices(a.offices, b.offices):
        return True
    return bool(a.fields and b.fields and not a.fields & b.fields)


def persons(claims: Iterable[dict[str, Any]]) -> list[str]:
    """The people the claims name, as tagged persons or person sources, office words dropped;
    one spelling each."""
    found: list[str] = []
    for claim in claims:
        language = claim.get("language") or "en"
        names = [
            _whole_words(e["text"], claim["text"])
            for e in claim.get("entities") or []
            if e.get("kind") == "person"
        ]
        names += [
            link["name"]
            for link in claim.get("attribution") or []
            if link.get("kind") == "person" and not link.get("implicit") and link.get("name")
        ]
        for name in names:
            name = clean_name(name, language)
            if not _name_like(name) or any(transliterated(name, known) for known in found):
                continue
            if name_words(name):
                found.append(name)
    return found


def role_changes(
    original_text: str,
    other_text: str,
    original_language: str,
    other_language: str,
    people: Sequence[str],
) -> list[dict[str, Any]]:
    """People both texts mention whose offices differ between them."""
    findings = []
    for person in people:
        role_o = first_role(person, original_text, original_language)
        role_t = first_role(person, other_text, other_language)
        if role_o and role_t and roles_differ(role_o, role_t):
            findings.append(
                {
                    "aspect": "role",
                    "entity": person,
                    "from_value": role_o.phrase,
                    "to_value": role_t.phrase,
                }
            )
    return findings


def respelled_people(
    original_text: str, other_text: str, people: Sequence[str]
) -> list[dict[str, Any]]:
    """People whose names a rendering spells otherwise wherever they appear: a person one text
    names in full and the other never does, the other writing instead a name that differs from
    it by one consonant (whether or not its claims tag that name)."""
    findings = []
    for person in people:
        if _only_in(person, original_text, other_text):
            for spelling in _respellings(person, other_text):
                findings.append({"aspect": "entity", "from_value": person, "to_value": spelling})
        elif _only_in(person, other_text, original_text):
            for spelling in _respellings(person, original_text):
                findings.append({"aspect": "entity", "from_value": spelling, "to_value": person})
    return list({(f["from_value"], f["to_value"]): f for f in findings}.values())


def _respellings(name: str, text: str) -> list[str]:
    """Runs of words of a text, as many as the name has, that spell it otherwise."""
    count = len(name.split())
    words = _words(text)
    found = []
    for i in range(len(words) - count + 1):
        window = text[words[i][0] : words[i + count - 1][1]]
        names_like = all(_name_like(word) for word in window.split())
        if names_like and not _BREAK.search(window) and respelled(name, window):
            found.append(window)
    return list(dict.fromkeys(found))


def _only_in(name: str, text: str, other: str) -> bool:
    return mentioned(name, text, whole=True) and not mentioned(name, other, whole=True)


def _name_like(name: str) -> bool:
    """Whether a tagged name can be one: in Latin script a name is capitalised ('yazılı
    sorular', 'the report' are not)."""
    return is_arabic(name) or any(word[:1].isupper() for word in name.split())


def _whole_words(name: str, text: str) -> str:
    """A tagged name carried to the end of the word it stops in ('الدب' in 'الدبّاغ')."""
    at = text.find(name)
    if at < 0:
        return name
    rest = re.match(r"[\w\u064b-\u065f\u0670]*", text[at + len(name) :])
    return name + rest.group(0) if rest else name


def _claim_names(claim: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, kind) of what a claim names and of the people it cites, office words dropped."""
    language = claim.get("language") or "en"
    found = []
    for entity in claim.get("entities") or []:
        text = _whole_words(entity.get("text") or "", claim["text"])
        name = clean_name(text, language)
        if name_words(name) and _name_like(name):
            found.append((name, entity.get("kind") or ""))
    for link in claim.get("attribution") or []:
        if link.get("kind") == "person" and not link.get("implicit"):
            name = clean_name(link.get("name") or "", language)
            if not _name_like(name) or any(transliterated(name, n) for n, _ in found):
                continue
            if name_words(name):
                found.append((name, "person"))
    return found


def name_changes(
    original: dict[str, Any], other: dict[str, Any], people: Sequence[str]
) -> list[dict[str, Any]]:
    """Names a rendering put in place of its original's in one matched pair of claims: a name
    neither claim's other text mentions, paired with one of the other side that is a near
    spelling of it, shares a word with it, or is the only other person named."""
    names_o, names_t = _claim_names(original), _claim_names(other)
    lost = [(n, k) for n, k in names_o if not mentioned(n, other["text"], whole=True)]
    gained = [(n, k) for n, k in names_t if not mentioned(n, original["text"], whole=True)]
    lost = [(n, k) for n, k in lost if not any(transliterated(n, m) for m, _ in names_t)]
    gained = [(n, k) for n, k in gained if not any(transliterated(n, m) for m, _ in names_o)]

    def full(name: str) -> bool:
        return len(name_words(name)) >= 2

    def person(name: str) -> bool:
        # An outlet's name ('Akçasaz Gazetesi') is tagged a person often enough to be ruled out.
        outlet = any(fold(word) in _OUTLET_WORDS for word in name.split())
        return not outlet and any(transliterated(name, known) for known in people)

    # Only a person the other claim does not mention at all has had another put in its place.
    # Full names only: a single word may be a misread place or title.
    lost_people = [n for n, _ in lost if person(n) and full(n) and not mentioned(n, other["text"])]
    gained_people = [
        n for n, _ in gained if person(n) and full(n) and not mentioned(n, original["text"])
    ]
    findings = []
    used: set[str] = set()
    for name_o, _ in lost:
        for name_t, _ in gained:
            if name_t in used:
                continue
            slot = lost_people == [name_o] and gained_people == [name_t]
            # A shared word with another changed is a renamed person; for a place or a body it
            # is mostly a common noun translated ('Sedirli Köşkü', 'Sedirli Pavilion').
            same_person = person(name_o) and person(name_t) and renamed(name_o, name_t)
            if slot or same_person or near(name_o, name_t):
                used.add(name_t)
                findings.append({"aspect": "entity", "from_value": name_o, "to_value": name_t})
                break
    return findings
