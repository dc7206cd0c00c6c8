"""The PolNeAR benchmark: attributed claims and their sources against brat-annotated news."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.progress import Progress

# A found claim matches a gold Content when their token sets overlap this much (Dice).
MATCH_OVERLAP = 0.5
TOKEN = re.compile(r"\w+")

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Attribution:
    """One gold attribution relation: what is said (Content), who says it (Source, if any)
    and the words that mark it as said (Cue)."""

    content: Spans
    source: Spans | None
    cue: Spans | None = None


@dataclass(frozen=True)
class Claim:
    """One attributed claim the system found: its span and where it names its source."""

    content: Spans
    source: Spans | None


def _spans(field: str) -> Spans:
    """'575 842;843 1076' (a discontinuous brat span) as ((575, 842), (843, 1076))."""
    spans = []
    for part in field.split(";"):
        start, end = part.split()
        spans.append((int(start), int(end)))
    return tuple(spans)


def read_brat(ann: str) -> list[Attribution]:
    """The attributions of one brat `.ann` file: each event's Content (and Content2…) with its
    Source. An event without a Content is left out; one without a Source has `source` None."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            kind_and_spans = fields[1].split(" ", 1)
            if len(kind_and_spans) == 2:
                spans[fields[0]] = _spans(kind_and_spans[1])
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(arg.split(":", 1) for arg in fields[1].split() if ":" in arg)
            events.append(roles)
    gold = []
    for roles in events:
        source = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        for role, target in sorted(roles.items()):
            if re.fullmatch(r"Content\d*", role) and target in spans:
                gold.append(Attribution(spans[target], source, cue))
    return gold


def _token_index(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def _tokens_in(tokens: list[tuple[int, int]], spans: Spans) -> frozenset[int]:
    """Indices of the tokens that lie inside (or straddle) any of the spans."""
    return frozenset(
        index
        for index, (t_start, t_end) in enumerate(tokens)
        if any(t_start < end and start < t_end for start, end in spans)
    )


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def match(
    text: str, gold: Sequence[Attribution], found: Sequence[Claim]
) -> list[tuple[int, int, bool]]:
    """One-to-one pairs (gold index, found index, sources agree), best token overlap first.

    Sources agree when the found claim's source span shares a token with the gold Source, or
    when neither names a source.
    """
    tokens = _token_index(text)
    gold_tokens = [_tokens_in(tokens, g.content) for g in gold]
    found_tokens = [_tokens_in(tokens, f.content) for f in found]
    scored = sorted(
        (
            (_dice(g, f), gi, fi)
            for gi, g in enumerate(gold_tokens)
            for fi, f in enumerate(found_tokens)
            if g & f
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    pairs, used_gold, used_found = [], set(), set()
    for score, gi, fi in scored:
        if score < MATCH_OVERLAP or gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        gold_source, found_source = gold[gi].source, found[fi].source
        if gold_source is None or found_source is None:
            agree = gold_source is None and found_source is None
        else:
            agree = bool(_tokens_in(tokens, gold_source) & _tokens_in(tokens, found_source))
        pairs.append((gi, fi, agree))
    return pairs


def _prf(tp: int, found: int, gold: int) -> tuple[float, float, float]:
    precision = tp / found if found else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)


def score(
    documents: Sequence[tuple[str, Sequence[Attribution], Sequence[Claim]]],
) -> dict[str, Any]:
    """Content and content+source precision, recall and F1 over (text, gold, found) triples."""
    n_gold = n_found = content_tp = source_tp = 0
    for text, gold, found in documents:
        pairs = match(text, gold, found)
        n_gold += len(gold)
        n_found += len(found)
        content_tp += len(pairs)
        source_tp += sum(1 for _, _, agree in pairs if agree)
    metrics: dict[str, Any] = {}
    for name, tp in (("content", content_tp), ("content_source", source_tp)):
        precision, recall, f1 = _prf(tp, n_found, n_gold)
        metrics[f"{name}_precision"] = precision
        metrics[f"{name}_recall"] = recall
        metrics[f"{name}_f1"] = f1
    metrics.update(gold=n_gold, found=n_found, documents=len(documents))
    return metrics


def found_claims(text: str) -> list[Claim]:
    """The attributed claims the English claims analysis finds in a document's text.

    Claims the writer asserts without citing anyone are not attributions and are left out.
    """
    from storyline.claims.stage import find_claims
    from storyline.text.segment import split_sentences

    claims: list[Claim] = []
    previous = None
    for _, found in find_claims(text, "en", split_sentences(text, "en")):
        if not found.chain:
            previous = None
            continue
        span = (found.start, found.end)
        # A quotation carried on past its sentence, naming no one, is one Content with the
        # quote that opened it, as PolNeAR annotates it.
        if (
            previous is not None
            and found.source_span is None
            and found.quote == "direct"
            and previous.chain == found.chain
        ):
            claims[-1] = Claim((*claims[-1].content, span), claims[-1].source)
            continue
        source = (found.source_span,) if found.source_span else None
        claims.append(Claim((span,), source))
        previous = found
    return claims


def read_split(data: Path) -> list[tuple[str, str, list[Attribution]]]:
    """(document name, text, gold attributions) for each text of a PolNeAR split folder.

    Where a document has several annotators' files, the first by name is gold.
    """
    text_dir, ann_dir = data / "text", data / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ConfigError(
            f"eval polnear: '{data}' needs text/ and attributions/ folders (one PolNeAR split, "
            "e.g. ../shared/bench/polnear/dev)"
        )
    documents = []
    for text_path in sorted(text_dir.glob("*.txt")):
        annotations = sorted(
            path
            for path in ann_dir.glob(f"{text_path.stem}_*.ann")
            if "_" not in path.stem[len(text_path.stem) + 1 :]
        )
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = read_brat(annotations[0].read_text(encoding="utf-8"))
        documents.append((text_path.stem, text, gold))
    if not documents:
        raise ConfigError(f"eval polnear: no text in '{text_dir}' has an .ann file in '{ann_dir}'")
    return documents


def run(data: Path, progress: bool = True, limit: int | None = None) -> dict[str, Any]:
    """Content and content+source scores of the English claims analysis on one split."""
    documents = read_split(data)[:limit]
    bar = Progress("polnear", total=len(documents), enabled=progress)
    scored = []
    for name, text, gold in documents:
        scored.append((text, gold, found_claims(text)))
        bar.advance(name)
    bar.close()
    return score(scored)
