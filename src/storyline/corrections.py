"""The analyst's corrections: their own records, re-applied wherever a stage has written output.

A correction names what it changes (its kind and target), what the machine had there, what it
becomes, who said so, when and why. `apply_corrections` writes every active correction over
the stages' output; the pipeline calls it after each stage, so a re-run never overwrites one
and every later stage reads the corrected value. Recording or undoing a correction also marks
the stages that depend on it as stale for the articles it touches, so the next `analyze`
re-derives what follows from it (independence, timeline, date checks).
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, get_args

from storyline.errors import StorylineError
from storyline.ids import short_id
from storyline.relations import Relation, RelationKind
from storyline.store.base import Row, Store
from storyline.store.pending_work import queue_articles
from storyline.store.placement_changes import note_placements

ARTICLE_FIELDS = ("outlet", "published", "language", "title")
CLAIM_FIELDS = ("polarity", "modality", "event_date")
KINDS = (*ARTICLE_FIELDS, "story", "relation", *CLAIM_FIELDS, "stance", "flag")
POLARITIES = ("affirmed", "denied")
MODALITIES = ("asserted", "reported", "hedged", "questioned")
STANCES = ("supports", "denies", "reports-without-endorsing", "unrelated")
FLAG_KINDS = ("misdated", "stale", "reprint", "translation")
RELATION_KINDS: tuple[str, ...] = get_args(RelationKind)
# Rows a correction wrote that no stage found carry this as their stage.
CORRECTION_STAGE = "correction"
NEW_STORY = "new"
USAGE = {
    "outlet": "outlet ARTICLE NAME",
    "published": "published ARTICLE YYYY-MM-DD",
    "language": "language ARTICLE CODE",
    "title": "title ARTICLE TITLE",
    "story": "story ARTICLE STORY|new",
    "relation": "relation add|remove KIND FROM TO",
    "polarity": "polarity CLAIM affirmed|denied",
    "modality": "modality CLAIM asserted|reported|hedged|questioned",
    "event_date": "event_date CLAIM YYYY[-MM[-DD]]",
    "stance": "stance ASSERTION ARTICLE " + "|".join(STANCES),
    "flag": "flag confirm|dismiss ARTICLE KIND",
}
# Which stages read what each kind corrects, so must run again over the articles it touches.
DEPENDENT_STAGES = {
    "outlet": ("stories", "claims", "alignment", "provenance"),
    "published": ("stories", "claims", "alignment", "provenance"),
    "title": ("stories", "claims", "alignment", "provenance"),
    "language": ("text", "embeddings", "stories", "claims", "alignment", "provenance"),
    "story": ("claims", "alignment", "provenance"),
    "relation": ("alignment", "provenance"),
    "polarity": ("alignment", "provenance"),
    "modality": ("alignment", "provenance"),
    "event_date": ("alignment", "provenance"),
    "stance": ("provenance",),
    "flag": (),
}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class CorrectionError(StorylineError):
    """A correction that cannot be recorded, undone or imported as given."""


@dataclass(frozen=True)
class Correction:
    """One analyst's correction; `state` is active, undone or superseded (by a later one on
    the same target)."""

    id: str
    kind: str
    target: dict[str, Any]
    machine_value: Any
    value: Any
    by: str
    at: str
    reason: str
    state: str = "active"
    ended_at: str | None = None

    @property
    def target_key(self) -> str:
        return target_key(self.kind, self.target)

    def as_record(self) -> dict[str, Any]:
        """The shape the export, `storyline corrections --json` and the history page use."""
        return {
            "id": self.id,
            "field": self.kind,
            "target": self.target,
            "target_key": self.target_key,
            "machine_value": self.machine_value,
            "value": self.value,
            "by": self.by,
            "at": self.at,
            "reason": self.reason,
            "state": self.state,
            "ended_at": self.ended_at,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def target_key(kind: str, target: dict[str, Any]) -> str:
    """The one-line name of what a correction changes: two corrections with the same key
    correct the same thing, so the later supersedes the earlier."""
    if kind == "relation":
        return f"{target['kind']} {target['from']} {target['to']}"
    if kind == "stance":
        return f"{target['assertion_id']} {target['article_id']}"
    if kind == "flag":
        return f"{target['article_id']} {target['flag']}"
    if kind in CLAIM_FIELDS:
        return str(target["claim_id"])
    return str(target["article_id"])


# -- resolving what the analyst names --------------------------------------------------------
def _resolve(store: Store, table: str, given: str, what: str, hint: str) -> str:
    """An id of `table` from the full id or a unique prefix."""
    rows = store.query(f"SELECT id FROM {table} WHERE id = ?", (given,))
    if not rows and given:
        rows = store.query(f"SELECT id FROM {table} WHERE id LIKE ? LIMIT 2", (given + "%",))
    if len(rows) != 1:
        problem = "is ambiguous" if rows else "is not in this store"
        raise CorrectionError(f"{what} '{given}' {problem}: give its full id (see {hint})")
    return str(rows[0]["id"])


def _article(store: Store, given: str) -> str:
    return _resolve(store, "articles", given, "article", "'storyline articles'")


def _endpoint(store: Store, given: str) -> str:
    """A relation end: an article or a claim."""
    try:
        return _article(store, given)
    except CorrectionError:
        return _resolve(
            store, "claims", given, "article or claim", "'storyline articles' or 'storyline claims'"
        )


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise CorrectionError(f"{what} '{value}' is not one of: {', '.join(allowed)}")
    return value


def parse_correction(
    store: Store, kind: str, arguments: Sequence[str]
) -> tuple[dict[str, Any], Any]:
    """The target and the new value of a correction given as the CLI's words
    (design.md: `correct KIND TARGET VALUE`), each checked against the store."""
    if kind not in USAGE:
        raise CorrectionError(f"no correction kind '{kind}': use one of {', '.join(KINDS)}")
    words = list(arguments)
    expected = len(USAGE[kind].split()) - 1
    if kind == "relation" and len(words) == expected + 1 and words[1] == "drift":
        expected += 1  # an optional aspect for an added drift
    if len(words) != expected:
        raise CorrectionError(f"'{kind}' takes {expected} values: storyline correct {USAGE[kind]}")
    if kind in ARTICLE_FIELDS:
        article_id, value = _article(store, words[0]), words[1].strip()
        if not value:
            raise CorrectionError(f"the new {kind} of article {article_id} is empty")
        if kind == "published" and not DATE.match(value):
            raise CorrectionError(f"published date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        if kind == "language" and not re.fullmatch(r"[a-z]{2}", value):
            raise CorrectionError(f"language '{value}' is not an ISO 639-1 code such as 'en'")
        return {"article_id": article_id}, value
    if kind == "story":
        article_id = _article(store, words[0])
        story = words[1]
        if story != NEW_STORY:
            story = _resolve(store, "stories", story, "story", "'storyline stories'")
        return {"article_id": article_id}, story
    if kind == "relation":
        action = _choice(words[0], ("add", "remove"), "relation action")
        relation_kind = _choice(words[1], RELATION_KINDS, "relation kind")
        target = {
            "kind": relation_kind,
            "from": _endpoint(store, words[2]),
            "to": _endpoint(store, words[3]),
        }
        if len(words) == 5:
            target["aspect"] = words[4]
        return target, action
    if kind in CLAIM_FIELDS:
        claim_id = _resolve(store, "claims", words[0], "claim", "'storyline claims ARTICLE'")
        value = words[1]
        if kind == "polarity":
            _choice(value, POLARITIES, "polarity")
        elif kind == "modality":
            _choice(value, MODALITIES, "modality")
        elif not DATE.match(value):
            raise CorrectionError(f"event date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        return {"claim_id": claim_id}, value
    if kind == "stance":
        assertion_id = _resolve(
            store, "assertions", words[0], "assertion", "'storyline assertions STORY'"
        )
        # The assertion's claims travel with it: a re-run that regroups claims gives the
        # assertion a new id, and the correction follows its claims there.
        claims = store.query(
            "SELECT claim_id FROM assertion_claims WHERE assertion_id = ? ORDER BY claim_id",
            (assertion_id,),
        )
        target = {
            "assertion_id": assertion_id,
            "article_id": _article(store, words[1]),
            "claim_ids": [row["claim_id"] for row in claims],
        }
        return target, _choice(words[2], STANCES, "stance")
    action = _choice(words[0], ("confirm", "dismiss"), "flag action")
    flag = _choice(words[2], FLAG_KINDS, "flag kind")
    return {"article_id": _article(store, words[1]), "flag": flag}, action


# -- what is there now -------------------------------------------------------------------------
def current_value(store: Store, kind: str, target: dict[str, Any]) -> Any:
    """What the store holds now where a correction would write: the machine's value when no
    correction is active there."""
    if kind in ARTICLE_FIELDS:
        row = store.query_one("SELECT * FROM articles WHERE id = ?", (target["article_id"],))
        if row is None:
            return None
        return {
            "outlet": lambda: json.loads(row["outlet_json"]),
            "published": lambda: json.loads(row["published_json"]),
            "language": lambda: row["language"],
            "title": lambda: row["title"],
        }[kind]()
    if kind == "story":
        row = store.query_one(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (target["article_id"],)
        )
        return row["story_id"] if row else None
    if kind == "relation":
        return [
            {k: v for k, v in row.items() if k != "corrected_by"}
            for row in store.query(
                "SELECT * FROM relations WHERE kind = ? AND from_id = ? AND to_id = ? "
                "AND stage <> ? ORDER BY id",
                (target["kind"], target["from"], target["to"], CORRECTION_STAGE),
            )
        ]
    if kind in CLAIM_FIELDS:
        row = store.query_one("SELECT * FROM claims WHERE id = ?", (target["claim_id"],))
        if row is None:
            return None
        return json.loads(row["event_date_json"]) if kind == "event_date" else row[kind]
    if kind == "stance":
        row = store.query_one(
            "SELECT stance, hedged, evidence_json FROM stances "
            "WHERE assertion_id = ? AND article_id = ?",
            (target["assertion_id"], target["article_id"]),
        )
        return dict(row) if row else None
    return [
        {k: v for k, v in row.items() if k != "corrected_by"}
        for row in store.query(
            "SELECT * FROM flags WHERE article_id = ? AND kind = ? AND stage <> ? ORDER BY stage",
            (target["article_id"], target["flag"], CORRECTION_STAGE),
        )
    ]


# -- recording, listing, undoing ---------------------------------------------------------------
def _from_row(row: Row) -> Correction:
    return Correction(
        id=row["id"],
        kind=row["kind"],
        target=json.loads(row["target_json"]),
        machine_value=json.loads(row["machine_value_json"]),
        value=json.loads(row["value_json"]),
        by=row["by_name"],
        at=row["created_at"],
        reason=row["reason"],
        state=row["state"],
        ended_at=row["ended_at"],
    )


def list_corrections(store: Store, active_only: bool = False) -> list[Correction]:
    """Every correction recorded, oldest first (only the active ones with `active_only`)."""
    where = "WHERE state = 'active' " if active_only else ""
    rows = store.query(f"SELECT * FROM corrections {where}ORDER BY created_at, id")
    return [_from_row(row) for row in rows]


def get_correction(store: Store, correction_id: str) -> Correction:
    found = _resolve(store, "corrections", correction_id, "correction", "'storyline corrections'")
    row = store.query_one("SELECT * FROM corrections WHERE id = ?", (found,))
    assert row is not None
    return _from_row(row)


def _insert(store: Store, correction: Correction) -> None:
    store.execute(
        "INSERT INTO corrections (id, kind, target, target_json, machine_value_json, value_json, "
        "by_name, created_at, reason, state, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            correction.id,
            correction.kind,
            correction.target_key,
            _json(correction.target),
            _json(correction.machine_value),
            _json(correction.value),
            correction.by,
            correction.at,
            correction.reason,
            correction.state,
            correction.ended_at,
        ),
    )


def _stale(store: Store, correction: Correction) -> None:
    """Mark the stages that read what `correction` changes as not yet run on its articles."""
    stages = DEPENDENT_STAGES[correction.kind]
    if not stages:
        return
    articles = _articles_touched(store, correction)
    marks = ", ".join("?" for _ in stages)
    for article_id in articles:
        store.execute(
            f"DELETE FROM stage_runs WHERE article_id = ? AND stage IN ({marks})",
            (article_id, *stages),
        )
    queue_articles(store, articles, stages)


def _articles_touched(store: Store, correction: Correction) -> list[str]:
    target = correction.target
    if "article_id" in target:
        return [target["article_id"]]
    ids = [target.get("claim_id"), target.get("from"), target.get("to")]
    found = []
    for given in ids:
        if not given:
            continue
        row = store.query_one("SELECT article_id FROM claims WHERE id = ?", (given,))
        found.append(row["article_id"] if row else given)
    return found


def record_correction(
    store: Store,
    kind: str,
    target: dict[str, Any],
    value: Any,
    by: str,
    reason: str = "",
    correction_id: str | None = None,
    at: str | None = None,
) -> Correction:
    """Record one correction and write it into the store now; returns it (its id included).

    A correction of something already corrected supersedes the earlier one and keeps the
    machine's value that one recorded.
    """
    by = by.strip() or "analyst"
    at = at or _now()
    with store.transaction():
        key = target_key(kind, target)
        earlier = store.query(
            "SELECT * FROM corrections WHERE kind = ? AND target = ? AND state = 'active'",
            (kind, key),
        )
        machine = (
            json.loads(earlier[0]["machine_value_json"])
            if earlier
            else current_value(store, kind, target)
        )
        for row in earlier:
            _undo_effect(store, _from_row(row), restore=False)
            store.execute(
                "UPDATE corrections SET state = 'superseded', ended_at = ? WHERE id = ?",
                (at, row["id"]),
            )
        if kind == "story" and value == NEW_STORY:
            value = short_id("s", "new", target["article_id"], at, secrets.token_hex(4))
        correction = Correction(
            id=correction_id or short_id("c", kind, key, at, secrets.token_hex(4)),
            kind=kind,
            target=target,
            machine_value=machine,
            value=value,
            by=by,
            at=at,
            reason=reason,
        )
        _insert(store, correction)
        _apply_one(store, correction)
        _stale(store, correction)
    return correction


def correct(
    store: Store, kind: str, arguments: Sequence[str], by: str, reason: str = ""
) -> Correction:
    """`storyline correct KIND ARGUMENTS...`: parse, check and record one correction."""
    target, value = parse_correction(store, kind, arguments)
    return record_correction(store, kind, target, value, by, reason)


def undo_correction(store: Store, correction_id: str) -> Correction:
    """Undo one active correction: the machine's value goes back where it was, and the stages
    that read it run again on the next `analyze`."""
    correction = get_correction(store, correction_id)
    if correction.state != "active":
        raise CorrectionError(
            f"correction {correction.id} is already {correction.state}; nothing to undo"
        )
    with store.transaction():
        _undo_effect(store, correction, restore=True)
        store.execute(
            "UPDATE corrections SET state = 'undone', ended_at = ? WHERE id = ?",
            (_now(), correction.id),
        )
        _stale(store, correction)
    return get_correction(store, correction.id)


def merge_stories(store: Store, source: str, into: str, by: str, reason: str = "") -> list[str]:
    """Merge story `source` into story `into`: one story correction per article moved."""
    source = _resolve(store, "stories", source, "story", "'storyline stories'")
    into = _resolve(store, "stories", into, "story", "'storyline stories'")
    if source == into:
        raise CorrectionError(f"story {source} cannot be merged into itself")
    members = store.query(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id", (source,)
    )
    return [
        record_correction(store, "story", {"article_id": row["article_id"]}, into, by, reason).id
        for row in members
    ]


# -- writing corrections over the stages' output -----------------------------------------------
def _mark(store: Store, table: str, where: str, params: Sequence[Any], correction_id: str) -> None:
    """Add `correction_id` to `corrected_by` of the rows `where` selects."""
    rows = store.query(f"SELECT corrected_by FROM {table} WHERE {where}", params)
    for row in rows:
        ids = (row["corrected_by"] or "").split()
        if correction_id not in ids:
            store.execute(
                f"UPDATE {table} SET corrected_by = ? WHERE {where}",
                (" ".join([*ids, correction_id]), *params),
            )
            return


def _unmark(
    store: Store, table: str, where: str, params: Sequence[Any], correction_id: str
) -> None:
    for row in store.query(f"SELECT corrected_by FROM {table} WHERE {where}", params):
        ids = [i for i in (row["corrected_by"] or "").split() if i != correction_id]
        store.execute(
            f"UPDATE {table} SET corrected_by = ? WHERE {where}", (" ".join(ids) or None, *params)
        )
        return


def _corrected_published(correction: Correction) -> dict[str, Any]:
    value = str(correction.value)
    precision = {4: "year", 7: "month"}.get(len(value), "day")
    return {
        "date": value,
        "precision": precision,
        "source": "analyst",
        "confidence": 1.0,
        "estimate": "stated",
        "not_before": None,
        "evidence": f"corrected by {correction.by} ({correction.id})"
        + (f": {correction.reason}" if correction.reason else ""),
    }


def _write_article_field(store: Store, kind: str, article_id: str, value: Any) -> None:
    if kind == "outlet":
        store.execute(
            "UPDATE articles SET outlet = ?, outlet_json = ? WHERE id = ?",
            (value.get("name"), _json(value), article_id),
        )
    elif kind == "published":
        store.execute(
            "UPDATE articles SET published_date = ?, published_json = ? WHERE id = ?",
            (value.get("date"), _json(value), article_id),
        )
    elif kind == "language":
        store.execute("UPDATE articles SET language = ? WHERE id = ?", (value, article_id))
    else:
        store.execute("UPDATE articles SET title = ? WHERE id = ?", (value, article_id))


def _place(store: Store, article_id: str, story_id: str, evidence: dict[str, Any]) -> None:
    """Put an article into a story (made if missing), and drop stories left empty."""
    title_row = store.query_one("SELECT title FROM articles WHERE id = ?", (article_id,))
    now = _now()
    store.execute(
        "INSERT INTO stories (id, title, created_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (id) DO NOTHING",
        (story_id, (title_row or {}).get("title") or story_id, now, now),
    )
    store.execute(
        "INSERT INTO story_articles (article_id, story_id, score, evidence_json) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
        "score = excluded.score, evidence_json = excluded.evidence_json",
        (article_id, story_id, 1.0, _json(evidence)),
    )
    note_placements(store, [article_id])
    store.execute(
        "DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles) "
        "AND id NOT IN (SELECT story_id FROM story_events)"
    )


def _added_relation(correction: Correction) -> Relation:
    target = correction.target
    evidence: dict[str, Any] = {"added_by": correction.by, "correction": correction.id}
    if target["kind"] == "drift":
        evidence.update({"aspect": target.get("aspect"), "from_value": None, "to_value": None})
    return Relation(target["kind"], target["from"], target["to"], 1.0, evidence)


def _apply_one(store: Store, correction: Correction) -> bool:
    """Write one correction over what the stages stored; False when its target is not (yet)
    in the store (a claim or assertion a re-run no longer finds)."""
    kind, target, cid = correction.kind, correction.target, correction.id
    if kind in ARTICLE_FIELDS:
        article_id = target["article_id"]
        if not store.query_one("SELECT id FROM articles WHERE id = ?", (article_id,)):
            return False
        value: Any = correction.value
        if kind == "outlet":
            value = {
                "name": value,
                "source": "analyst",
                "confidence": 1.0,
                "evidence": f"corrected by {correction.by} ({cid})",
            }
        elif kind == "published":
            value = _corrected_published(correction)
        _write_article_field(store, kind, article_id, value)
        _mark(store, "articles", "id = ?", (article_id,), cid)
        return True
    if kind == "story":
        article_id = target["article_id"]
        if not store.query_one("SELECT id FROM articles WHERE id = ?", (article_id,)):
            return False
        row = store.query_one(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)
        )
        if row is None or row["story_id"] != correction.value:
            _place(store, article_id, correction.value, {"corrected_by": cid})
        _mark(store, "story_articles", "article_id = ?", (article_id,), cid)
        return True
    if kind == "relation":
        where = "kind = ? AND from_id = ? AND to_id = ?"
        ends = (target["kind"], target["from"], target["to"])
        if correction.value == "remove":
            store.execute(f"DELETE FROM relations WHERE {where}", ends)
            return True
        machine = store.query(
            f"SELECT id FROM relations WHERE {where} AND stage <> ?",
            (
                *ends,
                CORRECTION_STAGE,
            ),
        )
        if machine:
            # The machine found it too: a confirmation, kept on the machine's own row.
            store.execute(
                f"DELETE FROM relations WHERE {where} AND stage = ?", (*ends, CORRECTION_STAGE)
            )
            for row in machine:
                _mark(store, "relations", "id = ?", (row["id"],), cid)
            return True
        relation = _added_relation(correction)
        store.execute(
            "INSERT INTO relations (id, kind, from_id, to_id, score, evidence_json, stage, "
            "stage_version, corrected_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            (
                relation.id,
                relation.kind,
                relation.from_id,
                relation.to_id,
                relation.score,
                _json(relation.evidence),
                CORRECTION_STAGE,
                cid,
                cid,
            ),
        )
        return True
    if kind in CLAIM_FIELDS:
        claim_id = target["claim_id"]
        if not store.query_one("SELECT id FROM claims WHERE id = ?", (claim_id,)):
            return False
        if kind == "event_date":
            value = str(correction.value)
            when = {
                "value": value,
                "precision": {4: "year", 7: "month"}.get(len(value), "day"),
                "anchored": True,
                "source": "analyst",
            }
            store.execute(
                "UPDATE claims SET event_date_json = ? WHERE id = ?", (_json(when), claim_id)
            )
        else:
            store.execute(
                f"UPDATE claims SET {kind} = ? WHERE id = ?", (correction.value, claim_id)
            )
            if kind == "polarity":
                store.execute(
                    "UPDATE assertion_claims SET polarity = ? WHERE claim_id = ?",
                    (correction.value, claim_id),
                )
        _mark(store, "claims", "id = ?", (claim_id,), cid)
        return True
    if kind == "stance":
        assertion_id = assertion_now(store, target)
        if assertion_id is None:
            return False
        store.execute(
            "INSERT INTO stances (assertion_id, article_id, stance, hedged, evidence_json) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (assertion_id, article_id) DO UPDATE SET "
            "stance = excluded.stance",
            (assertion_id, target["article_id"], correction.value, 0, "{}"),
        )
        _mark(
            store,
            "stances",
            "assertion_id = ? AND article_id = ?",
            (assertion_id, target["article_id"]),
            cid,
        )
        return True
    article_id, flag = target["article_id"], target["flag"]
    if not store.query_one("SELECT id FROM articles WHERE id = ?", (article_id,)):
        return False
    if correction.value == "dismiss":
        store.execute("DELETE FROM flags WHERE article_id = ? AND kind = ?", (article_id, flag))
        return True
    found = store.query(
        "SELECT stage FROM flags WHERE article_id = ? AND kind = ? AND stage <> ?",
        (article_id, flag, CORRECTION_STAGE),
    )
    if found:
        store.execute(
            "DELETE FROM flags WHERE article_id = ? AND kind = ? AND stage = ?",
            (article_id, flag, CORRECTION_STAGE),
        )
        for row in found:
            _mark(
                store,
                "flags",
                "article_id = ? AND kind = ? AND stage = ?",
                (article_id, flag, row["stage"]),
                cid,
            )
        return True
    machine = correction.machine_value or []
    evidence = json.loads(machine[0]["evidence_json"]) if machine else {}
    store.execute(
        "INSERT INTO flags (article_id, kind, evidence_json, stage, corrected_by) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, kind, stage) DO NOTHING",
        (
            article_id,
            flag,
            _json({**evidence, "confirmed_by": correction.by}),
            CORRECTION_STAGE,
            cid,
        ),
    )
    return True


def _undo_effect(store: Store, correction: Correction, restore: bool) -> None:
    """Take a correction's writing back out; with `restore`, put the machine's value back."""
    kind, target, cid, machine = (
        correction.kind,
        correction.target,
        correction.id,
        correction.machine_value,
    )
    if kind in ARTICLE_FIELDS:
        _unmark(store, "articles", "id = ?", (target["article_id"],), cid)
        if restore and machine is not None:
            _write_article_field(store, kind, target["article_id"], machine)
    elif kind == "story":
        _unmark(store, "story_articles", "article_id = ?", (target["article_id"],), cid)
        if restore:
            if machine:
                _place(store, target["article_id"], machine, {"restored_after_undo": cid})
            else:
                store.execute(
                    "DELETE FROM story_articles WHERE article_id = ?", (target["article_id"],)
                )
                note_placements(store, [target["article_id"]])
    elif kind == "relation":
        where = "kind = ? AND from_id = ? AND to_id = ?"
        ends = (target["kind"], target["from"], target["to"])
        store.execute(
            f"DELETE FROM relations WHERE {where} AND stage = ?", (*ends, CORRECTION_STAGE)
        )
        for row in store.query(f"SELECT id FROM relations WHERE {where}", ends):
            _unmark(store, "relations", "id = ?", (row["id"],), cid)
        if restore and correction.value == "remove":
            for row in machine or []:
                store.execute(
                    "INSERT INTO relations (id, kind, from_id, to_id, score, evidence_json, "
                    "stage, stage_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (id) DO NOTHING",
                    tuple(
                        row[k]
                        for k in (
                            "id",
                            "kind",
                            "from_id",
                            "to_id",
                            "score",
                            "evidence_json",
                            "stage",
                            "stage_version",
                        )
                    ),
                )
    elif kind in CLAIM_FIELDS:
        claim_id = target["claim_id"]
        _unmark(store, "claims", "id = ?", (claim_id,), cid)
        if restore and store.query_one("SELECT id FROM claims WHERE id = ?", (claim_id,)):
            if kind == "event_date":
                store.execute(
                    "UPDATE claims SET event_date_json = ? WHERE id = ?", (_json(machine), claim_id)
                )
            elif machine is not None:
                store.execute(f"UPDATE claims SET {kind} = ? WHERE id = ?", (machine, claim_id))
                if kind == "polarity":
                    store.execute(
                        "UPDATE assertion_claims SET polarity = ? WHERE claim_id = ?",
                        (machine, claim_id),
                    )
    elif kind == "stance":
        keys = (assertion_now(store, target) or target["assertion_id"], target["article_id"])
        _unmark(store, "stances", "assertion_id = ? AND article_id = ?", keys, cid)
        if restore:
            if machine:
                store.execute(
                    "UPDATE stances SET stance = ?, hedged = ?, evidence_json = ? "
                    "WHERE assertion_id = ? AND article_id = ?",
                    (machine["stance"], machine["hedged"], machine["evidence_json"], *keys),
                )
            else:
                store.execute("DELETE FROM stances WHERE assertion_id = ? AND article_id = ?", keys)
    else:
        keys = (target["article_id"], target["flag"])
        store.execute(
            "DELETE FROM flags WHERE article_id = ? AND kind = ? AND stage = ?",
            (*keys, CORRECTION_STAGE),
        )
        for row in store.query("SELECT stage FROM flags WHERE article_id = ? AND kind = ?", keys):
            _unmark(
                store,
                "flags",
                "article_id = ? AND kind = ? AND stage = ?",
                (*keys, row["stage"]),
                cid,
            )
        if restore and correction.value == "dismiss":
            for row in machine or []:
                store.execute(
                    "INSERT INTO flags (article_id, kind, evidence_json, stage) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, kind, stage) DO NOTHING",
                    (row["article_id"], row["kind"], row["evidence_json"], row["stage"]),
                )


def assertion_now(store: Store, target: dict[str, Any]) -> str | None:
    """The assertion a stance correction is about in the store as it is now: the one it named
    if it is still there, else the one now holding most of that assertion's claims."""
    if store.query_one("SELECT id FROM assertions WHERE id = ?", (target["assertion_id"],)):
        return str(target["assertion_id"])
    claim_ids = list(target.get("claim_ids") or [])
    if not claim_ids:
        return None
    marks = ", ".join("?" for _ in claim_ids)
    row = store.query_one(
        "SELECT assertion_id, COUNT(*) AS shared FROM assertion_claims "
        f"WHERE claim_id IN ({marks}) GROUP BY assertion_id "
        "ORDER BY COUNT(*) DESC, assertion_id LIMIT 1",
        claim_ids,
    )
    return str(row["assertion_id"]) if row else None


