"""Who published an article: from metadata, signature lines, datelines and self-references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from storyline.lexicons import merged_list
from storyline.model import Outlet
from storyline.text.normalize import fold

# A page that names itself in running text: 'علم موقع "X" من مصادر', 'told "X"', 'revealed to "X"'.
# Only newsgathering verbs (learned, monitored): a site that 'reported' ('أفاد', 'ذكر') is cited.
SELF_REFERENCE = (
    re.compile(r"(?:علم|رصد)\s+موقع\s+[\"«“](?P<name>[^\"»”]{2,40})[\"»”]"),
    re.compile(r"\b(?:revealed to|told|said to|speaking to)\s+[\"“](?P<name>[^\"”]{2,40})[\"”]"),
    re.compile(r"\b(?:açıkladı|söyledi|konuştu)\b.{0,5}[\"“](?P<name>[^\"”]{2,40})[\"”]"),
)
DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
# 'co', 'com', 'org', 'gov' under a country code are not the site's own label.
SECOND_LEVEL_MAX = 3
LEADING_ARTICLES = frozenset({"the", "al", "el"})
# How much each kind of evidence says about the page's own outlet. A credit line ('Source:',
# 'Kaynak:', 'originally appeared in') names the outlet a reprint copies, so it counts only
# when nothing else on the page names its publisher.
EVIDENCE_WEIGHT = {
    "copyright": 0.8,
    "byline": 0.65,
    "dated line": 0.45,
    "outlet line": 0.6,
    "masthead": 0.55,
    "tagline": 0.55,
    "page header": 0.45,
    "repeated": 0.4,
    "first line": 0.2,
    "signature": 0.55,
    "self-reference": 0.5,
    "agency tag": 0.45,
    "in-text": 0.4,
    "credit": 0.3,
}
# Each further kind of evidence naming the same outlet (a masthead and a copyright line) adds
# this much: a name the page repeats in several places is its own.
RECURRENCE_BONUS = 0.15
# Less than this names no outlet: a short capitalised first line alone may be an author's name.
MIN_SCORE = 0.3
MAX_NAME_WORDS = 6
# Shorter words of an outlet's name ('Al', 'Sun') say too little to find it in a text.
DISTINCTIVE_LETTERS = 4
# A tagline after a name ('X - Anadolu'nun ekonomi gazetesi') is a short phrase.
TAGLINE_WORDS = 8
# A date line in a page's header: a year among a few words ('الأربعاء 14 أغسطس 2024').
DATE_LINE_WORDS = 8
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# A line naming an outlet by its kind is short ('وكالة X للأنباء', 'X Haber Ajansı'); a longer
# one is a tagline ('a monthly magazine of maritime affairs').
OUTLET_LINE_WORDS = 5
BOTTOM_LINES = 6
SEPARATOR = re.compile(r"\s+[|·•/]\s+|\s+[—–ـ-]\s+|\s*\|\s*")
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*)?(?P<rest>.+)", re.I)
COPYRIGHT_ENDS = re.compile(
    r"\.\s|\.$|\s[|—–-]\s|,|\ball rights\b|\btüm hakları\b|جميع الحقوق|\bbu haber\b", re.I
)
DATELINE_AGENCY = re.compile(
    r"^[^()\d]{2,40}?(?:[,،][^()]{2,40})?\s*\((?P<name>[^()\d]{2,40})\)\s*[-–—:]"
)
QUOTED_DATELINE = re.compile(r"^[^\"«“]{2,30}\s[-–—]\s[\"«“](?P<name>[^\"»”]{2,30})[\"»”]\s*$")
# A kind of outlet in one or two words, then its name in quotes: 'مدونة «X»', 'Blog "X"'.
KIND_QUOTED = re.compile(
    r"^(?P<kind>[^\W\d_]+(?:\s[^\W\d_]+)?)\s*[\"«“](?P<name>[^\"»”]{2,40})[\"»”]$"
)
AGENCY_TAG = re.compile(r"^\((?P<name>[^()\d]{2,30})\)(?:\s+\S{1,14})?$")
# '— Brightwater Press' closing a wire story; a hyphen opens list items instead.
DASH_SIGNOFF = re.compile(r"^[—–]\s*(?P<name>[^\d—–:;,.]{2,40})$")
ACRONYM_IN_NAME = re.compile(r"\s*\((?P<acronym>[A-ZÇĞİÖŞÜ]{2,6})\)\s*$")
ACRONYM = re.compile(r"[A-ZÇĞİÖŞÜ]{2,6}")
SMALL_WORDS = frozenset({"the", "of", "and", "for", "in", "on", "al", "el", "de", "la", "&", "a"})
# A breadcrumb trail: 'site.net › News › League'.
BREADCRUMB = re.compile(r"\s+[›»>]\s+")
# How many lines under a name may say it is a press release.
RELEASE_LINE_REACH = 4
SENTENCE_MARK = re.compile(r"[.!?؟:]$")
TURKISH_SUFFIX = re.compile(r"['’][a-zçğıöşü]{1,5}$")
# A site's name with a number glued to its last letters ('HaberNokta24', 'News24').
NUMBERED_NAME = re.compile(r"[^\W\d_]{3,}\d{1,3}")
NAME_NUMBER = re.compile(r"\d{3,4}")


@dataclass(frozen=True)
class Evidence:
    """One place on the page that names an outlet, and what kind of place it is."""

    name: str
    kind: str
    line: str


def display_name(raw: str, language: str | None = None) -> str:
    """A readable outlet name: trimmed of punctuation and possessive endings, title-cased
    when written all in one case (with Turkish dotted and dotless i kept apart)."""
    name = raw.strip().strip(".:;,!…·|-–—\"'“”«»()").strip()
    name = TURKISH_SUFFIX.sub("", name) if language == "tr" else name
    letters = [ch for ch in name if ch.isalpha() and ch.lower() != ch.upper()]
    lower, upper = (all(test(ch) for ch in letters) for test in (str.islower, str.isupper))
    one_case = letters and (lower or upper)
    if one_case and not DOMAIN.match(name) and (len(letters) > 5 or " " in name or lower):
        name = " ".join(_capitalised(word, language) for word in name.split())
    return name


def _capitalised(word: str, language: str | None) -> str:
    if language == "tr":
        lower = word.replace("I", "ı").replace("İ", "i").lower()
        first = {"i": "İ", "ı": "I"}.get(lower[:1], lower[:1].upper())
        return first + lower[1:]
    return word[:1].upper() + word[1:].lower()


@cache
def _all_words(key: str) -> frozenset[str]:
    return frozenset(fold(word) for word in merged_list("outlets", key))


@cache
def _patterns(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in merged_list("outlets", key))


def name_shaped(text: str) -> bool:
    """Whether a short text reads as a name: a few words, no dates or sentence ending, not a
    section's name, and in Latin script every word capitalised but the small ones ('The Harbour
    Post', 'GÜNKIRI', 'Haber7')."""
    words = text.split()
    sections = _all_words("section_words")
    return _written_as_name(text) and not all(fold(word) in sections for word in words)


