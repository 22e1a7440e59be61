"""Records: drafts with resolved speakers become :class:`~ontherecord.model.Quote` and
:class:`~ontherecord.model.Speaker` records, with the figures (:mod:`.figures`) inside each quote."""

from __future__ import annotations

from ..model import Quote, Span, Speaker
from .drafts import Draft
from .figures import figures_in
from .speakers import SpeakerResolver

UNKNOWN_SPEAKER_DISCOUNT = 0.7  # a quote whose speaker is not resolved is that much less sure


def records(text: str, drafts: list[Draft], resolver: SpeakerResolver) -> tuple[list[Quote], list[Speaker]]:
    entities = resolver.entities
    entity_starts = [ent.start_char for ent in entities]
    speakers = resolver.speakers()
    speakers_by_id = {s.id: s for s in speakers}
    quotes: list[Quote] = []
    for number, draft in enumerate(drafts, start=1):
        pieces = sorted(set(draft.pieces))
        start, end = pieces[0][0], pieces[-1][1]
        cue = draft.cue
        speaker = resolver.refresh(draft.speaker) if draft.speaker is not None else None
        confidence = draft.confidence
        if speaker is None or speaker.kind == "unknown":
            confidence *= UNKNOWN_SPEAKER_DISCOUNT
        quote = Quote(
            id=f"q{number}",
            type=draft.type,
            text=text[start:end],
            start=start,
            end=end,
            pieces=pieces,
            cue=Span.of(text, cue.cue_start, cue.cue_end) if cue is not None else None,
            speaker=speaker,
            channel=cue.channel if cue is not None else None,
            figures=figures_in(text, pieces, entities, entity_starts),
            confidence=round(min(1.0, max(0.0, confidence)), 2),
        )
        quotes.append(quote)
        if speaker is not None:
            speakers_by_id[speaker.id].quotes.append(quote.id)
    return quotes, renumber_speakers(quotes, speakers)


def renumber_speakers(quotes: list[Quote], speakers: list[Speaker]) -> list[Speaker]:
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
