"""Relations between articles and between claims: the one write path and the contract list."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from storyline.ids import short_id
from storyline.store.base import Store

RelationKind = Literal[
    "reprint_of", "translation_of", "cites", "same_claim", "supports", "contradicts", "drift"
]


@dataclass(frozen=True)
class Relation:
    """One finding between two articles or two claims, with its score and its evidence.

    `evidence` is free-form per kind; for `drift` it holds at least `aspect`, `from_value` and
    `to_value` (design.md).
    """

    kind: RelationKind
    from_id: str
    to_id: str
    score: float
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        detail = json.dumps(self.evidence, ensure_ascii=False, sort_keys=True)
        return short_id("r", self.kind, self.from_id, self.to_id, detail)

    def as_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "from": self.from_id,
            "to": self.to_id,
            "score": round(self.score, 4),
            "evidence": self.evidence,
        }


def replace_relations(
    store: Store,
    stage: str,
    stage_version: str,
    relations: Iterable[Relation],
    touching: Sequence[str] | None = None,
    kinds: Sequence[RelationKind] | None = None,
) -> int:
    """Store what a stage found, replacing its earlier findings in one transaction.

    With `touching`, only the stage's relations with an endpoint in those ids are replaced
    (an incremental run); without it, all of the stage's relations (of `kinds`, if given).
    Returns how many relations were written.
    """
    written = 0
    with store.transaction():
        conditions, params = ["stage = ?"], [stage]
        if kinds:
            conditions.append(f"kind IN ({', '.join('?' for _ in kinds)})")
            params.extend(kinds)
        if touching is not None:
            marks = ", ".join("?" for _ in touching) or "NULL"
            conditions.append(f"(from_id IN ({marks}) OR to_id IN ({marks}))")
            params.extend([*touching, *touching])
        store.execute(f"DELETE FROM relations WHERE {' AND '.join(conditions)}", params)
        for relation in relations:
            store.execute(
                "INSERT INTO relations (id, kind, from_id, to_id, score, evidence_json, stage, "
                "stage_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "score = excluded.score, stage = excluded.stage, "
                "stage_version = excluded.stage_version",
                (
                    relation.id,
                    relation.kind,
                    relation.from_id,
                    relation.to_id,
                    float(relation.score),
                    json.dumps(relation.evidence, ensure_ascii=False, sort_keys=True),
                    stage,
                    stage_version,
                ),
            )
            written += 1
    return written


def relations_of(
    store: Store, endpoint: str | None = None, kinds: Sequence[RelationKind] | None = None
) -> list[dict[str, Any]]:
    """Stored relations as contract records (design.md), optionally those touching `endpoint`."""
    conditions: list[str] = []
    params: list[Any] = []
    if endpoint is not None:
        conditions.append("(from_id = ? OR to_id = ?)")
        params.extend([endpoint, endpoint])
    if kinds:
        conditions.append(f"kind IN ({', '.join('?' for _ in kinds)})")
        params.extend(kinds)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = store.query(f"SELECT * FROM relations {where} ORDER BY kind, from_id, to_id, id", params)
    return [
        {
            "id": row["id"],
            "kind": row["kind"],
            "from": row["from_id"],
            "to": row["to_id"],
            "score": row["score"],
            "evidence": json.loads(row["evidence_json"]),
            "stage": row["stage"],
            "stage_version": row["stage_version"],
        }
        for row in rows
    ]
