"""Drift: where two texts that should say the same thing do not.

Claims of a translation (or copy) are matched to the claims of its original; each matched pair
is compared fact by fact (number, cited source, entity, role, date), and claims left without a
counterpart are omissions (dropped by the translation, or added by it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.alignment.facts import Facts, claim_facts, names_relation
from storyline.claims.names import same_name, script_mixed
from storyline.relations import Relation
from storyline.text.normalize import fold

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


def _snippet(claim: dict[str, Any], span: list[int]) -> tuple[str, list[int]]:
    """A number's words with the word after it ('four conditions'), and its article span."""
    text = claim["text"]
    start, end = span
    following = text[end:].split(maxsplit=1)
    if following:
        end = end + text[end:].index(following[0]) + len(following[0].rstrip(".,،:;"))
    offset = claim["span"][0]
    return text[start:end], [offset + start, offset + end]


def _number_drift(
    original: dict[str, Any], other: dict[str, Any], fo: Facts, ft: Facts
) -> list[dict[str, Any]]:
    if not fo.numbers or not ft.numbers:
        return []
    values_o = [value for value, _ in fo.numbers]
    values_t = [value for value, _ in ft.numbers]
    lost = [v for v in values_o if v not in values_t]
    gained = [v for v in values_t if v not in values_o]
    findings = []
    for before, after in _nearest_pairs(lost, gained):
        from_text, from_span = _snippet(original, _number_span(original, before))
        to_text, to_span = _snippet(other, _number_span(other, after))
        findings.append(
            {
                "aspect": "number",
                "from_value": _plain(before),
                "to_value": _plain(after),
                "from_text": from_text,
                "to_text": to_text,
                "from_span": from_span,
                "to_span": to_span,
            }
        )
    return findings


def _nearest_pairs(lost: list[float], gained: list[float]) -> list[tuple[float, float]]:
    """Changed numbers paired with the new numbers nearest them in size, closest pairs first
    (a count of 11 that became 14 beside a 7 left out pairs 11 with 14), each number once."""

    def gap(pair: tuple[float, float]) -> float:
        before, after = pair
        return abs(math.log((abs(after) + 1) / (abs(before) + 1)))

    pairs: list[tuple[float, float]] = []
    for before, after in sorted(((b, a) for b in lost for a in gained), key=gap):
        if all(before != b and after != a for b, a in pairs):
            pairs.append((before, after))
    return sorted(pairs, key=lambda pair: lost.index(pair[0]))


def _number_span(claim: dict[str, Any], value: float) -> list[int]:
    for number in claim.get("numbers") or []:
        if number.get("value") == value:
            return list(number["span"])
    return [0, 0]


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


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


def compare_pair(original: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between a claim and its rendering: number, source, entity, role, date."""
    fo, ft = claim_facts(original), claim_facts(other)
    findings = _number_drift(original, other, fo, ft)
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
    if fo.date and ft.date and fo.date_precision == ft.date_precision:
        a, b = (fo.date, ft.date) if fo.year_known and ft.year_known else (fo.date[5:], ft.date[5:])
        if a != b:
            findings.append({"aspect": "date", "from_value": fo.date, "to_value": ft.date, **texts})
    for names_o, names_t in ((fo.people, ft.people), (fo.venues, ft.venues)):
        lost = [n for n in names_o if not any(same_name(n, m) for m in names_t)]
        gained = [m for m in names_t if not any(same_name(n, m) for n in names_o)]
        if lost and gained and not script_mixed(lost[0], gained[0]):
            findings.append(
                {"aspect": "entity", "from_value": lost[0], "to_value": gained[0], **texts}
            )
    # Roles are compared within one language only: across languages their words differ anyway.
    same_language = original.get("language") == other.get("language")
    for name_o, role_o in _roles(original) if same_language else []:
        for name_t, role_t in _roles(other):
            if same_name(name_o, name_t) and different_roles(role_o, role_t):
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


def drift_findings(
    original_article: str,
    other_article: str,
    original_claims: Sequence[dict[str, Any]],
    other_claims: Sequence[dict[str, Any]],
    original_vectors: np.ndarray,
    other_vectors: np.ndarray,
    allowed: set[tuple[int, int]] | None = None,
) -> list[Relation]:
    """Drift relations from the original article to the other (its translation or copy)."""
    findings: list[tuple[dict[str, Any], float]] = []
    matches = match_claims(original_vectors, other_vectors, allowed)
    if len({t for _, t, _ in matches}) < RENDERING_SHARE * len(other_claims):
        # Most of a rendering's claims come from its original, even when condensed; two texts
        # that share less do not say the same thing, and their differences are not drift.
        return []
    matched_originals = {o for o, _, _ in matches}
    matched_others = {t for _, t, _ in matches}
    for o, t, score in matches:
        for finding in compare_pair(original_claims[o], other_claims[t]):
            finding.update(from_claim=original_claims[o]["id"], to_claim=other_claims[t]["id"])
            findings.append((finding, score))
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
    # One finding per change, shown on the pair of claims that match best.
    for finding, score in sorted(findings, key=lambda item: -item[1]):
        key = (finding["aspect"], str(finding["from_value"]), str(finding["to_value"]))
        if key not in relations:
            relations[key] = Relation("drift", original_article, other_article, score, finding)
    return list(relations.values())


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
