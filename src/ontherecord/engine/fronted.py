"""The last step: fronted content, "If the talks fail, Ortiz said, the port will close"."""

from __future__ import annotations

from .drafts import Draft
from .ranges import overlaps
from .syntax import sentence_bounds
from .view import TextView


def take_fronted_content(view: TextView, drafts: list[Draft]) -> None:
    """ "If the talks fail, Ortiz said, the port will close": the words before a frame set off by
    commas belong to what was said, as a first piece of the content (PolNeAR's annotators take them
    too). A frame with no comma after it keeps its fronted words: "On Monday, Ortiz said the port ..."."""
    taken = [(d.start, d.end) for d in drafts]
    for draft in drafts:
        cue = draft.cue
        if draft.type == "direct" or cue is None or cue.source_start is None or draft.start < cue.cue_end:
            continue
        frame_start = min(cue.source_start, cue.cue_start)
        end = frame_start - 1  # the comma before the frame, found past any spaces
        while end > 0 and view.text[end].isspace():
            end -= 1
        if end <= 0 or view.text[end] != "," or "," not in view.text[cue.cue_end : draft.start]:
            continue  # only a frame set off by commas on both sides
        start = view.doc[sentence_bounds(view.doc, view.token_index(frame_start))[0]].idx
        if end <= start or any(overlaps(start, end, s, e) for s, e in taken) or view.spans_overlapping(start, end):
            continue
        draft.pieces.insert(0, (start, end))
