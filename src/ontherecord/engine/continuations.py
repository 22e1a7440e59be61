"""Pass 6, continuations: “...,” X said Tuesday. “...”: a quote that follows an attribution in its
paragraph, with only that attribution's frame in between, continues the same speaker."""

from __future__ import annotations

from bisect import bisect_right

from .drafts import Claims, Draft, cue_key
from .frames import CueMatch
from .speakers import SpeakerResolver
from .utterances import follows_possessive, is_utterance
from .view import TextView

MAX_CONTINUATION_GAP = 300  # characters of frame between a quote and the next one it continues


def continuations(view: TextView, drafts: list[Draft], resolver: SpeakerResolver) -> list[Draft]:
    """“...,” X said Tuesday. “...”: a quote that follows an attribution in its paragraph, with only
    that attribution's frame in between, continues the same speaker."""
    claims = Claims(drafts)
    attributed = sorted((d for d in drafts if d.speaker is not None), key=lambda d: d.end)
    ends = [d.end for d in attributed]
    found: list[Draft] = []
    for span in view.spans:
        if claims.has_span(span):
            continue
        index = bisect_right(ends, span.outer_start) - 1
        if index < 0:
            continue
        previous = attributed[index]
        if view.paragraph_of(previous.end) != view.paragraph_of(span.outer_start):
            continue
        if not _only_frame_between(view, previous, attributed, previous.end, span.outer_start):
            continue
        if not is_utterance(view, span) or follows_possessive(view, span.outer_start):
            continue  # “Victory” was the word on every lip / on Radio Nine’s “Morning Show.”: not speech
        if previous.type == "direct" and previous.spans and not previous.floating:
            previous.pieces.extend(span.pieces)
            previous.spans.append(span)
        else:
            speaker = resolver.inherit(previous.speaker.id, previous.speaker.mention)
            found.append(Draft(list(span.pieces), "direct", None, [span], speaker, confidence=0.7, floating=True))
        claims.claim_span(span)
    return found


def _only_frame_between(view: TextView, previous: Draft, drafts: list[Draft], start: int, end: int) -> bool:
    """Between ``start`` and ``end``: no more than one sentence end, and no cue of another speaker."""
    if end - start > MAX_CONTINUATION_GAP:
        return False
    gap_tokens = [t for t in view.tokens_within(start, end) if not t.is_space]
    sentence_ends = [i for i, t in enumerate(gap_tokens) if t.text in (".", "!", "?") and t.tag_ == "."]
    if len(sentence_ends) > 1 or (sentence_ends and any(not t.is_punct for t in gap_tokens[sentence_ends[0] + 1 :])):
        return False  # a sentence of the reporter's own stands between the two
    same_speaker = {cue_key(d.cue) for d in drafts if d.cue is not None and d.speaker.id == previous.speaker.id}
    return all(
        c.source_head is None or cue_key(c) in same_speaker or _inside_frame(c, previous.cue) for c in view.cues_in(start, end)
    )


def _inside_frame(cue: CueMatch, frame: CueMatch | None) -> bool:
    """A cue in a clause of the previous quote's own frame ("..., said Ana Ruiz, who has been
    challenging the mine for years.") does not take the quote after it from that speaker."""
    return frame is not None and cue.verb.i != frame.verb.i and frame.verb.is_ancestor(cue.verb)