def apply_corrections(store: Store, kinds: Iterable[str] | None = None) -> int:
    """Write every active correction (of `kinds`, default all) over the stages' output, oldest
    first; returns how many found their target. Safe to call any number of times."""
    wanted = set(kinds) if kinds is not None else set(KINDS)
    applied = 0
    with store.transaction():
        for correction in list_corrections(store, active_only=True):
            if correction.kind in wanted and _apply_one(store, correction):
                applied += 1
    return applied


# -- sharing -----------------------------------------------------------------------------------
EXPORT_FORMAT = "storyline-corrections/1"


def export_corrections(store: Store) -> dict[str, Any]:
    """The active corrections as one JSON document another store can import."""
    return {
        "format": EXPORT_FORMAT,
        "corrections": [c.as_record() for c in list_corrections(store, active_only=True)],
    }


def import_corrections(store: Store, document: dict[str, Any]) -> dict[str, int]:
    """Record the corrections of an exported document that this store lacks (same id, same
    author, time and reason; the machine's value is this store's own). Returns counts."""
    if document.get("format") != EXPORT_FORMAT or not isinstance(document.get("corrections"), list):
        raise CorrectionError(
            f"not a corrections file: expected {{'format': '{EXPORT_FORMAT}', 'corrections': "
            "[...]}, as 'storyline corrections export' writes"
        )
    known = {row["id"] for row in store.query("SELECT id FROM corrections")}
    added = skipped = 0
    for record in sorted(document["corrections"], key=lambda r: (r.get("at") or "", r["id"])):
        if record["id"] in known:
            skipped += 1
            continue
        if record.get("field") not in KINDS:
            raise CorrectionError(
                f"correction {record['id']}: unknown field {record.get('field')!r}"
            )
        record_correction(
            store,
            record["field"],
            record["target"],
            record["value"],
            record.get("by") or "analyst",
            record.get("reason") or "",
            correction_id=record["id"],
            at=record.get("at"),
        )
        added += 1
    return {"added": added, "already_here": skipped}


