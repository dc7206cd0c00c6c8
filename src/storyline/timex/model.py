"""The Timex record: one normalised time expression and where it sits in its text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timex:
    """One time expression at `start:end` of the text it was found in.

    `value` is a TIMEX3 value ('2024-06-11', '2024-06', 'XXXX-06-11' for a day whose year is
    unknown, 'P2W', 'PAST_REF'); `precision` is the calendar unit it names; `anchored` says the
    value was resolved against the anchor date; `range` gives first and last day where the
    expression is fuzzy ('early June', 'a few days ago'); `mod` is the TIMEX3 mod (START, MID,
    END, APPROX) where one applies.
    """

    kind: str
    value: str
    precision: str
    text: str
    start: int
    end: int
    anchored: bool = False
    range: tuple[str, str] | None = None
    mod: str | None = None
