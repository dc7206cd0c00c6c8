"""Drift: where two texts that should say the same thing do not.

Claims of a translation (or copy) are matched to the claims of its original; each matched pair
is compared fact by fact (cited source, entity, role, date), and claims left without a
counterpart are omissions (dropped by the translation, or added by it). Counts, and cited sources
described rather than named ('a customs officer', 'an intelligence official'), are compared over
the whole pair instead: a condensed translation folds two sentences into one and moves a count
into another sentence than its original's, so a count that the passages most like its own do not
state is paired with such a count of the other text, in a like passage and nearest it in size.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np

from storyline.alignment.facts import Facts, claim_facts, duration_numbers, names_relation
from storyline.alignment.offices import source_fields
from storyline.alignment.people import (
    name_changes,
    persons,
    respelled_people,
    role_changes,
    role_reading,
    roles_differ,
)
from storyline.alignment.sources import named_source_change, outlet_change, outlet_replaced
from storyline.alignment.transliteration import transliterated
from storyline.claims.names import same_name, script_mixed
from storyline.relations import Relation
from storyline.text.normalize import fold

T = TypeVar("T")

# A translated claim and its original score at least this (combined encoder, cosine), or at
# least MARGIN_FLOOR and clearly more than the next best: a sentence merged into a longer one
# in translation keeps a lower score, but stands out among the others.
MATCH_SIMILARITY = 0.72
MARGIN_FLOOR = 0.65
MARGIN = 0.05
# The share of a rendering's claims that must match its original's for the two to be compared.
RENDERING_SHARE = 0.5
# A claim whose best counterpart scores below this has none: it was dropped or added.
OMISSION_SIMILARITY = 0.66
# The share for a pair the stories stage already found to be a translation or a copy: a
# condensed translation retells much of its original in fewer, merged sentences.
ESTABLISHED_SHARE = 0.25
# A changed count's passages: the original's claim scores at least this against the rendering's,
# and within COUNT_PASSAGE_SLACK of the rendering claim's best counterpart.
COUNT_PASSAGE_FLOOR = 0.5
COUNT_PASSAGE_SLACK = 0.1
# How much a tenfold difference in size weighs against passage similarity in pairing counts.
COUNT_SIZE_WEIGHT = 0.1 / math.log(10)
# A count's own words ('1.4 million subscribers were cut off') pair it where the sentences
# around it were cut and merged differently: the words on each side of it, up to
# COUNT_CONTEXT_WORDS, score at least COUNT_CONTEXT_FLOOR and are each other's best.
COUNT_CONTEXT_WORDS = 3
COUNT_CONTEXT_FLOOR = 0.5
# Clock times ('21.30', '9:30'): renderings convert them, and they are not counts.
_CLOCK = re.compile(r"^\d{1,2}[.:]\d{2}$")


def match_claims(
    original_vectors: np.ndarray,
    other_vectors: np.ndarray,
    allowed: set[tuple[int, int]] | None = None,
) -> list[tuple[int, int, float]]:
    """For each claim of the other text, its best original claim: (original, other, score).

    `allowed` (from sentence alignment) limits which pairs may match, where it is known.
    """
    if not len(original_vectors) or not len(other_vectors):
        return []
    similarity = other_vectors @ original_vectors.T
    matches = []
    for other in range(len(other_vectors)):
        candidates = [
            (float(similarity[other, original]), original)
            for original in range(len(original_vectors))
            if allowed is None or (original, other) in allowed
        ]
        candidates.sort(reverse=True)
        if not candidates:
            continue
        best, original = candidates[0]
        runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
        if best >= MATCH_SIMILARITY or (best >= MARGIN_FLOOR and best - runner_up >= MARGIN):
            matches.append((original, other, best))
    return matches


def _snippet(claim: dict[str, Any], span: list[int]) -> tuple[str, list[int] | None]:
    """A number's words with the word after it ('four conditions'), and its article span (None
    in a headline, which lies outside the article's text)."""
    text = claim["text"]
    start, end = span
    following = text[end:].split(maxsplit=1)
    if following:
        end = end + text[end:].index(following[0]) + len(following[0].rstrip(".,،:;"))
    if claim.get("span") is None:
        return text[start:end], None
    offset = claim["span"][0]
    return text[start:end], [offset + start, offset + end]