def _written_as_name(text: str) -> bool:
    """The shape of a name alone, whatever its words: a section's name passes."""
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    # A number closing a word is part of a site's name ('News24'); one standing alone is a date.
    # So is a number of three or more digits after a word, which no date has but a year
    # ('Gündem 360', 'Haber 365').
    unglued = (
        word
        for i, word in enumerate(words)
        if not NUMBERED_NAME.fullmatch(word)
        and not (i and NAME_NUMBER.fullmatch(word) and not YEAR.fullmatch(word))
    )
    if any(ch.isdigit() for word in unglued for ch in word):
        return False
    if SENTENCE_MARK.search(text) or any(mark in text for mark in '/>›»?!"“”'):
        return False
    latin = [w for w in words if re.match(r"[A-Za-zÇĞİÖŞÜçğıöşü]", w)]
    return all(w[0].isupper() or fold(w) in SMALL_WORDS for w in latin)


def _clean_copyright(rest: str) -> str:
    name = COPYRIGHT_ENDS.split(rest, maxsplit=1)[0]
    name = re.sub(r"\s*\d{4}\s*$", "", name).strip()
    words = name.split()
    suffixes = _all_words("legal_suffixes")
    while len(words) > 1 and fold(words[-1]) in suffixes:
        words.pop()
    return " ".join(words)


