"""Stage 1: find quoted stretches of text from quotation marks alone (no parse needed).

Handles “ ” „ « » and straight double quotes as the top level, ‘ ’ and ' as the top
level only when a paragraph uses them that way, nested marks inside a quote, a stray
space after an opening mark, and the news convention for quotes that run over several
paragraphs: a paragraph that ends inside a quote without closing it continues into the
next paragraph when that one opens with a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# "”" opens too, but only where no quote can close: at a paragraph start or after a space (a typo for “)
# A straight mark may close with ” too ("Oz has a bully pulpit,” said X): sloppy copy mixes them.
DOUBLE_OPENERS = {"“": "”\"", "„": "“”\"", "«": "»", "‟": "”\"", '"': '"”', "»": "«", "”": "”\""}
SINGLE_OPENERS = {"‘": "’'", "'": "'’", "‚": "‘’", "‹": "›"}
OPENING_CONTEXT = set(" \t\n\r\u00a0\u2009\u202f([{—–-/:;") | {""}

# The marks the later stages look for, each set named for what it finds there.
OPENING_MARKS = "“\"‘'«"  # marks put back around a piece of content (the polnear content style)
CLOSING_MARKS = "”\"’'»"
NESTED_CLOSING_MARKS = "’'”\""  # a quote that ends on a quote of its own: “People ask me, ‘Why now?’”
NEXT_QUOTE_MARKS = "“\"‘«"  # a mark that opens the next quote right after one closes
INNER_QUOTE_MARKS = "“‘\"'"  # quoted words inside a labelled headline make it a mixed quote
HEADING_END_MARKS = "”’\"')"  # what may stand after the last full stop of a sentence (not a heading)
DOUBLE_MARKS = "\"“”«»"  # the double marks, either side: what the models read as "a quotation mark"
ALL_MARKS = "\"“”‘’'«»"
QUOTE_THEN_DASH = re.compile(r"[”\"»][ \t\u00a0]*[―—–]")  # “...” ― Name: a cited line
_PARAGRAPH_BREAK = re.compile(r"\r\n[ \t\u00a0]*\r\n|\n[ \t\u00a0]*\n|\r[ \t\u00a0]*\r")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass
class Paragraph:
    index: int
    start: int
    end: int


class Pieced:
    """Something made of text pieces in order: it starts where its first piece starts and ends where its last ends."""

    pieces: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


@dataclass
class QuotedSpan(Pieced):
    """Quoted text found from marks: one piece per paragraph (or per pair of marks)."""

    pieces: list[tuple[int, int]]  # content offsets, inside the marks, whitespace trimmed
    outer: list[tuple[int, int]]  # the same pieces including their marks
    paragraphs: list[int] = field(default_factory=list)
    closed: bool = True  # the last piece has a closing mark

    @property
    def outer_start(self) -> int:
        return self.outer[0][0]

    @property
    def outer_end(self) -> int:
        return self.outer[-1][1]


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are blank-line separated blocks; in text without blank lines, lines."""
    breaker = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(text) else _LINE_BREAK
    paragraphs: list[Paragraph] = []
    position = 0
    for match in breaker.finditer(text):
        _add_paragraph(text, position, match.start(), paragraphs)
        position = match.end()
    _add_paragraph(text, position, len(text), paragraphs)
    return paragraphs


def _add_paragraph(text: str, start: int, end: int, paragraphs: list[Paragraph]) -> None:
    start, end = _trim(text, start, end)
    if end > start:
        paragraphs.append(Paragraph(len(paragraphs), start, end))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _char_before(text: str, i: int, floor: int) -> str:
    return text[i - 1] if i > floor else ""


def _char_after(text: str, i: int, ceiling: int) -> str:
    return text[i + 1] if i + 1 < ceiling else ""


def _can_open(text: str, i: int, para: Paragraph) -> bool:
    after = _char_after(text, i, para.end)
    before = _char_before(text, i, para.start)
    if text[i] in "“„«‟":
        return after != "" and (before in OPENING_CONTEXT or before in "“‘'\"" or not before.isalnum())
    return before in OPENING_CONTEXT and after != "" and not after.isspace()


