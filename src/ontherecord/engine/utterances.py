"""Is a quoted span someone's words, or a title, a term, a name? Readings the linking passes share."""

from __future__ import annotations

import re

from spacy.tokens import Token

from .quotemarks import NEXT_QUOTE_MARKS, QuotedSpan
from .view import TextView

_BLANKS = re.compile(r"[ \t\u00a0]*")


def is_utterance(view: TextView, span: QuotedSpan) -> bool:
    """The quoted words end their sentence: punctuation inside the closing mark, or nothing but a new
    sentence (or a new quote) after it in the paragraph."""
    if view.text[span.end - 1] in ".!?…,;:—–-":
        return True
    paragraph = view.paragraphs[view.paragraph_of(span.outer_end - 1)]
    rest = _BLANKS.match(view.text, span.outer_end, paragraph.end).end()  # never copy the paragraph's rest
    if rest == paragraph.end or view.text[rest] in NEXT_QUOTE_MARKS or not view.word_before_stop(rest, paragraph.end):
        return True
    word = view.first_word_token(span.outer_end, paragraph.end)
    return word is not None and word.is_sent_start


def embedded_in_phrase(view: TextView, outer_start: int) -> bool:
    """The quoted words are the object of a preposition or follow a determiner: a name, not speech."""
    before = _word_before(view, outer_start)
    return before is not None and (before.pos_ in ("ADP", "DET") or _is_possessive(before))


def follows_possessive(view: TextView, outer_start: int) -> bool:
    """on Radio Nine’s “Morning Show.”: a title, never a quote continued."""
    before = _word_before(view, outer_start)
    return before is not None and _is_possessive(before)


def _is_possessive(token: Token) -> bool:
    return token.lower_ in ("’s", "'s")


def _word_before(view: TextView, outer_start: int) -> Token | None:
    """The token right before an opening mark, if it touches it (at most a space between)."""
    i = view.token_index(outer_start)
    if i == 0 or view.doc[i].idx != outer_start:
        return None
    before = view.doc[i - 1]
    return before if before.idx + len(before.text) >= outer_start - 1 else None