@cache
def _rights_reserved() -> re.Pattern[str]:
    """'X – جميع الحقوق محفوظة', 'X. All rights reserved.': a name signing its rights."""
    phrases = "|".join(map(re.escape, merged_list("outlets", "rights_reserved")))
    return re.compile(rf"^(?P<name>.{{2,60}}?)[\s|·•—–ـ,.-]*(?:{phrases})", re.IGNORECASE)


def _only_rights(text: str) -> bool:
    """Whether a text is a rights-reserved phrase alone ('Her hakkı saklıdır'), no name."""
    key = fold(text)
    return bool(key) and any(key == fold(p) for p in merged_list("outlets", "rights_reserved"))


@cache
def _section_label() -> re.Pattern[str]:
    """'Section: Turkey Today', 'القسم: ...', 'Etiketler: ...': a label and a section's name."""
    labels = "|".join(map(re.escape, merged_list("outlets", "section_labels")))
    return re.compile(rf"^(?:{labels})\s*:", re.IGNORECASE)


def generic_phrase(name: str) -> bool:
    """Whether a name is a kind of channel ('social media platforms', 'sosyal medya
    hesaplarımız'), which a follow-us line names where an outlet would stand."""
    key = f" {fold(name)} "
    return any(f" {fold(phrase)} " in key for phrase in merged_list("outlets", "generic_phrases"))


def _from_line(line: str) -> Iterable[Evidence]:
    """Every name this one line gives the page's outlet."""
    text = line.strip()
    if _section_label().match(text):
        return
    copyright_match = COPYRIGHT.search(text)
    rights_match = copyright_match or _rights_reserved().match(text)
    if rights_match:
        name = _clean_copyright(rights_match.group("rest" if copyright_match else "name"))
        if copyright_match and _only_rights(name):
            # 'Karaburçak Gazetesi © 2025 - Her hakkı saklıdır': the signer stands before the ©.
            name = _clean_copyright(text[: copyright_match.start()])
        # Without the © sign only a name-shaped signer counts: not a sentence about rights.
        if (
            name
            and len(name.split()) <= MAX_NAME_WORDS
            and (copyright_match or _written_as_name(name))
        ):
            yield Evidence(name, "copyright", text)
        return
    for key, kind in (("credit_patterns", "credit"), ("self_reference_patterns", "self-reference")):
        for pattern in _patterns(key):
            match = pattern.search(text)
            name = match.group("name").strip() if match else ""
            # A page names itself by a name ('by the Harbour Post desk'), not a common noun
            # ('by our foreign desk', 'support local journalism').
            if name and (kind == "credit" or name_shaped(name)):
                yield Evidence(name, kind, text)
                return
    kind_quoted = KIND_QUOTED.match(text)
    types = _all_words("type_words")
    if kind_quoted and any(fold(word) in types for word in kind_quoted.group("kind").split()):
        # 'مدونة «حرّاس الذاكرة»', 'Blog "X"': a kind of outlet, then its name in quotes.
        yield Evidence(kind_quoted.group("name").strip(), "outlet line", text)
        return
    for pattern in (DATELINE_AGENCY, QUOTED_DATELINE, AGENCY_TAG, DASH_SIGNOFF):
        match = pattern.match(text)
        if match and name_shaped(match.group("name").strip()):
            name = match.group("name").strip()
            # 'Trans-Valley Press (TVP) –': the name written out before its acronym.
            before = text[: match.start("name")].rstrip(" (")
            if _acronym_of(name, before):
                name = f"{before} ({name})"
            yield Evidence(name, "agency tag", text)
            return
    parts = [part.strip() for part in SEPARATOR.split(text) if part.strip()]
    if len(parts) == 2 and _is_tagline(parts[1]) and _written_as_name(parts[0]):
        # The tagline says what the name is, even a name of section words ('Bölge Ekonomi').
        yield Evidence(parts[0], "tagline", text)
        return
    # A date is a short part ('3 Ekim 2024'); a long one with a number is a dateline's text.
    dated = len(parts) > 1 and any(
        re.search(r"\d", part) and len(part.split()) <= DATE_LINE_WORDS for part in parts
    )
    for index, part in enumerate(parts):
        named = ACRONYM_IN_NAME.sub("", part)
        if not name_shaped(named):
            continue
        if fold(part).startswith("by "):
            continue
        if _named_by_kind(named):
            yield Evidence(part, "outlet line", text)
        elif dated and not re.search(r"\d", part):
            # 'Outlet | 3 Ekim 2024', 'Outlet — 04/11/2024': the name leads its date; a name
            # after the date ('15/11/2024 | Outlet - desk') says less.
            yield Evidence(part, "byline" if index == 0 else "dated line", text)


