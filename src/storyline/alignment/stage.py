"""The alignment stage: assertions, stances, claim relations and drift, stored and read back."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from storyline.alignment.assertions import group_assertions
from storyline.alignment.drift import (
    ESTABLISHED_SHARE,
    compare_pair,
    drift_findings,
    headline_passage,
    match_claims,
    sentence_passage,
)
from storyline.errors import ModelError, StorylineError
from storyline.model import Article
from storyline.relations import Relation, relations_of, replace_relations
from storyline.stages import Stage
from storyline.store.articles import get_article
from storyline.store.base import Row, Store, in_batches, rows_with_ids
from storyline.store.readers import (
    aligned_pairs,
    article_claims,
    article_sentences,
    export_assertions,
    export_claims,
    story_article_ids,
)

STAGE_NAME = "alignment"
# 2: counts and described sources compared over the whole rendering pair;
# 3: a denial joins the proposition it names (a shared name, close wording) when no link
# through the happening attaches it; a translation's or reprint's claim and its original's
# are one assertion;
# 4: a denial of 'the reports' joins the assertion its story's other reports carry; saying no
# answer came denies nothing;
# 5: names, roles and cited sources compared across scripts and languages (drift);
# 6: a claim crediting the outlet of another claim's article, in close wording, passes that
# report on: the two are one assertion;
# 7: a named party's denial left alone joins what most of its story reports under a name it
# names; citations from the candidate floor on;
# 8: counts that no claim holds (inside a clause the claims leave out) compared too;
# 9: a deputy's role differs from the office it stands in for; roles read past titles ('Professor',
# 'الدكتور') and further back; cited sources of the coastguard, airport and aviation fields.
# 10: a one-word title before a name yields to an apposition naming an office.
# 11: an outlet one rendering cites, where the other cites a body instead, is a changed source;
# a role set off by a comma before the name may hold its office further back ('مدير المختبر
# المركزي في الهيئة، الدكتور …'); one word of a name written as two in the other script ('ديمير
# أوغلو'); the attaché's office.
STAGE_VERSION = "11"
# The stance classifier is slow (two encoders per call): it is asked about at most this many
# pairs per run, those the facts and the similarity leave undecided.
STANCE_CALLS = 12
COPY_KINDS = ("translation_of", "reprint_of")


class AlignmentError(StorylineError):
    """An assertion, story or article the alignment commands were asked about does not exist."""


def encode_claim_texts(store: Store, texts: Sequence[str]) -> np.ndarray:
    """Unit vectors for claim texts from the project's multilingual encoder, through the store's
    cache of text vectors: a claim that is its whole sentence reuses the sentence's vector, and
    no claim is encoded twice, in this run or a later one."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    from storyline.embeddings.stage import store_vectors

    return np.asarray(store_vectors(store, list(texts)), dtype=np.float32)


class StanceSignal:
    """storyline.stance.predict_pair as a signal for undecided pairs, at most `limit` calls.

    A classifier that cannot be loaded is a missing signal, not a failed stage: `problem` says
    why it was not asked.
    """

    def __init__(self, limit: int = STANCE_CALLS) -> None:
        self.left = limit
        self.problem: str | None = None

    def __call__(self, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any] | None:
        if self.left <= 0 or self.problem:
            return None
        self.left -= 1
        from storyline.stance import predict_pair

        try:
            return predict_pair(a["text"], b["text"], a["language"], b["language"])
        except ModelError as error:
            self.problem = str(error)
            return None


def stance_signal(limit: int = STANCE_CALLS) -> StanceSignal:
    return StanceSignal(limit)


