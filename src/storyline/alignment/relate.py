"""How two claims relate: same claim, support, contradiction (denial or clashing facts), or not.

The decision weighs meaning (a cross-lingual similarity of the two texts) with the facts each
states (storyline.alignment.facts): similar wording about a meeting at another place or on
another day is a contradiction, not the same claim; a denial of the same proposition joins the
assertion with polarity denied and contradicts the claim it denies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.alignment.facts import Comparison, Facts, compare_facts, credits

# Cosine similarities of the combined encoder (storyline.embeddings, 'combined'), measured on
# the demo corpus: a claim and its translation score 0.65-0.9 (long claims carry extra clauses),
# a denial of the same proposition 0.6-0.8, other claims of the same story 0.45-0.7. The more
# facts two claims share (place, date, people, cited source), the less wording must agree.
CANDIDATE_SIMILARITY = 0.58
SAME_SIMILARITY = (0.84, 0.74, 0.62)
DENIAL_SIMILARITY = (0.72, 0.62, 0.58)
CONTRADICTION_SIMILARITY = 0.62
# A denial tied to a claim by a shared name alone (no event kind or anchor in common) must say
# nearly what the claim says: denials of the same proposition measured 0.66-0.8.
NAMED_DENIAL_SIMILARITY = 0.66
# A claim that credits the outlet of the other claim's article passes that report on: close
# wording suffices (paraphrases across languages measured 0.58-0.75): the candidate floor.
CITED_SIMILARITY = 0.58
# The stance classifier's probability needed before its word counts as a signal.
STANCE_CONFIDENCE = 0.6

# Facts that tie two claims to one happening.
ANCHORS = ("date", "place", "participants", "source")
# Dates this far apart are different happenings, however alike the wording.
DIFFERENT_EVENT_DAYS = 180

StanceSignal = Callable[[dict[str, Any], dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class ClaimLink:
    """A decided relation between two claims. `joins` says the two belong to one assertion."""

    kind: str
    joins: bool
    score: float
    evidence: dict[str, Any]


def different_happenings(a: Facts, b: Facts, conflicts: Sequence[dict[str, Any]]) -> bool:
    """Whether two claims tell of two happenings rather than disagree about one: both the date
    and the place differ, or the dates lie months apart."""
    aspects = {c["aspect"] for c in conflicts}
    if {"date", "place"} <= aspects:
        return True
    if "date" in aspects and a.year_known and b.year_known and a.date and b.date:
        try:
            gap = abs((_day(a.date) - _day(b.date)).days)
        except ValueError:
            return False
        return gap > DIFFERENT_EVENT_DAYS
    return False


def _day(value: str) -> date:
    parts = [int(p) for p in value[:10].split("-")]
    return date(parts[0], *[*parts[1:], 1, 1][:2])


def _tied(aspect: str, comparison: Comparison, shared_event: bool) -> bool:
    """Whether a clash on `aspect` is a disagreement about one happening: something else ties
    the two claims to it. A place clash needs the same date; a date clash the same place; a
    clash over people the same place and date; a count the same counted thing (compare_facts
    only reports those). A shared cited source is not enough: one paper reports many things."""
    agreed = set(comparison.agreements)
    if aspect == "number":
        return True
    if not shared_event:
        return False
    if aspect == "place":
        return "date" in agreed
    if aspect == "date":
        return "place" in agreed
    if aspect == "participants":
        return {"date", "place"} <= agreed
    return False


def _citing(a: Facts, b: Facts) -> str | None:
    """The id of the claim that passes on the other's report (its chain or words name the outlet
    that published the other), if one does."""
    if credits(a, b):
        return a.claim_id
    if credits(b, a):
        return b.claim_id
    return None


def relate_claims(
    a: dict[str, Any],
    b: dict[str, Any],
    facts_a: Facts,
    facts_b: Facts,
    similarity: float,
    stance: StanceSignal | None = None,
) -> ClaimLink | None:
    """The relation between claims `a` and `b` (None: unrelated), given their similarity."""
    if similarity < CANDIDATE_SIMILARITY or (facts_a.contentless and facts_b.contentless):
        # Two claims that only point at 'the report' may point at different reports.
        return None
    if (
        facts_a.event_types
        and facts_b.event_types
        and not (facts_a.event_types & facts_b.event_types)
    ):
        return None
    comparison = compare_facts(facts_a, facts_b)
    shared_event = bool(facts_a.event_types & facts_b.event_types)
    evidence: dict[str, Any] = {
        "similarity": round(similarity, 4),
        "agreements": list(comparison.agreements),
        "event_types": sorted(facts_a.event_types | facts_b.event_types),
    }
    anchors = [aspect for aspect in comparison.agreements if aspect in ANCHORS]
    if comparison.conflicts:
        if different_happenings(facts_a, facts_b, comparison.conflicts):
            return None
        clashes = [c for c in comparison.conflicts if _tied(c["aspect"], comparison, shared_event)]
        if facts_a.language != facts_b.language and similarity < SAME_SIMILARITY[1]:
            # Across languages the counted thing is not compared word by word: the two claims
            # must say nearly the same otherwise.
            clashes = [c for c in clashes if c["aspect"] != "number"]
        if clashes and similarity >= CONTRADICTION_SIMILARITY:
            return ClaimLink(
                "contradicts",
                False,
                similarity,
                {**evidence, "reason": "facts", "conflicts": clashes},
            )
        return None
    citing = _citing(facts_a, facts_b)
    if citing and facts_a.polarity == facts_b.polarity and similarity >= CITED_SIMILARITY:
        return ClaimLink(
            "same_claim", True, similarity, {**evidence, "reason": "cites", "citing": citing}
        )
    # How many shared facts tie the two to one happening, counted where both tell of one kind
    # of event (or cite one source).
    tied = len(anchors) if shared_event or "source" in anchors else 0
    needed = min(tied, 2)
    if facts_a.polarity != facts_b.polarity:
        # A statement that negates a happening of its own ('talks cannot move forward') denies
        # another claim only where it names the same place, day, people or source.
        negated = facts_a.negated or facts_b.negated
        if negated and not tied:
            return None
        # A denial names what it denies ('rejected reports that glass was found in Hexalon')
        # more often than the kind of happening: the same name, in close wording, ties it.
        happening = (shared_event or tied) and similarity >= DENIAL_SIMILARITY[needed]
        named = "names" in comparison.agreements and similarity >= NAMED_DENIAL_SIMILARITY
        if happening or named:
            denied = a if facts_a.polarity == "denied" else b
            tie = {} if happening else {"tie": "names"}
            return ClaimLink(
                "contradicts",
                True,
                similarity,
                {**evidence, "reason": "denial", "denial": denied["id"], **tie},
            )
        return None
    if similarity >= SAME_SIMILARITY[needed]:
        return ClaimLink("same_claim", True, similarity, evidence)
    if stance is not None and (shared_event or anchors):
        verdict = stance(a, b)
        if verdict:
            label, scores = verdict.get("label"), verdict.get("scores", {})
            confidence = max(scores.values()) if scores else 0.0
            if label == "agree" and confidence >= STANCE_CONFIDENCE:
                return ClaimLink("supports", False, similarity, {**evidence, "classifier": verdict})
            if label == "disagree" and confidence >= STANCE_CONFIDENCE:
                return ClaimLink(
                    "contradicts",
                    False,
                    similarity,
                    {**evidence, "reason": "classifier", "classifier": verdict},
                )
    if shared_event and tied and facts_a.article_id != facts_b.article_id:
        # Another article telling of the same happening (same place, day, people or cited
        # source) in other words corroborates it without stating the same proposition.
        return ClaimLink("supports", False, similarity, {**evidence, "reason": "shared facts"})
    return None
