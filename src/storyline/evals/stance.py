"""Stance benchmarks: FNC-1 and ARC (headline vs body), ANS (Arabic claim pairs) and UnifiedFC
(Arabic claim vs article), with their metrics."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from storyline.errors import ConfigError
from storyline.stance.data import (
    ANS_LABELS,
    FNC_LABELS,
    Pair,
    fnc_split,
    read_ans,
    read_arc,
    read_fnc,
    read_unifiedfc,
    unifiedfc_dev,
)
from storyline.stance.predict import head_named, load_head
from storyline.stance.train import RECIPES, head_labels

RELATED = ("agree", "disagree", "discuss")


def per_class(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Precision, recall, F1 and support of each label, and the confusion matrix (gold rows)."""
    matrix = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        matrix[g][p] += 1
    classes = {}
    for label in labels:
        hits = matrix[label][label]
        predicted_count = sum(matrix[g][label] for g in labels)
        support = sum(matrix[label].values())
        precision = hits / predicted_count if predicted_count else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                          "f1": round(f1, 4), "support": support}  # fmt: skip
    return {"per_class": classes, "confusion": matrix}


def _macro_f1(table: dict, labels: Sequence[str]) -> float:
    return sum(table["per_class"][label]["f1"] for label in labels) / len(labels)


