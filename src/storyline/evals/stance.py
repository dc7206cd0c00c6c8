"""Stance benchmarks: FNC-1 (headline vs body) and ANS (Arabic claim pairs), with their metrics."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from storyline.errors import ConfigError
from storyline.stance.data import ANS_LABELS, FNC_LABELS, fnc_split, read_ans, read_fnc
from storyline.stance.predict import load_head
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


def eval_fnc1(data: Path, progress: bool = True) -> dict:
    """FNC-1 on the competition test files in `data`, or on our dev split of its train files."""
    if (data / "competition_test_stances.csv").is_file():
        pairs, split = read_fnc(data, "competition_test"), "competition_test"
    elif (data / "train_stances.csv").is_file():
        pairs, split = fnc_split(read_fnc(data, "train"))[1], "train_dev_split"
        if progress:
            print("fnc1: no competition_test files; scoring our held-out dev split of train "
                  "(bodies never seen in training)", file=sys.stderr)  # fmt: skip
    else:
        raise ConfigError(f"'{data}' holds neither competition_test_*.csv nor train_*.csv")
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
