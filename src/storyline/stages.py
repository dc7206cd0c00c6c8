"""What a stage of the flow is: its name and version, what it needs and adds, and its steps.

Stage packages declare their stage with these; `pipeline` lists them and runs them. Nothing here
imports a stage, so a stage package can import this module without a circle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.store.base import Store


@dataclass(frozen=True)
class Stage:
    """One step of the flow. `per_article` runs for each changed article; `finish` runs once
    after, over the whole store (clustering, alignment); either may be None.

    `per_article` may run in worker processes, each with its own connection to the store, so it
    must write in its own transactions and give the same rows however often it is rerun.
    `prepare` (optional) is told, before `per_article` starts, which articles this process is
    about to go over and in what order, so the stage can batch work across them. `together`
    (optional) cuts the articles into runs that must stay in one process, in order, because
    what one stores changes what a later one computes; by default every article stands alone.
    """

    name: str
    version: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    per_article: Callable[[Store, str], object] | None = None
    finish: Callable[[Store, Sequence[str]], str] | None = None
    prepare: Callable[[Store, Sequence[str]], object] | None = None
    together: Callable[[Store, Sequence[str]], list[list[str]]] | None = None


@dataclass
class StageRun:
    """What one pass of the stages did: a note per stage, one line per failed article, and the
    wall seconds each stage took."""

    notes: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
