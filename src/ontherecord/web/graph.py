"""The citation graph's geometry: citing outlets on the left, who they cite on the right, one curve
per link as thick as its count. Numbers the SVG template draws, like :mod:`.charts`, so the graph
renders with no script at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GRAPH_WIDTH = 900
ROW_HEIGHT = 26
LABEL_GAP = 8
NODE_X = (260.0, 640.0)  # the two columns: citing, cited
MAX_STROKE = 14.0
MIN_STROKE = 1.5
MAX_NODES = 40  # a side: the most cited links first, then the rest left out (the table lists all)


@dataclass
class Node:
    name: str
    x: float
    y: float
    count: int
    kind: str = "outlet"  # the cited side: outlet | journalist


@dataclass
class Edge:
    source: str
    target: str
    count: int
    path: str  # SVG path data: a curve from the citing node to the cited one
    width: float


def citation_graph(links: list[dict[str, Any]]) -> dict[str, Any]:
    """The graph of :meth:`~ontherecord.corpus.Corpus.citation_links` rows (most cited first)."""
    citing: dict[str, int] = {}
    cited: dict[str, tuple[int, str]] = {}
    kept = []
    for link in links:
        source, target, count = link["citing_outlet"], link["cited"], int(link["citations"])
        if (source not in citing and len(citing) >= MAX_NODES) or (target not in cited and len(cited) >= MAX_NODES):
            continue
        citing[source] = citing.get(source, 0) + count
        cited[target] = (cited.get(target, (0, ""))[0] + count, link["cited_kind"])
        kept.append((source, target, count))
    left = _column(sorted(citing.items(), key=lambda item: -item[1]), NODE_X[0])
    right = _column(sorted(((name, n) for name, (n, _) in cited.items()), key=lambda item: -item[1]), NODE_X[1])
    for node in right:
        node.kind = cited[node.name][1]
    top = max((count for _, _, count in kept), default=1)
    at_left, at_right = {n.name: n for n in left}, {n.name: n for n in right}
    edges = [
        Edge(
            source,
            target,
            count,
            _curve(at_left[source], at_right[target]),
            round(max(MIN_STROKE, MAX_STROKE * count / top), 1),
        )
        for source, target, count in kept
    ]
    rows = max(len(left), len(right), 1)
    return {
        "citing": left,
        "cited": right,
        "edges": edges,
        "width": GRAPH_WIDTH,
        "height": rows * ROW_HEIGHT + ROW_HEIGHT,
        "label_gap": LABEL_GAP,
        "shown": len(kept),
        "total": len(links),
    }


def _column(items: list[tuple[str, int]], x: float) -> list[Node]:
    return [Node(name, x, ROW_HEIGHT * (index + 1), count) for index, (name, count) in enumerate(items)]


def _curve(source: Node, target: Node) -> str:
    middle = (source.x + target.x) / 2
    return f"M{source.x},{source.y} C{middle},{source.y} {middle},{target.y} {target.x},{target.y}"
