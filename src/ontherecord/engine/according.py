"""Cues without a verb: a source phrase ("according to X", ``data/cue_phrases.txt``) and the rest of its sentence as content."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .frames import CueMatch
from .syntax import mention_bounds, sentence_bounds


def source_phrase_at(doc: Doc, token: Token, phrases: tuple[tuple[str, ...], ...]) -> int:
    """How many words of a source phrase start at ``token`` (0: none does)."""
    for phrase in phrases:
        if token.i + len(phrase) <= len(doc) and all(doc[token.i + k].lower_ == word for k, word in enumerate(phrase)):
            return len(phrase)
    return 0


def source_phrase_cue(doc: Doc, according: Token, length: int) -> CueMatch | None:
    """The cue of a source phrase of ``length`` words starting at ``according``: its last word's object is the source."""
    to = doc[according.i + length - 1]
    source = next((t for t in to.children if t.dep_ == "pobj"), None)
    if source is None:
        source = next((t for t in according.children if t.dep_ == "pobj"), None)
    if source is None:
        return None
    start, end = mention_bounds(source, keep_clauses=True)
    # the frame ends with the mention: "According to X, the move reeks ..." can parse as an apposition of X
    frame_end = max(t.i for t in source.subtree if t.idx < end)
    content = _according_content(doc, according, frame_end)
    return CueMatch(
        cue_start=according.idx,
        cue_end=to.idx + len(to.text),
        verb=according,
        source_head=source,
        source_start=start,
        source_end=end,
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
        channel=None,
        lexeme=None,
        phrase="according",
    )


def _according_content(doc: Doc, according: Token, frame_end: int) -> tuple[int, int] | None:
    """The sentence around "according to X", without the frame."""
    sentence_start, sentence_end = sentence_bounds(doc, according.i)
    before = (sentence_start, according.i - 1)
    after = (frame_end + 1, sentence_end - 1)
    best = max((before, after), key=lambda r: r[1] - r[0])
    start_i, end_i = best
    while start_i <= end_i and (doc[start_i].is_punct or doc[start_i].is_space):
        start_i += 1
    while end_i >= start_i and (doc[end_i].is_punct or doc[end_i].is_space):
        end_i -= 1
    if end_i < start_i:
        return None
    return doc[start_i].idx, doc[end_i].idx + len(doc[end_i].text)
