"""Very long articles are processed in paragraph-aligned segments and their results merged.

spaCy's memory grows steeply with document length (a multi-megabyte "article" — a
transcript dump, a scraped archive page — would need gigabytes in one Doc). Splitting at
paragraph breaks keeps memory flat; quotes never span segments because a segment ends
only where a paragraph does (or, for a paragraph longer than a segment, at whitespace).
Coreference does not reach across segments.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Figure, Quote, Span, Speaker, SpeakerRef

MAX_SEGMENT_CHARS = 100_000
_BREAKS = (re.compile(r"\n[ \t\u00a0]*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?])\s"), re.compile(r"\s"))


def split_long_text(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, str]]:
    """``(offset, segment)`` pairs covering ``text`` exactly, each at most ``limit`` characters."""
    segments: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut_point(text, start, start + limit)
        segments.append((start, text[start:cut]))
        start = cut
    segments.append((start, text[start:]))
    return segments


def _cut_point(text: str, start: int, end: int) -> int:
    floor = start + (end - start) // 2  # never make a segment shorter than half the limit
    for pattern in _BREAKS:
        last = None
        for match in pattern.finditer(text, floor, end):
            last = match
        if last is not None:
            return last.end()
    return end


def merge_segments(parts: list[tuple[int, list[Quote], list[Speaker]]], text: str) -> tuple[list[Quote], list[Speaker]]:
    """Quotes and speakers of consecutive segments as one article: offsets shifted, ids renumbered."""
    quotes: list[Quote] = []
    speakers: list[Speaker] = []
    for offset, segment_quotes, segment_speakers in parts:
        speaker_ids = {s.id: f"s{len(speakers) + n}" for n, s in enumerate(segment_speakers, start=1)}
        quote_ids = {q.id: f"q{len(quotes) + n}" for n, q in enumerate(segment_quotes, start=1)}
        quotes.extend(_shift_quote(q, offset, text, quote_ids[q.id], speaker_ids) for q in segment_quotes)
        for speaker in segment_speakers:
            speakers.append(
                replace(
                    speaker,
                    id=speaker_ids[speaker.id],
                    mentions=[_shift_span(m, offset, text) for m in speaker.mentions],
                    quotes=[quote_ids[q] for q in speaker.quotes],
                )
            )
    return quotes, speakers


def _shift_span(span: Span, offset: int, text: str) -> Span:
    return Span.of(text, span.start + offset, span.end + offset)


def _shift_quote(quote: Quote, offset: int, text: str, new_id: str, speaker_ids: dict[str, str]) -> Quote:
    speaker = quote.speaker
    if speaker is not None:
        mention = _shift_span(speaker.mention, offset, text) if speaker.mention else None
        speaker = replace(speaker, id=speaker_ids[speaker.id], mention=mention)
    start, end = quote.start + offset, quote.end + offset
    return replace(
        quote,
        id=new_id,
        text=text[start:end],
        start=start,
        end=end,
        pieces=[(s + offset, e + offset) for s, e in quote.pieces],
        cue=_shift_span(quote.cue, offset, text) if quote.cue else None,
        speaker=speaker,
        figures=[Figure(f.text, f.start + offset, f.end + offset, f.kind) for f in quote.figures],
    )


__all__ = ["MAX_SEGMENT_CHARS", "merge_segments", "split_long_text", "SpeakerRef"]
