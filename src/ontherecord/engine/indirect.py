"""Pass 3, indirect quotes: the cues left over with a content clause of their own ("said that ...")."""

from __future__ import annotations

from .cues import NUMBER_SIGNS
from .drafts import Claims, Draft
from .frames import CueMatch
from .ranges import Range, inside_any, overlaps
from .sources import is_real_attribution
from .syntax import sentence_bounds
from .view import TextView

MIN_INDIRECT_CHARS = 8
MAX_FRAME_WORDS = 8  # "Mr. Clarke said on Tuesday": a frame longer than this is a sentence of its own


def indirect(view: TextView, drafts: list[Draft]) -> list[Draft]:
    claims = Claims(drafts)
    taken = [p for d in drafts for p in d.pieces]
    candidates = [
        c
        for c in view.cues
        if not claims.has_cue(c)
        and c.has_content
        and c.source_head is not None
        and c.content_end - c.content_start >= MIN_INDIRECT_CHARS
        and not inside_any(c.cue_start, taken)
        and is_real_attribution(c, view.lexicon)
    ]
    accepted: list[Draft] = []
    for cue in sorted(candidates, key=lambda c: c.content_start - c.content_end):
        start, end = cue.content_start, cue.content_end
        if any(overlaps(start, end, s, e) for s, e in taken):
            continue
        if any(overlaps(start, end, d.start, d.end) or d.start <= cue.cue_start < d.end for d in accepted):
            continue
        inside = [s for s in view.spans_overlapping(start, end) if not claims.has_span(s)]
        if inside:
            end = max(end, max(s.end for s in inside))
        kind = "mixed" if inside else "indirect"
        confidence = 0.8 if cue.phrase == "according" or (cue.lexeme and cue.lexeme.speech) else 0.6
        pieces = [(start, end)]
        rest = _rest_after_frame(view, cue, end) if not inside else None
        if rest is not None and not any(overlaps(*rest, s, e) for s, e in taken):
            pieces.append(rest)
        accepted.append(Draft(pieces=pieces, type=kind, cue=cue, spans=inside, confidence=confidence))
    return accepted


def _rest_after_frame(view: TextView, cue: CueMatch, content_end: int) -> Range | None:
    """ "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt.": a frame set off by commas
    inside the statement; the words after it are the rest of what was said."""
    frame_start = min(cue.cue_start, cue.source_start if cue.source_start is not None else cue.cue_start)
    if content_end > frame_start or view.text[content_end:frame_start].strip(" \t\u00a0") != ",":
        return None
    doc = view.doc
    sentence_end = sentence_bounds(doc, cue.verb.i)[1]
    i = cue.verb.i + 1
    while i < sentence_end and doc[i].text != ",":
        if i - cue.verb.i > MAX_FRAME_WORDS or doc[i].pos_ in ("VERB", "AUX") or doc[i].is_quote:
            return None
        i += 1
    rest = [t for t in doc[i + 1 : sentence_end] if not t.is_space]
    while rest and rest[-1].is_punct and rest[-1].text not in NUMBER_SIGNS:
        rest.pop()
    if len([t for t in rest if t.is_alpha]) < 3 or any(t.is_quote for t in rest):
        return None
    return rest[0].idx, rest[-1].idx + len(rest[-1].text)
