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


def _sentence(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset) - 1


def _nearest(anchor: Fragment, candidates: Sequence[Fragment], starts: list[int]) -> Fragment | None:
    """The candidate in the fewest sentences away (at most ``SENTENCE_REACH``), then the closest in characters."""
    first = _sentence(starts, anchor.start)
    last = _sentence(starts, max(anchor.start, anchor.end - 1))
    best: tuple[int, int, int] | None = None
    chosen = None
    for candidate in candidates:
        sentence = _sentence(starts, candidate.start)
        distance = max(0, first - sentence, sentence - last)
        if distance > SENTENCE_REACH:
            continue
        key = (distance, _gap(anchor, candidate), candidate.start)
        if best is None or key < best:
            best, chosen = key, candidate
    return chosen


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
