"""Records: drafts with resolved speakers become :class:`~ontherecord.model.Quote` and
:class:`~ontherecord.model.Speaker` records, with the figures (:mod:`.figures`) inside each quote."""

from __future__ import annotations

from ..model import Quote, Span, Speaker
from .drafts import Draft
from .entities import ArticleEntity
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
            channel=(cue.channel if cue is not None else None) or resolver.channel_at(draft.speaker.mention if draft.speaker else None),
            figures=figures_in(text, pieces, entities, entity_starts),
            confidence=round(min(1.0, max(0.0, confidence)), 2),
        )
        quotes.append(quote)
        if speaker is not None:
            speakers_by_id[speaker.id].quotes.append(quote.id)
    entities = resolver.entity_of_speaker()
    kept = renumber_speakers(quotes, speakers)
    link_entities(kept, entities)
    return quotes, kept


def link_entities(speakers: list[Speaker], entities: dict[int, ArticleEntity]) -> None:
    """Each speaker's entity mentions, and the speakers its entity relates to: an organization's
    people, a person's organization, a document's author (``entities``: by ``id()`` of the speaker)."""
    by_entity: dict[str, Speaker] = {}
    for speaker in speakers:
        entity = entities.get(id(speaker))
        if entity is not None:
            speaker.entity_mentions = list(entity.mentions)
            by_entity.setdefault(entity.id, speaker)
    for speaker in speakers:
        entity = entities.get(id(speaker))
        if entity is None:
            continue
        people = [by_entity[p].id for p in entity.people if p in by_entity and by_entity[p] is not speaker]
        speaker.people = sorted(set(people), key=lambda i: int(i[1:]))
        organization = by_entity.get(entity.organization or "")
        speaker.organization_id = organization.id if organization is not None else None
        author = by_entity.get(entity.author or "")
        speaker.author = author.id if author is not None else None


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
