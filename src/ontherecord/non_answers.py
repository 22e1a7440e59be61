"""Non-answers: "declined to comment", "did not respond to a request for comment".

The rules read "X declined to comment" as an indirect quote of X with content "to comment".
That is a sourcing fact desks count, not a statement: this step takes such quotes out of the
quote list and records each on its speaker as a non-answer (``Speaker.non_answers``: the span
from the cue to the end of the quote, "declined to comment on the talks"). A speaker whose only
"quote" was a non-answer stays in the speaker list with no quotes. The phrases are in
``data/non_answer_phrases.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from .model import Quote, Span, Speaker


@lru_cache(maxsize=1)
def non_answer_phrases() -> tuple[str, ...]:
    text = resources.files("ontherecord.data").joinpath("non_answer_phrases.txt").read_text(encoding="utf-8")
    return tuple(_folded(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))


def separate_non_answers(text: str, quotes: list[Quote], speakers: list[Speaker]) -> tuple[list[Quote], list[Speaker]]:
    """``quotes`` without the non-answers, renumbered q1, q2, ...; each non-answer recorded on its speaker."""
    speakers_by_id = {speaker.id: speaker for speaker in speakers}
    kept: list[Quote] = []
    for quote in quotes:
        span = non_answer_span(text, quote)
        speaker = speakers_by_id.get(quote.speaker.id) if quote.speaker is not None else None
        if span is None or speaker is None:
            kept.append(quote)
            continue
        speaker.non_answers.append(span)
        speaker.quotes.remove(quote.id)
    if len(kept) == len(quotes):
        return quotes, speakers
    _renumber(kept, speakers)
    return kept, speakers


def non_answer_span(text: str, quote: Quote) -> Span | None:
    """The cue-to-end span of ``quote`` if it reads as a non-answer (the cue before the content)."""
    if quote.cue is None or quote.type == "direct" or quote.cue.start > quote.start:
        return None
    start, end = quote.cue.start, quote.end
    if _folded(text[start:end]).startswith(non_answer_phrases()):
        return Span(text[start:end], start, end)
    return None


def _renumber(quotes: list[Quote], speakers: list[Speaker]) -> None:
    new_ids = {quote.id: f"q{number}" for number, quote in enumerate(quotes, start=1)}
    for quote in quotes:
        quote.id = new_ids[quote.id]
    for speaker in speakers:
        speaker.quotes = [new_ids[quote_id] for quote_id in speaker.quotes]


def _folded(text: str) -> str:
    return " ".join(re.sub("[\u2018\u2019]", "'", text).lower().split())


def renumber_by_appearance(quotes: list[Quote], speakers: list[Speaker]) -> list[Speaker]:
    """The speakers that have quotes or non-answers, ordered by where they first appear (their first
    quote or non-answer), with ids s1, s2, ... in that order (the quotes' speaker ids follow)."""
    starts = {quote.id: quote.start for quote in quotes}
    kept = [speaker for speaker in speakers if speaker.quotes or speaker.non_answers]
    kept.sort(key=lambda s: min([starts[q] for q in s.quotes] + [span.start for span in s.non_answers]))
    new_ids = {speaker.id: f"s{number}" for number, speaker in enumerate(kept, start=1)}
    for speaker in kept:
        speaker.id = new_ids[speaker.id]
    for quote in quotes:
        if quote.speaker is not None:
            quote.speaker.id = new_ids[quote.speaker.id]
    return kept
