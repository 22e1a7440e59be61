"""Pass 7, floating quotes: a paragraph that is only a quote, right after an attributed quote, belongs to that speaker."""

from __future__ import annotations

from .drafts import Claims, Draft
from .quotemarks import QuotedSpan
from .speakers import SpeakerResolver
from .view import TextView


def floating(view: TextView, drafts: list[Draft], resolver: SpeakerResolver) -> list[Draft]:
    """A paragraph that is only a quote, right after an attributed quote, belongs to that speaker."""
    claims = Claims(drafts)
    found: list[Draft] = []
    for span in view.spans:
        if claims.has_span(span) or not _is_quote_paragraph(view, span):
            continue
        paragraph = span.paragraphs[0]
        previous = [d for d in drafts + found if d.speaker is not None and view.paragraph_of(d.end) == paragraph - 1]
        if not previous:
            continue
        source = max(previous, key=lambda d: d.end)
        speaker = resolver.inherit(source.speaker.id, source.speaker.mention)
        found.append(Draft(list(span.pieces), "direct", None, [span], speaker, confidence=0.7, floating=True))
    return found


def _is_quote_paragraph(view: TextView, span: QuotedSpan) -> bool:
    paragraph = view.paragraphs[span.paragraphs[0]]
    if span.outer_start - paragraph.start > 2:
        return False
    last = view.paragraphs[span.paragraphs[-1]]
    outers = span.outer
    return view.alnum_count(paragraph.start, last.end, outers) == 0