def _is_tagline(text: str) -> bool:
    """A short phrase saying what kind of outlet a name is ('Anadolu'nun ekonomi gazetesi',
    'your daily news from the coast'), not itself a name."""
    return (
        len(text.split()) <= TAGLINE_WORDS
        and _has_type_word(text)
        and not _written_as_name(text)
        and not SENTENCE_MARK.search(text)
    )


def names_an_outlet(text: str) -> bool:
    """Whether a line is an outlet's name written out with its kind ('Kestrel Energy Wire',
    'وكالة الميزاب للأنباء'): a masthead, not a headline."""
    named = ACRONYM_IN_NAME.sub("", SEPARATOR.split(text.strip(), maxsplit=1)[0])
    return name_shaped(named) and _named_by_kind(named)


def _named_by_kind(name: str) -> bool:
    """A short name carrying an outlet's kind ('X Gazetesi', 'X News Agency')."""
    return _has_type_word(name) and len(name.split()) <= OUTLET_LINE_WORDS


def in_capitals(text: str) -> bool:
    """Whether a name is written all in capitals ('GÜNKIRI', 'THE LEDGERLINE'); an acronym of a
    few letters is not."""
    letters = [ch for ch in text if ch.isalpha() and ch.lower() != ch.upper()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)


def _has_type_word(text: str) -> bool:
    types = _all_words("type_words")
    words = fold(text).split()
    return len(words) >= 2 and any(word in types for word in words)


def _signatures(lines: Sequence[str]) -> Iterable[Evidence]:
    """Names after a 'Source:' label line, and the older per-language signature shapes."""
    labels = {fold(label) for label in merged_list("boilerplate", "signature_label_lines")}
    patterns = [
        re.compile(p, re.IGNORECASE) for p in merged_list("boilerplate", "self_signature_patterns")
    ]
    for index, line in enumerate(lines):
        if fold(line) in labels:
            following = next((text for text in lines[index + 1 :] if text.strip()), "")
            if following and len(following.split()) <= MAX_NAME_WORDS:
                yield Evidence(following, "credit", f"{line.strip()} {following.strip()}")
            continue
        for pattern in patterns:
            match = pattern.search(line.strip())
            if match and match.group("name").strip():
                yield Evidence(match.group("name"), "signature", line.strip())
                break


def credited_outlets(page_lines: Sequence[str]) -> list[str]:
    """The outlets a page credits as the source of its text ('Source: X', 'Kaynak: X', 'This
    story was provided by X', an '— AGENCY' sign-off): what a reprint names as its original."""
    found = [e.name for line in page_lines for e in _from_line(line) if e.kind == "credit"]
    found += [e.name for e in _signatures(page_lines) if e.kind == "credit"]
    found += [
        match.group("name")
        for line in page_lines[-BOTTOM_LINES:]
        for match in [DASH_SIGNOFF.match(line.strip())]
        if match
    ]
    readable = (display_name(name) for name in dict.fromkeys(found))
    return [name for name in readable if name]


