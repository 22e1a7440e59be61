"""Chart geometry for the dashboard: bars and stacked shares as numbers the SVG templates draw.

Computed here rather than in JavaScript so the charts render with no script at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BAR_HEIGHT = 22
LABEL_WIDTH = 210
CHART_WIDTH = 640
SHARE_KINDS = (("named", "named_share"), ("anonymous", "anonymous_share"), ("document", "document_share"))


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float
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
    y: int
    parts: list[StackPart] = field(default_factory=list)


@dataclass
class Column:
    label: str
    value: int
    x: float
    width: float
    height: float


def bars(items: list[tuple[str, float, str | None]]) -> dict[str, Any]:
    """Horizontal bars for (label, value, link) items, longest bar = the largest value."""
    top = max((value for _, value, _ in items), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - 60
    drawn = [Bar(label or "(none)", value, index * BAR_HEIGHT, round(span * value / top, 1), link)
             for index, (label, value, link) in enumerate(items)]
    return {"bars": drawn, "height": max(len(drawn), 1) * BAR_HEIGHT, "width": CHART_WIDTH,
            "label_width": LABEL_WIDTH}


def share_stacks(outlets: list[dict[str, Any]]) -> dict[str, Any]:
    """Per outlet, the named / anonymous / document / other shares of its quotes as one 100 % bar."""
    span = CHART_WIDTH - LABEL_WIDTH
    stacks = []
    for index, outlet in enumerate(outlets):
        stack = Stack(outlet["outlet"] or "(no outlet)", index * BAR_HEIGHT)
        x = 0.0
        shares = [(kind, float(outlet[key])) for kind, key in SHARE_KINDS]
        other = max(0.0, 1.0 - sum(share for _, share in shares)) if outlet["quotes"] else 0.0
        for kind, share in [*shares, ("other", round(other, 3))]:
            width = round(span * share, 1)
            stack.parts.append(StackPart(kind, share, round(x, 1), width))
            x += width
        stacks.append(stack)
    return {"stacks": stacks, "height": max(len(stacks), 1) * BAR_HEIGHT, "width": CHART_WIDTH,
            "label_width": LABEL_WIDTH}


def columns(series: list[dict[str, Any]], *, height: int = 160) -> dict[str, Any]:
    """Vertical columns for a time series of {month, quotes}."""
    top = max((row["quotes"] for row in series), default=0) or 1
    width = CHART_WIDTH / max(len(series), 1)
    drawn = [Column(row["month"] or "?", row["quotes"], round(index * width, 1), round(max(width - 2, 1), 1),
                    round(height * row["quotes"] / top, 1))
             for index, row in enumerate(series)]
    return {"columns": drawn, "height": height, "width": CHART_WIDTH}
