"""Chart geometry for the dashboard: bars and stacked shares as numbers the SVG templates draw.

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
    if not counts:
        return others
    year, month = map(int, min(counts).split("-"))
    last = max(counts)
    filled = []
    while True:
        label = f"{year:04d}-{month:02d}"
        filled.append({"month": label, "quotes": counts.get(label, 0)})
        if label >= last:
            break
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled + others


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