def _masthead(page_lines: Sequence[str], header: Sequence[str], title: str) -> Evidence | None:
    """The site's name atop the page, with any tagline after a dash or bar dropped. It counts
    as a masthead when written in capitals, named by its kind or followed by the site's menu;
    as the page's header when it stands above the headline in a header that gives the date
    (`header` is the lines between it and the body); otherwise only as a first line, which
    other evidence must confirm."""
    first = page_lines[0].strip()
    crumbs = BREADCRUMB.split(first)
    root = crumbs[0].strip()
    if len(crumbs) > 1 and (
        DOMAIN.match(root.lower()) or (name_shaped(root) and _has_type_word(root))
    ):
        # 'site.net › News › League', 'Denizcilik Forumu › Tankerler': the trail starts at the
        # site itself (a section or a place heading a trail names no site).
        return Evidence(root, "masthead", first)
    name = SEPARATOR.split(first, maxsplit=1)[0]
    bare = ACRONYM_IN_NAME.sub("", name)
    if not name_shaped(bare):
        return None
    following = page_lines[1] if len(page_lines) > 1 else ""
    menu = fold(following) in {fold(w) for w in merged_list("boilerplate", "navigation_lines")}
    menu = menu or (any(mark in following for mark in "|>›/") and len(following.split()) <= 8)
    # 'Press release' under a body's name: the body issues the page.
    releases = _all_words("release_lines")
    release = any(fold(line) in releases for line in page_lines[1:RELEASE_LINE_REACH])
    tagline = first[len(name) :].strip(" |·•—–-")
    sections = _all_words("section_words")
    section_tagline = bool(tagline) and all(
        fold(word) in sections or fold(word).removeprefix("و") in sections
        for word in tagline.split()
    )
    # 'Pitchside Global' over 'Investigations': a site's name, then the section it files under.
    section_line = bool(following.split()) and all(
        fold(word) in sections for word in following.split()
    )
    confirmed = (
        menu or in_capitals(bare) or _has_type_word(bare) or section_tagline or release
    ) or (section_line and not all(fold(word) in sections for word in bare.split()))
    if confirmed:
        return Evidence(name, "masthead", first)
    # Masthead, headline, then a date or a byline: an author's or a column's name seldom
    # heads a dated or signed page.
    above_headline = bool(title) and title.strip() in (line.strip() for line in header)
    dated = any(len(line.split()) <= DATE_LINE_WORDS and YEAR.search(line) for line in header)
    signed = any(_byline(line) or _desk_line(line) for line in header)
    return Evidence(
        name, "page header" if above_headline and (dated or signed) else "first line", first
    )


def _byline(line: str) -> bool:
    """Whether a line signs the page: 'By X', 'Posted by X · 6 min read', 'بقلم X'."""
    cues = "|".join(map(re.escape, merged_list("outlets", "byline_cues")))
    return bool(cues) and re.match(rf"(?:{cues})\b\s*:?\s*\S", line.strip(), re.I) is not None


# A line signed by a desk of the page's newsroom ('Yurt dışı haberleri servisi', 'Gündoğdu Dış
# Haberler Servisi', 'Foreign desk'): a signature, as a byline is.
DESK_LINE = re.compile(r"\b(?:servisi|masası|desk)$", re.IGNORECASE)
DESK_LINE_WORDS = 6


def _desk_line(line: str) -> bool:
    text = line.strip()
    return len(text.split()) <= DESK_LINE_WORDS and DESK_LINE.search(text) is not None


def _repeats(name: str, line: str) -> bool:
    key = fold(name)
    return len(key) >= 2 * DISTINCTIVE_LETTERS and bool(
        re.search(rf"(?<!\w){re.escape(key)}(?!\w)", fold(line))
    )


def _acronym_of(short: str, long: str) -> bool:
    if not re.fullmatch(r"[A-ZÇĞİÖŞÜ]{2,6}", short):
        return False
    words = [word for word in re.split(r"[\s-]+", long) if fold(word) not in LEADING_ARTICLES]
    initials = "".join(word[0] for word in words if word[:1].isalpha())
    return fold(initials) == fold(short)


