"""Who published an article: from metadata, signature lines, datelines and self-references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from storyline.lexicons import merged_list
from storyline.model import Outlet
from storyline.text.normalize import fold

# A page that names itself in running text: 'علم موقع "X" من مصادر', 'told "X"', 'revealed to "X"'.
SELF_REFERENCE = (
    re.compile(r"(?:علم|أفاد|ذكر|رصد)\s+موقع\s+[\"«“](?P<name>[^\"»”]{2,40})[\"»”]"),
    re.compile(r"\b(?:revealed to|told|said to|speaking to)\s+[\"“](?P<name>[^\"”]{2,40})[\"”]"),
    re.compile(r"\b(?:açıkladı|söyledi|konuştu)\b.{0,5}[\"“](?P<name>[^\"”]{2,40})[\"”]"),
)
DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")
# 'co', 'com', 'org', 'gov' under a country code are not the site's own label.
SECOND_LEVEL_MAX = 3
LEADING_ARTICLES = frozenset({"the", "al", "el"})
SIGNATURE_CONFIDENCE = {
    "masthead": 0.7,
    "signature": 0.7,
    "boilerplate": 0.6,
    "dateline": 0.6,
    "in-text": 0.4,
}


def display_name(raw: str) -> str:
    """A readable outlet name: trimmed of punctuation, title-cased when written all lower case."""
    name = raw.strip().strip(".:;,!…·|-–—\"'“”«»()").strip()
    if name and name == name.lower() and re.search(r"[a-z]", name) and not DOMAIN.match(name):
        name = " ".join(word.capitalize() for word in name.split())
    return name


def _signature_lines(lines: Sequence[str]) -> Iterable[tuple[str, str, str]]:
    """(name, kind, evidence) for each line that signs the page with an outlet's name."""
    labels = {fold(label) for label in merged_list("boilerplate", "signature_label_lines")}
    patterns = [
        re.compile(p, re.IGNORECASE) for p in merged_list("boilerplate", "self_signature_patterns")
    ]
    for index, line in enumerate(lines):
        if fold(line) in labels:
            following = next((text for text in lines[index + 1 :] if text.strip()), "")
            if following and len(following.split()) <= 6:
                yield following, "signature", f"'{line.strip()} {following.strip()}'"
            continue
        for pattern in patterns:
            match = pattern.search(line.strip())
            if match and match.group("name").strip():
                kind = (
                    "signature"
                    if fold(line).startswith(tuple(labels))
                    else ("dateline" if re.search(r"\s[ـ–—-]\s", line) else "boilerplate")
                )
                yield match.group("name"), kind, f"'{line.strip()}'"
                break


def detect_outlet(
    known: Outlet,
    header: Sequence[str],
    tail: Sequence[str],
    body: str,
    captions: Sequence[str] = (),
    masthead: str | None = None,
) -> Outlet:
    """The publishing outlet, best evidence first; unknown rather than guessed.

    The site's name atop the page and its self-references (copyright, donation appeals,
    datelines) come before a 'Source:' line, which on a reprint credits the original outlet.
    Photo captions are left out: their credit names a photo source, not the publisher.
    """
    if known.name:
        return known
    if masthead and display_name(masthead):
        return Outlet(
            display_name(masthead),
            "masthead",
            SIGNATURE_CONFIDENCE["masthead"],
            f"site name '{masthead}' on the page's first line",
        )
    header = [line for line in header if line not in captions]
    candidates = [*_signature_lines(tail), *_signature_lines(header)]
    candidates.sort(key=lambda candidate: candidate[1] == "signature")
    for name, kind, evidence in candidates:
        name = display_name(name)
        if name:
            return Outlet(name, kind, SIGNATURE_CONFIDENCE[kind], evidence)
    for pattern in SELF_REFERENCE:
        match = pattern.search(body)
        if match:
            name = display_name(match.group("name"))
            return Outlet(name, "in-text", SIGNATURE_CONFIDENCE["in-text"], f"'{match.group(0)}'")
    return Outlet()


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


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet names are spellings of one outlet: case, accents, spacing, small
    typos, a leading article, its web domain, or a transliteration into another script."""
    from storyline.claims.names import same_name

    ka, kb = outlet_key(a), outlet_key(b)
    if not ka or not kb:
        return False
    if ka == kb or fuzz.ratio(ka, kb) >= 90:
        return True
    return same_name(a, b)
