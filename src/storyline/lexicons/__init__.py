"""Per-language lexicons kept as data files: loading and merging them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "ar", "tr")


@cache
def load(language: str, name: str) -> dict[str, Any]:
    """The lexicon `name` for one language, or {} where that language has none."""
    entry = resources.files("storyline.lexicons") / language / f"{name}.json"
    if not entry.is_file():
        return {}
    return json.loads(entry.read_text(encoding="utf-8"))


@cache
def merged_list(name: str, key: str) -> tuple[str, ...]:
    """One list from the lexicon `name`, merged over every language we have lexicons for."""
    merged: list[str] = []
    for language in LANGUAGES:
        merged.extend(load(language, name).get(key, []))
    return tuple(dict.fromkeys(merged))
