"""Stance figures for BENCHMARKS.md: every shipped head variant on FNC-1, ARC, ANS and
UnifiedFC, as Markdown.

Run from the repository root (after `storyline train stance` if the heads were rebuilt):

    .venv/bin/python benchmarks/stance_tables.py --fnc1 ../shared/bench/fnc1 \
        --arc ../shared/bench/arc --ans ../shared/bench/ans/stance_dev.csv \
        --unifiedfc ../shared/bench/unifiedfc

It runs what `STORYLINE_STANCE_VARIANT=<variant> storyline eval fnc1|arc|ans|unifiedfc --data
...` runs, for the variants full, nocue and xling (UnifiedFC has one: an Arabic claim against an
Arabic article is always read by `fnc1-xling`), and prints per-class tables and confusion
matrices. Each set is optional.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from storyline.evals import run_eval
from storyline.stance.predict import VARIANT_ENV, VARIANTS

HEADLINES = {
    "fnc1": ("fnc_score", "macro_f1", "accuracy"),
    "arc": ("fnc_score", "macro_f1", "accuracy"),
    "ans": ("macro_f1", "accuracy"),
    "unifiedfc": ("macro_f1", "accuracy", "fnc_score"),
}
# Tasks whose pairs always go to one head, whatever the variant asked for.
ONE_HEAD = {"unifiedfc"}


def tables(task: str, variant: str, metrics: dict) -> str:
    """One variant's summary line, per-class table and confusion matrix (gold rows)."""
    labels = list(metrics["per_class"])
    summary = ", ".join(f"{key} **{metrics[key]}**" for key in HEADLINES[task])
    lines = [
        f"**{task} · {variant}** (head `{metrics['model']}`, {metrics['pairs']} pairs, "
        f"split `{metrics['split']}`): {summary}",
        "",
        "| class | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for label in labels:
        row = metrics["per_class"][label]
        lines.append(f"| {label} | {row['precision']:.3f} | {row['recall']:.3f} | "
                     f"{row['f1']:.3f} | {row['support']} |")  # fmt: skip
    lines += ["", "| gold \\ predicted | " + " | ".join(labels) + " |",
              "|---" * (len(labels) + 1) + "|"]  # fmt: skip
    for gold in labels:
        counts = " | ".join(str(metrics["confusion"][gold][p]) for p in labels)
        lines.append(f"| {gold} | {counts} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fnc1", type=Path, help="FNC-1 folder")
    parser.add_argument("--arc", type=Path, help="ARC folder")
    parser.add_argument("--ans", type=Path, help="ANS CSV or folder")
    parser.add_argument("--unifiedfc", type=Path, help="UnifiedFC claims.jsonl or its folder")
    args = parser.parse_args()
    for task in HEADLINES:
        data = getattr(args, task)
        if data is None:
            continue
        for variant in ("full",) if task in ONE_HEAD else VARIANTS:
            os.environ[VARIANT_ENV] = variant
            print(tables(task, variant, run_eval(task, data, progress=False)))


if __name__ == "__main__":
    main()