def _can_close(text: str, i: int, para: Paragraph, opener: str) -> bool:
    mark = text[i]
    if mark not in DOUBLE_OPENERS.get(opener, ""):
        return False
    before = _char_before(text, i, para.start)
    if mark == '"' or opener == '"':
        # A straight mark (or a ” closing one) closes only after a non-space, and not inside a word.
        after = _char_after(text, i, para.end)
        return before != "" and not before.isspace() and not after.isalnum()
    return True


def find_quoted_spans(text: str, paragraphs: list[Paragraph] | None = None) -> list[QuotedSpan]:
    """All top-level quoted spans of ``text`` in order, multi-paragraph quotes joined."""
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    spans: list[QuotedSpan] = []
    carried: QuotedSpan | None = None  # a quote left open at the end of the previous paragraph
    for para in paragraphs:
        if carried is not None and not (text[para.start] in DOUBLE_OPENERS and _can_open(text, para.start, para)):
            spans.append(carried)
            carried = None
        closed, carried = _scan_paragraph(text, para, carried)
        spans.extend(closed)
    if carried is not None:
        spans.append(carried)
    spans.sort(key=lambda s: s.start)
    return spans


def _scan_paragraph(text: str, para: Paragraph, carried: QuotedSpan | None) -> tuple[list[QuotedSpan], QuotedSpan | None]:
    """Quoted spans closed in this paragraph, and the span left open at its end (if any).

    ``carried`` is a quote continued from the previous paragraph; the paragraph then
    starts with its opening mark.
    """
    closed: list[QuotedSpan] = []
    current = carried
    open_at, opener = (para.start, text[para.start]) if carried is not None else (-1, "")
    curly_inside = 0  # “ ” pairs inside a straight-quoted span: their ” closes them, not the span
    for i in range(open_at + 1 if carried is not None else para.start, para.end):
        ch = text[i]
        if open_at < 0:
            if ch in DOUBLE_OPENERS and _can_open(text, i, para):
                open_at, opener, current, curly_inside = i, ch, None, 0
        elif opener == '"' and ch == "“":
            curly_inside += 1
        elif opener == '"' and ch == "”" and curly_inside:
            curly_inside -= 1
        elif _can_close(text, i, para, opener):
            closed.append(_add_piece(text, para, open_at, i, current, closed=True))
            open_at, current = -1, None
    left_open = _add_piece(text, para, open_at, para.end, current, closed=False) if open_at >= 0 else None
    closed.extend(_single_quoted_spans(text, para, closed, left_open))
    return closed, left_open


def _add_piece(text: str, para: Paragraph, open_at: int, close_at: int, span: QuotedSpan | None, closed: bool) -> QuotedSpan:
    start, end = _trim(text, open_at + 1, close_at)
    if end <= start:
        start = end = min(open_at + 1, close_at)
    if span is None:
        span = QuotedSpan(pieces=[], outer=[], paragraphs=[])
    span.pieces.append((start, end))
    span.outer.append((open_at, close_at + 1 if closed else close_at))
    span.paragraphs.append(para.index)
    span.closed = closed
    return span


def _single_quoted_spans(
    text: str, para: Paragraph, doubles: list[QuotedSpan], left_open: QuotedSpan | None
) -> list[QuotedSpan]:
    """‘single’-quoted spans outside any double quote (British top-level style)."""
    taken = [o for span in doubles for o in span.outer if para.start <= o[0] < para.end]
    if left_open is not None:
        taken.extend(o for o in left_open.outer if para.start <= o[0] < para.end)
    found: list[QuotedSpan] = []
    i = para.start
    while i < para.end:
        ch = text[i]
        if ch in SINGLE_OPENERS and _can_open(text, i, para) and not _inside(i, taken):
            close = _find_single_close(text, i, para, SINGLE_OPENERS[ch], taken)
            if close is not None:
                start, end = _trim(text, i + 1, close)
                if end > start:
                    found.append(QuotedSpan([(start, end)], [(i, close + 1)], [para.index], True))
                i = close + 1
                continue
        i += 1
    return found


def _find_single_close(text: str, open_at: int, para: Paragraph, closers: str, taken: list[tuple[int, int]]) -> int | None:
    for j in range(open_at + 2, para.end):
        if _inside(j, taken):
            return None
        if text[j] in closers:
            before, after = text[j - 1], _char_after(text, j, para.end)
            if not before.isspace() and not after.isalnum():
                return j
    return None


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= i < end for start, end in ranges)
