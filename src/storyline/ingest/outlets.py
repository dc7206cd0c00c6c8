"""Who published an article: from metadata, signature lines, datelines and self-references."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
SIGNATURE_CONFIDENCE = {"signature": 0.7, "boilerplate": 0.6, "dateline": 0.6, "in-text": 0.4}


def display_name(raw: str) -> str:
    """A readable outlet name: trimmed of punctuation, title-cased when written all lower case."""
    name = raw.strip().strip(".:;,!…·|-–—\"'“”«»()").strip()
    if name and name == name.lower() and re.search(r"[a-z]", name):
        name = " ".join(word.capitalize() for word in name.split())
    return name


def _signature_lines(lines: Sequence[str]) -> Iterable[tuple[str, str, str]]:
    """(name, kind, evidence) for each line that signs the page with an outlet's name."""
    labels = {fold(label) for label in merged_list("boilerplate", "signature_label_lines")}
    patterns = [re.compile(p, re.IGNORECASE) for p in merged_list("boilerplate", "self_signature_patterns")]
    for index, line in enumerate(lines):
        if fold(line) in labels:
            following = next((text for text in lines[index + 1 :] if text.strip()), "")
            if following and len(following.split()) <= 6:
                yield following, "signature", f"'{line.strip()} {following.strip()}'"
            continue
        for pattern in patterns:
            match = pattern.search(line.strip())
            if match and match.group("name").strip():
                kind = "signature" if fold(line).startswith(tuple(labels)) else (
                    "dateline" if re.search(r"\s[ـ–—-]\s", line) else "boilerplate"
                )
                yield match.group("name"), kind, f"'{line.strip()}'"
                break


def detect_outlet(
    known: Outlet, header: Sequence[str], tail: Sequence[str], body: str, captions: Sequence[str] = ()
) -> Outlet:
    """The publishing outlet, best evidence first; unknown rather than guessed.

    Photo captions are left out: their credit names a photo source, not the publisher.
    """
    if known.name:
        return known
    header = [line for line in header if line not in captions]
    for name, kind, evidence in [*_signature_lines(tail), *_signature_lines(header)]:
        name = display_name(name)
        if name:
            return Outlet(name, kind, SIGNATURE_CONFIDENCE[kind], evidence)
    for pattern in SELF_REFERENCE:
        match = pattern.search(body)
        if match:
            name = display_name(match.group("name"))
            return Outlet(name, "in-text", SIGNATURE_CONFIDENCE["in-text"], f"'{match.group(0)}'")
    return Outlet()


def same_outlet(a: str, b: str) -> bool:
    """Whether two outlet names are spellings of one outlet (case, accents, small typos)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    return fa == fb or fuzz.ratio(fa, fb) >= 90
