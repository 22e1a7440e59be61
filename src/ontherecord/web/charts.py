"""Chart geometry for the dashboard and the audit page: bars, stacked shares and lines as numbers
the SVG templates draw.

Computed here rather than in JavaScript so the charts render with no script at all. Bars and
shares are percentages of a row whose label and value are HTML text, so they stay readable at
any width; the timeline is one SVG drawn near its size.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

SHARE_KINDS = (("named", "named_share"), ("anonymous", "anonymous_share"), ("document", "document_share"))
TIMELINE_WIDTH = 1100  # the timeline fills a wide panel: drawn near its size, its text stays readable
MAX_MONTH_LABELS = 12
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
GENDER_KINDS = (("women", "women"), ("men", "men"), ("unknown", "gender_unknown"))
SERIES_COLOURS = 8  # line colours (.series-0 ... in app.css), repeated past that many outlets


@dataclass
class Bar:
    label: str
    value: float
    width: float  # percent of the longest bar
    link: str | None = None


@dataclass
class StackPart:
    kind: str
    share: float
    x: float
    width: float


@dataclass
class Stack:
    label: str
    parts: list[StackPart] = field(default_factory=list)


@dataclass
class Column:
    label: str
    value: int
    x: float
    width: float
    height: float
    labelled: bool = False  # the axis shows this month's label


def bars(items: list[tuple[str, float, str | None]]) -> dict[str, Any]:
    """Horizontal bars for (label, value, link) items, in percent of the largest value."""
    top = max((value for _, value, _ in items), default=0) or 1
    drawn = [Bar(label or "(none)", value, round(100 * value / top, 1), link) for label, value, link in items]
    return {"bars": drawn}


def share_stacks(outlets: list[dict[str, Any]]) -> dict[str, Any]:
    """Per outlet, the named / anonymous / document / other shares of its quotes as one 100 % bar."""
    stacks = []
    for outlet in outlets:
        stack = Stack(outlet["outlet"] or "(no outlet)")
        x = 0.0
        shares = [(kind, float(outlet[key])) for kind, key in SHARE_KINDS]
        other = max(0.0, 1.0 - sum(share for _, share in shares)) if outlet["quotes"] else 0.0
        for kind, share in [*shares, ("other", round(other, 3))]:
            width = round(100 * share, 1)
            stack.parts.append(StackPart(kind, share, round(x, 1), width))
            x += width
        stacks.append(stack)
    return {"stacks": stacks}


def months(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """{month, quotes} rows with every month between the first and the last, empty ones as 0.
    Rows whose month is not ``YYYY-MM`` stay, after the others."""
    counts = {row["month"]: row["quotes"] for row in series if row["month"] and MONTH.match(row["month"])}
    others = [row for row in series if not (row["month"] and MONTH.match(row["month"]))]
    return [{"month": label, "quotes": counts.get(label, 0)} for label in month_range(counts)] + others


def month_range(labels) -> list[str]:
    """Every ``YYYY-MM`` from the earliest of ``labels`` to the latest (other labels ignored)."""
    dated = [label for label in labels if label and MONTH.match(label)]
    if not dated:
        return []
    year, month = map(int, min(dated).split("-"))
    last = max(dated)
    filled = []
    while True:
        label = f"{year:04d}-{month:02d}"
        filled.append(label)
        if label >= last:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled


def columns(series: list[dict[str, Any]], *, height: int = 160) -> dict[str, Any]:
    """Vertical columns for a time series of {month, quotes}, empty months included; at most
    :data:`MAX_MONTH_LABELS` month labels, evenly spaced."""
    series = months(series)
    top = max((row["quotes"] for row in series), default=0) or 1
    width = TIMELINE_WIDTH / max(len(series), 1)
    step = max(1, math.ceil(len(series) / MAX_MONTH_LABELS))
    drawn = [Column(row["month"] or "?", row["quotes"], round(index * width, 1), round(max(width - 2, 1), 1),
                    round((height - 16) * row["quotes"] / top, 1), labelled=index % step == 0)
             for index, row in enumerate(series)]
    return {"columns": drawn, "height": height, "width": TIMELINE_WIDTH, "values": width >= 22}


def gender_bars(outlets: list[dict[str, Any]]) -> dict[str, Any]:
    """Per outlet, the share of women among its person sources whose gender is known (the Gender Gap
    Tracker's bar, on a 0-100 % scale), and beneath it women / men / unknown as one 100 % strip, so
    the unknown share is always drawn."""
    drawn = []
    for outlet in outlets:
        strip = Stack(outlet["outlet"] or "(no outlet)")
        x = 0.0
        for kind, key in GENDER_KINDS:
            share = outlet[key] / outlet["person_sources"] if outlet["person_sources"] else 0.0
            width = round(100 * share, 1)
            strip.parts.append(StackPart(kind, round(share, 3), round(x, 1), width))
            x += width
        women = outlet["women_share"]
        drawn.append({"label": strip.label, "outlet": outlet["outlet"], "women_share": women,
                      "width": round(100 * women, 1) if women is not None else 0.0,
                      "unknown_share": outlet["gender_unknown_share"], "people": outlet["person_sources"],
                      "strip": strip})
    return {"bars": drawn}


def share_lines(rows: list[dict[str, Any]], metric: str, *, height: int = 200) -> dict[str, Any]:
    """One line per outlet over the months of ``rows`` ({outlet, month, metric, ...}) for a share
    from 0 to 1; a month without a value breaks the line. Undated rows are left out."""
    labels = month_range(row["month"] for row in rows)
    step_x = TIMELINE_WIDTH / max(len(labels), 1)
    place = {label: round(step_x * (index + 0.5), 1) for index, label in enumerate(labels)}
    by_outlet: dict[Any, dict[str, dict[str, Any]]] = {}
    for row in rows:
        if row["month"] in place:
            by_outlet.setdefault(row["outlet"], {})[row["month"]] = row
    series = [_line(index, outlet, found, labels, place, metric, height)
              for index, (outlet, found) in enumerate(by_outlet.items())]
    every = max(1, math.ceil(len(labels) / MAX_MONTH_LABELS))
    axis = [{"label": label, "x": place[label]} for index, label in enumerate(labels) if index % every == 0]
    return {"series": series, "axis": axis, "width": TIMELINE_WIDTH, "height": height,
            "grid": [{"share": share, "y": _y(share, height)} for share in (0, 0.25, 0.5, 0.75, 1)]}


def _line(index: int, outlet: Any, found: dict[str, dict[str, Any]], labels: list[str], place: dict[str, float],
          metric: str, height: int) -> dict[str, Any]:
    """One outlet's points and the polylines through them, broken where a month has no value."""
    points, segments, current = [], [], []
    for label in labels:
        row = found.get(label)
        if row is None or row[metric] is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        point = {"x": place[label], "y": _y(row[metric], height), "month": label, "row": row}
        points.append(point)
        current.append(f"{point['x']},{point['y']}")
    if current:
        segments.append(" ".join(current))
    return {"label": outlet or "(no outlet)", "colour": index % SERIES_COLOURS, "points": points, "segments": segments}


def _y(share: float, height: int) -> float:
    return round(16 + (height - 24) * (1 - share), 1)  # room above the top line for its label
