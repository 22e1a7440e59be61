"""The article text cut into segments at every quote, piece and cue boundary, for highlighting.

Each segment is plain text (the template escapes it); a segment inside a quote carries the
quote's id, its speaker's colour and whether it is quoted words (``piece``), the cue, or
words of the quote span between pieces (``gap``, e.g. an interrupting "she said"). A quote
over several paragraphs is one run of segments with one id, so it reads and hovers as one.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Article

PALETTE_SIZE = 12  # speaker colours sp-0 … sp-11 in static/app.css
ROLE_PRIORITY = ("piece", "cue", "gap")


@dataclass
class Segment:
    text: str
    quote: str | None = None
    speaker: str | None = None
    colour: int | None = None
    role: str | None = None
    first: bool = False  # the quote's first segment carries its anchor


def speaker_colours(article: Article) -> dict[str, int]:
    """Speaker id → colour index, in order of appearance in the speakers list."""
    return {speaker.id: index % PALETTE_SIZE for index, speaker in enumerate(article.speakers)}


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
