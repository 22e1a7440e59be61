"""The article text cut into segments at every quote, piece and cue boundary, for highlighting.

Each segment is plain text (the template escapes it); a segment inside a quote carries the
quote's id, its speaker's colour and whether it is quoted words (``piece``), the cue, or
words of the quote span between pieces (``gap``, e.g. an interrupting "she said"). A quote
over several paragraphs is one run of segments with one id, so it reads and hovers as one.
Paragraphs the engine takes for headings (and no quote touches) are ``subhead`` segments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine import _is_heading
from ..model import Article
from ..quotemarks import split_paragraphs

# Paul Tol's "light" scheme (made for text on colour, colour-blind safe): sp-0 … sp-7 in static/app.css.
# After eight speakers the colours come round again with a pattern (pat-1, pat-2) as the difference.
PALETTE_SIZE = 8
PATTERNS = 3
ROLE_PRIORITY = ("piece", "cue", "gap")


@dataclass
class Segment:
    text: str
    quote: str | None = None
    speaker: str | None = None
    colour: int | None = None
    role: str | None = None
    first: bool = False  # the quote's first segment carries its anchor
    subhead: bool = False


@dataclass(frozen=True)
class SpeakerStyle:
    """How a speaker is told apart in one article: a palette colour, a pattern and initials."""

    colour: int
    pattern: int
    initials: str

    @property
    def css(self) -> str:
        return f"sp-{self.colour} pat-{self.pattern}"


def speaker_order(article: Article) -> list[str]:
    """Speaker ids in order of their first quote in the text, then speakers never quoted."""
    order: list[str] = []
    for quote in sorted(article.quotes, key=lambda q: (q.start, q.end)):
        if quote.speaker and quote.speaker.id not in order:
            order.append(quote.speaker.id)
    return order + [speaker.id for speaker in article.speakers if speaker.id not in order]


def speaker_colours(article: Article) -> dict[str, int]:
    """Speaker id → its rank by first appearance: distinct for every speaker of the article."""
    return {speaker_id: rank for rank, speaker_id in enumerate(speaker_order(article))}


def speaker_styles(article: Article) -> dict[str, SpeakerStyle]:
    """Speaker id → colour, pattern and initials; no two speakers of an article share colour and pattern
    (up to ``PALETTE_SIZE * PATTERNS`` speakers)."""
    names = {speaker.id: speaker.name for speaker in article.speakers}
    return {speaker_id: SpeakerStyle(rank % PALETTE_SIZE, rank // PALETTE_SIZE % PATTERNS,
                                     initials(names.get(speaker_id)))
            for speaker_id, rank in speaker_colours(article).items()}


def initials(name: str | None) -> str:
    """"Geoffrey Corn" → "GC", "the Pentagon" → "P": the capitalised words' first letters, two at most."""
    words = [word for word in (name or "").replace("-", " ").split() if word[:1].isalpha()]
    capitals = [word[0] for word in words if word[0].isupper()] or [word[0].upper() for word in words[:1]]
    return "".join(capitals[:1] + capitals[-1:]) if len(capitals) > 1 else "".join(capitals) or "?"


def segments(article: Article) -> list[Segment]:
    colours = speaker_colours(article)
    marks: list[tuple[int, int, str, int]] = []  # (start, end, role, quote index)
    for index, quote in enumerate(article.quotes):
        marks.append((quote.start, quote.end, "gap", index))
        marks += [(start, end, "piece", index) for start, end in quote.pieces]
        if quote.cue is not None:
            marks.append((quote.cue.start, quote.cue.end, "cue", index))
    marks = [mark for mark in marks if mark[1] > mark[0]]
    cuts = sorted({0, len(article.text), *(m[0] for m in marks), *(m[1] for m in marks)})
    starting: dict[int, list[tuple[int, int, str, int]]] = {}
    for mark in marks:
        starting.setdefault(mark[0], []).append(mark)
    active: list[tuple[int, int, str, int]] = []
    seen: set[int] = set()
    result: list[Segment] = []
    for left, right in zip(cuts, cuts[1:]):
        active = [mark for mark in active if mark[1] > left] + starting.get(left, [])
        covering = _innermost(active)
        if covering is None:
            _append(result, Segment(article.text[left:right]))
            continue
        _, _, role, index = covering
        quote = article.quotes[index]
        speaker = quote.speaker.id if quote.speaker else None
        segment = Segment(article.text[left:right], quote.id, speaker, colours.get(speaker) if speaker else None,
                          role, first=index not in seen)
        seen.add(index)
        _append(result, segment)
    return _mark_subheads(article, result)


def _mark_subheads(article: Article, cut: list[Segment]) -> list[Segment]:
    """Split the unquoted segments at heading paragraphs and mark those as subheads."""
    quoted = [(quote.start, quote.end) for quote in article.quotes]
    headings = [(p.start, p.end) for p in split_paragraphs(article.text)
                if _is_heading(article.text, p) and " " in article.text[p.start:p.end].strip()
                and not any(start < p.end and p.start < end for start, end in quoted)]
    if not headings:
        return cut
    result: list[Segment] = []
    position = 0
    for segment in cut:
        end = position + len(segment.text)
        inside = [(max(s, position), min(e, end)) for s, e in headings if s < end and position < e]
        if segment.quote or not inside:
            result.append(segment)
        else:
            cursor = position
            for start, stop in inside:
                if start > cursor:
                    result.append(Segment(article.text[cursor:start]))
                result.append(Segment(article.text[start:stop], subhead=True))
                cursor = stop
            if end > cursor:
                result.append(Segment(article.text[cursor:end]))
        position = end
    return result


def _innermost(active: list[tuple[int, int, str, int]]) -> tuple[int, int, str, int] | None:
    """The mark to show: quoted words before cue before the rest of a span, the latest-starting first."""
    if not active:
        return None
    return min(active, key=lambda m: (ROLE_PRIORITY.index(m[2]), -m[0], m[1]))


def _append(result: list[Segment], segment: Segment) -> None:
    if not segment.text:
        return
    previous = result[-1] if result else None
    if previous and not segment.first and (previous.quote, previous.role) == (segment.quote, segment.role):
        previous.text += segment.text
    else:
        result.append(segment)


def search_marks(text: str | None, query: str | None) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) where a word starts with one of the query's words (the
    stores' full-text search stems, so "cartel" finds "cartels": a prefix shows what matched)."""
    words = sorted({word.lower() for word in re.findall(r"\w+", query or "") if len(word) > 1}, key=len, reverse=True)
    if not text or not words:
        return [(text or "", False)]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.IGNORECASE)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in pattern.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
