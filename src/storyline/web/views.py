"""What each workbench page shows, as plain data read through the export contract.

Every page (and the self-contained report) is built from one of these dicts; the JSON twins
return them as they are, so the HTML and the API can never disagree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from storyline.corrections import list_corrections
from storyline.errors import StorylineError
from storyline.export import SECTIONS, build_export
from storyline.store.base import Store
from storyline.store.readers import aligned_pairs, article_sentences

STAGE_OF_LIST = {
    "stories": "stories",
    "claims": "claims",
    "assertions": "alignment",
    "relations": "stories and alignment",
}
STANCE_CLASSES = {
    "supports": "supports",
    "denies": "denies",
    "reports": "reports",
    "reports-without-endorsing": "reports",
    "unrelated": "unrelated",
}
# Relations along which information flows from the `to` article to the `from` article.
FLOW_KINDS = ("cites", "reprint_of", "translation_of")


class NotFound(StorylineError):
    """A page asked for a story, article or claim the store does not hold."""


def stage_notice(list_name: str, document: dict[str, list[dict[str, Any]]]) -> str | None:
    """A plain sentence when a contract list is empty because its stage has not run."""
    if document.get(list_name):
        return None
    stage = STAGE_OF_LIST[list_name]
    if list_name not in SECTIONS:
        return f"The {stage} stage is not part of this installation yet: no {list_name} to show."
    return f"No {list_name}: the {stage} stage has not run on this store, or found none."


@dataclass
class Index:
    """The export document with lookups by id."""

    document: dict[str, list[dict[str, Any]]]

    def __post_init__(self) -> None:
        doc = self.document
        self.articles = {a["id"]: a for a in doc["articles"]}
        self.stories = {s["id"]: s for s in doc["stories"]}
        self.claims = {c["id"]: c for c in doc["claims"]}
        self.claims_of: dict[str, list[dict[str, Any]]] = {}
        for claim in doc["claims"]:
            self.claims_of.setdefault(claim["article_id"], []).append(claim)
        self.story_of: dict[str, str] = {}
        for story in doc["stories"]:
            for article_id in story.get("article_ids", []):
                self.story_of.setdefault(article_id, story["id"])

    def article(self, article_id: str) -> dict[str, Any]:
        """An article by id or unique id prefix."""
        if article_id in self.articles:
            return self.articles[article_id]
        matches = [a for key, a in self.articles.items() if key.startswith(article_id)]
        if len(matches) != 1 or not article_id:
            raise NotFound(f"no article '{article_id}' in this store")
        return matches[0]

    def story(self, story_id: str) -> dict[str, Any]:
        if story_id in self.stories:
            return self.stories[story_id]
        matches = [s for key, s in self.stories.items() if key.startswith(story_id)]
        if len(matches) != 1 or not story_id:
            raise NotFound(f"no story '{story_id}' in this store")
        return matches[0]

    def article_of_claim(self, claim_id: str) -> str | None:
        claim = self.claims.get(claim_id)
        return claim["article_id"] if claim else None

    def relation_articles(self, relation: dict[str, Any]) -> tuple[str | None, str | None]:
        """The articles at both ends of a relation between articles or between claims."""
        ends = []
        for key in ("from", "to"):
            ref = relation.get(key)
            ends.append(ref if ref in self.articles else self.article_of_claim(str(ref)))
        return ends[0], ends[1]


@dataclass
class IndexCache:
    """The last index read and the store state it was read at; shareable between connections."""

    key: tuple[object, ...] | None = None
    index: Index | None = None


class Workbench:
    """Reads one store for the pages; re-reads only when the store has changed."""

    def __init__(self, store: Store, cache: IndexCache | None = None) -> None:
        self.store = store
        self.cache = cache or IndexCache()

    def _fingerprint(self) -> tuple[object, ...]:
        articles = self.store.query_one("SELECT COUNT(*) AS n, MAX(ingested_at) AS t FROM articles")
        runs = self.store.query(
            "SELECT stage, stage_version, COUNT(*) AS n FROM stage_runs "
            "GROUP BY stage, stage_version ORDER BY stage, stage_version"
        )
        corrections = self.store.query_one(
            "SELECT COUNT(*) AS n, MAX(created_at) AS t, MAX(ended_at) AS e, "
            "SUM(CASE WHEN state = 'active' THEN 1 ELSE 0 END) AS active FROM corrections"
        )
        return (
            tuple((articles or {}).values()),
            tuple(tuple(r.values()) for r in runs),
            tuple((corrections or {}).values()),
        )

    def index(self) -> Index:
        key = self._fingerprint()
        if self.cache.index is None or key != self.cache.key:
            self.cache.index = Index(build_export(self.store))
            self.cache.key = key
        return self.cache.index

    # Pages -------------------------------------------------------------------------------

    def stories_page(self) -> dict[str, Any]:
        index = self.index()
        stories = [self._story_summary(index, story) for story in index.document["stories"]]
        # The biggest and most contested stories first: that is where the reading is.
        stories.sort(key=lambda s: (-s["size"], -s["contested"], s["date_span"][0] or "", s["id"]))
        return {
            "ok": True,
            "stories": stories,
            "notice": stage_notice("stories", index.document),
            "articles": [_article_summary(a) for a in index.document["articles"]],
        }

    def stories_of(self, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """The stories holding these articles (search hits), each with how many it holds."""
        index = self.index()
        counts: dict[str, int] = {}
        for article_id in article_ids:
            story_id = index.story_of.get(article_id)
            if story_id:
                counts[story_id] = counts.get(story_id, 0) + 1
        found = [
            {**self._story_summary(index, index.stories[story_id]), "matches": n}
            for story_id, n in counts.items()
        ]
        return sorted(found, key=lambda s: (-s["matches"], -s["size"], s["id"]))

    def story_page(self, story_id: str) -> dict[str, Any]:
        index = self.index()
        story = index.story(story_id)
        members = [index.articles[a] for a in story.get("article_ids", []) if a in index.articles]
        member_ids = {a["id"] for a in members}
        assertions = _story_assertions(index, member_ids)
        relations = [
            r for r in index.document["relations"] if set(index.relation_articles(r)) & member_ids
        ]
        return {
            "ok": True,
            "story": {**self._story_summary(index, story), "events": story.get("events", [])},
            "articles": [_article_summary(a) for a in members],
            "matrix": _matrix(index, assertions, members),
            "provenance": _provenance(index, members, relations, assertions),
            "flags": _flags(index, members, relations),
            "comparisons": _comparisons(index, relations, member_ids),
            "reports_per_day": _per_day(members),
            "corrections": self.corrections(member_ids),
            "other_stories": [
                {"id": s["id"], "title": s.get("title") or s["id"]}
                for s in index.document["stories"]
                if s["id"] != story["id"]
            ],
            "notices": {
                name: stage_notice(name, index.document)
                for name in ("claims", "assertions", "relations")
            },
        }

    def article_page(self, article_id: str) -> dict[str, Any]:
        index = self.index()
        article = index.article(article_id)
        claims = sorted(index.claims_of.get(article["id"], []), key=lambda c: c["span"][0])
        sentences = [(s.start, s.end) for s in article_sentences(self.store, article["id"])]
        mentions = self.store.query(
            'SELECT start_offset AS start, end_offset AS "end", text, kind, role '
            "FROM entity_mentions WHERE article_id = ? ORDER BY start_offset",
            (article["id"],),
        )
        return {
            "ok": True,
            "article": {
                **_article_summary(article),
                "text": article["text"],
                "outlet_source": article.get("outlet_source"),
                "kind": article.get("kind"),
                "version": article.get("version"),
                "content_hash": article.get("content_hash"),
            },
            "story_id": index.story_of.get(article["id"]),
            "claims": claims,
            "entities": mentions,
            "named": _named(mentions),
            "highlights": highlights(article, claims, sentences, mentions),
            "relations": _relations_of(index, article["id"]),
            "corrections": self.corrections({article["id"]}),
            "stories": [
                {"id": s["id"], "title": s.get("title") or s["id"]}
                for s in index.document["stories"]
            ],
            "notice": stage_notice("claims", index.document),
        }

    def compare_page(self, left_id: str, right_id: str) -> dict[str, Any]:
        index = self.index()
        left, right = index.article(left_id), index.article(right_id)
        drift = [
            r
            for r in index.document["relations"]
            if r.get("kind") == "drift"
            and set(index.relation_articles(r)) == {left["id"], right["id"]}
        ]
        pairs, basis = self._aligned(index, left, right, drift)
        left_marks = drift_marks(drift, index, left)
        right_marks = drift_marks(drift, index, right)
        rows = [
            {
                **pair,
                "left_segments": cut(left["text"], pair["left_span"], left_marks),
                "right_segments": cut(right["text"], pair["right_span"], right_marks),
            }
            for pair in pairs
        ]
        notice = None
        if not pairs:
            notice = (
                "No aligned sentences for these two articles: the stories stage (translation "
                "alignment) and the alignment stage have not run on this store, or found none."
            )
        return {
            "ok": True,
            "left": {**_article_summary(left), "text": left["text"]},
            "right": {**_article_summary(right), "text": right["text"]},
            "basis": basis,
            "pairs": rows,
            "drift": [{**r, "ends": index.relation_articles(r)} for r in drift],
            "links": [
                r
                for r in index.document["relations"]
                if r.get("kind") in FLOW_KINDS and {r["from"], r["to"]} == {left["id"], right["id"]}
            ],
            "corrections": self.corrections({left["id"], right["id"]}),
            "notice": notice,
        }

    def corrections(self, article_ids: set[str] | None = None) -> list[dict[str, Any]]:
        """Corrections newest first, each with `where` (the page showing what it corrects)
        and `articles` (those it touches); with `article_ids`, only the active ones that touch
        those articles."""
        index = self.index()
        found = []
        for correction in reversed(list_corrections(self.store)):
            record = correction.as_record()
            touched = _touched_articles(index, correction.kind, correction.target)
            if article_ids is not None and (
                correction.state != "active" or not set(touched) & article_ids
            ):
                continue
            found.append({**record, "articles": touched, "where": _where(index, record, touched)})
        return found

    # Parts -------------------------------------------------------------------------------

    def _story_summary(self, index: Index, story: dict[str, Any]) -> dict[str, Any]:
        members = [index.articles[a] for a in story.get("article_ids", []) if a in index.articles]
        dates = sorted(d for a in members if (d := a["published"].get("date")))
        assertions = _story_assertions(index, {a["id"] for a in members})
        return {
            "id": story["id"],
            "title": story.get("title") or "",
            "article_ids": [a["id"] for a in members],
            "size": len(members),
            "languages": sorted({a["language"] for a in members}),
            "date_span": [dates[0] if dates else None, dates[-1] if dates else None],
            "contested": sum(1 for a in assertions if a["contested"]),
            "assertions": len(assertions),
        }

    def _aligned(
        self,
        index: Index,
        left: dict[str, Any],
        right: dict[str, Any],
        drift: list[dict[str, Any]],
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Sentence pairs to show side by side, each with its [start, end] in both texts:
        the stories stage's alignment when it has one, else the claims that the alignment
        stage matched (drift findings and shared assertions)."""
        pairs = _stage_aligned_pairs(self.store, left, right)
        if pairs:
            return pairs, "sentences aligned by the stories stage"
        matched: dict[tuple[str, str], dict[str, Any]] = {}
        sentences = {
            side["id"]: [(s.start, s.end) for s in article_sentences(self.store, side["id"])]
            for side in (left, right)
        }

        def sentence_of(claim: dict[str, Any]) -> list[int]:
            start, end = claim["span"]
            found = [(a, b) for a, b in sentences[claim["article_id"]] if a < end and b > start]
            return [min(a for a, _ in found), max(b for _, b in found)] if found else [start, end]

        def add(left_claim: str | None, right_claim: str | None, label: str | None) -> None:
            a, b = index.claims.get(left_claim or ""), index.claims.get(right_claim or "")
            if a and b and a["article_id"] == left["id"] and b["article_id"] == right["id"]:
                spans = sentence_of(a), sentence_of(b)
                matched.setdefault(
                    (str(spans[0]), str(spans[1])),
                    {"left_span": spans[0], "right_span": spans[1], "score": None, "label": label},
                )

        for relation in drift:
            evidence = relation.get("evidence") or {}
            ends = (evidence.get("from_claim"), evidence.get("to_claim"))
            add(*ends, None)
            add(*reversed(ends), None)
        for assertion in index.document["assertions"]:
            ids = [c for c in assertion.get("claim_ids", []) if c in index.claims]
            lefts = [c for c in ids if index.claims[c]["article_id"] == left["id"]]
            rights = [c for c in ids if index.claims[c]["article_id"] == right["id"]]
            if lefts and rights:
                add(lefts[0], rights[0], assertion.get("label"))
        if not matched:
            return [], None
        pairs = sorted(matched.values(), key=lambda p: (p["left_span"][0], p["right_span"][0]))
        return pairs, "claims the alignment stage matched across the two articles"


