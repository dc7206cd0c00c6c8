"""One story as a self-contained report: one HTML file (CSS, script, SVG inline) or Markdown."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from storyline import __version__
from storyline.errors import ConfigError, StorylineError
from storyline.store.base import Store

STATIC = Path(__file__).resolve().parent / "web" / "static"


def _md(value: object) -> str:
    """A value made safe for one Markdown table cell or line."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;")


def _markdown(data: dict[str, Any]) -> str:
    from storyline.web.render import STANCE_LABELS, _chain, _evidence

    story = data["story"]
    lines = [
        f"# {_md(story['title'] or story['id'])}",
        "",
        f"{story['size']} articles · {', '.join(story['languages'])} · "
        f"{story['date_span'][0] or 'unknown'} to {story['date_span'][1] or 'unknown'} · "
        f"{story['contested']} contested assertions",
        "",
        "## Timeline",
        "",
    ]
    entries = [(e.get("date") or "", f"event: {_md(e.get('label'))}") for e in story["events"]]
    entries += [
        (
            a["published"].get("date") or "",
            f"report: {_md(a['outlet'] or 'unknown outlet')} ({a['language']}): {_md(a['title'])}",
        )
        for a in data["articles"]
    ]
    lines += [f"- {date or 'undated'}: {text}" for date, text in sorted(entries)]
    lines += ["", "## Assertions × articles", ""]
    matrix = data["matrix"]
    if matrix["rows"]:
        heads = [_md(a["name"]) for a in matrix["articles"]]
        lines += ["| Assertion | " + " | ".join(heads) + " |", "|---|" + "---|" * len(heads)]
        for row in matrix["rows"]:
            cells = [
                STANCE_LABELS.get(c["kind"], c["kind"])
                + (" + denial" if c["denied_by"] and c["kind"] != "denies" else "")
                if c
                else ""
                for c in row["cells"]
            ]
            mark = " (contested)" if row["contested"] else ""
            lines.append(f"| {_md(row['label'])}{mark} | " + " | ".join(cells) + " |")
        lines += ["", "### Sentences and attribution", ""]
        for row in matrix["rows"]:
            for article, cell in zip(matrix["articles"], row["cells"], strict=True):
                for claim in (cell or {}).get("claims", []):
                    lines.append(
                        f"- **{STANCE_LABELS.get(claim['voice'], claim['voice'])}** "
                        f"({_md(article['name'])}, `{article['id']}`): “{_md(claim['text'])}”, "
                        f"attributed to {_md(_chain(claim.get('attribution')))}"
                    )
    else:
        lines.append(_md(data["notices"]["assertions"] or "No assertions."))
    lines += ["", "## Provenance", ""]
    edges = data["provenance"]["edges"]
    names = {node["id"]: node["label"] for node in data["provenance"]["nodes"]}
    lines += [
        f"- {_md(names.get(e['source'], e['source']))} → {_md(names.get(e['target'], e['target']))}"
        f" ({e['kind']})"
        for e in edges
    ]
    if not edges:
        lines.append(_md(data["notices"]["relations"] or "No provenance links."))
    lines += ["", "## Flags", ""]
    for flag in data["flags"]:
        if flag["kind"] == "drift":
            lines.append(f"- drift between {_md(flag['name'])} and {_md(flag['other_name'])}:")
            lines += [
                f"  - {e['aspect']}: {_md(e['from_value'])} → {_md(e['to_value'])}"
                for e in flag["evidence"]
                if e["aspect"] != "omission"
            ]
            omitted = sum(1 for e in flag["evidence"] if e["aspect"] == "omission")
            if omitted:
                lines.append(f"  - omission: {omitted} claims said in one text only")
        else:
            lines.append(
                f"- {flag['kind']} on {_md(flag['name'])}: {_md(_evidence(flag['evidence']))}"
            )
    if not data["flags"]:
        lines.append("None.")
    lines += ["", "## Articles", ""]
    lines += [
        f"- `{a['id']}` {_md(a['outlet'] or 'unknown outlet')} ({a['language']}, "
        f"{a['published'].get('date') or 'undated'}): {_md(a['title'])}"
        for a in data["articles"]
    ]
    return "\n".join(lines) + "\n"


def write_report(store: Store, story_id: str, out: Path, fmt: str = "html") -> Path:
    """Write one story as a report that needs nothing else to open: no network, no other file."""
    from storyline.web import render
    from storyline.web.views import NotFound, Workbench

    if fmt not in ("html", "md"):
        raise ConfigError(f"unknown report format '{fmt}': use html or md")
    workbench = Workbench(store)
    try:
        data = workbench.story_page(story_id)
    except NotFound as error:
        raise StorylineError(
            f"{error}: list the stories with `storyline serve` or the export's 'stories' list"
        ) from error
    claims_of = workbench.index().claims_of
    data["article_claims"] = {
        a["id"]: sorted(claims_of.get(a["id"], []), key=lambda c: c["span"][0])
        for a in data["articles"]
    }
    if fmt == "md":
        text = _markdown(data)
    else:
        text = render.page(
            "report.html",
            {
                **data,
                "standalone": True,
                # Our own files, not article text: safe to place unescaped in <style> and <script>.
                "inline_css": Markup((STATIC / "workbench.css").read_text(encoding="utf-8")),
                "inline_js": Markup((STATIC / "workbench.js").read_text(encoding="utf-8")),
                "written": datetime.now(UTC).isoformat(timespec="seconds"),
                "version": __version__,
            },
        )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StorylineError(f"cannot write the report to '{out}': {error}") from error
    return out


def write_story_reports(store: Store, folder: Path, fmt: str = "html") -> list[Path]:
    """One report per story into `folder`, largest story first, named by story id."""
    from storyline.stories import list_stories

    return [
        write_report(store, story["id"], folder / f"{story['id']}.{fmt}", fmt)
        for story in list_stories(store)
    ]
