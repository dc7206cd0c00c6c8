"""Reprints and near-copies within a language: MinHash/LSH candidates, shared passages, direction.

Each paragraph's word 5-gram shingles get a MinHash signature whose bands are kept in the store
(`reprint_bands`), which is LSH held in SQL: a new article meets only the articles that share a
band with one of its paragraphs, so a passage copied into a longer article is found (the test
is containment of passages, not Jaccard of whole texts), and nothing is compared with everything.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from datasketch import MinHash

from storyline.model import Article
from storyline.store.base import Store
from storyline.text.normalize import fold

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# 16 bands of 4 rows: a paragraph pair with Jaccard 0.5 shares a band with probability 0.65,
# one with 0.7 with probability 0.98; unrelated paragraphs almost never do.
BANDS, ROWS = 16, 4
MIN_PARAGRAPH_WORDS = 15
# A shared run of fewer words is a quotation or a stock phrase, not copied text.
MIN_PASSAGE_WORDS = 12
# Copied text totalling fewer words than this is not enough to call one article a reprint,
# unless the page credits the other's outlet as its source ('Kaynak: UBA'): a condensed
# rewrite of a wire keeps only a sentence or two of it word for word, and one copied passage
# then suffices.
MIN_SHARED_WORDS = 40
MIN_BOILERPLATE_WORDS = 3
# A text this much of which is found in another is a (trimmed) copy of it; below, the one that
# holds more of its own around the shared passages is the copy (an analysis quoting a report).
TRIMMED_COPY = 0.9
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Words:
    """The folded words of a text with each word's character span in it."""

    folded: list[str]
    spans: list[tuple[int, int]]


def words_of(text: str) -> Words:
    folded, spans = [], []
    for match in _WORD.finditer(text):
        key = fold(match.group())
        if key:
            folded.append(key)
            spans.append((match.start(), match.end()))
    return Words(folded, spans)


def paragraphs(text: str) -> list[str]:
    """The text's paragraphs (lines) long enough to carry a copied passage."""
    return [line for line in text.splitlines() if len(_WORD.findall(line)) >= MIN_PARAGRAPH_WORDS]


