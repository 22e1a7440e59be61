"""Headlines, section titles, bylines and bare URLs: paragraphs that are not the story's sentences."""

from __future__ import annotations

from .quotemarks import HEADING_END_MARKS, QUOTE_THEN_DASH, Paragraph


def is_heading(text: str, paragraph: Paragraph) -> bool:
    """Headlines, section titles, bylines and bare URLs: short lines that end no sentence."""
    body = text[paragraph.start : paragraph.end]
    words = body.split()
    if len(words) == 1 and ("://" in body or body.startswith("www.")):
        return True
    if body.rstrip(HEADING_END_MARKS).endswith((".", "!", "?", "…", ":", ";", ",")) or QUOTE_THEN_DASH.search(body):
        return False
    return len(words) <= (20 if paragraph.index == 0 else 14)
