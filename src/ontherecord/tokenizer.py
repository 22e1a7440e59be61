"""A spaCy tokenizer wrapper whose cost per character is bounded.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free stretch one at a time, and
every suffix search scans the whole remaining stretch: a run of n quote marks, brackets or
other punctuation with no space costs O(n²). The wrapper tokenizes text with no long run
exactly as spaCy does; a run longer than :data:`LONG_RUN` characters is cut into pieces of at
most that length (at a change between word and non-word characters where there is one, never
inside a grapheme cluster), each piece is tokenized by spaCy on its own, and the Docs are
joined without adding anything: ``doc.text`` is the input, character for character.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

LONG_RUN = 128  # characters without whitespace that spaCy still tokenizes in one piece
_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")
_JOINERS = frozenset("\u200d\u200c\u034f\u2060")  # zero-width joiners bind their neighbours
_EXCLUDED = ("tensor", "user_data", "spans")  # a fresh tokenizer Doc has none of them


class BoundedTokenizer:
    """Tokenizes like ``tokenizer``, in pieces of at most :data:`LONG_RUN` characters per run.

    Everything else (``pipe``, serialization, rules) is the wrapped tokenizer's."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        pieces = bounded_pieces(text)
        if len(pieces) == 1:
            return self.tokenizer(text)
        docs = [self.tokenizer(text[start:end]) for start, end in pieces]
        return Doc.from_docs(docs, ensure_whitespace=False, exclude=_EXCLUDED)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (while unpickling)
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def bound_tokenizer(nlp: Language) -> Language:
    """Wrap ``nlp``'s tokenizer in a :class:`BoundedTokenizer` (once)."""
    if not isinstance(nlp.tokenizer, BoundedTokenizer):
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    return nlp


@registry.callbacks("ontherecord.bound_tokenizer.v1")
def make_bound_tokenizer() -> Any:
    """For a spaCy config: ``[nlp.after_creation] @callbacks = "ontherecord.bound_tokenizer.v1"``."""
    return bound_tokenizer


def bounded_pieces(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering ``text`` in order; no whitespace-free run inside a piece is
    longer than :data:`LONG_RUN`, and a piece starts at a run's start, inside a run, or just after
    the whitespace that follows one (so spaCy sees the same whitespace as in the whole text)."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for run in _RUN.finditer(text):
        if run.start() > start:
            pieces.append((start, run.start()))
        start = run.start()
        while run.end() - start > LONG_RUN:
            cut = _cut_point(text, start, start + LONG_RUN)
            pieces.append((start, cut))
            start = cut
        end = _after_whitespace(text, run.end())
        pieces.append((start, end))
        start = end
    if start < len(text) or not pieces:
        pieces.append((start, len(text)))
    return pieces


def _after_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _cut_point(text: str, start: int, end: int) -> int:
    """Where to end the piece ``text[start:end]`` (a stretch with no whitespace): the last change
    between word and non-word characters in its second half, else the last grapheme boundary
    there, else ``end``."""
    floor = start + (end - start) // 2
    fallback = None
    for position in range(end, floor, -1):
        if not _grapheme_boundary(text, start, position):
            continue
        if text[position - 1].isalnum() != text[position].isalnum():
            return position
        fallback = fallback or position
    return fallback or end


def _grapheme_boundary(text: str, start: int, position: int) -> bool:
    """An approximation of a grapheme cluster boundary good enough to keep marks, joined emoji and
    flags whole: not before a combining mark, variation selector or skin tone, not beside a
    joiner, not between two regional indicators."""
    before, after = text[position - 1], text[position]
    if before in _JOINERS or after in _JOINERS:
        return False
    if unicodedata.combining(after) or unicodedata.category(after) in ("Mn", "Me", "Mc"):
        return False
    if "\ufe00" <= after <= "\ufe0f" or "\U0001f3fb" <= after <= "\U0001f3ff" or "\U000e0020" <= after <= "\U000e007f":
        return False
    return not _inside_flag(text, start, position)


def _inside_flag(text: str, start: int, position: int) -> bool:
    """Between the two regional indicators of one flag: an odd number of them between the piece's
    start (a boundary) and ``position``."""
    count = 0
    while position - count > start and _regional_indicator(text[position - count - 1]):
        count += 1
    return count % 2 == 1 and position < len(text) and _regional_indicator(text[position])


def _regional_indicator(character: str) -> bool:
    return "\U0001f1e6" <= character <= "\U0001f1ff"