def _stage_aligned_pairs(
    store: Store, left: dict[str, Any], right: dict[str, Any]
) -> list[dict[str, Any]]:
    """Aligned sentences from the stories stage, in the order of the left article."""
    pairs = []
    for pair in aligned_pairs(store, left["id"], right["id"]):
        spans = pair.get("left_span"), pair.get("right_span")
        if all(isinstance(span, list | tuple) and len(span) == 2 for span in spans):
            pairs.append(
                {
                    "left_span": list(spans[0]),
                    "right_span": list(spans[1]),
                    "score": pair.get("score"),
                    "label": None,
                }
            )
    return sorted(pairs, key=lambda p: (p["left_span"][0], p["right_span"][0]))


def _touched_articles(index: Index, kind: str, target: dict[str, Any]) -> list[str]:
    """The articles a correction is about (a claim's or relation end's article)."""
    if "article_id" in target:
        return [target["article_id"]]
    ends = [target.get("claim_id"), target.get("from"), target.get("to")]
    found = [e if e in index.articles else index.article_of_claim(e) for e in ends if e]
    return [a for a in dict.fromkeys(found) if a]


def _where(index: Index, record: dict[str, Any], touched: list[str]) -> str | None:
    """The workbench page where what a correction changed is shown."""
    target = record["target"]
    if record["field"] == "relation" and len(touched) == 2:
        return f"/compare/{touched[0]}/{touched[1]}"
    if record["field"] == "stance":
        story = index.story_of.get(target["article_id"])
        return f"/stories/{story}#matrix" if story else f"/articles/{target['article_id']}"
    if "claim_id" in target and touched:
        return f"/articles/{touched[0]}#claim-{target['claim_id']}"
    return f"/articles/{touched[0]}" if touched else None