def fnc_score(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The FNC-1 weighted score as a percentage of the best possible on this gold."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 + (0.75 if g in RELATED else 0.0)
        if (g in RELATED) == (p in RELATED):
            score += 0.25
        if g in RELATED and g == p:
            score += 0.75
    return 100.0 * score / best if best else 0.0


def fnc_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """FNC score (percent of max), macro-F1 over the four classes, per-class figures."""
    table = per_class(gold, predicted, FNC_LABELS)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    return {"fnc_score": round(fnc_score(gold, predicted), 2),
            "macro_f1": round(_macro_f1(table, FNC_LABELS), 4),
            "accuracy": round(accuracy, 4), "pairs": len(gold), **table}  # fmt: skip


def ans_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Macro-F1 over agree/disagree/other, accuracy, per-class figures.

    The ANS head also knows "unrelated" (learnt from mismatched pairs); ANS itself files such
    pairs under "other", neither paraphrase nor contradiction, and so is it scored here.
    """
    predicted = [label if label in ANS_LABELS else "other" for label in predicted]
    table = per_class(gold, predicted, ANS_LABELS)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    return {"macro_f1": round(_macro_f1(table, ANS_LABELS), 4),
            "accuracy": round(accuracy, 4), "pairs": len(gold), **table}  # fmt: skip


def pair_metrics(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    """Macro-F1 over the labels present in `gold`, accuracy, per-class figures."""
    table = per_class(gold, predicted, labels)
    present = [label for label in labels if label in set(gold)]
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)
    return {"macro_f1": round(_macro_f1(table, present), 4), "accuracy": round(accuracy, 4),
            "pairs": len(gold), **table}  # fmt: skip


def _test_or_dev_pairs(
    data: Path,
    task: str,
    files: tuple[str, str],
    read: Callable[[str], list[Pair]],
    progress: bool,
    test_split: str = "test",
) -> tuple[list[Pair], str]:
    """An FNC-format set's test pairs where `data` holds its test stances (`files`: the test and
    the training stances file), else our held-out dev split of its training pairs (`fnc_split`:
    whole claims held out); with the split's name (`test_split` or 'train_dev_split'). `read`
    reads a part ('test' or 'train')."""
    test, train = files
    if (data / test).is_file():
        return read("test"), test_split
    if (data / train).is_file():
        if progress:
            print(f"{task}: no {test}; scoring our held-out dev split of train (claims and "
                  "bodies never seen in training)", file=sys.stderr)  # fmt: skip
        return fnc_split(read("train"))[1], "train_dev_split"
    raise ConfigError(f"'{data}' holds neither {test} nor {train}")


def eval_fnc1(data: Path, progress: bool = True) -> dict:
    """FNC-1 on the competition test files in `data`, or on our dev split of its train files."""
    files = ("competition_test_stances.csv", "train_stances.csv")
    parts = {"test": "competition_test", "train": "train"}
    pairs, split = _test_or_dev_pairs(
        data, "fnc1", files, lambda part: read_fnc(data, parts[part]), progress, parts["test"]
    )
    head = load_head("fnc1")
    predicted = head_labels(head, pairs, RECIPES["fnc1"]["language"])
    metrics = fnc_metrics([pair.label for pair in pairs], predicted)
    return {**metrics, "split": split, "model": head.name}


def eval_ans(data: Path, progress: bool = True) -> dict:
    """ANS stance on one CSV (s1, s2, stance) or a folder holding stance_test.csv."""
    path = data / "stance_test.csv" if data.is_dir() else data
    pairs = read_ans(path)
    head = load_head("ans")
    predicted = head_labels(head, pairs, RECIPES["ans"]["language"])
    metrics = ans_metrics([pair.label for pair in pairs], predicted)
    return {**metrics, "split": path.stem, "model": head.name}


def eval_arc(data: Path, progress: bool = True) -> dict:
    """ARC on `arc_stances_test.csv` in `data`, or on our dev split of `arc_stances_train.csv`
    (whole claims held out as for FNC-1: no dev post and no related dev claim in training)."""
    files = ("arc_stances_test.csv", "arc_stances_train.csv")
    pairs, split = _test_or_dev_pairs(
        data, "arc", files, lambda part: read_arc(data, part), progress
    )
    # ARC's posts are read as bodies, by the head FNC-1 pairs go to.
    head = load_head(head_named("fnc1", "en", "en"))
    predicted = head_labels(head, pairs, RECIPES["fnc1"]["language"])
    metrics = fnc_metrics([pair.label for pair in pairs], predicted)
    return {**metrics, "split": split, "model": head.name}


# Where a head records the UnifiedFC claims it was trained on (by id).
TRAINED_CLAIMS = "unifiedfc_claims"


def eval_unifiedfc(data: Path, progress: bool = True, split: str = "auto") -> dict:
    """UnifiedFC on one `claims.jsonl` (or a folder holding it): each (claim, article) is a pair,
    read by the head an Arabic claim against an Arabic article goes to.

    No claim the head was trained on is scored: when the file holds any (it is the training
    part), only our dev part is scored, one claim in five by id (`unifiedfc_dev`). `split`
    'dev' or 'all' forces the choice (for measuring heads that keep no record).
    """
    path = data / "claims.jsonl" if data.is_dir() else data
    pairs = read_unifiedfc(path)
    head = load_head(head_named("fnc1", "ar", "ar"))
    trained = set(head.info.get(TRAINED_CLAIMS, []))
    if split == "auto":
        split = "dev" if any(pair.claim in trained for pair in pairs) else "all"
    if split == "dev":
        pairs = [pair for pair in pairs if unifiedfc_dev(pair.claim or "")]
        if progress:
            print("unifiedfc: the file holds claims the head was trained on; scoring our "
                  "held-out dev part (one claim in five by id)", file=sys.stderr)  # fmt: skip
    seen = sorted({pair.claim for pair in pairs if pair.claim in trained})
    if seen:
        raise ConfigError(
            f"unifiedfc: {len(seen)} claim(s) to score were in the head's training data "
            f"(first: {seen[0]}); score our dev part (split='dev') or another file"
        )
    predicted = head_labels(head, pairs, "ar")
    metrics = fnc_metrics([pair.label for pair in pairs], predicted)
    claims = len({pair.claim for pair in pairs})
    name = "train_dev_split" if split == "dev" else path.stem
    return {**metrics, "claims": claims, "split": name, "model": head.name}
