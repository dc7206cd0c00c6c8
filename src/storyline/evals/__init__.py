"""Benchmarks: each task reads a data set in its published format and returns its metrics."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

Metrics = dict[str, Any]

# task name -> "module:function"; each function takes the data path and returns metrics.
TASKS: dict[str, str] = {
    "tatoeba": "storyline.evals.retrieval:tatoeba",
    "sts": "storyline.evals.retrieval:sts",
    "fnc1": "storyline.evals.stance:eval_fnc1",
    "ans": "storyline.evals.stance:eval_ans",
    "arc": "storyline.evals.stance:eval_arc",
    "unifiedfc": "storyline.evals.stance:eval_unifiedfc",
    "attribution": "storyline.evals.attribution:run",
    "timex": "storyline.evals.timex:run",
    "stories": "storyline.evals.stories:run",
    "storyset": "storyline.evals.storyset:run",
    "newssim": "storyline.evals.newssim:run",
    "polnear": "storyline.evals.polnear:run",
    "ner": "storyline.evals.ner:run",
}


def run_eval(task: str, data: Path, progress: bool = True) -> Metrics:
    """Run one benchmark task on the data at `data` and return its metrics."""
    if task not in TASKS:
        raise ConfigError(f"unknown eval task '{task}'; known: {', '.join(sorted(TASKS))}")
    if not data.exists():
        raise ConfigError(f"eval {task}: no data at '{data}'")
    module_name, function_name = TASKS[task].split(":")
    function: Callable[..., Metrics] = getattr(import_module(module_name), function_name)
    return function(data, progress=progress)