def _one_outlet(a: str, b: str) -> bool:
    a_bare, b_bare = ACRONYM_IN_NAME.sub("", a), ACRONYM_IN_NAME.sub("", b)
    acronyms = {m.group("acronym") for m in map(ACRONYM_IN_NAME.search, (a, b)) if m}
    if a.strip() in acronyms or b.strip() in acronyms:
        return True
    return (
        same_outlet(a_bare, b_bare)
        or _acronym_of(a_bare.strip(), b_bare)
        or _acronym_of(b_bare.strip(), a_bare)
    )


def _best_name(group: Sequence[Evidence]) -> Evidence:
    """The fullest spelling a group has: no acronym where a name is written out."""
    order = list(EVIDENCE_WEIGHT)
    written_out = [e for e in group if not re.fullmatch(r"[A-ZÇĞİÖŞÜ]{2,6}", e.name.strip())]
    return min(written_out or group, key=lambda e: (order.index(e.kind), -len(e.name)))


def detect_outlet(
    known: Outlet,
    page_lines: Sequence[str],
    body_start: int,
    body: str,
    tail: Sequence[str] = (),
    captions: Sequence[str] = (),
    language: str | None = None,
    title: str = "",
) -> Outlet:
    """The publishing outlet, weighed over every place the page names one; unknown rather
    than guessed.

    `page_lines` are the page's non-empty lines, `body_start` the index of its first paragraph,
    `tail` what follows the article's closing marker and `title` the headline as extracted.
    Evidence comes from the lines above the body and its first paragraph (masthead, 'Outlet |
    date' bylines, 'CITY, date (AGENCY)' datelines, lines naming an outlet by its kind: 'صحيفة
    X', 'X Gazetesi', 'X News Agency'), the page's last lines (copyright and rights-reserved
    lines, 'Outlet - tagline' footers, newsletter and follow-us lines, '— AGENCY' sign-offs)
    and self-references in the text ('told "X"'). Section labels ('القسم: X') and kinds of
    channel ('social media') name no outlet. Photo captions are left out: their credit names
    a photo source, not the publisher.
    """
    if known.name:
        return known
    # A short name with its acronym ('MARTI HABER AJANSI (MHA)') looks like a photo credit
    # but is the page's own name.
    skip = {line for line in captions if not name_shaped(ACRONYM_IN_NAME.sub("", line))}
    widgets = {fold(w) for w in merged_list("boilerplate", "widget_lines")}
    top = [line for line in page_lines[: body_start + 1] if line not in skip]
    last = page_lines[max(body_start + 1, len(page_lines) - BOTTOM_LINES) :]
    bottom = [line for line in dict.fromkeys([*tail, *last]) if fold(line) not in widgets]
    top = [line for line in top if fold(line) not in widgets]
    evidence: list[Evidence] = []
    if page_lines and page_lines[0] not in skip:
        masthead = _masthead(page_lines, page_lines[1:body_start], title)
        if masthead:
            evidence.append(masthead)
            # A first line the page's last lines name again ('subscribe to «X»') is its
            # masthead: a headline or an author's name is seldom repeated there; a masthead
            # named again outweighs a line under it that only names a kind ('Members' Bulletin').
            repeated = next((line for line in bottom if _repeats(masthead.name, line)), None)
            if repeated:
                evidence.append(Evidence(masthead.name, "repeated", repeated))
    for line in [*top, *bottom]:
        evidence.extend(_from_line(line))
    evidence.extend(_signatures([*top, *bottom]))
    for pattern in SELF_REFERENCE:
        match = pattern.search(body)
        if match:
            evidence.append(Evidence(match.group("name"), "in-text", match.group(0)))
    evidence = [
        e for e in evidence if display_name(e.name, language) and not generic_phrase(e.name)
    ]
    if not evidence:
        return Outlet()
    groups: list[list[Evidence]] = []
    for item in evidence:
        group = next((g for g in groups if any(_one_outlet(item.name, e.name) for e in g)), None)
        if group is None:
            groups.append([item])
        else:
            group.append(item)

    def score(group: list[Evidence]) -> float:
        kinds = {e.kind for e in group if e.kind != "credit"}
        best = max(EVIDENCE_WEIGHT[e.kind] for e in group)
        return best + RECURRENCE_BONUS * max(len(kinds) - 1, 0)

    chosen = max(groups, key=score)
    if score(chosen) < MIN_SCORE:
        return Outlet()
    name = _best_name(chosen)
    readable = display_name(ACRONYM_IN_NAME.sub("", name.name), language)
    places = "; ".join(dict.fromkeys(f"{e.kind} '{e.line[:80]}'" for e in chosen))
    return Outlet(readable, name.kind, min(round(score(chosen), 2), 0.95), places)


