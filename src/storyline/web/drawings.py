"""Geometry for the SVG drawings (timeline, reports per day, provenance graph)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

LANGUAGE_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
TIMELINE_WIDTH = 900
MARGIN = 60


def parse_day(value: object) -> date | None:
    """The first day of an ISO date at day, month or year precision; None when not a date."""
    if not isinstance(value, str) or len(value) < 4:
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(part) for part in parts if part]
        year, month, day = ([*numbers, 1, 1])[:3]
        return date(year, month, day)
    except ValueError:
        return None


def language_colours(languages: list[str]) -> dict[str, str]:
    return {lang: LANGUAGE_COLOURS[i % len(LANGUAGE_COLOURS)] for i, lang in enumerate(languages)}


@dataclass
class Timeline:
    """Items placed on a shared time axis; `t` is the position from 0 (first day) to 1 (last)."""

    width: int
    height: int
    lanes: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    undated: list[dict[str, Any]] = field(default_factory=list)


def timeline(events: list[dict[str, Any]], reports: list[dict[str, Any]]) -> Timeline:
    """Events on the top lane and reports on one lane per language.

    `events` carry date, precision and label; `reports` carry article_id, date, language, label.
    """
    dated = [(parse_day(e.get("date")), "event", e) for e in events]
    dated += [(parse_day(r.get("date")), "report", r) for r in reports]
    days = [d for d, _, _ in dated if d]
    languages = sorted({r.get("language") or "?" for r in reports})
    colours = language_colours(languages)
    lane_names = ["events", *languages]
    lane_height = 46
    drawing = Timeline(width=TIMELINE_WIDTH, height=40 + lane_height * len(lane_names) + 30)
    for index, name in enumerate(lane_names):
        drawing.lanes.append(
            {
                "name": name,
                "y": 40 + lane_height * index + lane_height / 2,
                "colour": colours.get(name, "#444"),
            }
        )
    lane_y = {lane["name"]: lane["y"] for lane in drawing.lanes}
    if not days:
        drawing.undated = [item for _, _, item in dated]
        return drawing
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    stacked: Counter[tuple[str, date]] = Counter()
    events_placed = 0
    for day, kind, item in sorted(dated, key=lambda d: (d[0] or date.max, d[1])):
        if day is None:
            drawing.undated.append(item)
            continue
        lane = "events" if kind == "event" else item.get("language") or "?"
        offset = stacked[(lane, day)]
        stacked[(lane, day)] += 1
        y = lane_y[lane] + 10 * offset - 12
        # Neighbouring events' labels take turns above and beside the marker, so they overlap less.
        label_y = y + 2 - (16 if kind == "event" and events_placed % 2 else 0)
        events_placed += kind == "event"
        drawing.items.append(
            {
                "kind": kind,
                "t": round((day - first).days / span, 6),
                "y": y,
                "label_y": label_y,
                "label": item.get("label", ""),
                "date": item.get("date"),
                "article_id": item.get("article_id"),
                "colour": colours.get(lane, "#444"),
            }
        )
    step = max(1, -(-span // 8))
    tick = first
    while tick <= last:
        drawing.ticks.append({"t": round((tick - first).days / span, 6), "label": tick.isoformat()})
        tick += timedelta(days=step)
    return drawing


def x_of(t: float, width: int = TIMELINE_WIDTH) -> float:
    """Where position t (0-1) sits in a drawing of `width` with the shared margins."""
    return round(MARGIN + t * (width - 2 * MARGIN), 2)


def per_day_chart(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars of reports per day (per month past 90 days), one colour per language."""
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for report in reports:
        day = parse_day(report.get("date"))
        if day:
            counts[day][report.get("language") or "?"] += 1
    languages = sorted({lang for c in counts.values() for lang in c})
    colours = language_colours(languages)
    chart: dict[str, Any] = {"width": 640, "height": 220, "bars": [], "legend": [], "axis": []}
    if not counts:
        return chart
    first, last = min(counts), max(counts)
    by_month = (last - first).days > 90
    buckets: dict[str, Counter[str]] = defaultdict(Counter)
    day = first
    while day <= last:
        key = day.strftime("%Y-%m") if by_month else day.isoformat()
        buckets[key].update(counts.get(day, Counter()))
        day += timedelta(days=1)
    peak = max(sum(c.values()) for c in buckets.values()) or 1
    plot_w, plot_h, left, top = 580, 160, 40, 20
    bar_w = plot_w / len(buckets)
    for index, (key, counter) in enumerate(buckets.items()):
        base = top + plot_h
        for lang in languages:
            n = counter.get(lang, 0)
            if not n:
                continue
            h = plot_h * n / peak
            base -= h
            chart["bars"].append(
                {
                    "x": round(left + index * bar_w + 1, 2),
                    "y": round(base, 2),
                    "w": round(max(bar_w - 2, 1), 2),
                    "h": round(h, 2),
                    "colour": colours[lang],
                    "title": f"{key}: {n} in {lang}",
                }
            )
        if len(buckets) <= 12 or index % max(1, len(buckets) // 8) == 0:
            chart["axis"].append(
                {
                    "x": round(left + (index + 0.5) * bar_w, 2),
                    "label": key[5:] if not by_month else key,
                }
            )
    chart["legend"] = [{"language": lang, "colour": colours[lang]} for lang in languages]
    chart["peak"] = peak
    chart["unit"] = "month" if by_month else "day"
    return chart


def layered_graph(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes in columns by longest path from the sources of the flow, edges between them.

    Each edge goes `source` → `target` in the direction information flowed.
    """
    ids = [node["id"] for node in nodes]
    incoming: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        incoming[edge["target"]].append(edge["source"])
    depth: dict[str, int] = {}

    def depth_of(node_id: str, seen: frozenset[str]) -> int:
        if node_id in depth:
            return depth[node_id]
        parents = [p for p in incoming.get(node_id, []) if p not in seen and p in ids]
        value = 1 + max((depth_of(p, seen | {node_id}) for p in parents), default=-1)
        depth[node_id] = value
        return value

    columns: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        columns[depth_of(node["id"], frozenset())].append(node)
    col_w, row_h = 270, 64
    rows = max((len(c) for c in columns.values()), default=0)
    placed: dict[str, dict[str, Any]] = {}
    for col, members in columns.items():
        for row, node in enumerate(members):
            placed[node["id"]] = {
                **node,
                "x": 20 + col * col_w,
                "y": 20 + row * row_h,
                "w": 180,
                "h": 44,
            }
    lines = []
    for edge in edges:
        a, b = placed.get(edge["source"]), placed.get(edge["target"])
        if a and b:
            lines.append(
                {
                    **edge,
                    "x1": a["x"] + a["w"],
                    "y1": a["y"] + a["h"] / 2,
                    "x2": b["x"],
                    "y2": b["y"] + b["h"] / 2,
                }
            )
    return {
        "nodes": list(placed.values()),
        "edges": lines,
        "width": 40 + max(columns, default=0) * col_w + 200,
        "height": 40 + rows * row_h,
    }
