"""Assertions: claims grouped across articles and languages, with each article's stance.

Candidates come from a nearest-neighbour index over claim vectors (never all pairs); each
candidate pair is then decided by `relate_claims`. Claims linked as the same claim, or as the
denial of one, form one assertion.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from storyline.alignment.facts import (
    Facts,
    claim_facts,
    compare_facts,
    names_relation,
    read_polarity,
)
from storyline.alignment.relate import (
    CANDIDATE_SIMILARITY,
    ClaimLink,
    StanceSignal,
    different_happenings,
    relate_claims,
)
from storyline.claims.lexicon import non_answer_cue, pointer_cue
from storyline.ids import short_id
from storyline.relations import Relation

# How many nearest claims each claim is compared with.
NEIGHBOURS = 16
# Up to this many claims the neighbours are found exactly (a matrix product in chunks of
# EXACT_CHUNK rows): cheap there, and the same on every run; beyond it from an HNSW graph.
EXACT_CANDIDATES = 20_000
EXACT_CHUNK = 1024
LABEL_CHARACTERS = 200
STANCES = ("supports", "denies", "reports-without-endorsing", "unrelated")


@dataclass
class Grouping:
    """What grouping found: assertions (as contract records) and the claim relations."""

    assertions: list[dict[str, Any]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


def candidate_pairs(
    vectors: np.ndarray, neighbours: int = NEIGHBOURS, minimum: float = CANDIDATE_SIMILARITY
) -> list[tuple[int, int, float]]:
    """Pairs (i < j) of rows among each other's nearest neighbours with cosine >= minimum."""
    count = len(vectors)
    if count < 2:
        return []
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    take = min(neighbours + 1, count)
    nearest = (_exact_neighbours if count <= EXACT_CANDIDATES else _indexed_neighbours)(
        vectors, take
    )
    pairs: dict[tuple[int, int], float] = {}
    for row in range(count):
        for key in nearest[row]:
            other = int(key)
            if other == row or other >= count:
                continue
            pair = (min(row, other), max(row, other))
            if pair in pairs:
                continue
            # The exact cosine, not the index's approximation, decides.
            similarity = float(vectors[pair[0]] @ vectors[pair[1]])
            if similarity >= minimum:
                pairs[pair] = similarity
    return sorted((i, j, s) for (i, j), s in pairs.items())


def _exact_neighbours(vectors: np.ndarray, take: int) -> np.ndarray:
    """The `take` nearest rows of every row by exact cosine, ties to the lower row."""
    nearest = np.empty((len(vectors), take), dtype=np.int64)
    for start in range(0, len(vectors), EXACT_CHUNK):
        scores = vectors[start : start + EXACT_CHUNK] @ vectors.T
        nearest[start : start + EXACT_CHUNK] = _first_by_score(scores, take)
    return nearest


def _first_by_score(scores: np.ndarray, take: int) -> np.ndarray:
    """Per row, the columns of the `take` highest scores, highest first, equal scores in column
    order: what a stable sort of the negated scores gives first, without sorting whole rows
    (the rows are as long as the store has claims)."""
    negated = -scores
    if take >= scores.shape[1] or np.isnan(negated).any():
        # A stable sort on the negated scores keeps equal scores in row order.
        return np.argsort(negated, axis=1, kind="stable")[:, :take]
    # Every column scoring at least the take-th best, then those few sorted stably.
    bound = np.partition(negated, take - 1, axis=1)[:, take - 1]
    found = np.empty((len(scores), take), dtype=np.int64)
    for row in range(len(scores)):
        columns = np.flatnonzero(negated[row] <= bound[row])
        found[row] = columns[np.argsort(negated[row, columns], kind="stable")[:take]]
    return found


def _indexed_neighbours(vectors: np.ndarray, take: int) -> np.ndarray:
    """The `take` nearest rows of every row from an HNSW graph built on one thread: a graph
    built on several depends on which thread inserts first, and so would the claims compared."""
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos")
    index.add(np.arange(len(vectors), dtype=np.uint64), vectors, threads=1)
    return np.asarray(index.search(vectors, take, threads=1).keys, dtype=np.int64)


