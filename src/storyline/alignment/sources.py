"""The outlets two renderings of one claim cite, compared by name across scripts: 'according to
the Ledger' told as 'بحسب ما نقلته وكالة هاربرلاين للأنباء' cites another outlet."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from storyline import lexicons
from storyline.alignment.people import clean_name, mentioned
from storyline.alignment.transliteration import DISTINCT_WORD, name_words, same_word, size
from storyline.text.normalize import fold


@cache
def _outlet_words(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(words that make a name an outlet's: 'Agency', 'Ledger', 'gazetesi'; words every outlet
    may carry and that tell none apart: 'news', 'the', 'للأنباء')."""
    lexicon = lexicons.load(language, "outlets")
    kinds = frozenset(fold(w) for w in lexicon.get("type_words", []))
    generic = frozenset(fold(w) for w in [*lexicon.get("generic_words", []), "the", "ذا"])
    return kinds, generic


# An outlet named in Arabic after the word for its kind ('وكالة هاربرلاين للأنباء',
# 'صحيفة "ذا ميريديان ليدجر"'): up to three words, or a quoted name.
_ARABIC_KIND = ("وكالة", "صحيفة", "جريدة", "قناة", "موقع", "مجلة", "إذاعة", "منصة", "شبكة")
_ARABIC_OUTLET = re.compile(
    rf"(?:{'|'.join(_ARABIC_KIND)})\s+(?:[\"«“](?P<quoted>[^\"»”]{{2,40}})[\"»”]"
    r"|(?P<words>[\u0600-\u06ff]+(?:\s+[\u0600-\u06ff]+){0,2}))"
)
# A run of capitalised words in Latin script ('Sindiyan News Agency', 'Tribün Postası').
_CAPITALISED = re.compile(r"(?:[A-ZÇĞİÖŞÜ][\w'’.-]*)(?:\s+(?:[A-ZÇĞİÖŞÜ][\w'’.-]*))*")
# Lower-case kind words that follow a Turkish outlet's name ('Kuzey Kapısı gazetesi').
_TRAILING_KIND = re.compile(r"^\s*(?:gazetesi|ajansı|dergisi|televizyonu|newspaper|agency)\b")


def text_outlets(text: str, language: str) -> list[str]:
    """Outlets a text names as outlets: a name with a word of an outlet's kind in it or after it
    ('Harbourline News Agency', 'Kuzey Kapısı gazetesi'), or, in Arabic, after the word for its
    kind."""
    if language == "ar":
        found = []
        for match in _ARABIC_OUTLET.finditer(text):
            name = match.group("quoted") or match.group("words")
            found.append(name.strip())
        return found
    kinds, _ = _outlet_words(language)
    found = []
    for match in _CAPITALISED.finditer(text):
        words = [fold(w) for w in match.group(0).split()]
        trailing = _TRAILING_KIND.match(text[match.end() :])
        if (len(words) >= 2 and words[-1] in kinds) or trailing:
            found.append(match.group(0))
    return found


def cited_outlets(claim: dict[str, Any]) -> list[str]:
    """The outlets a claim cites: those of its attribution chain (its own outlet left out) and
    those its words name as outlets."""
    chain = [
        link["name"]
        for link in claim.get("attribution") or []
        if link.get("kind") == "outlet" and not link.get("implicit") and link.get("name")
    ]
    return [*chain, *text_outlets(claim["text"], claim.get("language") or "en")]


def _distinct_words(name: str) -> list[tuple[frozenset[str], ...]]:
    """The skeletons of the words of an outlet's name that tell it from others."""
    generic = frozenset().union(*(_outlet_words(lang)[1] for lang in lexicons.LANGUAGES))
    words = [w for w in re.findall(r"[\w'’-]+", name) if fold(w) not in generic]
    return [s for w in words for s in name_words(w) if size(s) >= DISTINCT_WORD]


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet names, in any scripts, can name one outlet: a distinctive word in
    common, or nothing distinctive to tell them apart."""
    words_a, words_b = _distinct_words(a), _distinct_words(b)
    if not words_a or not words_b:
        return True
    return any(same_word(x, y) for x in words_a for y in words_b)


def outlet_change(original: dict[str, Any], other: dict[str, Any]) -> dict[str, Any] | None:
    """A cited outlet that a rendering replaced: both claims cite outlets, and none of one is
    any of the other."""
    outlets_o, outlets_t = cited_outlets(original), cited_outlets(other)
    if not outlets_o or not outlets_t:
        return None
    if any(same_outlet(a, b) for a in outlets_o for b in outlets_t):
        return None
    return {"aspect": "source", "from_value": outlets_o[-1], "to_value": outlets_t[-1]}


def _innermost(claim: dict[str, Any]) -> dict[str, Any] | None:
    links = [link for link in claim.get("attribution") or [] if not link.get("implicit")]
    return links[-1] if links else None


def named_source_change(original: dict[str, Any], other: dict[str, Any]) -> dict[str, Any] | None:
    """A named person given as the source where the other rendering cites an unnamed one ('a
    source at the ministry' told as 'Minister Khalid Nassar'; the source may tell of the
    minister, without being him)."""
    link_o, link_t = _innermost(original), _innermost(other)
    if (
        not link_o
        or not link_t
        or {link_o.get("kind"), link_t.get("kind")} != {"person", "unnamed"}
    ):
        return None
    named, unnamed = (link_o, link_t) if link_o["kind"] == "person" else (link_t, link_o)
    person = clean_name(
        named.get("name") or "", (original if named is link_o else other).get("language") or "en"
    )
    words = name_words(person)
    if not words or not any(size(w) >= 3 for w in words):
        return None
    if mentioned(person, unnamed.get("name") or ""):
        return None
    return {"aspect": "source", "from_value": link_o["name"], "to_value": link_t["name"]}


# A capitalised word after a Latin name's first: the name of a body ('Ayn el-Verd Valiliği'nden
# bir güvenlik yetkilisi', 'an official of the Harbour Authority').
_BODY_WORD = re.compile(r"(?<!^)\b[A-ZÇĞİÖŞÜ][\w'’-]{2,}")


def _names_a_body(link: dict[str, Any]) -> bool:
    """Whether a source link names a body: an institution, or an unnamed source described by
    the body it speaks for."""
    if link.get("kind") == "institution":
        return True
    return link.get("kind") == "unnamed" and bool(_BODY_WORD.search(link.get("name") or ""))


def outlet_replaced(original: dict[str, Any], other: dict[str, Any]) -> dict[str, Any] | None:
    """An outlet one rendering cites where the other cites none and names a body as its source
    instead ('a security official quoted by Al-Riyada TV' told as 'a security official of the
    governor's office'): whom the claim came through has changed."""
    for cited, citing, forward in ((original, other, True), (other, original, False)):
        outlets = cited_outlets(cited)
        link = _innermost(citing)
        if not outlets or cited_outlets(citing) or not link or not _names_a_body(link):
            continue
        if any(same_outlet(outlet, link.get("name") or "") for outlet in outlets):
            continue
        # The outlet of its chain, where it names one, as the chain spells it.
        chained = [
            entry["name"]
            for entry in cited.get("attribution") or []
            if entry.get("kind") == "outlet" and not entry.get("implicit") and entry.get("name")
        ]
        outlet = (chained or outlets)[-1]
        values = (outlet, link["name"]) if forward else (link["name"], outlet)
        return {"aspect": "source", "from_value": values[0], "to_value": values[1]}
    return None
