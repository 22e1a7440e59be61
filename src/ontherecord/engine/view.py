"""The text view: one article's paragraphs, quoted spans and cues, with sorted offsets to look them up.

Built complete in its constructor (stages 1 and 2: :mod:`.quotemarks`, :mod:`.headings`, :mod:`.cues`);
every linking pass and every refiner reads it, none writes it."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from .cues import find_cues
from .frames import CueMatch
from .headings import is_heading
from .lexicon import Lexicon
from .quotemarks import QuotedSpan, find_quoted_spans, split_paragraphs
from .ranges import Range, inside_any, overlaps

NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})  # entity types that can name a source
_WORD_OR_STOP = re.compile(r"[^\W_]|\.")  # a letter or digit (str.isalnum), or a full stop


class TextView:
    """One parsed article as the linking passes read it: ``paragraphs``, ``headings``, quoted ``spans``
    (outside headings), ``masked`` (the spans' marks and contents, and the headings: where no cue is
    looked for) and ``cues``, with lookups by bisection rather than scans."""

    def __init__(self, doc: Doc, text: str, lexicon: Lexicon) -> None:
        self.doc = doc
        self.text = text  # Doc.text is rebuilt from the tokens on every access: read once, by the caller
        self.lexicon = lexicon
        self.paragraphs = split_paragraphs(text)
        self.headings: list[Range] = [(p.start, p.end) for p in self.paragraphs if is_heading(text, p)]
        self.spans: list[QuotedSpan] = [
            s for s in find_quoted_spans(text, self.paragraphs) if not inside_any(s.outer_start, self.headings)
        ]
        self.masked: list[Range] = [outer for span in self.spans for outer in span.outer] + self.headings
        self.cues: list[CueMatch] = find_cues(doc, lexicon, self.masked)
        self._starts = [p.start for p in self.paragraphs]
        self._token_starts = doc.to_array(IDX).tolist()
        self._span_starts = [s.outer_start for s in self.spans]
        self._span_ends = [s.outer_end for s in self.spans]  # spans never overlap: ends are sorted too
        self._cue_starts = [c.cue_start for c in self.cues]

    @cached_property
    def entity_words(self) -> frozenset[str]:
        """The words of the names (people, organisations, places, groups) the tagger found in the article."""
        return frozenset(t.text for ent in self.doc.ents if ent.label_ in NAME_LABELS for t in ent)

    def cues_in(self, low: int, high: int) -> list[CueMatch]:
        """Cues starting in [low, high), in text order."""
        return self.cues[bisect_left(self._cue_starts, low) : bisect_left(self._cue_starts, high)]

    def span_ends_in(self, low: int, high: int) -> list[int]:
        """Outer ends of the quoted spans that end in [low, high]."""
        return self._span_ends[bisect_left(self._span_ends, low) : bisect_right(self._span_ends, high)]

    def next_span_start(self, offset: int, default: int) -> int:
        i = bisect_left(self._span_starts, offset)
        return self._span_starts[i] if i < len(self._span_starts) else default

    def spans_overlapping(self, start: int, end: int) -> list[QuotedSpan]:
        first = max(0, bisect_right(self._span_ends, start))
        return [s for s in self.spans[first : bisect_left(self._span_starts, end)] if overlaps(start, end, s.outer_start, s.outer_end)]

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def token_index(self, offset: int) -> int:
        return max(0, bisect_right(self._token_starts, offset) - 1)

    def tokens_within(self, start: int, end: int) -> list[Token]:
        """The tokens that start in [start, end)."""
        tokens = []
        for i in range(self.token_index(start), len(self.doc)):
            token = self.doc[i]
            if token.idx >= end:
                break
            if token.idx >= start:
                tokens.append(token)
        return tokens

    @cached_property
    def _word_or_stop_starts(self) -> list[int]:
        return [match.start() for match in _WORD_OR_STOP.finditer(self.text)]

    def word_before_stop(self, start: int, end: int) -> bool:
        """A letter or digit in [start, end) before the first full stop there (by bisection: the
        callers ask once per quote, about the rest of a paragraph that may be very long)."""
        found = self._word_or_stop_starts
        i = bisect_left(found, start)
        return i < len(found) and found[i] < end and self.text[found[i]] != "."

    def first_word_token(self, start: int, end: int) -> Token | None:
        """The first token that is not whitespace and starts in [start, end)."""
        for i in range(self.token_index(start), len(self.doc)):
            token = self.doc[i]
            if token.idx >= end:
                return None
            if token.idx >= start and not token.is_space:
                return token
        return None

    def alnum_count(self, start: int, end: int, excluded: list[Range]) -> int:
        count = 0
        for i in range(start, end):
            if self.text[i].isalnum() and not any(s <= i < e for s, e in excluded):
                count += 1
        return count

    def sentence_break_between(self, start: int, end: int) -> bool:
        """A sentence-final mark (outside any token like "U.S.") between two offsets."""
        if end <= start:
            return False
        for i in range(self.token_index(start), len(self.doc)):
            token = self.doc[i]
            if token.idx >= end:
                break
            if token.idx >= start and token.tag_ == "." and token.text in (".", "!", "?"):
                return True
        return False