class _Groups:
    """Union-find over claim positions, refusing joins that would merge two happenings."""

    def __init__(self, facts: list[Facts], renderings: Iterable[tuple[int, int]] = ()) -> None:
        self.parent = list(range(len(facts)))
        self.facts_polarity = [f.polarity for f in facts]
        self.groups: dict[int, list[int]] = {i: [i] for i in range(len(facts))}
        # Claim pairs (lower position first) of a translation or reprint and its original:
        # what differs between them is drift, not two happenings.
        self.renderings = set(renderings)

    def members(self, item: int) -> list[int]:
        return self.groups[self.find(item)]

    def only_denials(self, item: int) -> bool:
        return all(self.facts_polarity[i] == "denied" for i in self.members(item))

    def may_join(self, a: int, b: int, facts: list[Facts], denial: bool) -> bool:
        """Whether the groups of `a` and `b` state one proposition: no two members tell of
        different happenings, and a denial attaches only a group of denials, once."""
        if self.find(a) == self.find(b):
            return True
        left, right = self.members(a), self.members(b)
        if denial and all(
            any(facts[i].polarity != "denied" for i in side) for side in (left, right)
        ):
            return False
        for i in left:
            for j in right:
                if (min(i, j), max(i, j)) in self.renderings:
                    continue
                conflicts = compare_facts(facts[i], facts[j]).conflicts
                happening = [c for c in conflicts if c["aspect"] in ("date", "place")]
                if happening or different_happenings(facts[i], facts[j], conflicts):
                    return False
        return True

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            kept, merged = min(root_a, root_b), max(root_a, root_b)
            self.parent[merged] = kept
            self.groups[kept].extend(self.groups.pop(merged))


def voice_stance(claim: dict[str, Any]) -> str:
    """The stance one claim shows: a denial denies; the article's own assertion supports;
    reported, hedged or questioned words report without endorsing."""
    if claim.get("polarity") == "denied":
        return "denies"
    if claim.get("modality") == "asserted":
        return "supports"
    return "reports-without-endorsing"


