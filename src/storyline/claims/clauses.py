"""The clause loop every language's analyser shares: finders per clause, else plain claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from storyline.claims.model import Discourse, Found

ClauseFinder = Callable[[str, int, int, Discourse], list[Found] | None]
PlainFinder = Callable[[str, int, int], list[Found]]
SentenceHook = Callable[[str, Discourse], None]


def analyse_clauses(
    sentence: str,
    state: Discourse,
    clauses: Sequence[tuple[int, int]],
    finders: Sequence[ClauseFinder],
    plain: PlainFinder,
    remember_mentions: SentenceHook,
    too_short: Callable[[str], bool],
    mention_people: SentenceHook | None = None,
    min_clause_words: int = 0,
) -> list[Found]:
    """Claims of one sentence, sorted by offset; updates the discourse state.

    Each clause takes the claims of the first finder that recognises it (an attribution, a
    quote, a denial). When none does for any clause, the sentence is one plain claim of the
    writer's, unless it is `too_short` to be a proposition; otherwise the unrecognised clauses
    become plain claims when they have at least `min_clause_words` words.
    """
    per_clause: list[list[Found] | None] = []
    for start, end in clauses:
        # As in `a(...) or b(...)`: the first finder with claims wins, and when none has any,
        # the last one's answer stands (an empty list is "recognised, nothing to claim").
        part: list[Found] | None = None
        for finder in finders:
            part = finder(sentence, start, end, state)
            if part:
                break
        per_clause.append(part)
        for claim in part or []:
            state.remember(claim.chain)
    if mention_people:
        mention_people(sentence, state)
    if all(part is None for part in per_clause):
        remember_mentions(sentence, state)
        return [] if too_short(sentence) else plain(sentence, 0, len(sentence))
    result: list[Found] = []
    for (start, end), part in zip(clauses, per_clause, strict=True):
        if part is not None:
            result.extend(part)
            continue
        result.extend(
            found
            for found in plain(sentence, start, end)
            if len(sentence[found.start : found.end].split()) >= min_clause_words
        )
    return sorted(result, key=lambda claim: claim.start)
