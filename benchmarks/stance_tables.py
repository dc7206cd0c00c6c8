"""Stance figures for BENCHMARKS.md: every shipped head variant on FNC-1 and ANS, as Markdown.

Run from the repository root (after `storyline train stance` if the heads were rebuilt):

    .venv/bin/python benchmarks/stance_tables.py --fnc1 ../shared/bench/fnc1 \
        --ans ../shared/bench/ans/stance_dev.csv

It runs what `STORYLINE_STANCE_VARIANT=<variant> storyline eval fnc1|ans --data ...` runs, for
the variants full, nocue and xling, and prints per-class tables and confusion matrices.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from storyline.evals import run_eval
from storyline.stance.predict import VARIANT_ENV, VARIANTS

HEADLINES = {
    "fnc1": ("fnc_score", "macro_f1", "accuracy"),
    "ans": ("macro_f1", "accuracy"),
}


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
    parser.add_argument("--fnc1", type=Path, required=True, help="FNC-1 folder")
    parser.add_argument("--ans", type=Path, required=True, help="ANS CSV or folder")
    args = parser.parse_args()
    for task, data in (("fnc1", args.fnc1), ("ans", args.ans)):
        for variant in VARIANTS:
            os.environ[VARIANT_ENV] = variant
            print(tables(task, variant, run_eval(task, data, progress=False)))


if __name__ == "__main__":
    main()