def headline_passage(article_id: str, title: str, language: str) -> dict[str, Any]:
    """An article's title in the shape of a claim, for comparing the counts it states: a
    translation often moves its original's headline count into its lead."""
    from storyline.timex.numbers import find_numbers

    numbers = [
        {"text": text, "value": value, "span": [start, end]}
        for start, end, value, text in find_numbers(title, language)
    ]
    return {
        "id": None,
        "article_id": article_id,
        "text": title,
        "language": language,
        "numbers": numbers,
        "span": None,
        "headline": True,
    }


def sentence_passage(
    article_id: str, sentence: str, start: int, language: str
) -> dict[str, Any] | None:
    """A sentence in the shape of a claim, for comparing the counts it states where no claim
    holds them (a count inside a reported clause the claims leave out: 'told reporters the
    airliner, carrying 174 passengers, stopped'); None when it states no number."""
    from storyline.timex.numbers import find_numbers

    numbers = [
        {"text": text, "value": value, "span": [first, last]}
        for first, last, value, text in find_numbers(sentence, language)
    ]
    if not numbers:
        return None
    return {
        "id": None,
        "article_id": article_id,
        "text": sentence,
        "language": language,
        "numbers": numbers,
        "span": [start, start + len(sentence)],
        "part": "sentence",
    }


def _number_drift(
    original: dict[str, Any], other: dict[str, Any], fo: Facts, ft: Facts
) -> list[dict[str, Any]]:
    if not fo.numbers or not ft.numbers:
        return []
    values_o = [value for value, _ in fo.numbers]
    values_t = [value for value, _ in ft.numbers]
    lost = [v for v in values_o if v not in values_t]
    gained = [v for v in values_t if v not in values_o]
    return [
        _number_finding(original, other, before, after)
        for before, after in _nearest_pairs(lost, gained)
    ]


def _number_finding(
    original: dict[str, Any], other: dict[str, Any], before: float, after: float
) -> dict[str, Any]:
    """A changed number, with the words around it on each side and their article spans."""
    from_text, from_span = _snippet(original, _number_span(original, before))
    to_text, to_span = _snippet(other, _number_span(other, after))
    return {
        "aspect": "number",
        "from_value": _plain(before),
        "to_value": _plain(after),
        "from_text": from_text,
        "to_text": to_text,
        "from_span": from_span,
        "to_span": to_span,
    }


def _one_to_one(ranked: Iterable[T], sides: Callable[[T], tuple[Hashable, Hashable]]) -> list[T]:
    """The items of `ranked` (best first) whose two sides no earlier kept item has used: each
    thing of either text is paired once."""
    used_left: set[Hashable] = set()
    used_right: set[Hashable] = set()
    kept = []
    for item in ranked:
        left, right = sides(item)
        if left in used_left or right in used_right:
            continue
        used_left.add(left)
        used_right.add(right)
        kept.append(item)
    return kept


def _nearest_pairs(lost: list[float], gained: list[float]) -> list[tuple[float, float]]:
    """Changed numbers paired with the new numbers nearest them in size, closest pairs first
    (a count of 11 that became 14 beside a 7 left out pairs 11 with 14), each number once."""

    def gap(pair: tuple[float, float]) -> float:
        before, after = pair
        return abs(math.log((abs(after) + 1) / (abs(before) + 1)))

    ranked = sorted(((b, a) for b in lost for a in gained), key=gap)
    pairs = _one_to_one(ranked, lambda pair: pair)
    return sorted(pairs, key=lambda pair: lost.index(pair[0]))


def _number_span(claim: dict[str, Any], value: float) -> list[int]:
    for number in claim.get("numbers") or []:
        if number.get("value") == value:
            return list(number["span"])
    return [0, 0]


