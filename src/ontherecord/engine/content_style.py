"""Content styles: where a quote's content starts and ends, as journalists want it (clean) or as
PolNeAR's annotators mark it (polnear)."""

from __future__ import annotations

from .drafts import Draft
from .quotemarks import CLOSING_MARKS, OPENING_MARKS
from .ranges import Range
from .view import TextView

CONTENT_STYLES = ("clean", "polnear")
_INNER_PUNCTUATION = ".,!?;:…"


def check_content_style(content_style: str) -> None:
    if content_style not in CONTENT_STYLES:
        raise ValueError(f"content_style must be one of {', '.join(CONTENT_STYLES)}, not {content_style!r}")


def apply_content_style(view: TextView, drafts: list[Draft], style: str, reranked: bool) -> None:
    """clean: "said [he would run]", “[We will not wait],” she said. polnear, as PolNeAR's annotators
    mark content: "said [that he would run]", [“We will not wait,”] she said. Only indirect or mixed
    content right after its cue takes or loses its "that" (the reranker may have chosen either form;
    the rules strip only a "that" parsed as a complementiser, so fast mode's clean output is theirs)."""
    for draft in drafts:
        if style == "polnear":
            draft.pieces = [_with_marks(view.text, start, end) for start, end in draft.pieces]
        if draft.type == "direct" or draft.cue is None or draft.start < draft.cue.cue_end:
            continue
        start, end = draft.pieces[0]
        first = view.doc[view.token_index(start)]
        complementiser = first.lower_ == "that" and first.tag_ == "IN" and (reranked or first.dep_ == "mark")
        if style == "clean" and complementiser and first.i + 1 < len(view.doc):
            following = view.doc[first.i + 1]
            if following.idx < end:
                draft.pieces[0] = (following.idx, end)
        elif style == "polnear" and first.i > 0:
            before = view.doc[first.i - 1]
            if before.lower_ == "that" and before.idx >= draft.cue.cue_end:
                draft.pieces[0] = (before.idx, end)


def _with_marks(text: str, start: int, end: int) -> Range:
    """The piece with the quotation marks around it and the punctuation just inside the closing one."""
    if start > 0 and text[start - 1] in OPENING_MARKS:
        start -= 1
    j = end
    while j < len(text) and text[j] in _INNER_PUNCTUATION:
        j += 1
    if j < len(text) and text[j] in CLOSING_MARKS and (text[start] in OPENING_MARKS or j > end or text[end - 1] != " "):
        end = j + 1
    return start, end
