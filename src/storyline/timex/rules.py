"""Finding time expressions: every pattern of a language run over the text, the longest kept."""

from __future__ import annotations

from datetime import date

from storyline.timex.context import Context, Found
from storyline.timex.lexicon import DIGITS
from storyline.timex.model import Timex
from storyline.timex.patterns import rules_for
from storyline.timex.resolve import span_of


def find(text: str, language: str, anchor: date | None) -> list[Timex]:
    """Every time expression, the longest where candidates overlap, in text order."""
    lang = language if language in ("en", "ar", "tr") else "en"
    ctx = Context(text.translate(DIGITS), lang, anchor)
    candidates: list[tuple[int, int, Found]] = []
    for rule in rules_for(lang):
        for match in rule.pattern.finditer(ctx.text):
            found = rule.handler(match, ctx)
            if found is not None:
                start, end = match.span("t")
                while end > start and ctx.text[end - 1] in " ,،":
                    end -= 1
                candidates.append((start, end, found))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    chosen: list[tuple[int, int, Found]] = []
    for start, end, found in candidates:
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, found))
    return [
        Timex(f.kind, f.value, f.precision, text[s:e], s, e, f.anchored, _range(f), f.mod)
        for s, e, f in sorted(chosen, key=lambda c: c[0])
    ]


def _range(found: Found) -> tuple[str, str] | None:
    """The days a date covers, where it is a week, month, quarter or year."""
    if found.range or found.kind != "DATE":
        return found.range
    return span_of(found.value)
