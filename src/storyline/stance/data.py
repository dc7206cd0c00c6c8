"""Reading the stance training sets (FNC-1, ARC, ANS, UnifiedFC, Tatoeba) and our dev splits."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from storyline.errors import ConfigError

FNC_LABELS = ("agree", "disagree", "discuss", "unrelated")
ANS_LABELS = ("agree", "disagree", "other")
DEV_SHARE = 0.2
SPLIT_SEED = 2017


@dataclass(frozen=True)
class Pair:
    """One labelled pair: `a` the claim or headline, `b` the text or body it is read against."""

    a: str
    b: str
    label: str
    b_key: int | None
    # The languages of a and b where they differ from the benchmark's own language.
    languages: tuple[str, str] | None = None
    # The id of the claim the pair belongs to, where the benchmark names one.
    claim: str | None = None


def _rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.is_file():
        raise ConfigError(f"no file '{path}': expected a CSV with columns {', '.join(required)}")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"'{path}' lacks the column(s) {', '.join(missing)}")
        return list(reader)


def read_stance_csv(bodies_path: Path, stances_path: Path) -> list[Pair]:
    """Pairs in FNC-1's format: bodies (Body ID, articleBody) and stances (Headline, Body ID,
    Stance), as FNC-1 and ARC publish them."""
    bodies = {
        int(row["Body ID"]): row["articleBody"]
        for row in _rows(bodies_path, ("Body ID", "articleBody"))
    }
    pairs = []
    for row in _rows(stances_path, ("Headline", "Body ID", "Stance")):
        body_id = int(row["Body ID"])
        if body_id not in bodies:
            raise ConfigError(
                f"{stances_path.name} names Body ID {body_id}, absent from {bodies_path.name}"
            )
        label = row["Stance"].strip().lower()
        if label not in FNC_LABELS:
            raise ConfigError(f"{stances_path.name}: unknown stance '{row['Stance']}'")
        pairs.append(Pair(row["Headline"], bodies[body_id], label, body_id))
    return pairs


def read_fnc(folder: Path, prefix: str) -> list[Pair]:
    """FNC-1 pairs from `{prefix}_bodies.csv` and `{prefix}_stances.csv` in `folder`."""
    return read_stance_csv(folder / f"{prefix}_bodies.csv", folder / f"{prefix}_stances.csv")


def read_arc(folder: Path, part: str) -> list[Pair]:
    """ARC pairs from `arc_bodies.csv` and `arc_stances_{part}.csv` ('train' or 'test')."""
    return read_stance_csv(folder / "arc_bodies.csv", folder / f"arc_stances_{part}.csv")


def fnc_split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """Our train/dev split of FNC-1 (or ARC) train by body, with no claim seen on both sides.

    FNC-1 pairs each headline with several bodies about the same claim, so a split by body alone
    leaves every dev headline in training and flatters the score; the competition test brings new
    claims. Bodies and headlines linked by a related pair form one claim; whole claims go to dev,
    and a dev headline is never paired with a training body.
    """
    parent: dict[tuple[str, str | int], tuple[str, str | int]] = {}

    def root(node: tuple[str, str | int]) -> tuple[str, str | int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        root(("headline", pair.a))
        root(("body", pair.b_key))
        if pair.label != "unrelated":
            parent[root(("headline", pair.a))] = root(("body", pair.b_key))
    claims: dict[tuple[str, str | int], list[int]] = {}
    for node in sorted(parent, key=str):
        if node[0] == "body":
            claims.setdefault(root(node), []).append(int(node[1]))
    ordered = sorted(claims, key=lambda claim: min(claims[claim]))
    order = np.random.default_rng(SPLIT_SEED).permutation(len(ordered))
    wanted = round(DEV_SHARE * sum(len(bodies) for bodies in claims.values()))
    dev_claims: set[tuple[str, str | int]] = set()
    dev_bodies = 0
    for index in order:
        if dev_bodies >= wanted:
            break
        dev_claims.add(ordered[index])
        dev_bodies += len(claims[ordered[index]])
    train, dev = [], []
    for pair in pairs:
        headline_in_dev = root(("headline", pair.a)) in dev_claims
        if root(("body", pair.b_key)) in dev_claims:
            # A dev body against a training headline is still a fair unrelated pair.
            dev.append(pair)
        elif not headline_in_dev:
            train.append(pair)
    return train, dev


def headline_pairs(pairs: list[Pair], per_label: int, seed: int) -> list[Pair]:
    """English claim pairs read off FNC-1: two headlines taking the same side on one body agree
    with each other; one that agrees and one that disagrees with it disagree."""
    sides: dict[int, dict[str, set[str]]] = {}
    for pair in pairs:
        if pair.label in ("agree", "disagree") and pair.b_key is not None:
            sides.setdefault(pair.b_key, {}).setdefault(pair.label, set()).add(pair.a)
    found: dict[str, list[Pair]] = {"agree": [], "disagree": []}
    for body in sorted(sides):
        agree = sorted(sides[body].get("agree", ()))
        disagree = sorted(sides[body].get("disagree", ()))
        found["disagree"] += [Pair(x, y, "disagree", None) for x in agree for y in disagree]
        for same in (agree, disagree):
            found["agree"] += [Pair(x, y, "agree", None) for x, y in pairwise(same)]
    rng = np.random.default_rng(seed)
    chosen = []
    for label in ("agree", "disagree"):
        pool = found[label]
        picks = sorted(rng.permutation(len(pool))[:per_label].tolist())
        chosen += [pool[i] for i in picks]
    return chosen


# Tatoeba files: `{code}-eng.{code}` line i translates `{code}-eng.eng` line i.
TATOEBA = {"ara": "ar", "tur": "tr"}


def read_tatoeba(folder: Path) -> list[Pair]:
    """Translation pairs (foreign, English) from a Tatoeba folder, labelled agree."""
    pairs = []
    for code, language in TATOEBA.items():
        foreign = folder / f"{code}-eng.{code}"
        english = folder / f"{code}-eng.eng"
        if not foreign.is_file() or not english.is_file():
            raise ConfigError(f"no Tatoeba pair files {foreign.name}, {english.name} in '{folder}'")
        left = foreign.read_text(encoding="utf-8").splitlines()
        right = english.read_text(encoding="utf-8").splitlines()
        if len(left) != len(right):
            raise ConfigError(f"'{foreign}' and '{english}' differ in line count")
        pairs += [
            Pair(x, y, "agree", None, (language, "en"))
            for x, y in zip(left, right, strict=True)
            if x.strip() and y.strip()
        ]
    return pairs


def read_ans(path: Path) -> list[Pair]:
    """ANS pairs from one CSV with columns s1, s2, stance."""
    pairs = []
    for index, row in enumerate(_rows(path, ("s1", "s2", "stance"))):
        label = row["stance"].strip().lower()
        if label not in ANS_LABELS:
            raise ConfigError(f"'{path}' row {index + 2}: unknown stance '{row['stance']}'")
        pairs.append(Pair(row["s1"], row["s2"], label, None))
    return pairs


UNIFIEDFC_DEV_EVERY = 5


def read_unifiedfc(path: Path) -> list[Pair]:
    """UnifiedFC (claim, article) pairs from `claims.jsonl`, one per article, in Arabic; each
    pair's `claim` field holds the claim's id (for splitting by claim)."""
    if not path.is_file():
        raise ConfigError(f"no file '{path}': expected UnifiedFC's claims.jsonl")
    pairs = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                claim, articles, stances = row["claim"], row["article"], row["stance"]
                claim_id = str(row["id"])
            except (ValueError, KeyError, TypeError) as error:
                raise ConfigError(
                    f"'{path}' line {number}: not a UnifiedFC claim ({error}); expected JSON "
                    "with id, claim, article[], stance[]"
                ) from error
            if len(articles) != len(stances):
                raise ConfigError(f"'{path}' line {number}: {len(articles)} articles but "
                                  f"{len(stances)} stances")  # fmt: skip
            for article, stance in zip(articles, stances, strict=True):
                label = str(stance).strip().lower()
                if label not in FNC_LABELS:
                    raise ConfigError(f"'{path}' line {number}: unknown stance '{stance}'")
                pairs.append(Pair(claim, article, label, None, ("ar", "ar"), claim_id))
    return pairs


def unifiedfc_dev(claim_id: str) -> bool:
    """Whether a UnifiedFC claim is in our dev part: one claim in five, by a hash of its id
    (63 of the 337 claims given here), so membership never depends on the rest of the file."""
    digest = hashlib.sha1(claim_id.encode("utf-8")).hexdigest()
    return int(digest, 16) % UNIFIEDFC_DEV_EVERY == 0


def unifiedfc_split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    """Our train/dev split of UnifiedFC by claim: all of a claim's articles on one side."""
    train = [pair for pair in pairs if not unifiedfc_dev(pair.claim or "")]
    dev = [pair for pair in pairs if unifiedfc_dev(pair.claim or "")]
    return train, dev