def article_stances(members: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each article's stance toward an assertion, from the claims it has in it.

    An article that asserts the proposition itself supports it; one that only passes it on
    (reported, or hedged: 'claimed', 'زعمت', 'iddia etti') reports without endorsing, hedged or
    not; one that carries only denials denies it. Every voice is listed with its chain.
    """
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in members:
        by_article[claim["article_id"]].append(claim)
    stances = []
    for article_id, claims in sorted(by_article.items()):
        voices = [
            {
                "claim_id": c["id"],
                "stance": voice_stance(c),
                "modality": c.get("modality"),
                "polarity": c.get("polarity"),
                "attribution": [
                    {"name": link["name"], "kind": link["kind"], "role": link.get("role")}
                    for link in c.get("attribution") or []
                    if not link.get("implicit")
                ],
            }
            for c in claims
        ]
        affirming = [v for v in voices if v["stance"] != "denies"]
        if affirming and all(v["stance"] == "supports" for v in affirming):
            stance = "supports"
        elif affirming:
            # Where an article also names who says so, its bare headline or summary is that
            # report in short: it passes the proposition on, it does not vouch for it.
            stance = "reports-without-endorsing"
        else:
            stance = "denies"
        stances.append(
            {
                "article_id": article_id,
                "stance": stance,
                "hedged": any(v["modality"] in ("hedged", "questioned") for v in affirming),
                "denied_by": [v["attribution"] for v in voices if v["stance"] == "denies"],
                "claim_ids": [v["claim_id"] for v in voices],
                "voices": voices,
            }
        )
    return stances


def assertion_label(members: Sequence[dict[str, Any]], vectors: np.ndarray) -> str:
    """A readable label: the most central affirmed claim, in English where there is one."""
    positions = list(range(len(members)))
    affirmed = [i for i in positions if members[i].get("polarity") != "denied"] or positions
    english = [i for i in affirmed if members[i].get("language") == "en"] or affirmed
    centrality = vectors @ vectors.T if len(vectors) else np.zeros((0, 0))
    facts = [claim_facts(member) for member in members]

    def stated(i: int) -> int:
        return sum(bool(x) for x in (facts[i].venues, facts[i].date, facts[i].people))

    best = max(english, key=lambda i: (stated(i), float(centrality[i].sum()), -i))
    text = " ".join(members[best]["text"].split())
    text = text[0].upper() + text[1:] if text else text
    if len(text) > LABEL_CHARACTERS:
        text = text[: LABEL_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
    if members[best].get("polarity") == "denied":
        text = f"(denied) {text}"
    return text


def group_assertions(
    claims: Sequence[dict[str, Any]],
    vectors: np.ndarray,
    stance: StanceSignal | None = None,
    renderings: Sequence[tuple[int, int, float]] = (),
    stories: Mapping[str, str] | None = None,
) -> Grouping:
    """Group claim records (unit `vectors` in the same order) into assertions.

    `renderings` are (original, rendering, similarity) positions of claims matched across a
    translation or reprint: each pair of one polarity is the same claim, whatever facts differ.
    `stories` (article id -> story id) lets a denial of 'the reports' find what they report.
    Returns the assertions carried by two claims or more, each with its label, claims and
    stances, and the relations decided between claims (same_claim, supports, contradicts).
    """
    claims = [_read_polarity(claim) for claim in claims]
    facts: list[Facts] = [claim_facts(claim) for claim in claims]
    rendered = {
        (min(i, j), max(i, j)): similarity
        for i, j, similarity in renderings
        if facts[i].polarity == facts[j].polarity
    }
    groups = _Groups(facts, rendered)
    relations: list[Relation] = []
    decisions = []
    for i, j, similarity in candidate_pairs(vectors):
        if (i, j) in rendered:
            continue
        link = relate_claims(claims[i], claims[j], facts[i], facts[j], similarity, stance)
        if link is not None:
            decisions.append((similarity, i, j, link))
    decisions = _closest_citations(decisions, claims)
    for (i, j), similarity in rendered.items():
        evidence = {"similarity": round(similarity, 4), "reason": "rendering"}
        decisions.append((similarity, i, j, ClaimLink("same_claim", True, similarity, evidence)))
    # Closest pairs first; denials attach afterwards, to the proposition they are nearest to.
    decisions.sort(key=lambda decision: (-decision[0], decision[1], decision[2]))
    denials = []
    for similarity, i, j, link in decisions:
        if link.joins and link.evidence.get("reason") == "denial":
            denials.append((similarity, i, j, link))
            continue
        if link.joins and not groups.may_join(i, j, facts, denial=False):
            continue
        if link.joins:
            groups.join(i, j)
        relations.append(_relation(claims, facts, i, j, link))
    # A denial of 'the reports' has no words of its own to compare: what its story reports
    # decides, before any likeness of wording does.
    for i, j, link in _attach_pointers(groups, facts, claims, vectors, stories or {}):
        relations.append(_relation(claims, facts, i, j, link))
    # A denial tied to a proposition by a shared name alone is the weaker reading: it attaches
    # only where no denial link through the happening's kind, place or day attached it.
    by_name = [d for d in denials if d[3].evidence.get("tie") == "names"]
    by_happening = [d for d in denials if d[3].evidence.get("tie") != "names"]
    for tier in (by_happening, by_name):
        for i, j, link in _attach_denials(groups, facts, tier):
            relations.append(_relation(claims, facts, i, j, link))
    for i, j, link in _attach_by_context(groups, facts, claims, vectors):
        relations.append(_relation(claims, facts, i, j, link))
    for i, j, link in _attach_by_names(groups, facts, claims, vectors, stories or {}):
        relations.append(_relation(claims, facts, i, j, link))
    members = {root: sorted(positions) for root, positions in groups.groups.items()}
    found = Grouping(relations=relations)
    decided = {(r.from_id, r.to_id) for r in relations} | {(r.to_id, r.from_id) for r in relations}
    for positions in members.values():
        if len(positions) < 2:
            continue
        group = [claims[p] for p in positions]
        group_vectors = vectors[positions]
        found.relations.extend(_denial_links(group, group_vectors, decided))
        found.assertions.append(
            {
                "id": short_id("as", *sorted(c["id"] for c in group)),
                "label": assertion_label(group, group_vectors),
                "claim_ids": [c["id"] for c in group],
                "polarities": {c["id"]: c.get("polarity", "affirmed") for c in group},
                "stances": article_stances(group),
            }
        )
    found.assertions.sort(key=lambda a: a["id"])
    return found


def _closest_citations(
    decisions: list[tuple[float, int, int, ClaimLink]], claims: Sequence[dict[str, Any]]
) -> list[tuple[float, int, int, ClaimLink]]:
    """Decisions with, of the links through a citation, only each citing claim's closest claim in
    each article it cites: a report passed on is one claim of the original, not all it says."""
    best: dict[tuple[str, str], tuple[float, int, int]] = {}
    for similarity, i, j, link in decisions:
        citing = link.evidence.get("citing") if link.evidence.get("reason") == "cites" else None
        if citing:
            cited = j if claims[i]["id"] == citing else i
            key = (citing, claims[cited]["article_id"])
            best[key] = max(best.get(key, (-1.0, 0, 0)), (similarity, -i, -j))
    kept = {(-i, -j) for _, i, j in best.values()}
    return [
        decision
        for decision in decisions
        if decision[3].evidence.get("reason") != "cites" or (decision[1], decision[2]) in kept
    ]


def _read_polarity(claim: dict[str, Any]) -> dict[str, Any]:
    """The claim as alignment reads it, except that saying no answer came ('could not reach
    them for comment', 'ولم تتلقَّ رداً') negates no happening."""
    read = read_polarity(claim)
    return dict(claim) if read.get("negated") and _no_answer(claim) else read


def _no_answer(claim: dict[str, Any]) -> bool:
    cue = non_answer_cue(claim.get("language") or "en")
    return bool(cue and cue.search(claim["text"]))


def _relation(
    claims: Sequence[dict[str, Any]], facts: list[Facts], i: int, j: int, link: ClaimLink
) -> Relation:
    source, target = (i, j) if link.kind != "contradicts" else _denial_first(facts, i, j)
    return Relation(
        link.kind,  # type: ignore[arg-type]
        claims[source]["id"],
        claims[target]["id"],
        link.score,
        link.evidence,
    )


# A denial group attaches to the affirmed group its three closest pairs favour most.
ATTACH_PAIRS = 3


def _attach_denials(
    groups: _Groups, facts: list[Facts], denials: list[tuple[float, int, int, ClaimLink]]
) -> list[tuple[int, int, ClaimLink]]:
    """Join each group of denials to the one proposition its denial links favour, and return
    the links that were kept."""
    attached: list[tuple[int, int, ClaimLink]] = []
    while True:
        scores: dict[tuple[int, int], list[float]] = defaultdict(list)
        for similarity, i, j, _ in denials:
            denied, other = (i, j) if facts[i].polarity == "denied" else (j, i)
            root_denied, root_other = groups.find(denied), groups.find(other)
            if root_denied == root_other or not groups.only_denials(denied):
                continue
            scores[(root_denied, root_other)].append(similarity)
        ranked = sorted(
            scores.items(),
            key=lambda item: (-sum(sorted(item[1], reverse=True)[:ATTACH_PAIRS]), item[0]),
        )
        for (root_denied, root_other), _ in ranked:
            if groups.may_join(root_denied, root_other, facts, denial=True):
                groups.join(root_denied, root_other)
                break
        else:
            break
    for _, i, j, link in denials:
        if groups.find(i) == groups.find(j):
            attached.append((i, j, link))
    return attached


def _points_at_reports(claim: dict[str, Any]) -> bool:
    """Whether a denial rejects what others said ('dismissed the reports', 'what it called
    fabrications', 'ما تداولته وسائل الإعلام', 'iddiaları reddetti') rather than stating a
    proposition of its own."""
    cue = pointer_cue(claim.get("language") or "en")
    return bool(cue and cue.search(claim["text"]))


# The assertion a story is about is carried by at least this many of its articles.
CENTRAL_ARTICLES = 2


def _attach_pointers(
    groups: _Groups,
    facts: list[Facts],
    claims: Sequence[dict[str, Any]],
    vectors: np.ndarray,
    stories: Mapping[str, str],
) -> list[tuple[int, int, ClaimLink]]:
    """Join each denial of 'the reports' still on its own to the assertion the other reports
    of its story carry: those reports are what it rejects, whatever words they use. Where
    several are carried, the one that names the denier comes first (a party denies what is
    said of it), then the one most articles affirm. A denial whose article stands in a story
    of its own looks among all reports for one naming what the denial names."""
    attached = []
    story_sizes = Counter(stories.values())
    in_story = _positions_by_story(facts, stories)
    for denial, fact in enumerate(facts):
        if (
            fact.polarity != "denied"
            or fact.negated
            or not groups.only_denials(denial)
            or not _points_at_reports(claims[denial])
        ):
            continue
        story = stories.get(fact.article_id)
        alone = story is None or story_sizes[story] < 2
        denier = _denier(claims[denial])
        # Articles where the same party denies carry its own words, not the reports it rejects.
        denying = {
            f.article_id
            for i, f in enumerate(facts)
            if f.polarity == "denied" and names_relation(denier, _denier(claims[i])) == "same"
        } | {fact.article_id}
        carriers: dict[int, set[str]] = defaultdict(set)
        for other in range(len(facts)) if alone else in_story[story]:
            other_fact = facts[other]
            if (
                other_fact.polarity == "denied"
                or _no_answer(claims[other])
                or other_fact.article_id in denying
                or (not alone and stories.get(other_fact.article_id) != story)
                or len(groups.members(other)) < 2
                # The kind a denial's own words tell of may be the statement's ('in the
                # presence of a committee'): only a report of another kind is not what it rejects.
                or (
                    fact.event_types
                    and other_fact.event_types
                    and not fact.event_types & other_fact.event_types
                )
            ):
                continue
            carriers[groups.find(other)].add(other_fact.article_id)
        named = (*denier, *fact.names) if alone else denier
        ranked = []
        for root, articles in carriers.items():
            names_it = any(
                names_relation(named, facts[m].names) == "same" for m in groups.members(root)
            )
            if len(articles) >= CENTRAL_ARTICLES and (names_it or not alone):
                ranked.append(((names_it, len(articles), len(groups.members(root)), -root), root))
        for _, root in sorted(ranked, reverse=True):
            nearest = _nearest_affirmed(groups, root, denial, facts, vectors)
            # A lone denial of the reports tells of no happening: the day or place it names
            # is where and when it was said, not a second happening.
            if len(groups.members(denial)) == 1 or groups.may_join(
                denial, nearest, facts, denial=True
            ):
                groups.join(denial, nearest)
                attached.append(_denial_link(denial, nearest, vectors, fact.claim_id, "story"))
                break
    return attached


def _positions_by_story(facts: list[Facts], stories: Mapping[str, str]) -> dict[str, list[int]]:
    """Each story's claim positions, in order: what a denial in a story of others reads."""
    found: dict[str, list[int]] = defaultdict(list)
    for position, fact in enumerate(facts):
        story = stories.get(fact.article_id)
        if story is not None:
            found[story].append(position)
    return found


def _nearest_affirmed(
    groups: _Groups, root: int, denial: int, facts: list[Facts], vectors: np.ndarray
) -> int:
    """The member of a group, not itself a denial, whose wording is closest to the denial's."""
    return max(
        (m for m in groups.members(root) if facts[m].polarity != "denied"),
        key=lambda m: (float(vectors[denial] @ vectors[m]), -m),
    )


def _denial_link(
    denial: int, nearest: int, vectors: np.ndarray, claim_id: str, context: str
) -> tuple[int, int, ClaimLink]:
    """The contradicts link of a denial joined to the claim it denies, with why."""
    similarity = float(vectors[denial] @ vectors[nearest])
    evidence = {
        "similarity": round(similarity, 4),
        "reason": "denial",
        "denial": claim_id,
        "context": context,
    }
    return denial, nearest, ClaimLink("contradicts", True, similarity, evidence)


def _denier(claim: dict[str, Any]) -> tuple[str, ...]:
    """The name of who denies: the innermost source of the claim's chain."""
    chain = [link for link in claim.get("attribution") or [] if not link.get("implicit")]
    return (chain[-1]["name"],) if chain else ()


# A denial with few words of its own ('denied the report') is read against its own article.
CONTEXT_SIMILARITY = 0.45


def _attach_by_context(
    groups: _Groups,
    facts: list[Facts],
    claims: Sequence[dict[str, Any]],
    vectors: np.ndarray,
) -> list[tuple[int, int, ClaimLink]]:
    """Join each denial still on its own to the assertion its article reports, when the
    article reports one of the same kind: a denial in a news report denies what it reports.
    That nobody answered ('did not respond to a request for comment') is not reported news."""
    attached = []
    # Only claims of the denial's own article are read against it.
    by_article: dict[str, list[int]] = defaultdict(list)
    for position, fact in enumerate(facts):
        by_article[fact.article_id].append(position)
    for denial, fact in enumerate(facts):
        if fact.polarity != "denied" or not groups.only_denials(denial):
            continue
        best: dict[int, tuple[float, int]] = {}
        for other in by_article[fact.article_id]:
            other_fact = facts[other]
            if fact.negated and not {"place", "date", "participants"} & set(
                compare_facts(fact, other_fact).agreements
            ):
                # A negated statement of its own ('no talks are under way') denies what its
                # article reports only where it names the same place, day or people.
                continue
            if (
                other_fact.article_id != fact.article_id
                or other_fact.polarity == "denied"
                or _no_answer(claims[other])
                or len(groups.members(other)) < 2
                or (fact.event_types and not fact.event_types & other_fact.event_types)
            ):
                continue
            similarity = float(vectors[denial] @ vectors[other])
            root = groups.find(other)
            # A denial of 'the report' says too little to be compared: it denies what its
            # article reports, whatever the wording.
            close_enough = fact.contentless or similarity >= CONTEXT_SIMILARITY
            if close_enough and similarity > best.get(root, (-1.0, 0))[0]:
                best[root] = (similarity, other)

        ranked = []
        for root, (similarity, _) in best.items():
            members = groups.members(root)
            # The happening itself (a place or a date stated) before claims about its details.
            happening = any(
                facts[m].event_types and (facts[m].venues or facts[m].date) for m in members
            )
            ranked.append(((happening, len(members), similarity), root))
        for _, root in sorted(ranked, reverse=True):
            similarity, other = best[root]
            if groups.may_join(denial, other, facts, denial=True):
                groups.join(denial, other)
                evidence = {
                    "similarity": round(similarity, 4),
                    "reason": "denial",
                    "denial": fact.claim_id,
                    "context": "same article",
                }
                link = ClaimLink("contradicts", True, similarity, evidence)
                attached.append((denial, other, link))
                break
    return attached


# A named party's denial that shares a name with what its story reports is read against it from
# this likeness of wording on: a denial states the opposite in words of its own.
NAMED_CONTEXT_SIMILARITY = 0.5


def _attach_by_names(
    groups: _Groups,
    facts: list[Facts],
    claims: Sequence[dict[str, Any]],
    vectors: np.ndarray,
    stories: Mapping[str, str],
) -> list[tuple[int, int, ClaimLink]]:
    """Join each denial a named party makes, still on its own, to the assertion that most
    articles of its story carry among those naming what it names ('no sample from the Corvane
    orchards carried the blight' against the reports of blight from Corvane): a party denies what
    is reported of the matter it speaks of. A denial in a story of its own looks among all."""
    attached = []
    story_sizes = Counter(stories.values())
    in_story = _positions_by_story(facts, stories)
    for denial, fact in enumerate(facts):
        if (
            fact.polarity != "denied"
            or not fact.names
            or not _denier(claims[denial])
            or len(groups.members(denial)) != 1
            or _no_answer(claims[denial])
        ):
            continue
        story = stories.get(fact.article_id)
        alone = story is None or story_sizes[story] < 2
        carriers: dict[int, set[str]] = defaultdict(set)
        for other in range(len(facts)) if alone else in_story[story]:
            other_fact = facts[other]
            if (
                other_fact.polarity == "denied"
                or other_fact.article_id == fact.article_id
                or (not alone and stories.get(other_fact.article_id) != story)
                or len(groups.members(other)) < 2
                or names_relation(fact.names, other_fact.names) != "same"
            ):
                continue
            carriers[groups.find(other)].add(other_fact.article_id)
        ranked = []
        for root, articles in carriers.items():
            nearest = _nearest_affirmed(groups, root, denial, facts, vectors)
            similarity = float(vectors[denial] @ vectors[nearest])
            if len(articles) >= CENTRAL_ARTICLES and similarity >= NAMED_CONTEXT_SIMILARITY:
                ranked.append(((len(articles), similarity, -root), nearest))
        for _, nearest in sorted(ranked, reverse=True):
            if groups.may_join(denial, nearest, facts, denial=True):
                groups.join(denial, nearest)
                attached.append(_denial_link(denial, nearest, vectors, fact.claim_id, "names"))
                break
    return attached


def _denial_first(facts: list[Facts], i: int, j: int) -> tuple[int, int]:
    return (j, i) if facts[j].polarity == "denied" and facts[i].polarity != "denied" else (i, j)


def _denial_links(
    group: list[dict[str, Any]], vectors: np.ndarray, decided: set[tuple[str, str]]
) -> list[Relation]:
    """`contradicts` from every denial in an assertion to every claim affirming it."""
    links = []
    for i, denial in enumerate(group):
        if denial.get("polarity") != "denied":
            continue
        for j, claim in enumerate(group):
            if claim.get("polarity") == "denied" or (denial["id"], claim["id"]) in decided:
                continue
            links.append(
                Relation(
                    "contradicts",
                    denial["id"],
                    claim["id"],
                    float(vectors[i] @ vectors[j]),
                    {"reason": "denial", "denial": denial["id"], "via": "assertion"},
                )
            )
    return links