def _story_of_articles(store: Store, claims: Sequence[dict[str, Any]]) -> dict[str, str]:
    """The story of every article in the stories the claims' articles are in: what grouping
    asks of the claims' articles (their stories, and whether another article shares one)."""
    stories = rows_with_ids(
        store,
        "SELECT DISTINCT story_id FROM story_articles WHERE article_id IN ({ids})",
        {claim["article_id"] for claim in claims},
    )
    rows = rows_with_ids(
        store,
        "SELECT article_id, story_id FROM story_articles WHERE story_id IN ({ids})",
        {row["story_id"] for row in stories},
    )
    return {row["article_id"]: row["story_id"] for row in rows}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _unchanged_assertions(
    store: Store, stored: Mapping[str, Row], assertions: Sequence[dict[str, Any]]
) -> set[str]:
    """The ids of the regrouped assertions `stored` already, traced, with the same label, claims
    and polarities: their origins, which the provenance stage wrote, still hold."""
    candidates = {
        a["id"]: a
        for a in assertions
        if a["id"] in stored
        and stored[a["id"]]["traced"]
        and stored[a["id"]]["label"] == a["label"]
    }
    polarities: dict[str, dict[str, str]] = {}
    for row in rows_with_ids(
        store,
        "SELECT assertion_id, claim_id, polarity FROM assertion_claims "
        "WHERE assertion_id IN ({ids})",
        candidates,
    ):
        polarities.setdefault(row["assertion_id"], {})[row["claim_id"]] = row["polarity"]
    return {
        assertion_id
        for assertion_id, assertion in candidates.items()
        if polarities.get(assertion_id) == assertion["polarities"]
    }


def align_store(store: Store, changed_ids: Sequence[str], use_classifier: bool = True) -> str:
    """Group every claim in the store into assertions, decide claim relations and drift, and
    store them; runs again only when some article changed."""
    if not changed_ids and store.query_one("SELECT id FROM assertions LIMIT 1"):
        return "nothing changed"
    claims = export_claims(store)
    vectors = encode_claim_texts(store, [c["text"] for c in claims])
    signal = stance_signal() if use_classifier else None
    copies = _copies_with_claims(store, claims)
    stories = _story_of_articles(store, claims)
    grouping = group_assertions(claims, vectors, signal, _rendered_claims(copies, vectors), stories)
    by_id = {c["id"]: c for c in claims}
    drift = _copy_drift(store, claims, vectors, copies) + _assertion_role_drift(
        grouping.assertions, by_id
    )
    with store.transaction():
        stored = {row["id"]: row for row in store.query("SELECT id, label, traced FROM assertions")}
        kept = _unchanged_assertions(store, stored, grouping.assertions)
        for table in ("stances", "assertion_claims"):
            store.execute(f"DELETE FROM {table}")
        for placeholders, gone in in_batches(set(stored) - kept):
            store.execute(f"DELETE FROM assertions WHERE id IN ({placeholders})", gone)
        for assertion in grouping.assertions:
            story_ids = [stories.get(by_id[c]["article_id"]) for c in assertion["claim_ids"]]
            known = sorted({s for s in story_ids if s})
            story_id = max(known, key=story_ids.count, default=None)
            assertion["story_id"] = story_id
            if assertion["id"] in kept:
                store.execute(
                    "UPDATE assertions SET story_id = ?, stage_version = ? WHERE id = ?",
                    (story_id, STAGE_VERSION, assertion["id"]),
                )
            else:
                store.execute(
                    "INSERT INTO assertions (id, label, story_id, origin_json, independence_json, "
                    "stage_version, traced) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    (assertion["id"], assertion["label"], story_id, "null", "null", STAGE_VERSION),
                )
            for claim_id in assertion["claim_ids"]:
                store.execute(
                    "INSERT INTO assertion_claims (assertion_id, claim_id, article_id, polarity) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        assertion["id"],
                        claim_id,
                        by_id[claim_id]["article_id"],
                        assertion["polarities"][claim_id],
                    ),
                )
            for stance in assertion["stances"]:
                evidence = {k: v for k, v in stance.items() if k not in ("article_id", "stance")}
                store.execute(
                    "INSERT INTO stances (assertion_id, article_id, stance, hedged, evidence_json) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (
                        assertion["id"],
                        stance["article_id"],
                        stance["stance"],
                        int(stance["hedged"]),
                        _json(evidence),
                    ),
                )
    written = replace_relations(store, STAGE_NAME, STAGE_VERSION, [*grouping.relations, *drift])
    contested = sum(
        1 for a in grouping.assertions if any(p == "denied" for p in a["polarities"].values())
    )
    unavailable = (
        f"; stance classifier not used: {signal.problem}" if signal and signal.problem else ""
    )
    return (
        f"{len(claims)} claims; {len(grouping.assertions)} assertions ({contested} denied), "
        f"{written} relations ({len(drift)} drift){unavailable}"
    )