def _named(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each entity named in an article once, with its role as written and how often it occurs."""
    named: dict[tuple[str, str, str], dict[str, Any]] = {}
    for mention in mentions:
        key = (mention["text"], mention.get("kind") or "", mention.get("role") or "")
        entry = named.setdefault(key, {**mention, "count": 0})
        entry["count"] += 1
    return sorted(named.values(), key=lambda e: (-e["count"], e["start"]))


def _short_name(article: dict[str, Any]) -> str:
    """What to call an article in tight places: its outlet, else the start of its title."""
    if article.get("outlet"):
        return str(article["outlet"])
    title = str(article.get("title") or "")
    return (title[:30].rstrip() + "…" if len(title) > 30 else title) or str(article["id"])


def _article_summary(article: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article["id"],
        "name": _short_name(article),
        "title": article.get("title") or "",
        "outlet": article.get("outlet"),
        "language": article.get("language"),
        "published": article.get("published") or {},
        "flags": article.get("flags", []),
        "path": article.get("path"),
        "url": article.get("url"),
        "corrections": article.get("corrections", []),
    }


def _story_assertions(index: Index, member_ids: set[str]) -> list[dict[str, Any]]:
    """The assertions with a stance or a claim in the story's articles, marked contested when
    one of them denies what another carries."""
    found = []
    for assertion in index.document["assertions"]:
        stances = {
            s["article_id"]: s
            for s in assertion.get("stances", [])
            if s.get("article_id") in member_ids
        }
        claim_articles = {
            index.claims[c]["article_id"]
            for c in assertion.get("claim_ids", [])
            if c in index.claims
        }
        if not stances and not (claim_articles & member_ids):
            continue
        kinds = {STANCE_CLASSES.get(s["stance"], s["stance"]) for s in stances.values()}
        denied = "denies" in kinds or any(s.get("denied_by") for s in stances.values())
        carried = bool(kinds & {"supports", "reports"})
        found.append({**assertion, "story_stances": stances, "contested": denied and carried})
    return found


def _matrix(
    index: Index, assertions: list[dict[str, Any]], members: list[dict[str, Any]]
) -> dict[str, Any]:
    """Assertion rows × article columns; each cell the article's stance and the claims that
    show it, each claim with its own voice (an article may report a claim and its denial)."""
    rows = []
    for assertion in assertions:
        claims_here: dict[str, list[dict[str, Any]]] = {}
        for claim_id in assertion.get("claim_ids", []):
            claim = index.claims.get(claim_id)
            if claim:
                claims_here.setdefault(claim["article_id"], []).append(claim)
        cells = []
        for article in members:
            stance = assertion["story_stances"].get(article["id"]) or {}
            chosen = [index.claims[c] for c in stance.get("claim_ids", []) if c in index.claims]
            claims = sorted(chosen or claims_here.get(article["id"], []), key=_start)
            if not stance and not claims:
                cells.append(None)
                continue
            label = stance.get("stance")
            kind = STANCE_CLASSES.get(label or "", label or "reports")
            hedged = stance.get("hedged")
            if hedged is None:
                hedged = any(c.get("modality") in ("hedged", "questioned") for c in claims)
            if hedged and kind in ("reports", "supports"):
                # Hedged reporting ("claimed", "زعمت") is shown as such, never as support.
                kind = "hedged"
            voices = {v.get("claim_id"): v for v in stance.get("voices", [])}
            cells.append(
                {
                    "article_id": article["id"],
                    "stance": label,
                    "kind": kind,
                    "denied_by": stance.get("denied_by") or [],
                    "corrections": stance.get("corrections") or [],
                    "claims": [{**c, "voice": _voice(voices.get(c["id"]), c)} for c in claims],
                }
            )
        rows.append(
            {
                "id": assertion["id"],
                "label": assertion.get("label") or assertion["id"],
                "origin": assertion.get("origin"),
                "contested": assertion["contested"],
                "cells": cells,
            }
        )
    return {"articles": [_article_summary(a) for a in members], "rows": rows}


def _start(claim: dict[str, Any]) -> int:
    return int(claim["span"][0])


def _voice(voice: dict[str, Any] | None, claim: dict[str, Any]) -> str:
    """What one claim does to the assertion: its own stance (or one read from the claim),
    hedged when the writer only relays it with a hedge."""
    if voice and voice.get("stance"):
        kind = STANCE_CLASSES.get(voice["stance"], voice["stance"])
    else:
        kind = "denies" if claim.get("polarity") == "denied" else "reports"
    modality = (voice or {}).get("modality") or claim.get("modality")
    if kind in ("reports", "supports") and modality in ("hedged", "questioned"):
        return "hedged"
    return kind


def _provenance(
    index: Index,
    members: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    assertions: list[dict[str, Any]],
) -> dict[str, Any]:
    """Origins → citing articles → reprints → translations, as nodes and flow edges."""
    nodes: dict[str, dict[str, Any]] = {
        a["id"]: {
            "id": a["id"],
            "kind": "article",
            "label": _short_name(a),
            "language": a.get("language"),
            "date": a["published"].get("date"),
        }
        for a in members
    }
    edges: list[dict[str, Any]] = []
    for relation in relations:
        if relation.get("kind") not in FLOW_KINDS:
            continue
        start, end = index.relation_articles(relation)
        if start in nodes and end in nodes and start != end:
            # `from` cites / reprints / translates `to`, so information flowed to → from.
            edges.append(
                {
                    "source": end,
                    "target": start,
                    "kind": relation["kind"],
                    "score": relation.get("score"),
                }
            )
    for assertion in assertions:
        origin = assertion.get("origin") or {}
        article_id = index.article_of_claim(str(origin.get("claim_id")))
        source = origin.get("source")
        if not source or article_id not in nodes:
            continue
        key = f"origin:{source}"
        nodes.setdefault(
            key,
            {
                "id": key,
                "kind": "origin",
                "label": source,
                "language": None,
                "date": origin.get("date"),
            },
        )
        edge = {"source": key, "target": article_id, "kind": "origin", "score": None}
        if edge not in edges:
            edges.append(edge)
    return {"nodes": list(nodes.values()), "edges": edges}


def _relations_of(index: Index, article_id: str) -> list[dict[str, Any]]:
    """The article's relations, one entry per kind and other article: how many findings link
    them (claim-level relations are many), the best score, and the first one's plain facts."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for relation in index.document["relations"]:
        start, end = index.relation_articles(relation)
        if article_id not in (start, end) or start == end:
            continue
        other = end if start == article_id else start
        if other is None or other not in index.articles:
            continue
        direction = "outgoing" if start == article_id else "incoming"
        entry = grouped.setdefault(
            (relation["kind"], other, direction),
            {
                "kind": relation["kind"],
                "direction": direction,
                "other": _article_summary(index.articles[other]),
                "count": 0,
                "score": None,
                "facts": {
                    k: v
                    for k, v in (relation.get("evidence") or {}).items()
                    if isinstance(v, str | int | float) and not k.endswith(("_claim", "_span"))
                },
            },
        )
        entry["count"] += 1
        entry.setdefault("ends", [relation["from"], relation["to"]])
        entry.setdefault("corrections", []).extend(relation.get("corrections") or [])
        score = relation.get("score")
        if isinstance(score, int | float):
            entry["score"] = max(score, entry["score"] or score)
    return sorted(grouped.values(), key=lambda e: (e["kind"], e["other"]["name"]))


def _per_day(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """How many of the story's reports each day carries, per language (the chart's data)."""
    counts: dict[tuple[str, str], int] = {}
    for article in members:
        day = (article["published"].get("date") or "")[:10]
        if day:
            key = (day, article.get("language") or "?")
            counts[key] = counts.get(key, 0) + 1
    return [{"date": d, "language": lang, "count": n} for (d, lang), n in sorted(counts.items())]


def _comparisons(
    index: Index, relations: list[dict[str, Any]], member_ids: set[str]
) -> list[dict[str, Any]]:
    """Pairs of the story's articles worth reading side by side: translations, reprints and
    drift, with the kinds of relation that link them."""
    pairs: dict[tuple[str, str], set[str]] = {}
    # A pair reads in the direction of its copy link (the rendering, then its original) where
    # it has one, whichever way its other links run.
    ordered = sorted(relations, key=lambda relation: relation.get("kind") not in FLOW_KINDS)
    for relation in ordered:
        if relation.get("kind") not in (*FLOW_KINDS, "drift", "contradicts"):
            continue
        start, end = index.relation_articles(relation)
        if start and end and start != end and {start, end} <= member_ids:
            key = (start, end) if (end, start) not in pairs else (end, start)
            pairs.setdefault(key, set()).add(relation["kind"])
    return [
        {
            "left": _article_summary(index.articles[left]),
            "right": _article_summary(index.articles[right]),
            "kinds": sorted(kinds),
        }
        for (left, right), kinds in pairs.items()
    ]


def _flags(
    index: Index, members: list[dict[str, Any]], relations: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The articles' own flags, then one drift flag per pair of articles, its evidence the
    findings (what changed, from what to what) between them."""
    flags = [
        {
            "article_id": a["id"],
            "other_article_id": None,
            "name": _short_name(a),
            "other_name": None,
            "kind": f["kind"],
            "evidence": f.get("evidence"),
            "stage": f.get("stage"),
        }
        for a in members
        for f in a.get("flags", [])
    ]
    drift: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for relation in relations:
        start, end = index.relation_articles(relation)
        if relation.get("kind") == "drift" and start and end:
            drift.setdefault((start, end), []).append(relation.get("evidence") or {})
    for (start, end), findings in drift.items():
        flags.append(
            {
                "article_id": start,
                "other_article_id": end,
                "name": _short_name(index.articles[start]),
                "other_name": _short_name(index.articles[end]),
                "kind": "drift",
                "evidence": [
                    {
                        "aspect": f.get("aspect"),
                        "from_value": f.get("from_value"),
                        "to_value": f.get("to_value"),
                    }
                    for f in findings
                ],
                "stage": "alignment",
            }
        )
    return flags


# Highlighting --------------------------------------------------------------------------------


def _find_all(text: str, needle: str, start: int, end: int) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if not needle or len(needle) < 2:
        return found
    at = text.find(needle, start, end)
    while at >= 0:
        found.append((at, at + len(needle)))
        at = text.find(needle, at + len(needle), end)
    return found


def _inner_span(item: object, offset: int, text: str) -> tuple[int, int] | None:
    """The article offsets of a number or date found inside a claim (its span counts from the
    claim's start), when they point at the words it quotes."""
    if not isinstance(item, dict):
        return None
    span = item.get("span")
    if not (isinstance(span, list | tuple) and len(span) == 2):
        return None
    a, b = offset + int(span[0]), offset + int(span[1])
    words = str(item.get("text") or "")
    if 0 <= a < b <= len(text) and (not words or text[a:b] == words):
        return a, b
    return None


def highlights(
    article: dict[str, Any],
    claims: list[dict[str, Any]],
    sentences: list[tuple[int, int]] | None = None,
    mentions: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The article text cut into segments, each with the kinds of annotation covering it:
    claims, the sources they are attributed to (looked for in the claim's sentence), the
    numbers and dates they state, the entities named, and the publication date's evidence."""
    text = article["text"]
    marks: list[tuple[int, int, str, str, str | None]] = []
    for claim in claims:
        start, end = claim["span"]
        if not (0 <= start < end <= len(text)):
            continue
        marks.append(
            (start, end, "claim", f"{claim.get('modality')}, {claim.get('polarity')}", claim["id"])
        )
        for item in claim.get("numbers") or []:
            if span := _inner_span(item, start, text):
                marks.append((*span, "number", f"number: {item.get('value')}", claim["id"]))
        when = claim.get("event_date")
        if isinstance(when, dict) and (span := _inner_span(when, start, text)):
            marks.append((*span, "date", f"event date: {when.get('value')}", claim["id"]))
        around = next(((a, b) for a, b in sentences or [] if a <= start < b), (start, end))
        for link in claim.get("attribution") or []:
            if not isinstance(link, dict) or link.get("implicit"):
                continue
            name = str(link.get("name") or "")
            for a, b in _find_all(text, name, min(around[0], start), max(around[1], end)):
                marks.append((a, b, "source", f"{link.get('kind')}: {name}", claim["id"]))
    for mention in mentions or []:
        role = f", {mention['role']}" if mention.get("role") else ""
        marks.append(
            (
                mention["start"],
                mention["end"],
                "entity",
                f"{mention.get('kind')}: {mention.get('text')}{role}",
                None,
            )
        )
    published = article.get("published") or {}
    evidence = str(published.get("evidence") or "")
    # Date evidence reads like "dateline '2024.06.24 | 10:25'": the quoted part is the text.
    quoted = re.findall(r"'([^']{4,})'", evidence) or [evidence]
    for a, b in _find_all(text, quoted[0], 0, len(text))[:1]:
        marks.append((a, b, "date", "publication date evidence", None))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    segments = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        segments.append(
            {
                "text": text[a:b],
                "kinds": sorted({m[2] for m in covering}),
                "titles": sorted({m[3] for m in covering if m[2] != "claim"}),
                "claim_id": next((m[4] for m in covering if m[2] == "claim"), None),
            }
        )
    return segments


def drift_marks(
    drift: list[dict[str, Any]], index: Index, article: dict[str, Any]
) -> list[tuple[int, int, str, str]]:
    """Where in `article`'s text each drift finding sits: (start, end, aspect, description).

    A finding gives both texts' spans; inside a span that covers a whole claim, the value that
    changed is marked when the text spells it, so the eye lands on what differs."""
    text = article["text"]
    marks = []
    for relation in drift:
        evidence = relation.get("evidence") or {}
        start_article, _ = index.relation_articles(relation)
        side = "from" if start_article == article["id"] else "to"
        span = evidence.get(f"{side}_span")
        if not (isinstance(span, list | tuple) and len(span) == 2 and span[0] < span[1]):
            continue
        aspect = str(evidence.get("aspect") or "drift")
        before, after = evidence.get("from_value"), evidence.get("to_value")
        if aspect == "omission":
            what = f"omission: {evidence.get('direction') or 'missing'} in the other text"
        else:
            what = f"{aspect}: {before} → {after}"
        value = str(evidence.get(f"{side}_value") or "")
        # A cited source is often named just before the words it is credited with.
        reach = max(text.rfind("\n", 0, span[0]) + 1, span[0] - 300)
        inside = _find_all(text, value, reach, span[1]) if aspect != "omission" else []
        for a, b in inside or [(span[0], span[1])]:
            marks.append((a, b, aspect, what))
    return marks


def cut(text: str, span: list[int], marks: list[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """text[span] cut into segments, each with the drift aspects marked over it."""
    start, end = span
    inside = [(max(a, start), min(b, end), k, w) for a, b, k, w in marks if a < end and b > start]
    cuts = sorted({start, end, *(m[0] for m in inside), *(m[1] for m in inside)})
    segments = []
    for a, b in itertools.pairwise(cuts):
        covering = [m for m in inside if m[0] <= a and b <= m[1]]
        segments.append(
            {
                "text": text[a:b],
                "drift": bool(covering),
                "aspects": sorted({m[2] for m in covering}),
                "titles": sorted({m[3] for m in covering}),
            }
        )
    return segments
