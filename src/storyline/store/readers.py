"""Reading what the stages stored: sentences, stories, claims and assertions, in the shapes the
stages, the exports and the web app share. A stage reads another stage's output through these,
never through that stage's module.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from storyline.errors import StoreError
from storyline.model import Sentence
from storyline.relations import relations_of
from storyline.store.base import Row, Store, rows_with_ids

# The article-level relations a copy or a translation is stored as (by the stories stage).
COPY_KINDS = ("reprint_of", "translation_of")


# -- text ----------------------------------------------------------------------------------
def article_sentences(store: Store, article_id: str) -> list[Sentence]:
    """The stored sentences of one article, in order."""
    rows = store.query(
        "SELECT idx, start_offset, end_offset, text FROM sentences "
        "WHERE article_id = ? ORDER BY idx",
        (article_id,),
    )
    return [Sentence(r["idx"], r["start_offset"], r["end_offset"], r["text"]) for r in rows]


# -- stories -------------------------------------------------------------------------------
def story_of(store: Store, article_id: str) -> str | None:
    """The story an article belongs to, or None before the stage has placed it."""
    row = store.query_one("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,))
    return row["story_id"] if row else None


def story_members(store: Store, story_id: str) -> list[str]:
    """The story's articles, oldest first (undated last)."""
    rows = store.query(
        "SELECT s.article_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
        "WHERE s.story_id = ? ORDER BY a.published_date IS NULL, a.published_date, a.id",
        (story_id,),
    )
    return [row["article_id"] for row in rows]


def story_article_ids(store: Store, story_id: str) -> list[str]:
    """The story's articles in id order; a story id the store lacks is an error."""
    rows = store.query(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (story_id,)
    )
    if not rows and not store.query_one("SELECT id FROM stories WHERE id = ?", (story_id,)):
        raise StoreError(f"no story with id '{story_id}' (see 'storyline stories')")
    return [row["article_id"] for row in rows]


