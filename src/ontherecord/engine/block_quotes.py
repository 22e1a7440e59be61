"""Pass 5, block quotes: "The governor added:" closing a paragraph, then a paragraph without quotation
marks, whose marks the page's layout carried (a <blockquote>), not the text."""

from __future__ import annotations

from .direct import colon_introduction
from .drafts import Claims, Draft, touches_a_draft
from .headings import is_heading
from .view import TextView


def block_quotes(view: TextView, drafts: list[Draft]) -> list[Draft]:
    """ "The governor added:" closing a paragraph, then a paragraph without quotation marks: a
    block quote whose marks the page's layout carried (a <blockquote>), not the text."""
    claims = Claims(drafts)
    found = []
    for previous, paragraph in zip(view.paragraphs, view.paragraphs[1:]):
        cue = colon_introduction(view, previous)
        if cue is None or claims.has_cue(cue):
            continue
        if view.text[cue.cue_end : previous.end].strip(" \t\u00a0:").count(" ") > 6 or cue.has_content and cue.content_start < previous.end:
            continue  # "He said the plan has three parts:" introduces a list, not his words
        if view.spans_overlapping(paragraph.start, paragraph.end) or touches_a_draft(paragraph, drafts):
            continue
        if is_heading(view.text, paragraph) or len(view.text[paragraph.start : paragraph.end].split()) < 4:
            continue
        found.append(Draft([(paragraph.start, paragraph.end)], "direct", cue, confidence=0.6))
    return found