def _copy_pairs(store: Store) -> list[tuple[str, str]]:
    """(original, copy) article pairs from the stories stage's translation and reprint links."""
    pairs = []
    for relation in relations_of(store, kinds=list(COPY_KINDS)):  # type: ignore[arg-type]
        pairs.append((relation["to"], relation["from"]))
    return sorted(set(pairs))


def _allowed_pairs(
    store: Store, original: str, copy: str, original_claims: list[dict], copy_claims: list[dict]
) -> set[tuple[int, int]] | None:
    """Claim pairs inside sentences the stories stage aligned, where it aligned them."""
    pairs = aligned_pairs(store, copy, original) or []
    if not pairs:
        return None
    allowed = set()
    for pair in pairs:
        copy_span, original_span = pair["left_span"], pair["right_span"]
        for o, claim in enumerate(original_claims):
            if not _overlaps(claim["span"], original_span):
                continue
            for t, other in enumerate(copy_claims):
                if _overlaps(other["span"], copy_span):
                    allowed.add((o, t))
    return allowed


def _overlaps(span: Sequence[int], other: Sequence[int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


# (original, copy, positions of their claims, the claim pairs the stories stage aligned).
CopyClaims = tuple[str, str, list[int], list[int], set[tuple[int, int]] | None]


def _copies_with_claims(store: Store, claims: list[dict]) -> list[CopyClaims]:
    """Each (original, copy) pair with the positions of their claims in `claims` and the claim
    pairs the stories stage aligned (local positions; None where it aligned none)."""
    by_article: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        by_article.setdefault(claim["article_id"], []).append(i)
    found = []
    for original, copy in _copy_pairs(store):
        left, right = by_article.get(original, []), by_article.get(copy, [])
        if left and right:
            original_claims = [claims[i] for i in left]
            copy_claims = [claims[i] for i in right]
            allowed = _allowed_pairs(store, original, copy, original_claims, copy_claims)
            found.append((original, copy, left, right, allowed))
    return found


def _rendered_claims(copies: list[CopyClaims], vectors: np.ndarray) -> list[tuple[int, int, float]]:
    """(original claim, its rendering, similarity) across every translation and reprint: a
    rendering says what its original says, even where its words, or a changed date or count
    (drift, not a second happening), keep it below the thresholds of unrelated reports."""
    found = []
    for _, _, left, right, allowed in copies:
        for o, t, score in match_claims(vectors[left], vectors[right], allowed):
            found.append((left[o], right[t], score))
    return found


def _copy_drift(
    store: Store, claims: list[dict], vectors: np.ndarray, copies: list[CopyClaims]
) -> list[Relation]:
    found: list[Relation] = []
    for original, copy, left, right, allowed in copies:
        original_claims = [claims[i] for i in left]
        copy_claims = [claims[i] for i in right]
        # Each article read once for its title, its text and its sentences' counts.
        pair = (get_article(store, original), get_article(store, copy))
        found.extend(
            drift_findings(
                original,
                copy,
                original_claims,
                copy_claims,
                vectors[left],
                vectors[right],
                allowed,
                min_share=ESTABLISHED_SHARE,
                headlines=_headlines(store, pair),
                texts=_texts(pair),
                **_loose_counts(store, (original, copy), pair, (original_claims, copy_claims)),
            )
        )
    return found


def _headlines(
    store: Store, pair: tuple[Article | None, Article | None]
) -> tuple[tuple[dict[str, Any], np.ndarray], tuple[dict[str, Any], np.ndarray]] | None:
    """Both titles as headline passages with their vectors, where both articles have one."""
    from storyline.embeddings.stage import title_vector

    found = []
    for article in pair:
        if article is None:
            return None
        vector = title_vector(store, article.id)
        if vector is None:
            return None
        passage = headline_passage(article.id, article.title.strip(), article.language)
        found.append((passage, np.asarray(vector, dtype=np.float32)))
    return found[0], found[1]


def _loose_counts(
    store: Store,
    article_ids: tuple[str, str],
    pair: tuple[Article | None, Article | None],
    claims: tuple[list[dict], list[dict]],
) -> dict[str, Any]:
    """Each article's sentences stating a number that none of its claims holds, as passages
    with their vectors (drift_findings' `loose` and `loose_vectors`)."""
    passages: list[list[dict[str, Any]]] = []
    for article_id, article, own in zip(article_ids, pair, claims, strict=True):
        found: list[dict[str, Any]] = []
        if article is not None:
            spans = [claim["span"] for claim in own if claim.get("span")]
            for sentence in article_sentences(store, article_id):
                passage = sentence_passage(
                    article_id, sentence.text, sentence.start, article.language
                )
                if passage is None:
                    continue
                outside = [
                    number
                    for number in passage["numbers"]
                    if not any(a <= sentence.start + number["span"][0] < b for a, b in spans)
                ]
                if outside:
                    found.append({**passage, "numbers": outside})
        passages.append(found)
    vectors = tuple(encode_claim_texts(store, [p["text"] for p in side]) for side in passages)
    return {"loose": (passages[0], passages[1]), "loose_vectors": vectors}


def _texts(pair: tuple[Article | None, Article | None]) -> tuple[str, str] | None:
    """Both articles' texts, where both are stored."""
    first, second = pair
    if first is None or second is None:
        return None
    return first.text, second.text


def _assertion_role_drift(
    assertions: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> list[Relation]:
    """Roles that change between claims of one assertion in different articles."""
    found: dict[str, Relation] = {}
    for assertion in assertions:
        members = [by_id[c] for c in assertion["claim_ids"]]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a["article_id"] == b["article_id"]:
                    continue
                for finding in compare_pair(a, b):
                    if finding["aspect"] != "role":
                        continue
                    finding.update(from_claim=a["id"], to_claim=b["id"], assertion=assertion["id"])
                    relation = Relation("drift", a["id"], b["id"], 1.0, finding)
                    found[relation.id] = relation
    return list(found.values())


def drift_between(store: Store, original_id: str, other_id: str) -> list[dict[str, Any]]:
    """Drift from one article to another, computed now from their claims (any two articles)."""
    original_claims = article_claims(store, original_id)
    other_claims = article_claims(store, other_id)
    for article_id, found in ((original_id, original_claims), (other_id, other_claims)):
        if not found and not store.query_one("SELECT id FROM articles WHERE id = ?", (article_id,)):
            raise AlignmentError(f"no article with id '{article_id}' (see 'storyline articles')")
    vectors_o = encode_claim_texts(store, [c["text"] for c in original_claims])
    vectors_t = encode_claim_texts(store, [c["text"] for c in other_claims])
    allowed = _allowed_pairs(store, original_id, other_id, original_claims, other_claims)
    relations = drift_findings(
        original_id, other_id, original_claims, other_claims, vectors_o, vectors_t, allowed
    )
    return [relation.as_record() for relation in relations]


def _article_header(store: Store, article_id: str) -> dict[str, Any]:
    row = store.query_one(
        "SELECT id, title, language, outlet, published_date FROM articles WHERE id = ?",
        (article_id,),
    )
    return dict(row) if row else {"id": article_id}


def assertion_matrix(store: Store, story_id: str) -> dict[str, Any]:
    """A story's assertions × its articles, each cell a stance (unrelated where no claim)."""
    articles = story_article_ids(store, story_id)
    assertions = export_assertions(store, story_id)
    rows = []
    for assertion in assertions:
        by_article = {s["article_id"]: s for s in assertion["stances"]}
        cells = []
        for article_id in articles:
            stance = by_article.get(article_id)
            cells.append(
                {
                    "article_id": article_id,
                    "stance": stance["stance"] if stance else "unrelated",
                    "hedged": bool(stance and stance.get("hedged")),
                    "claim_ids": stance.get("claim_ids", []) if stance else [],
                }
            )
        rows.append(
            {
                "id": assertion["id"],
                "label": assertion["label"],
                "origin": assertion["origin"],
                "cells": cells,
            }
        )
    return {
        "story_id": story_id,
        "articles": [_article_header(store, article_id) for article_id in articles],
        "assertions": rows,
    }


def alignment_stage() -> Stage:
    """The pipeline stage: assertions, stances, claim relations and drift over the store."""
    return Stage(
        STAGE_NAME,
        STAGE_VERSION,
        ("claims", "stories"),
        ("assertions", "stances", "same_claim", "supports", "contradicts", "drift"),
        finish=align_store,
    )