def aligned_pairs(store: Store, left_id: str, right_id: str) -> list[dict[str, Any]]:
    """Aligned passages between two articles that one copies or translates, oriented so that
    `left_span` is in `left_id`'s text: each {left, right, left_span, right_span, score}."""
    texts = {}
    for article_id in (left_id, right_id):
        row = store.query_one("SELECT text FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return []
        texts[article_id] = row["text"]
    pairs = []
    for relation in relations_of(store, left_id, list(COPY_KINDS)):  # type: ignore[arg-type]
        if {relation["from"], relation["to"]} != {left_id, right_id}:
            continue
        forward = relation["from"] == left_id
        evidence = relation["evidence"]
        if relation["kind"] == "translation_of":
            items = [(p["from_span"], p["to_span"], p["margin"]) for p in evidence.get("pairs", [])]
        else:
            items = [
                (p["copy_span"], p["original_span"], 1.0) for p in evidence.get("passages", [])
            ]
        for from_span, to_span, score in items:
            left_span, right_span = (from_span, to_span) if forward else (to_span, from_span)
            pairs.append(
                {
                    "left": texts[left_id][left_span[0] : left_span[1]],
                    "right": texts[right_id][right_span[0] : right_span[1]],
                    "left_span": list(left_span),
                    "right_span": list(right_span),
                    "score": score,
                    "kind": relation["kind"],
                }
            )
    return sorted(pairs, key=lambda pair: pair["left_span"][0])


# -- claims --------------------------------------------------------------------------------
def claim_record(row: Row) -> dict[str, Any]:
    """A stored claim row in the export contract's shape."""
    chain = json.loads(row["attribution_json"])
    return {
        "id": row["id"],
        "article_id": row["article_id"],
        "text": row["text"],
        "span": [row["start_offset"], row["end_offset"]],
        "language": row["language"],
        "attribution": chain,
        "modality": row["modality"],
        "polarity": row["polarity"],
        "quote": row["quote"],
        "speaker": row["speaker"],
        "event_date": json.loads(row["event_date_json"]),
        "entities": json.loads(row["entities_json"]),
        "numbers": json.loads(row["numbers_json"]),
        "sentence_idx": row["sentence_idx"],
        "stage": row["stage"],
        "stage_version": row["stage_version"],
    }


def article_claims(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The claims of one article, in text order, in the export contract's shape."""
    rows = store.query(
        "SELECT * FROM claims WHERE article_id = ? ORDER BY start_offset, end_offset, id",
        (article_id,),
    )
    return [claim_record(row) for row in rows]


def export_claims(store: Store, article_ids: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Every claim (or those of `article_ids`) in the export contract's shape, by article then
    position."""
    order = "ORDER BY article_id, start_offset, end_offset, id"
    if article_ids is None:
        rows = store.query(f"SELECT * FROM claims {order}")
    else:
        rows = rows_with_ids(
            store, f"SELECT * FROM claims WHERE article_id IN ({{ids}}) {order}", article_ids
        )
        rows.sort(key=lambda r: (r["article_id"], r["start_offset"], r["end_offset"], r["id"]))
    return [claim_record(row) for row in rows]


# -- assertions ----------------------------------------------------------------------------
def _stances(store: Store, assertion_ids: Collection[str] | None) -> dict[str, list[dict]]:
    if assertion_ids is None:
        rows = store.query("SELECT * FROM stances ORDER BY assertion_id, article_id")
    else:
        rows = rows_with_ids(
            store,
            "SELECT * FROM stances WHERE assertion_id IN ({ids}) ORDER BY assertion_id, article_id",
            assertion_ids,
        )
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["assertion_id"], []).append(
            {
                "article_id": row["article_id"],
                "stance": row["stance"],
                **json.loads(row["evidence_json"]),
            }
        )
    return found


def assertions_touching(store: Store, article_ids: Collection[str]) -> list[str]:
    """The ids of the assertions with a claim in one of `article_ids`."""
    rows = rows_with_ids(
        store,
        "SELECT DISTINCT assertion_id FROM assertion_claims WHERE article_id IN ({ids})",
        article_ids,
    )
    return sorted({row["assertion_id"] for row in rows})


def export_assertions(
    store: Store, story_id: str | None = None, ids: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Every assertion (or a story's, or those of `ids`) in the export contract's shape."""
    if ids is not None:
        rows = rows_with_ids(store, "SELECT * FROM assertions WHERE id IN ({ids})", ids)
        rows.sort(key=lambda r: r["id"])
        claim_rows = rows_with_ids(
            store,
            "SELECT assertion_id, claim_id, polarity FROM assertion_claims "
            "WHERE assertion_id IN ({ids}) ORDER BY assertion_id, claim_id",
            ids,
        )
    else:
        if story_id is None:
            rows = store.query("SELECT * FROM assertions ORDER BY id")
        else:
            rows = store.query(
                "SELECT * FROM assertions WHERE story_id = ? ORDER BY id", (story_id,)
            )
        claim_rows = store.query(
            "SELECT assertion_id, claim_id, polarity FROM assertion_claims ORDER BY assertion_id, "
            "claim_id"
        )
    members: dict[str, list[Row]] = {}
    for row in claim_rows:
        members.setdefault(row["assertion_id"], []).append(row)
    stances = _stances(store, ids)
    records = []
    for row in rows:
        claims = members.get(row["id"], [])
        records.append(
            {
                "id": row["id"],
                "label": row["label"],
                "story_id": row["story_id"],
                "claim_ids": [c["claim_id"] for c in claims],
                "denied_claim_ids": [c["claim_id"] for c in claims if c["polarity"] == "denied"],
                "origin": json.loads(row["origin_json"]),
                "independence": json.loads(row["independence_json"]),
                "stances": stances.get(row["id"], []),
            }
        )
    return records