# Large counts as a reader writes them: '1.4 million', not '1399999.9999999998'.
_SCALES = ((1e9, "billion"), (1e6, "million"))


def _plain(value: float) -> str:
    value = float(f"{value:.10g}")
    for size, word in _SCALES:
        if abs(value) >= size and math.isclose(round(value / size, 3) * size, value):
            return f"{value / size:g} {word}"
    return str(int(value)) if value.is_integer() else f"{value:g}"


def _roles(claim: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, role) pairs a claim states, from its entities and its attribution chain."""
    pairs = [
        (e["text"], e["role"])
        for e in claim.get("entities") or []
        if e.get("role") and e.get("text")
    ]
    pairs += [
        (link["name"], link["role"])
        for link in claim.get("attribution") or []
        if link.get("role") and not link.get("implicit")
    ]
    return pairs


# Words that carry no part of a role's meaning.
_ROLE_FILLER = frozenset({"the", "of", "a", "an", "and"})


def different_roles(a: str, b: str) -> bool:
    """Two roles of one language differ unless the words of one are all in the other
    ('Foreign Minister' and 'Turkish Foreign Minister' are one role)."""
    words_a = set(fold(a).split()) - _ROLE_FILLER
    words_b = set(fold(b).split()) - _ROLE_FILLER
    if not words_a or not words_b:
        return False
    return not (words_a <= words_b or words_b <= words_a)


def _innermost_named(claim: dict[str, Any]) -> dict[str, Any] | None:
    named = [
        link
        for link in claim.get("attribution") or []
        if not link.get("implicit") and link.get("kind") in ("outlet", "person", "institution")
    ]
    return named[-1] if named else None


def _comparable_sources(original: dict[str, Any], other: dict[str, Any]) -> bool:
    """Whether the cited sources of two renderings can be told apart: same kind of source,
    written in one script (an Arabic text writes a foreign paper's name in Latin letters);
    names in two scripts that are not transliterations ('the regime' and its Arabic) are not
    evidence of a change."""
    a, b = _innermost_named(original), _innermost_named(other)
    if not a or not b or a["kind"] != b["kind"]:
        return False
    return not script_mixed(a["name"], b["name"])


def _whole(claim: dict[str, Any]) -> tuple[str, list[int]]:
    return claim["text"], list(claim["span"])


def compare_pair(
    original: dict[str, Any],
    other: dict[str, Any],
    with_numbers: bool = True,
    people: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """What changed between a claim and its rendering: number, source, entity, role, date
    (numbers left to the caller when `with_numbers` is false). `people` are the persons their
    two texts name (by default, those of the two claims): a name put in place of one of them is
    a changed entity."""
    if people is None:
        people = persons((original, other))
    fo, ft = claim_facts(original), claim_facts(other)
    findings = _number_drift(original, other, fo, ft) if with_numbers else []
    from_text, from_span = _whole(original)
    to_text, to_span = _whole(other)
    texts = {"from_text": from_text, "to_text": to_text, "from_span": from_span, "to_span": to_span}
    if (
        _comparable_sources(original, other)
        and names_relation((str(fo.source),), (str(ft.source),)) == "different"
    ):
        findings.append(
            {"aspect": "source", "from_value": fo.source, "to_value": ft.source, **texts}
        )
    elif change := (
        outlet_change(original, other)
        or named_source_change(original, other)
        or outlet_replaced(original, other)
    ):
        findings.append({**change, **texts})
    if fo.date and ft.date and fo.date_precision == ft.date_precision:
        a, b = (fo.date, ft.date) if fo.year_known and ft.year_known else (fo.date[5:], ft.date[5:])
        if a != b:
            findings.append({"aspect": "date", "from_value": fo.date, "to_value": ft.date, **texts})
    findings += [{**change, **texts} for change in name_changes(original, other, people)]
    language_o, language_t = original.get("language") or "en", other.get("language") or "en"
    for name_o, role_o in _roles(original):
        for name_t, role_t in _roles(other):
            if not (same_name(name_o, name_t) or transliterated(name_o, name_t)):
                continue
            if _roles_differ(role_o, language_o, role_t, language_t):
                findings.append(
                    {
                        "aspect": "role",
                        "entity": name_o,
                        "from_value": role_o,
                        "to_value": role_t,
                        **texts,
                    }
                )
    return findings


def _roles_differ(role_o: str, language_o: str, role_t: str, language_t: str) -> bool:
    """Within one language roles are compared word for word; across languages, where their
    words differ anyway, by the offices and the fields they name (a director and a deputy
    minister; an interior and a defence portfolio)."""
    if language_o == language_t:
        return different_roles(role_o, role_t)
    return roles_differ(role_reading(role_o, language_o), role_reading(role_t, language_t))


def _counts(claims: Sequence[dict[str, Any]]) -> list[tuple[int, float]]:
    """(claim index, value) of the counts the claims state, how long something lasted among
    them ('252 seconds', '30 years'): neither dates, years, clock times nor 'one' (which
    renderings add and drop as wording: 'one by one', 'one of them')."""
    found = []
    for index, claim in enumerate(claims):
        numbers = [*claim_facts(claim).numbers, *duration_numbers(claim)]
        for value, text in numbers:
            if abs(value) >= 2 and not _CLOCK.match(text.strip()):
                found.append((index, value))
    return list(dict.fromkeys(found))


def _stated_values(claim: dict[str, Any]) -> set[float]:
    """Every number a claim writes, dates and times included."""
    return {
        float(number["value"])
        for number in claim.get("numbers") or []
        if isinstance(number.get("value"), int | float)
    }


def _unmatched_counts(
    claims: Sequence[dict[str, Any]], others: Sequence[dict[str, Any]], similarity: np.ndarray
) -> list[tuple[int, float]]:
    """Counts of `claims` that none of the passages of `others` most like their own states
    (`similarity`: claims x others); the same number elsewhere in the text (four hours beside
    three conditions that became four) does not account for them."""
    stated = [_stated_values(other) for other in others]
    found = []
    for index, value in _counts(claims):
        row = similarity[index]
        near = np.flatnonzero(row >= row.max() - COUNT_PASSAGE_SLACK)
        if not any(value in stated[other] for other in near):
            found.append((index, value))
    return found


def _count_context(claim: dict[str, Any], value: float) -> str:
    """The words on each side of a count in its claim, the count itself left out."""
    text = claim["text"]
    start, end = _number_span(claim, value)
    if start == end:
        return text
    before = text[:start].split()[-COUNT_CONTEXT_WORDS:]
    after = text[end:].split()[:COUNT_CONTEXT_WORDS]
    return " ".join([*before, *after])


def _context_similarity(
    original_claims: Sequence[dict[str, Any]],
    lost: list[tuple[int, float]],
    other_claims: Sequence[dict[str, Any]],
    gained: list[tuple[int, float]],
) -> np.ndarray:
    """Cosines of the words around each gained count (rows) and each lost count (columns)."""
    if not lost or not gained:
        return np.zeros((len(gained), len(lost)), dtype=np.float32)
    from storyline.embeddings.stage import encode_texts

    texts = [_count_context(original_claims[o], value) for o, value in lost]
    texts += [_count_context(other_claims[t], value) for t, value in gained]
    vectors = encode_texts(texts)
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return vectors[len(lost) :] @ vectors[: len(lost)].T


def count_drift(
    original_claims: Sequence[dict[str, Any]],
    other_claims: Sequence[dict[str, Any]],
    similarity: np.ndarray,
) -> list[tuple[dict[str, Any], float]]:
    """Counts changed between an original and its rendering, over the whole pair: each count
    of the rendering that its original's like passages do not state, paired with such a count of
    the original in a passage like its own (`similarity`: rendering claims x original claims)
    or with words around it most like its own, the nearest in size first."""
    lost = _unmatched_counts(original_claims, other_claims, similarity.T)
    gained = _unmatched_counts(other_claims, original_claims, similarity)
    context = _context_similarity(original_claims, lost, other_claims, gained)
    candidates = []
    for g, (t, after) in enumerate(gained):
        best = float(similarity[t].max())
        for k, (o, before) in enumerate(lost):
            passage = float(similarity[t, o])
            closeness = []
            if passage >= COUNT_PASSAGE_FLOOR and passage >= best - COUNT_PASSAGE_SLACK:
                closeness.append(passage)
            words = float(context[g, k])
            if (
                words >= COUNT_CONTEXT_FLOOR
                and words >= context[g].max()
                and words >= context[:, k].max()
            ):
                closeness.append(words)
            if not closeness:
                continue
            size_gap = abs(math.log((abs(after) + 1) / (abs(before) + 1)))
            candidates.append((max(closeness) - COUNT_SIZE_WEIGHT * size_gap, o, before, t, after))
    ranked = sorted(candidates, key=lambda c: -c[0])
    findings: list[tuple[dict[str, Any], float]] = []
    for score, o, before, t, after in _one_to_one(ranked, lambda c: ((c[1], c[2]), (c[3], c[4]))):
        original, other = original_claims[o], other_claims[t]
        finding = _number_finding(original, other, before, after)
        for side, passage in (("from", original), ("to", other)):
            if passage.get("headline"):
                finding[f"{side}_part"] = "title"
            elif passage.get("part"):
                finding[f"{side}_part"] = passage["part"]
            else:
                finding[f"{side}_claim"] = passage["id"]
        findings.append((finding, score))
    return findings


def _cited_fields(
    claim: dict[str, Any], acronyms: dict[str, str] | None = None
) -> tuple[dict[str, Any] | None, frozenset[str]]:
    """A claim's innermost cited source other than an outlet, and the fields it names (an
    acronym in it read as its text spells it out: 'WNEC officials', a company's)."""
    language = claim.get("language") or "en"
    for link in reversed(claim.get("attribution") or []):
        if link.get("implicit") or link.get("kind") == "outlet":
            continue
        described = " ".join(filter(None, (link.get("name"), link.get("role"))))
        spelled = [
            acronyms[w] for w in re.findall(r"\b[A-Z]{2,6}\b", described) if w in (acronyms or {})
        ]
        return link, source_fields(" ".join([described, *spelled]), language)
    return None, frozenset()


# 'Al-Waha National Energy Company (WNEC)': a name of capitalised words, its acronym after it.
_SPELLED_OUT = re.compile(r"((?:[A-ZÇĞİÖŞÜ][\w'’-]*\s+){1,7})\((?P<acronym>[A-Z]{2,6})\)")


def acronyms(claims: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The acronyms the claims spell out, each with the words it stands for."""
    found: dict[str, str] = {}
    for claim in claims:
        for match in _SPELLED_OUT.finditer(claim["text"]):
            found.setdefault(match.group("acronym"), match.group(1).strip())
    return found


def cited_source_drift(
    original_claims: Sequence[dict[str, Any]],
    other_claims: Sequence[dict[str, Any]],
    similarity: np.ndarray,
) -> list[tuple[dict[str, Any], float]]:
    """Sources of another field: a rendering's claim citing a source of a field its original
    never cites, paired with the original's claim most like it that cites a source of a field
    the rendering never cites ('a customs officer' told as 'an intelligence official'); or two
    claims that are each other's likest citing sources of fields that share nothing."""
    spelled_o, spelled_t = acronyms(original_claims), acronyms(other_claims)
    cited_o = [_cited_fields(claim, spelled_o) for claim in original_claims]
    cited_t = [_cited_fields(claim, spelled_t) for claim in other_claims]
    fields_o = frozenset().union(*(fields for _, fields in cited_o))
    fields_t = frozenset().union(*(fields for _, fields in cited_t))
    candidates = []
    for t, (_, fields) in enumerate(cited_t):
        for o, (_, original_fields) in enumerate(cited_o):
            if not fields or not original_fields or fields & original_fields:
                continue
            score = float(similarity[t, o])
            # Fields the other text never cites, or passages that are each other's best.
            never = not fields & fields_o and not original_fields & fields_t
            mutual = (
                score >= MATCH_SIMILARITY
                and score >= similarity[t].max()
                and score >= similarity[:, o].max()
            )
            if score >= COUNT_PASSAGE_FLOOR and (never or mutual):
                candidates.append((score, o, t))
    findings: list[tuple[dict[str, Any], float]] = []
    for score, o, t in _one_to_one(sorted(candidates, reverse=True), lambda c: (c[1], c[2])):
        original, other = original_claims[o], other_claims[t]
        link_o, link_t = cited_o[o][0], cited_t[t][0]
        assert link_o is not None and link_t is not None
        finding = {
            "aspect": "source",
            "from_value": link_o["name"],
            "to_value": link_t["name"],
            "from_claim": original["id"],
            "to_claim": other["id"],
            "from_text": original["text"],
            "to_text": other["text"],
            "from_span": list(original["span"]),
            "to_span": list(other["span"]),
        }
        findings.append((finding, score))
    return findings


def replaced_outlet_drift(
    original_claims: Sequence[dict[str, Any]],
    other_claims: Sequence[dict[str, Any]],
    similarity: np.ndarray,
    matches: Sequence[tuple[int, int, float]],
) -> list[tuple[dict[str, Any], float]]:
    """An outlet one claim cites where its counterpart names a body instead, for counterparts
    the sentence alignment left unmatched (a sentence split in two in translation): claims that
    are each other's likest, from COUNT_PASSAGE_FLOOR on."""
    matched = {(o, t) for o, t, _ in matches}
    findings: list[tuple[dict[str, Any], float]] = []
    if not similarity.size:
        return findings
    for t in range(similarity.shape[0]):
        o = int(similarity[t].argmax())
        score = float(similarity[t, o])
        if (o, t) in matched or score < COUNT_PASSAGE_FLOOR or int(similarity[:, o].argmax()) != t:
            continue
        original, other = original_claims[o], other_claims[t]
        change = outlet_replaced(original, other)
        if change:
            change.update(
                from_claim=original["id"],
                to_claim=other["id"],
                from_text=original["text"],
                to_text=other["text"],
                from_span=list(original["span"]),
                to_span=list(other["span"]),
            )
            findings.append((change, score))
    return findings


def drift_findings(
    original_article: str,
    other_article: str,
    original_claims: Sequence[dict[str, Any]],
    other_claims: Sequence[dict[str, Any]],
    original_vectors: np.ndarray,
    other_vectors: np.ndarray,
    allowed: set[tuple[int, int]] | None = None,
    min_share: float = RENDERING_SHARE,
    headlines: tuple[tuple[dict[str, Any], np.ndarray], tuple[dict[str, Any], np.ndarray]]
    | None = None,
    texts: tuple[str, str] | None = None,
    loose: tuple[Sequence[dict[str, Any]], Sequence[dict[str, Any]]] = ((), ()),
    loose_vectors: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Relation]:
    """Drift relations from the original article to the other (its translation or copy).

    `min_share` is the share of the other's claims that must match for the two to be compared
    at all (ESTABLISHED_SHARE where the pair is a known rendering). `headlines`, each title as a
    `headline_passage` with its vector, join the claims where counts are compared. `texts`, the
    two articles' texts, are where the roles given to the people they name are read (their
    claims' texts where not given). `loose`, each text's `sentence_passage`s for counts no
    claim holds, with their `loose_vectors`, join the passages where counts are compared."""
    findings: list[tuple[dict[str, Any], float]] = []
    matches = match_claims(original_vectors, other_vectors, allowed)
    if len({t for _, t, _ in matches}) < min_share * len(other_claims):
        # Most of a rendering's claims come from its original, even when condensed; two texts
        # that share less do not say the same thing, and their differences are not drift.
        return []
    matched_originals = {o for o, _, _ in matches}
    matched_others = {t for _, t, _ in matches}
    people = persons([*original_claims, *other_claims])
    for o, t, score in matches:
        pair = (original_claims[o], other_claims[t])
        for finding in compare_pair(*pair, with_numbers=False, people=people):
            finding.update(from_claim=original_claims[o]["id"], to_claim=other_claims[t]["id"])
            findings.append((finding, score))
    if len(original_vectors) and len(other_vectors):
        passages_o, passages_t = list(original_claims), list(other_claims)
        vectors_o, vectors_t = original_vectors, other_vectors
        if headlines is not None:
            (headline_o, vector_o), (headline_t, vector_t) = headlines
            passages_o.append(headline_o)
            passages_t.append(headline_t)
            vectors_o = np.vstack([original_vectors, vector_o])
            vectors_t = np.vstack([other_vectors, vector_t])
        if loose_vectors is not None:
            passages_o += loose[0]
            passages_t += loose[1]
            if len(loose[0]):
                vectors_o = np.vstack([vectors_o, loose_vectors[0]])
            if len(loose[1]):
                vectors_t = np.vstack([vectors_t, loose_vectors[1]])
        findings += count_drift(passages_o, passages_t, vectors_t @ vectors_o.T)
        findings += cited_source_drift(
            original_claims, other_claims, other_vectors @ original_vectors.T
        )
        findings += replaced_outlet_drift(
            original_claims, other_claims, other_vectors @ original_vectors.T, matches
        )
    if original_claims and other_claims:
        if texts is None:
            texts = (_joined(original_claims), _joined(other_claims))
        language_o = original_claims[0].get("language") or "en"
        language_t = other_claims[0].get("language") or "en"
        findings += [
            (finding, 1.0) for finding in role_changes(*texts, language_o, language_t, people)
        ]
        findings += [(finding, 1.0) for finding in respelled_people(*texts, people)]
    if len(original_vectors) and len(other_vectors):
        similarity = original_vectors @ other_vectors.T
        for o, best in enumerate(similarity.max(axis=1)):
            if best < OMISSION_SIMILARITY and o not in matched_originals:
                claim = original_claims[o]
                findings.append((_omission(claim, "dropped"), 1.0 - float(best)))
        for t, best in enumerate(similarity.max(axis=0)):
            if best < OMISSION_SIMILARITY and t not in matched_others:
                claim = other_claims[t]
                findings.append((_omission(claim, "added"), 1.0 - float(best)))
    relations: dict[tuple[str, str, str], Relation] = {}
    findings = _one_role_each(findings)
    # One finding per change, shown on the pair of claims that match best.
    for finding, score in sorted(findings, key=lambda item: -item[1]):
        key = (finding["aspect"], str(finding["from_value"]), str(finding["to_value"]))
        if key not in relations:
            relations[key] = Relation("drift", original_article, other_article, score, finding)
    return list(relations.values())


def _one_role_each(
    findings: list[tuple[dict[str, Any], float]],
) -> list[tuple[dict[str, Any], float]]:
    """One changed role per person: read from the texts, or failing that from a pair of claims
    (the same change in other words)."""
    kept: list[tuple[dict[str, Any], float]] = []
    people: list[str] = []
    for finding, score in sorted(findings, key=lambda item: -item[1]):
        person = finding.get("entity") if finding["aspect"] == "role" else None
        if person:
            if any(transliterated(person, seen) or same_name(person, seen) for seen in people):
                continue
            people.append(person)
        kept.append((finding, score))
    return kept


def _joined(claims: Sequence[dict[str, Any]]) -> str:
    return "\n".join(claim["text"] for claim in claims)


def _omission(claim: dict[str, Any], direction: str) -> dict[str, Any]:
    text, span = _whole(claim)
    side = "from" if direction == "dropped" else "to"
    other = "to" if side == "from" else "from"
    return {
        "aspect": "omission",
        "direction": direction,
        f"{side}_value": text,
        f"{other}_value": None,
        f"{side}_text": text,
        f"{other}_text": None,
        f"{side}_span": span,
        f"{other}_span": None,
        f"{side}_claim": claim["id"],
    }
