"""The export contract of design.md: articles, stories, claims, assertions and relations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from storyline.model import Article
from storyline.store.articles import list_articles
from storyline.store.base import Store

Section = Callable[[Store], list[dict[str, Any]]]
CONTRACT_LISTS = ("articles", "stories", "claims", "assertions", "relations")


def article_record(article: Article) -> dict[str, Any]:
    """One article as the contract writes it, with its text and provenance fields beside."""
    return {
        "id": article.id,
        "path": article.location if not article.url else None,
        "url": article.url,
        "outlet": article.outlet.name,
        "outlet_source": {
            "source": article.outlet.source,
            "confidence": article.outlet.confidence,
            "evidence": article.outlet.evidence,
        },
        "title": article.title,
        "language": article.language,
        "published": article.published.as_dict(),
        "flags": [
            {"kind": flag.kind, "evidence": flag.evidence, "stage": flag.stage}
            for flag in article.flags
        ],
        "kind": article.kind,
        "version": article.version,
        "content_hash": article.content_hash,
        "text": article.text,
    }


def _articles(store: Store) -> list[dict[str, Any]]:
    return [article_record(article) for article in list_articles(store)]


def _relations(store: Store) -> list[dict[str, Any]]:
    from storyline.relations import relations_of

    return relations_of(store)


def _claims(store: Store) -> list[dict[str, Any]]:
    from storyline.store.readers import export_claims

    return export_claims(store)


def _assertions(store: Store) -> list[dict[str, Any]]:
    from storyline.store.readers import export_assertions

    return export_assertions(store)


def _stories(store: Store) -> list[dict[str, Any]]:
    from storyline.stories.stage import export_stories

    return export_stories(store)


# Each later stage registers the contract list it fills.
SECTIONS: dict[str, Section] = {
    "articles": _articles,
    "stories": _stories,
    "relations": _relations,
    "claims": _claims,
    "assertions": _assertions,
}


def register_section(name: str, section: Section) -> None:
    SECTIONS[name] = section


def build_export(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The whole export document; a list whose stage has not run yet is empty."""
    document: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTRACT_LISTS}
    from storyline.corrections import annotate_export

    for name, section in SECTIONS.items():
        document[name] = section(store)
    annotate_export(store, document)
    return document


def to_json(document: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False)


# Characters some line readers treat as line breaks are escaped: each record stays on one line.
_LINE_BREAKS = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def to_jsonl(document: dict[str, list[dict[str, Any]]]) -> str:
    """One record a line, each with a 'type' naming its contract list."""
    lines = [
        json.dumps({"type": name.rstrip("s"), **record}, ensure_ascii=False).translate(_LINE_BREAKS)
        for name, records in document.items()
        for record in records
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def _flat(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def to_csv(records: list[dict[str, Any]]) -> str:
    """One table; nested fields are written as JSON in their cell."""
    buffer = io.StringIO()
    columns = list(dict.fromkeys(key for record in records for key in record))
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _flat(record.get(key)) for key in columns})
    return buffer.getvalue()