# -- showing corrections beside the findings ---------------------------------------------------
def annotate_export(store: Store, document: dict[str, list[dict[str, Any]]]) -> None:
    """Give each article, claim, relation and stance a correction touched its `corrections`
    list (design.md's export contract)."""
    active = list_corrections(store, active_only=True)
    if not active:
        return
    by_article: dict[str, list[dict[str, Any]]] = {}
    by_claim: dict[str, list[dict[str, Any]]] = {}
    by_relation: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    by_stance: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for correction in active:
        record = {
            k: v
            for k, v in correction.as_record().items()
            if k in ("id", "field", "target", "machine_value", "value", "by", "at", "reason")
        }
        target = correction.target
        if correction.kind == "relation":
            key = (target["kind"], target["from"], target["to"])
            by_relation.setdefault(key, []).append(record)
        elif correction.kind == "stance":
            key2 = (assertion_now(store, target) or target["assertion_id"], target["article_id"])
            by_stance.setdefault(key2, []).append(record)
        elif correction.kind in CLAIM_FIELDS:
            by_claim.setdefault(target["claim_id"], []).append(record)
        else:
            by_article.setdefault(target["article_id"], []).append(record)
    for article in document.get("articles", []):
        if article["id"] in by_article:
            article["corrections"] = by_article[article["id"]]
    for claim in document.get("claims", []):
        if claim["id"] in by_claim:
            claim["corrections"] = by_claim[claim["id"]]
    for relation in document.get("relations", []):
        found = by_relation.get((relation["kind"], relation["from"], relation["to"]))
        if found:
            relation["corrections"] = found
    for assertion in document.get("assertions", []):
        for stance in assertion.get("stances", []):
            found = by_stance.get((assertion["id"], stance["article_id"]))
            if found:
                stance["corrections"] = found
