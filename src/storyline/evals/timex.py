"""TempEval-3 time expression benchmark: find and normalise TIMEX3 in TimeML files."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.progress import Progress
from storyline.timex import Timex, find_timexes

_TEXT = re.compile(r"<TEXT>(?P<body>.*?)</TEXT>", re.S)
_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z0-9_]+)(?P<attrs>[^>]*?)/?>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CREATION = re.compile(r"<TIMEX3[^>]*functionInDocument=\"CREATION_TIME\"[^>]*>")


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    kind: str
    value: str
    text: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str
    creation: date | None
    timexes: tuple[GoldTimex, ...]


def _date_of(value: str) -> date | None:
    match = re.match(r"(\d{4})-?(\d\d)-?(\d\d)", value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def read_timeml(path: Path) -> Document:
    """One TimeML file: the plain text of its TEXT element, its creation date and gold TIMEX3s."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    body = _TEXT.search(raw)
    if body is None:
        raise ConfigError(f"'{path}': not a TimeML file (no <TEXT> element)")
    creation_tag = _CREATION.search(raw)
    creation = None
    if creation_tag:
        attrs = dict(_ATTR.findall(creation_tag.group(0)))
        creation = _date_of(attrs.get("value", ""))
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    timexes: list[GoldTimex] = []
    position = 0
    source = body.group("body")
    for tag in _TAG.finditer(source):
        chunk = html.unescape(source[position : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        if tag["name"] != "TIMEX3" or tag.group(0).endswith("/>"):
            continue  # other markup, or an empty TIMEX3 that covers no text
        if not tag["close"]:
            open_timex = (length, dict(_ATTR.findall(tag["attrs"])))
        elif open_timex is not None:
            start, attrs = open_timex
            text = "".join(pieces)[start:length]
            timexes.append(
                GoldTimex(start, length, attrs.get("type", ""), attrs.get("value", ""), text)
            )
            open_timex = None
    pieces.append(html.unescape(source[position:]))
    return Document(path.name, "".join(pieces), creation, tuple(timexes))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".'":
        end -= 1
    return start, end


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    kind: int = 0

    def add(self, other: Tally) -> None:
        for field in ("gold", "system", "strict", "relaxed", "value", "kind"):
            setattr(self, field, getattr(self, field) + getattr(other, field))


def compare(
    text: str, gold: Sequence[GoldTimex], found: Sequence[Timex], name: str = ""
) -> tuple[Tally, list[dict[str, Any]]]:
    """Compare a system's time expressions with the gold ones of one text.

    Spans match relaxed when they overlap (one to one, in text order) and strict when they
    coincide, leading and trailing punctuation aside; a value or type counts where a relaxed
    match agrees on it, as the TempEval-3 scorer counts attributes.
    """
    tally = Tally(gold=len(gold), system=len(found))
    used: set[int] = set()
    errors: list[dict[str, Any]] = []
    for expected in gold:
        match = next(
            (
                index
                for index, timex in enumerate(found)
                if index not in used and timex.start < expected.end and expected.start < timex.end
            ),
            None,
        )
        if match is None:
            errors.append({"doc": name, "miss": expected.text, "gold": expected.value})
            continue
        used.add(match)
        timex = found[match]
        tally.relaxed += 1
        if _trimmed(text, timex.start, timex.end) == _trimmed(text, expected.start, expected.end):
            tally.strict += 1
        if timex.value == expected.value:
            tally.value += 1
        else:
            errors.append(
                {
                    "doc": name,
                    "text": expected.text,
                    "gold": expected.value,
                    "system": timex.value,
                    "system_text": timex.text,
                }
            )
        if timex.kind == expected.kind:
            tally.kind += 1
    for index, timex in enumerate(found):
        if index not in used:
            errors.append({"doc": name, "extra": timex.text, "system": timex.value})
    return tally, errors


def score_document(document: Document) -> tuple[Tally, list[dict[str, Any]]]:
    """Score the time expressions found in one TimeML document, anchored at its creation date."""
    found = find_timexes(document.text, "en", document.creation)
    return compare(document.text, document.timexes, found, document.name)


def _f1(correct: int, system: int, gold: int) -> float:
    precision = correct / system if system else 0.0
    recall = correct / gold if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def metrics(tally: Tally) -> dict[str, Any]:
    return {
        "value_f1": round(_f1(tally.value, tally.system, tally.gold), 4),
        "strict_f1": round(_f1(tally.strict, tally.system, tally.gold), 4),
        "relaxed_f1": round(_f1(tally.relaxed, tally.system, tally.gold), 4),
        "type_f1": round(_f1(tally.kind, tally.system, tally.gold), 4),
        "relaxed_precision": round(tally.relaxed / tally.system, 4) if tally.system else 0.0,
        "relaxed_recall": round(tally.relaxed / tally.gold, 4) if tally.gold else 0.0,
        "gold": tally.gold,
        "system": tally.system,
    }


def tml_files(data: Path) -> list[Path]:
    files = [data] if data.is_file() else sorted(data.rglob("*.tml"))
    if not files:
        raise ConfigError(f"eval timex: no TimeML .tml files under '{data}'")
    return files


def run(data: Path, progress: bool = True, show_errors: bool = False) -> dict[str, Any]:
    """TempEval-3 scores over every .tml file under `data`, with its creation time as anchor.

    The creation-time TIMEX3 itself is not scored: it is given, not found. `show_errors`
    writes each miss, extra and wrong value to stderr, for tuning.
    """
    total = Tally()
    files = tml_files(data)
    bar = Progress("timex", total=len(files), enabled=progress)
    for path in files:
        tally, errors = score_document(read_timeml(path))
        total.add(tally)
        if show_errors:
            for error in errors:
                print(json.dumps(error, ensure_ascii=False), file=sys.stderr)
        bar.advance(path.name)
    bar.close()
    result = metrics(total)
    result["documents"] = len(files)
    return result
