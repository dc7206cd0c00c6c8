"""The facts a claim states, in a form two claims in any language can be compared by.

A claim record is the export contract's dict (storyline.claims.stage.export_claims). From it we
read the kind of event it tells of, where, when, who, how many, and on whose word; two claims
agree or conflict fact by fact (`compare_facts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from storyline.claims.names import same_name, script_mixed, skeleton
from storyline.lexicons import load
from storyline.text.normalize import fold

# A bare four-digit number in this range is a year, not a count.
YEAR_RANGE = (1900, 2100)
# Sources with a name of their own; unnamed groups ('sources close to...') match nothing.
NAMED_KINDS = ("outlet", "person", "institution")
# A claim of this few words naming nothing of its own only points at something said.
CONTENTLESS_WORDS = 3


@dataclass(frozen=True)
class Facts:
    """What one claim states: event kinds, venues, date, people, counts and cited source."""

    claim_id: str
    article_id: str
    language: str
    polarity: str
    negated: bool
    event_types: frozenset[str]
    venues: tuple[str, ...]
    people: tuple[str, ...]
    names: tuple[str, ...]
    date: str | None
    date_precision: str | None
    year_known: bool
    numbers: tuple[tuple[float, str], ...]
    counted: tuple[str, ...]
    source: str | None
    words: int
    # The outlet that published the claim's article, and the names its chain credits.
    outlet: str | None = None
    credited: tuple[str, ...] = ()

    @property
    def contentless(self) -> bool:
        """A claim that only points at something said ('the report', 'iddialar'): it names no
        happening, place, date or person of its own."""
        stated = self.event_types or self.venues or self.people or self.date
        return not stated and self.words <= CONTENTLESS_WORDS


@dataclass(frozen=True)
class Comparison:
    """Facts two claims share (`agreements`) and facts they state differently (`conflicts`)."""

    agreements: tuple[str, ...]
    conflicts: tuple[dict[str, Any], ...]

    @property
    def conflicting_aspects(self) -> tuple[str, ...]:
        return tuple(conflict["aspect"] for conflict in self.conflicts)


@cache
def _events_lexicon(language: str) -> dict[str, Any]:
    return load(language, "events") or load("en", "events")


@cache
def _event_patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    lexicon = _events_lexicon(language)
    stem = lexicon.get("match") == "stem"
    patterns = []
    for kind, words in lexicon.get("event_types", {}).items():
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        # Stems match the start of a word (clitics such as و/ال before it are allowed in Arabic);
        # whole words elsewhere.
        body = (
            rf"(?:^|[\s\W])(?:و|ب|ل|ف)?(?:ال)?(?:{alternation})"
            if stem
            else rf"\b(?:{alternation})\b"
        )
        patterns.append((kind, re.compile(body, re.IGNORECASE)))
    return tuple(patterns)


def event_types(text: str, language: str) -> frozenset[str]:
    """The kinds of happening a text names (meeting, attack, arrest, ...), per the lexicon."""
    return frozenset(kind for kind, pattern in _event_patterns(language) if pattern.search(text))


@cache
def _venue_patterns(language: str) -> tuple[re.Pattern[str], ...]:
    lexicon = _events_lexicon(language)
    nouns = "|".join(
        re.escape(n).replace(r"\ ", r"\s+")
        for n in sorted(lexicon.get("place_nouns", []), key=len, reverse=True)
    )
    if language == "ar":
        return (
            re.compile(rf"(?:{nouns})\s+(?:ال\w+\s+)?(?P<name>[^\s،,.:؛\"«»()]+)"),
            re.compile(r"[(«\"](?P<name>[A-Z][\w-]+)[)»\"]"),
        )
    if language == "tr":
        name = r"(?P<name>[A-ZÇĞİÖŞÜ][\wçğıöşü-]+)"
        return (
            re.compile(rf"{name}(?:\s+[A-ZÇĞİÖŞÜ][\wçğıöşü-]+)?\s+(?i:{nouns})"),
            re.compile(rf"(?i:{nouns})\s+{name}"),
            # A proper name with a locative suffix: 'Kalvo'da', 'Sarnak'ta'.
            re.compile(rf"(?<!\d\s){name}['’](?:da|de|ta|te|nda|nde)\b"),
        )
    name = r"(?P<name>[A-Z][\w'-]+)"
    locatives = "|".join(re.escape(w) for w in lexicon.get("locatives", []))
    return (
        re.compile(rf"\b(?:{locatives})\s+{name}(?!\s+[A-Z])"),
        re.compile(rf"{name}\s+(?:(?i:{nouns}))\b"),
        re.compile(rf"\b(?i:{nouns})\s+(?:of\s+)?{name}"),
        re.compile(rf"\b(?i:{nouns}),\s+{name}"),
    )


# Words the patterns above can catch that are not names of places.
_NOT_VENUES = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that"})


@cache
def _calendar_words(language: str) -> frozenset[str]:
    """Month, weekday and season names: 'in March' is a time, not a place."""
    months = load(language, "months")
    words = [*months.get("months", {}), *months.get("weekdays", {}), *months.get("seasons", {})]
    return frozenset(fold(w) for w in words)


def venues(
    text: str, language: str, entities: list[dict[str, Any]] | None = None
) -> tuple[str, ...]:
    """Places named as where something happened: beside a place noun ('the port of X',
    'قاعدة X', 'X Limanı') or a place entity inside a locative phrase."""
    found: list[str] = []
    for pattern in _venue_patterns(language):
        for match in pattern.finditer(text):
            name = match.group("name").strip("'’\"")
            name = re.sub(r"['’](?:\w{1,4})$", "", name)
            if (
                name.casefold() not in _NOT_VENUES
                and fold(name) not in _calendar_words(language)
                and len(name) > 2
                and not _adjective(name)
            ):
                found.append(name)
    locatives = _events_lexicon(language).get("locatives", [])
    people = {w for e in entities or [] if e.get("kind") == "person" for w in e["text"].split()}
    for match in _named_event(language).finditer(text):
        # 'the Sarnak talks': a name in front of an event word, unless it names a person.
        name = match.group("name")
        parts = set(re.split(r"[-–]", name))
        if not parts & people and name.casefold() not in _NOT_VENUES and not _adjective(name):
            found.append(name)
    for entity in entities or []:
        if entity.get("kind") not in ("place", "fac"):
            continue
        start = entity.get("span", [0, 0])[0]
        before = text[max(0, start - 12) : start].split()
        if before and before[-1].casefold() in locatives and entity["text"] not in found:
            found.append(entity["text"])
    return tuple(dict.fromkeys(found))


# A capitalised word inside a text (not its first): a name in Latin script ('Hexalon', 'Kalvo').
_CAPITALISED_RUN = re.compile(r"(?<=\s)(?:[A-ZÇĞİÖŞÜ][\w'’-]+)(?:\s+[A-ZÇĞİÖŞÜ][\w'’-]+)*")
# A name set off in guillemets or quotes ('«هيكسالون»'), the way Arabic writes foreign names.
_QUOTED_NAME = re.compile(r"[«\"“](?P<name>[^«»\"“”]{2,40})[»\"”]")
QUOTED_NAME_WORDS = 4


def proper_names(text: str, entities: list[dict[str, Any]] | None = None) -> tuple[str, ...]:
    """The names a claim mentions, of whatever kind (a firm, a product, a group, a place):
    tagged entities, capitalised runs inside the text and short quoted names. Nationality
    adjectives are left out: 'British' names no one."""
    found = [e["text"] for e in entities or [] if e.get("text")]
    found += [m.group(0) for m in _CAPITALISED_RUN.finditer(text) if not _adjective(m.group(0))]
    found += [
        m.group("name").strip()
        for m in _QUOTED_NAME.finditer(text)
        if len(m.group("name").split()) <= QUOTED_NAME_WORDS
    ]
    return tuple(dict.fromkeys(name.strip("'’") for name in found if len(name) > 2))


# Nationality adjectives ('Veldran capital', 'Turkish-Syrian meeting') are not place names.
_ADJECTIVE = re.compile(r"(?:ian|ean|ish|ese|an|i)$", re.IGNORECASE)


def _adjective(name: str) -> bool:
    return bool(name[:1].isupper()) and all(
        _ADJECTIVE.search(part) for part in re.split(r"[-–]", name) if part
    )


@cache
def _named_event(language: str) -> re.Pattern[str]:
    """A capitalised name directly before a meeting word ('Kalvo meeting'); Latin script only."""
    words = _events_lexicon(language).get("event_types", {}).get("meeting", [])
    alternation = "|".join(re.escape(w) for w in words if " " not in w)
    if language == "ar" or not alternation:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<![.!?]\s)(?<!^)\b(?P<name>[A-ZÇĞİÖŞÜ][\w'’-]+)\s+(?i:{alternation})\b")


def negated_event(text: str, language: str) -> bool:
    """Whether a text negates the happening it names ('no such meeting took place', 'görüşme
    yapılmadı', 'لم يعقد أي اجتماع'): a negation cue within its scope of an event word."""
    from storyline.stance.cues import cues_for, tokens, variants

    cues = cues_for(language)
    words = tokens(text)
    negations = [i for i, w in enumerate(words) if cues.negation.matches(variants(w, language))]
    if not negations:
        return False
    stems = _folded_event_words(language)
    by_stem = _events_lexicon(language).get("match") == "stem"
    events = [
        i
        for i, w in enumerate(words)
        if any(
            form.startswith(stems) if by_stem else form in stems for form in variants(w, language)
        )
    ]
    return any(abs(i - j) <= cues.scope for i in negations for j in events)


@cache
def _folded_event_words(language: str) -> tuple[str, ...]:
    """Single-word event words of the lexicon, folded as cue tokens are."""
    words = [w for kind in _events_lexicon(language).get("event_types", {}).values() for w in kind]
    return tuple(sorted({fold(w) for w in words if " " not in w and fold(w)}))


def read_polarity(claim: dict[str, Any]) -> dict[str, Any]:
    """The claim as alignment reads it: an affirmed claim that negates its own happening ('No
    such meeting took place') is a denial of that happening."""
    if claim.get("polarity") == "denied" or not negated_event(
        claim["text"], claim.get("language") or "en"
    ):
        return dict(claim)
    return {**claim, "polarity": "denied", "negated": True}


def _year_known(event_date: dict[str, Any]) -> bool:
    """Whether the year of a resolved date rests on a real anchor (not a lower bound)."""
    value = event_date.get("value") or ""
    if value.startswith("XXXX"):
        return False
    anchored = event_date.get("anchored")
    return not (anchored and event_date.get("anchor_kind") in ("not_before", None))


def _numbers(claim: dict[str, Any]) -> tuple[tuple[float, str, str], ...]:
    """Counts a claim states (dates and years left out), each with the word it counts."""
    date_span = (claim.get("event_date") or {}).get("span") or [-1, -1]
    counts = []
    for number in claim.get("numbers") or []:
        value = number.get("value")
        if not isinstance(value, int | float):
            continue
        start, end = number.get("span", [0, 0])
        if date_span[0] <= start < date_span[1] or _looks_like_date(claim["text"], start, end):
            continue
        if any(
            a <= start < b for a, b in _date_spans(claim["text"], claim.get("language") or "en")
        ):
            continue
        if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
            continue
        following = claim["text"][end:].split(maxsplit=1)
        noun = _singular(following[0]) if following else ""
        counts.append((float(value), number.get("text", str(value)), noun))
    return tuple(counts)


@cache
def _date_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
    """Where a text writes dates: numbers there are days and years, not counts."""
    try:
        from storyline.timex import find_timexes
    except ImportError:
        return ()
    return tuple((t.start, t.end) for t in find_timexes(text, language, None))


def duration_numbers(claim: dict[str, Any]) -> tuple[tuple[float, str], ...]:
    """The numbers of how long something lasted ('252 seconds', '30 years'), which the counts of
    `claim_facts` leave out with the dates they are read among."""
    spans = _duration_spans(claim["text"], claim.get("language") or "en")
    found = []
    for number in claim.get("numbers") or []:
        value = number.get("value")
        start = number.get("span", [0, 0])[0]
        if isinstance(value, int | float) and any(a <= start < b for a, b in spans):
            found.append((float(value), number.get("text", str(value))))
    return tuple(found)


@cache
def _duration_spans(text: str, language: str) -> tuple[tuple[int, int], ...]:
    try:
        from storyline.timex import find_timexes
    except ImportError:
        return ()
    return tuple(
        (t.start, t.end) for t in find_timexes(text, language, None) if t.kind == "DURATION"
    )


def _singular(word: str) -> str:
    """A rough comparison key for a counted word: folded, punctuation and plural -s dropped."""
    word = fold(word.strip(".,،:;()\"'“”«»"))
    return re.sub(r"(?<=\w{3})(?:es|s)$", "", word)


_DATE_NEIGHBOUR = re.compile(r"^\s*[./-]\s*\d|^\s*\w+\s+\d{4}")


def _looks_like_date(text: str, start: int, end: int) -> bool:
    """A number followed by a month-like word and a year, or written as part of d.m.y."""
    return bool(_DATE_NEIGHBOUR.match(text[end : end + 20])) and any(
        ch.isdigit() for ch in text[start:end]
    )


def _named_source(chain: list[dict[str, Any]]) -> str | None:
    """The innermost named source of a chain (the article's own outlet excluded)."""
    named = [
        link["name"]
        for link in chain
        if not link.get("implicit") and link.get("kind") in NAMED_KINDS
    ]
    return named[-1] if named else None


def claim_facts(claim: dict[str, Any]) -> Facts:
    """The comparable facts of one claim record."""
    text, language = claim["text"], claim.get("language") or "en"
    entities = claim.get("entities") or []
    when = claim.get("event_date") or {}
    value = when.get("value")
    counts = _numbers(claim)
    people = tuple(
        dict.fromkeys(e["text"] for e in entities if e.get("kind") == "person" and e.get("text"))
    )
    chain = claim.get("attribution") or []
    return Facts(
        claim_id=claim["id"],
        article_id=claim["article_id"],
        language=language,
        polarity=claim.get("polarity", "affirmed"),
        negated=bool(claim.get("negated")),
        event_types=event_types(text, language),
        venues=venues(text, language, entities),
        people=people,
        names=proper_names(text, entities),
        date=value,
        date_precision=when.get("precision") if value else None,
        year_known=_year_known(when) if value else False,
        numbers=tuple((value, text) for value, text, _ in counts),
        counted=tuple(noun for _, _, noun in counts),
        source=_named_source(chain),
        words=len(text.split()),
        outlet=next((link["name"] for link in chain if link.get("implicit")), None),
        credited=tuple(
            link["name"] for link in chain if not link.get("implicit") and link.get("name")
        ),
    )


# Names in two scripts whose consonant skeletons are this long can be told apart.
DISTINCT_SKELETON = 3


# Grouping compares the same few names over and over (every candidate pair, every join tried):
# both answers are kept for the process's later questions.
NAME_ANSWERS_KEPT = 1 << 18


@lru_cache(maxsize=NAME_ANSWERS_KEPT)
def _same(a: str, b: str) -> bool:
    if same_name(a, b) or _contains(a, b):
        return True
    if not script_mixed(a, b):
        return False
    # A short name in two scripts ('Lissa', 'ليسا') matches on its skeleton alone; a surname
    # alone matches the full name in the other script ('Haddur', 'جيلان حدّور').
    if skeleton(a) == skeleton(b) and len(skeleton(a).replace(" ", "")) >= 2:
        return True
    words_a, words_b = set(skeleton(a).split()), set(skeleton(b).split())
    shorter = min(words_a, words_b, key=len)
    long_enough = bool(shorter) and all(len(w) >= DISTINCT_SKELETON for w in shorter)
    return long_enough and (words_a <= words_b or words_b <= words_a)


def names_relation(names_a: tuple[str, ...], names_b: tuple[str, ...]) -> str:
    """'same' when a name of one list is a name of the other (across spellings and scripts);
    'different' when none is and every pair can be told apart; 'unknown' otherwise (names in
    two scripts too short to compare)."""
    return _names_relation(tuple(names_a), tuple(names_b))


@lru_cache(maxsize=NAME_ANSWERS_KEPT)
def _names_relation(names_a: tuple[str, ...], names_b: tuple[str, ...]) -> str:
    if any(_same(a, b) for a in names_a for b in names_b):
        return "same"
    for a in names_a:
        for b in names_b:
            if (
                script_mixed(a, b)
                and min(len(skeleton(a).replace(" ", "")), len(skeleton(b).replace(" ", "")))
                < DISTINCT_SKELETON
            ):
                return "unknown"
    return "different"


def _contains(a: str, b: str) -> bool:
    """'Selim Arkan' and 'Arkan' are one person: one folded name is a word of the other."""
    fa, fb = fold(a).split(), fold(b).split()
    return bool(fa and fb) and (set(fa) <= set(fb) or set(fb) <= set(fa))


def _full_names(names_a: tuple[str, ...], names_b: tuple[str, ...]) -> bool:
    """Whether two sets of people can be told apart: full names (two words or more), one script.
    A single word may be a surname, a title or a misread place."""
    names = [*names_a, *names_b]
    if any(len(name.split()) < 2 for name in names):
        return False
    return not any(script_mixed(x, y) for x in names_a for y in names_b)


def _comparable_dates(a: Facts, b: Facts) -> tuple[str, str] | None:
    if not (a.date and b.date) or a.date_precision != b.date_precision:
        return None
    if a.date_precision not in ("day", "month"):
        return None
    if a.year_known and b.year_known:
        return a.date, b.date
    # Without a trustworthy year, 'June 11' is compared as month and day only.
    return a.date[5:], b.date[5:]


def compare_facts(a: Facts, b: Facts) -> Comparison:
    """Which facts two claims share and which they state differently (from `a` to `b`)."""
    agreements: list[str] = []
    conflicts: list[dict[str, Any]] = []
    dates = _comparable_dates(a, b)
    if dates:
        if dates[0] == dates[1]:
            agreements.append("date")
        else:
            conflicts.append({"aspect": "date", "from_value": a.date, "to_value": b.date})
    if a.venues and b.venues:
        places = names_relation(a.venues, b.venues)
        if places == "same":
            agreements.append("place")
        elif places == "different":
            conflicts.append(
                {"aspect": "place", "from_value": a.venues[0], "to_value": b.venues[0]}
            )
    if a.people and b.people:
        people = names_relation(a.people, b.people)
        if people == "same":
            agreements.append("participants")
        elif people == "different" and _full_names(a.people, b.people):
            conflicts.append(
                {"aspect": "participants", "from_value": a.people[0], "to_value": b.people[0]}
            )
    if a.names and b.names and names_relation(a.names, b.names) == "same":
        # Never a conflict: two claims about one matter name different things besides.
        agreements.append("names")
    if a.source and b.source and names_relation((a.source,), (b.source,)) == "same":
        agreements.append("source")
    if _same_count_target(a, b):
        if a.numbers[0][0] == b.numbers[0][0]:
            agreements.append("number")
        else:
            conflicts.append(
                {
                    "aspect": "number",
                    "from_value": _number_text(a.numbers[0][0]),
                    "to_value": _number_text(b.numbers[0][0]),
                }
            )
    return Comparison(tuple(agreements), tuple(conflicts))


def credits(a: Facts, b: Facts) -> bool:
    """Whether claim `a` passes on a report of the outlet that published `b`: its chain credits
    that outlet, or its words name it ('Velmor sitesi … yazmıştı', 'كان موقع "فيلمور" قد
    أفاد'). An outlet naming itself credits no one."""
    if not a.outlet or not b.outlet or refers_to_outlet(a.outlet, b.outlet):
        return False
    return any(refers_to_outlet(name, b.outlet) for name in (*a.credited, *a.names))


def _name_words(name: str) -> set[str]:
    """A name's words folded, case endings after an apostrophe dropped ('Post'a' → 'post')."""
    return {fold(re.sub(r"['’]\w*$", "", word)) for word in name.split()} - {""}


@lru_cache(maxsize=NAME_ANSWERS_KEPT)
def refers_to_outlet(name: str, outlet: str) -> bool:
    """Whether a name names the outlet: all of the outlet's words, or (two words or more) a part
    of its name ('Velmor Gazetesi' of 'Velmor Gazetesi Spor'); across scripts, one skeleton. A
    single word of an outlet's name ('Corvane' of 'Corvane News Agency') may name a place."""
    if script_mixed(name, outlet):
        return same_name(name, outlet)
    words, outlet_words = _name_words(name), _name_words(outlet)
    if not words or not outlet_words:
        return False
    return outlet_words <= words or (len(words) >= 2 and words <= outlet_words)


def _same_count_target(a: Facts, b: Facts) -> bool:
    """Whether the single count each claim states counts the same thing: the same counted word
    within one language; across languages, one count each is taken to be the same."""
    if len(a.numbers) != 1 or len(b.numbers) != 1:
        return False
    if a.language == b.language:
        return bool(a.counted[0]) and a.counted[0] == b.counted[0]
    return True


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
