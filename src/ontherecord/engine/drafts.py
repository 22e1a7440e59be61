"""Drafts (quotes being assembled, before speakers are resolved) and the claims the passes share."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import SpeakerRef
from .frames import CueMatch
from .quotemarks import Paragraph, Pieced, QuotedSpan
from .ranges import Range, overlaps


@dataclass
class Draft(Pieced):
    """A quote being assembled before speakers are resolved."""

    pieces: list[Range]
    type: str
    cue: CueMatch | None
    spans: list[QuotedSpan] = field(default_factory=list)
    speaker: SpeakerRef | None = None
    confidence: float = 0.0
    floating: bool = False


def span_key(span: QuotedSpan) -> Range:
    """A quoted span by its marks' offsets (spans never overlap)."""
    return span.outer_start, span.outer_end


def cue_key(cue: CueMatch) -> Range:
    """A cue by its words' offsets: a copy a refiner makes with another source is still that cue."""
    return cue.cue_start, cue.cue_end


class Claims:
    """What the drafts so far have taken: their quoted spans and their cues, keyed by offsets."""

    def __init__(self, drafts: list[Draft]) -> None:
        self._spans = {span_key(s) for d in drafts for s in d.spans}
        self._cues = {cue_key(d.cue) for d in drafts if d.cue is not None}

    def has_span(self, span: QuotedSpan) -> bool:
        return span_key(span) in self._spans

    def has_cue(self, cue: CueMatch) -> bool:
        return cue_key(cue) in self._cues

    def claim_span(self, span: QuotedSpan) -> None:
        self._spans.add(span_key(span))


def touches_a_draft(paragraph: Paragraph, drafts: list[Draft]) -> bool:
    return any(overlaps(d.start, d.end, paragraph.start, paragraph.end) for d in drafts)
