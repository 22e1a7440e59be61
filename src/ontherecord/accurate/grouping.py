"""Group tagged spans into attributions: content -> nearest cue -> nearest source.

Simple distance heuristics over sentence windows (no torch needed): each content span is
linked to the nearest cue in the same or an adjacent sentence; each cue to the nearest
source in the same or an adjacent sentence. Content spans sharing a cue form one
attribution (``"X," she said, "Y."`` gives one attribution with two content pieces).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .data import Fragment

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n+")
SENTENCE_REACH = 1  # how many sentences away a cue/source may be


@dataclass
class PredictedAttribution:
    contents: list[Fragment] = field(default_factory=list)
    cue: Fragment | None = None
    source: Fragment | None = None


def sentence_starts(text: str) -> list[int]:
    """Char offsets where sentences start (a cheap splitter: end punctuation + space, or newlines)."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]


def _gap(a: Fragment, b: Fragment) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a.start, b.start) - min(a.end, b.end))


def _nearest(anchor: Fragment, candidates: Sequence[Fragment], starts: list[int]) -> Fragment | None:
    sentence = bisect.bisect_right(starts, anchor.start) - 1
    anchor_last = bisect.bisect_right(starts, max(anchor.start, anchor.end - 1)) - 1
    reachable = [
        c
        for c in candidates
        if sentence - SENTENCE_REACH <= bisect.bisect_right(starts, c.start) - 1 <= anchor_last + SENTENCE_REACH
    ]
    if not reachable:
        return None
    return min(reachable, key=lambda c: (_gap(anchor, c), c.start))


def group_spans(text: str, spans: Sequence[Fragment]) -> list[PredictedAttribution]:
    """Attributions in text order, one per cue that has content, plus one per cue-less content span."""
    starts = sentence_starts(text)
    cues = [s for s in spans if s.role == "CUE"]
    sources = [s for s in spans if s.role == "SOURCE"]
    by_cue: dict[Fragment, PredictedAttribution] = {}
    attributions: list[PredictedAttribution] = []
    for content in (s for s in spans if s.role == "CONTENT"):
        cue = _nearest(content, cues, starts)
        if cue is None:
            source = _nearest(content, sources, starts)
            attributions.append(PredictedAttribution([content], None, source))
            continue
        if cue not in by_cue:
            by_cue[cue] = PredictedAttribution([], cue, _nearest(cue, sources, starts))
            attributions.append(by_cue[cue])
        by_cue[cue].contents.append(content)
    return sorted(attributions, key=lambda a: a.contents[0].start)
