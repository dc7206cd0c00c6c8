"""Where an assertion comes from: its origin, and how many independent origins it has.

Copies (reprints, translations, citing articles) are followed back to their original, so an
assertion carried by ten copies of one report has one origin, not ten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from storyline.alignment.facts import claim_facts, credits, names_relation, refers_to_outlet

NAMED_KINDS = ("outlet", "person", "institution")


def original_of(article_id: str, copies: Mapping[str, str]) -> str:
    """The article a copy goes back to, following copy links until an original (cycle-safe);
    over claims passing one another's reports on, the claim the chain starts from."""
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def cited_source(claim: Mapping[str, Any]) -> dict[str, Any] | None:
    """The innermost named source of a claim's chain; else its innermost source of any kind;
    else the article's own outlet (the implicit first link)."""
    chain = list(claim.get("attribution") or [])
    explicit = [link for link in chain if not link.get("implicit")]
    named = [link for link in explicit if link.get("kind") in NAMED_KINDS]
    for candidates in (named, explicit, chain):
        if candidates:
            return dict(candidates[-1])
    return None


def citations(members: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Each claim that passes on the report of another member's outlet ('Velmor sitesi …
    yazmıştı', 'according to the agency'), with the member claim it passes on: of the outlet it
    credits, one that credits no one else where there is one. A claim of that outlet cannot be later
    than the claim passing it on, whatever dates the two articles carry."""
    facts = [claim_facts(dict(claim)) for claim in members]
    cited: dict[str, list[int]] = {}
    for citing in facts:
        targets = [
            j
            for j, other in enumerate(facts)
            if other.article_id != citing.article_id and credits(citing, other)
        ]
        if targets:
            cited[citing.claim_id] = targets
    found = {}
    for claim_id, targets in cited.items():
        first = min(targets, key=lambda j: (facts[j].claim_id in cited, j))
        found[claim_id] = facts[first].claim_id
    return found


def trace_origin(
    members: Sequence[Mapping[str, Any]],
    article_dates: Mapping[str, str | None],
    copies: Mapping[str, str],
    reported_on: Mapping[str, str | None],
) -> dict[str, Any] | None:
    """The origin of an assertion: its earliest claim in an original (not a copy), with the
    source that claim cites and the date that source is said to have reported it (else the
    article's date).

    `article_dates` gives each article's publication date, `copies` maps a copy to what it
    copies, `reported_on` gives, per claim, the date its text says the source reported it.
    """
    affirmed = [c for c in members if c.get("polarity") != "denied"] or list(members)
    originals = [c for c in affirmed if original_of(c["article_id"], copies) == c["article_id"]]
    passed_on = citations(affirmed)
    pool = [c for c in originals if c["id"] not in passed_on] or originals or affirmed
    if not pool:
        return None

    def when(claim: Mapping[str, Any]) -> tuple[str, str]:
        return (reported_on.get(claim["id"]) or article_dates.get(claim["article_id"]) or "9999"), (
            claim["id"]
        )

    first = min(pool, key=when)
    source = cited_source(first)
    reported = reported_on.get(first["id"])
    return {
        "claim_id": first["id"],
        "article_id": first["article_id"],
        "source": source["name"] if source else None,
        "source_kind": source["kind"] if source else None,
        "date": reported or article_dates.get(first["article_id"]),
        "date_basis": "cited report" if reported else "publication",
        "chain": [
            {"name": link["name"], "kind": link["kind"], "role": link.get("role")}
            for link in first.get("attribution") or []
        ],
    }


def _one_name(a: str, b: str) -> bool:
    return names_relation((a,), (b,)) == "same"


def independent_origins(
    members: Sequence[Mapping[str, Any]], copies: Mapping[str, str]
) -> dict[str, Any]:
    """How many independent origins an assertion has: claims citing one named source (across
    spellings and scripts) share an origin; copies collapse into what they copy; an article's
    own unattributed telling joins the origin it credits elsewhere (a report that says "the
    daily X reported the meeting" and, further down, "the meeting took place" has one origin,
    X); original articles of one outlet that credit no one share that outlet as their origin
    (an outlet telling it twice is one voice); only an outlet's original article that credits
    no one is an origin of its own."""
    affirmed = [c for c in members if c.get("polarity") != "denied"] or list(members)
    origins: list[dict[str, Any]] = []

    def join(origin: dict[str, Any], claim: Mapping[str, Any], root: str) -> None:
        origin["claim_ids"].append(claim["id"])
        if root != claim["article_id"]:
            origin["copies"].append(claim["article_id"])
        if root not in origin["articles"]:
            origin["articles"].append(root)

    unnamed = []
    passed_on = citations(affirmed)
    for claim in affirmed:
        if original_of(claim["id"], passed_on) != claim["id"]:
            continue
        named = _named_source(claim)
        root = original_of(claim["article_id"], copies)
        if named is None:
            unnamed.append((claim, root))
            continue
        origin = next((o for o in origins if _one_name(named, o["source"])), None)
        if origin is None:
            kind = (cited_source(claim) or {}).get("kind")
            origin = {"source": named, "kind": kind, "articles": [], "claim_ids": [], "copies": []}
            origins.append(origin)
        join(origin, claim, root)
    origins = _through_conduits(origins, affirmed)
    for claim, root in unnamed:
        outlet = _own_outlet(claim) if root == claim["article_id"] else None
        origin = next(
            (o for o in origins if root in o["articles"] or (outlet and outlet == o.get("outlet"))),
            None,
        )
        if origin is None:
            origin = {"source": None, "articles": [], "claim_ids": [], "copies": []}
            origins.append(origin)
        if outlet and not origin.get("outlet"):
            origin["outlet"] = outlet
        join(origin, claim, root)
    # A claim passing on another member's report joins that report's origin: the daily that
    # wrote 'the Velmor Post reported…' and the Post are one origin.
    for claim in affirmed:
        report = original_of(claim["id"], passed_on)
        origin = next((o for o in origins if report in o["claim_ids"]), None)
        if origin is not None and report != claim["id"]:
            join(origin, claim, original_of(claim["article_id"], copies))
    return {
        "independent_origins": len(origins),
        "origins": origins,
        "copies": sorted({a for o in origins for a in o["copies"]}),
    }


def _through_conduits(
    origins: list[dict[str, Any]], claims: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Origins whose source is an outlet that other claims show passing on one named source
    ('the sporting director told GPA'), joined to that source's origin: a report credited to
    GPA alone is GPA's report of what the director said, not a second origin."""
    merged = list(origins)
    for conduit in list(merged):
        if conduit.get("kind") != "outlet":
            continue
        behind = set()
        for claim in claims:
            inner = _named_source(claim)
            # The whole chain, the article's own outlet included: an agency's own report of
            # what the director said shows the agency passing him on.
            links = [str(link.get("name")) for link in claim.get("attribution") or []]
            if inner and any(_one_name(conduit["source"], name) for name in links[:-1]):
                behind.update(
                    position
                    for position, origin in enumerate(merged)
                    if origin is not conduit and _one_name(inner, origin["source"])
                )
        if len(behind) != 1:
            continue
        target = merged[behind.pop()]
        for key in ("claim_ids", "copies"):
            target[key].extend(conduit[key])
        target["articles"].extend(a for a in conduit["articles"] if a not in target["articles"])
        target.setdefault("via", []).append(conduit["source"])
        merged.remove(conduit)
    return merged


def _named_source(claim: Mapping[str, Any]) -> str | None:
    """The name of the source a claim explicitly credits, if it credits a named one."""
    source = cited_source(claim)
    if not source or source.get("implicit") or source.get("kind") not in NAMED_KINDS:
        return None
    own = _own_outlet(claim)
    if own and _names_itself(str(source["name"]), own):
        # A paper telling what was said to it ('told the local Velmor Gazetesi', 'seen by the
        # Post', in that paper) credits no one but itself.
        return None
    return str(source["name"])


def _names_itself(name: str, own: str) -> bool:
    """Whether a source named in an outlet's article is that outlet: its name, or a word of it
    ('the Post' in the Velmor Post)."""
    return refers_to_outlet(name, own) or names_relation((name,), (own,)) == "same"


def _own_outlet(claim: Mapping[str, Any]) -> str | None:
    """The outlet that published a claim's article (the implicit first link of its chain)."""
    for link in claim.get("attribution") or []:
        if link.get("implicit") and link.get("kind") == "outlet" and link.get("name"):
            return str(link["name"])
    return None
