"""The Jinja2 environment shared by the web pages and the report: autoescape on everything."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from storyline.web import drawings

HERE = Path(__file__).resolve().parent
STANCE_LABELS = {
    "supports": "supports",
    "denies": "denies",
    "reports": "reports without endorsing",
    "hedged": "hedged",
    "unrelated": "unrelated",
}


def _chain(attribution: list[dict[str, Any]] | None) -> str:
    """An attribution chain, outermost first: 'Outlet › sources (unnamed)'."""
    parts = []
    for link in attribution or []:
        role = f", {link['role']}" if link.get("role") else ""
        parts.append(f"{link.get('name')} ({link.get('kind')}{role})")
    return " › ".join(parts) or "the article itself"


def _evidence(value: object) -> str:
    """Evidence as a reader wants it: 'key: value; key: value', lists comma-joined."""
    if isinstance(value, dict):
        return "; ".join(f"{key.replace('_', ' ')}: {_evidence(v)}" for key, v in value.items())
    if isinstance(value, list):
        return ", ".join(
            f"({_evidence(item)})" if isinstance(item, dict) else _evidence(item) for item in value
        )
    return "" if value is None else str(value)


def _date(published: dict[str, Any] | None) -> str:
    published = published or {}
    if not published.get("date"):
        return "date unknown"
    marker = "" if published.get("estimate") == "stated" else f" ({published.get('estimate')})"
    return f"{published['date']}{marker}"


def _event_date(value: object) -> str:
    """A claim's event date: its value and precision, marked when the year is not yet known."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    shown = str(value.get("value") or "")
    if value.get("precision"):
        shown += f" ({value['precision']})"
    if value.get("anchored") is False:
        shown += ", not anchored"
    return shown


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        # Article text is untrusted: everything is escaped, in every template, always.
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["chain"] = _chain
    env.filters["evidence"] = _evidence
    env.filters["pubdate"] = _date
    env.filters["eventdate"] = _event_date
    env.globals["stance_labels"] = STANCE_LABELS
    env.globals["drawings"] = drawings
    return env


def page(template: str, context: dict[str, Any]) -> str:
    """One page rendered with `context`; `request` is optional (the report has none)."""
    return environment().get_template(template).render({"request": None, **context})