def host_of(url: str | None) -> str | None:
    """The host of a URL without 'www.': an outlet's name of last resort; None without one."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def outlet_key(name: str) -> str:
    """A matching key for outlet names: folded, without a leading article or spaces; a domain
    gives its site label ('news.harbourgazette.co.uk' and 'The Harbour Gazette' both give
    'harbourgazette')."""
    text = name.strip().lower()
    if DOMAIN.match(text):
        labels = [label for label in text.split(".") if label != "www"][:-1]
        while len(labels) > 1 and len(labels[-1]) <= SECOND_LEVEL_MAX:
            labels.pop()
        text = labels[-1] if labels else text
    words = fold(text).split()
    if len(words) > 1 and words[0] in LEADING_ARTICLES:
        words = words[1:]
    # 'Mavi Rota Haber' is 'Mavi Rota': a generic word goes when two distinctive ones remain.
    generic = _generic_words()
    distinctive = [word for word in words if word not in generic]
    return "".join(distinctive if len(distinctive) >= 2 else words)


@cache
def _generic_words() -> frozenset[str]:
    return frozenset(fold(word) for word in merged_list("outlets", "generic_words"))


def names_outlet(text: str, outlet: str) -> bool:
    """Whether a text names an outlet, in its script or transliterated into another ('the
    Turkish daily Tribün Sabah', 'صحيفة "تريبون صباح"', 'Marfa el-Cedid' for 'المرفأ الجديد'):
    a distinctive word of the name is a word of the text."""
    from storyline.claims.names import same_name

    # Folded before it is split: a shadda or a short vowel is no \w and would cut a word.
    words = re.findall(r"\w+", fold(outlet))
    generic = _generic_words()
    distinctive = [
        word for word in words if word not in generic and word not in LEADING_ARTICLES
    ] or words
    distinctive = [word for word in distinctive if len(word) >= DISTINCTIVE_LETTERS]
    tokens = set(re.findall(r"\w+", fold(text)))
    tokens |= {token.removeprefix("ال") for token in tokens}
    return any(word in tokens or any(same_name(word, t) for t in tokens) for word in distinctive)


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet names are spellings of one outlet: case, accents, spacing, small
    typos, a leading article, its web domain, or a transliteration into another script."""
    from storyline.claims.names import same_name

    ka, kb = outlet_key(a), outlet_key(b)
    if not ka or not kb:
        return False
    if ka == kb or fuzz.ratio(ka, kb) >= 90:
        return True
    return is_acronym_of(a, b) or is_acronym_of(b, a) or same_name(a, b)


def is_acronym_of(short: str, name: str) -> bool:
    """Whether `short` is an all-capital acronym ('ACP', 'UBA') of the initials of `name`'s
    words, small words left out ('the Associated Coastal Press', 'Ulusal Basın Ajansı'): a
    credit line names an agency in full where its dateline tags it."""
    acronym = short.strip()
    if not ACRONYM.fullmatch(acronym):
        return False
    words = [word for word in re.findall(r"[^\W\d_]+", name) if fold(word) not in SMALL_WORDS]
    return len(words) == len(acronym) and "".join(w[0] for w in words).upper() == acronym