def band_keys(paragraph: str) -> list[str]:
    """The LSH band keys of one paragraph's MinHash over its word 5-gram shingles."""
    words = words_of(paragraph).folded
    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    for start in range(max(1, len(words) - SHINGLE_WORDS + 1)):
        signature.update(" ".join(words[start : start + SHINGLE_WORDS]).encode("utf-8"))
    values = signature.hashvalues
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(f"{band}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def index_article(store: Store, article: Article) -> None:
    """Replace an article's band keys in the store (inside the caller's transaction)."""
    store.execute("DELETE FROM reprint_bands WHERE article_id = ?", (article.id,))
    keys = {key for paragraph in paragraphs(article.text) for key in band_keys(paragraph)}
    for key in sorted(keys):
        store.execute(
            "INSERT INTO reprint_bands (band_key, article_id) VALUES (?, ?) "
            "ON CONFLICT (band_key, article_id) DO NOTHING",
            (key, article.id),
        )


def candidates(store: Store, article_id: str) -> list[str]:
    """Articles sharing at least one LSH band with the article, most shared bands first."""
    rows = store.query(
        "SELECT other.article_id, COUNT(*) AS shared FROM reprint_bands mine "
        "JOIN reprint_bands other ON other.band_key = mine.band_key "
        "WHERE mine.article_id = ? AND other.article_id <> ? "
        "GROUP BY other.article_id ORDER BY shared DESC, other.article_id",
        (article_id, article_id),
    )
    return [row["article_id"] for row in rows]


def shared_passages(left: str, right: str) -> list[dict[str, Any]]:
    """Runs of at least MIN_PASSAGE_WORDS identical (folded) words in both texts, with spans."""
    left_words, right_words = words_of(left), words_of(right)
    matcher = SequenceMatcher(None, left_words.folded, right_words.folded, autojunk=False)
    passages = []
    for block in matcher.get_matching_blocks():
        if block.size < MIN_PASSAGE_WORDS:
            continue
        left_span = (left_words.spans[block.a][0], left_words.spans[block.a + block.size - 1][1])
        right_span = (right_words.spans[block.b][0], right_words.spans[block.b + block.size - 1][1])
        passages.append({"words": block.size, "left_span": left_span, "right_span": right_span})
    return passages


def credit_line(article: Article) -> str | None:
    """The outlet the page credits as the source of its text ('Source: X', 'This story was
    provided by X', '— AGENCY'), from its original text, if any."""
    from storyline.ingest.outlets import credited_outlets

    lines = [line.strip() for line in article.original.splitlines() if line.strip()]
    credited = credited_outlets(lines)
    return credited[0] if credited else None


def _credits(copy: Article, original: Article) -> bool:
    credited = credit_line(copy)
    if not credited or not original.outlet.name:
        return False
    from storyline.ingest.outlets import same_outlet

    return same_outlet(credited, original.outlet.name)


def compare(first: Article, second: Article) -> dict[str, Any] | None:
    """The reprint finding between two articles of one language, or None when they share too
    little: which is the copy, the shared passages, containment both ways, and why that way."""
    passages = shared_passages(first.text, second.text)
    shared = sum(passage["words"] for passage in passages)
    credited = _credits(first, second) or _credits(second, first)
    if not passages or (shared < MIN_SHARED_WORDS and not credited):
        return None
    first_words, second_words = len(words_of(first.text).folded), len(words_of(second.text).folded)
    contained = {first.id: shared / max(first_words, 1), second.id: shared / max(second_words, 1)}
    copy, original, direction = _direction(first, second, contained)
    flip = copy.id != first.id
    evidence: dict[str, Any] = {
        "extent": "full" if min(contained.values()) >= 0.8 else "partial",
        "containment": {
            "copy_in_original": round(contained[copy.id], 3),
            "original_in_copy": round(contained[original.id], 3),
        },
        "shared_words": shared,
        "passages": [
            {
                "copy_span": list(p["right_span"] if flip else p["left_span"]),
                "original_span": list(p["left_span"] if flip else p["right_span"]),
                "words": p["words"],
            }
            for p in passages
        ],
        "direction_by": direction,
    }
    credited = credit_line(copy)
    if credited:
        evidence["credit_line"] = credited
    # One-word widget lines ("Share", "Facebook") are on every site; longer shared lines are
    # a site's own furniture carried over with the text.
    shared_boilerplate = sorted(
        line
        for line in set(copy.boilerplate) & set(original.boilerplate)
        if len(line.split()) >= MIN_BOILERPLATE_WORDS
    )
    if shared_boilerplate:
        evidence["shared_boilerplate"] = shared_boilerplate[:5]
    score = max(contained.values())
    return {"copy": copy.id, "original": original.id, "score": score, "evidence": evidence}


# A clock time in a dateline ('15.04.2025 - 11:47', 'Yayınlanma: 15.04.2025 16:12'), not a
# piece of a dotted date ('15.04.2025').
CLOCK = re.compile(r"(?<![\d.:/])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d.:/])")


def _stated_time(article: Article) -> tuple[int, int] | None:
    """The hour and minute the page's dateline states with its date, if it states one (the
    first, before any update time)."""
    published = article.published
    if published.source != "dateline" or not published.evidence:
        return None
    match = CLOCK.search(published.evidence)
    return (int(match.group("hour")), int(match.group("minute"))) if match else None


def _direction(
    first: Article, second: Article, contained: dict[str, float]
) -> tuple[Article, Article, str]:
    """(copy, original, reason): a credit line first, then dates, then which text holds more
    of its own beyond the shared passages (the copy adds its frame around copied text)."""
    if _credits(first, second):
        return first, second, "credit line"
    if _credits(second, first):
        return second, first, "credit line"
    first_day, second_day = first.published.date, second.published.date
    if first_day and second_day and first_day[:10] != second_day[:10]:
        return (first, second, "dates") if first_day > second_day else (second, first, "dates")
    first_time, second_time = _stated_time(first), _stated_time(second)
    if first_time and second_time and first_time != second_time:
        # Two pages of one day that each state their hour: the later one copied.
        return (first, second, "times") if first_time > second_time else (second, first, "times")
    trimmed = [a for a in (first, second) if contained[a.id] >= TRIMMED_COPY]
    if len(trimmed) == 1 and min(contained.values()) < TRIMMED_COPY - 0.15:
        # Nearly all of one text is found in the other: a trimmed copy of a longer original.
        copy = trimmed[0]
        return copy, (second if copy is first else first), "trimmed copy"
    if abs(contained[first.id] - contained[second.id]) > 0.05:
        if contained[first.id] < contained[second.id]:
            return first, second, "containment"
        return second, first, "containment"
    ordered = sorted([first, second], key=lambda article: article.id)
    return ordered[1], ordered[0], "undecided"
