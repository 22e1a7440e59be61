"""Pass 1, direct and mixed quotes: quotation marks linked to the cue right after them (“...,” X said),
right before them (X said: “...”), or around them (an interrupted quote continues through its cue).
A cue whose content is mostly the reporter's words around quoted fragments makes a mixed quote."""

from __future__ import annotations

from .drafts import Draft, cue_key
from .frames import CueMatch
from .quotemarks import NESTED_CLOSING_MARKS, Paragraph, QuotedSpan
from .ranges import Range, overlaps
from .utterances import embedded_in_phrase, follows_possessive, is_utterance
from .view import TextView

# The reporter's own letters in a cue's content that make a quote mixed, per content style. PolNeAR's
# annotators take the whole clause, "that voting fraud is “a big problem”"; the clean style keeps a
# quote that only a few words lead into as direct.
MIXED_MIN_REPORTER_CHARS = {"clean": 15, "polnear": 1}
CONFIDENCE = {"intro": 0.95, "after": 0.95, "content": 0.85}  # by how the cue stands; 0.8 otherwise


def link_direct(view: TextView, content_style: str) -> list[Draft]:
    min_reporter_chars = MIXED_MIN_REPORTER_CHARS[content_style]
    spans = view.spans
    drafts: list[Draft] = []
    by_cue: dict[Range, Draft] = {}
    absorbed: set[int] = set()
    for index, span in enumerate(spans):
        if index in absorbed:
            continue
        cue, how = _find_cue(view, span, by_cue)
        if cue is None:
            continue
        earlier = by_cue.get(cue_key(cue))
        if earlier is not None:
            if how == "between" and earlier.type == "direct":
                earlier.pieces.extend(span.pieces)  # interrupted quote: “...,” she said, “...”
                earlier.spans.append(span)
            continue
        draft = _mixed_or_direct(view, span, spans, cue, absorbed, min_reporter_chars)
        draft.confidence = CONFIDENCE.get(how, 0.8)
        by_cue[cue_key(cue)] = draft
        drafts.append(draft)
    return drafts


def _find_cue(view: TextView, span: QuotedSpan, by_cue: dict[Range, Draft]) -> tuple[CueMatch | None, str]:
    """The cue of a quoted span, and how it stands: intro | after | between | content."""
    paragraph = view.paragraphs[view.paragraph_of(span.outer_start)]
    previous_ends = view.span_ends_in(paragraph.start, span.outer_start)
    floor = max(previous_ends + [paragraph.start])
    before = [c for c in view.cues_in(floor, span.outer_start) if c.source_head is not None]
    before = [c for c in before if not view.sentence_break_between(c.cue_end, span.outer_start - 1)]
    lead = lambda c: view.text[c.cue_end : span.outer_start].rstrip()  # noqa: E731
    intro = [c for c in before if lead(c).endswith(":")]
    if intro:
        return intro[-1], "intro"
    if span.outer_start == paragraph.start and paragraph.index > 0:
        introducing = colon_introduction(view, view.paragraphs[paragraph.index - 1])
        if introducing is not None:
            return introducing, "intro"
    after = _cue_after(view, span)
    if after is not None:
        return after, "after"
    if previous_ends and floor > paragraph.start:
        framed = [c for c in view.cues_in(floor, span.outer_start) if c.source_head is not None]
        if (
            len(framed) == 1
            and cue_key(framed[0]) in by_cue
            and span.outer_start - floor < 250
            and is_utterance(view, span)
            and not follows_possessive(view, span.outer_start)
        ):
            return framed[0], "between"
    containing = [c for c in before if c.has_content and c.content_start <= span.start < c.content_end]
    if containing:
        return max(containing, key=lambda c: c.content_end - c.content_start), "content"
    comma = [c for c in before if lead(c).endswith(",") and speaks(c)]
    if comma:
        return comma[-1], "intro"
    return None, ""


def colon_introduction(view: TextView, paragraph: Paragraph) -> CueMatch | None:
    """The speaking cue of a paragraph that ends "Ms Hewitt said:", introducing the next one."""
    if not view.text[paragraph.start : paragraph.end].endswith(":"):
        return None
    introducing = [c for c in view.cues_in(paragraph.start, paragraph.end) if c.source_head is not None]
    introducing = [c for c in introducing if not view.sentence_break_between(c.cue_end, paragraph.end - 1)]
    return introducing[-1] if introducing and speaks(introducing[-1]) else None


def speaks(cue: CueMatch) -> bool:
    return cue.lexeme is None or cue.lexeme.speech or cue.lexeme.document


def _cue_after(view: TextView, span: QuotedSpan) -> CueMatch | None:
    """The cue in the frame right after a closing mark: “...,” Parnell said / says X, a ..."""
    if embedded_in_phrase(view, span.outer_start):
        return None  # "On this weekend's broadcast of “Fox News Sunday,” Pence said": a title
    for (start, end), (outer_start, outer_end) in zip(span.pieces, span.outer):
        if end <= start or not _ends_for_attribution(view.text, end, outer_end):
            continue  # “...” if he ... / “...everything.” New sentence: no attribution follows
        paragraph = view.paragraphs[view.paragraph_of(outer_start)]
        limit = min(view.next_span_start(outer_end, paragraph.end), paragraph.end)
        following = view.cues_in(outer_end, limit)
        if not following:
            continue
        cue = following[0]
        if (cue.source_head is None and cue.phrase != "according") or not speaks(cue):
            continue
        if view.sentence_break_between(outer_end, cue.cue_start):
            continue
        if _frame_is_clean(view, outer_end, cue):
            return cue
    return None


def _ends_for_attribution(text: str, content_end: int, outer_end: int) -> bool:
    """“...,” she said / “...?” he asked / "...", he said: the punctuation that hands over to a cue.

    A quote that ends on a quote of its own (“People ask me, ‘Why now?’” she said) is looked through."""
    last = content_end - 1
    while last > 0 and text[last] in NESTED_CLOSING_MARKS:
        last -= 1
    if text[last] in ",?!—–-…":
        return True
    return text[outer_end : outer_end + 1] == ","


def _frame_is_clean(view: TextView, frame_start: int, cue: CueMatch) -> bool:
    """Between the closing mark and the cue stand only the source, punctuation and adverbs."""
    doc = view.doc
    source = {t.i for t in cue.source_head.subtree} if cue.source_head is not None else set()
    first = view.token_index(frame_start)
    if first < len(doc) and doc[first].idx < frame_start:
        first += 1
    for token in doc[first : view.token_index(cue.cue_start)]:
        if token.i in source or token.is_punct or token.is_space or token.pos_ in ("ADV", "AUX", "PART"):
            continue
        if token.head.i == cue.verb.i and token.dep_ in ("mark", "aux", "neg", "advmod"):
            continue  # "as he put it"
        return False
    return True


def _mixed_or_direct(
    view: TextView, span: QuotedSpan, spans: list[QuotedSpan], cue: CueMatch, absorbed: set[int], min_reporter_chars: int
) -> Draft:
    """A direct quote, or a mixed one when the cue's content holds ``min_reporter_chars`` of the reporter's own letters."""
    if cue.has_content and overlaps(cue.content_start, cue.content_end, span.outer_start, span.outer_end):
        start = min(cue.content_start, span.start)
        end = max(cue.content_end, span.end) if len(span.pieces) == 1 else cue.content_end
        inside = view.spans_overlapping(start, end)
        outers = [o for s in inside for o in s.outer]
        if view.alnum_count(start, end, outers) >= min_reporter_chars and len(span.pieces) == 1:
            end = max(end, max(s.end for s in inside))
            for s in inside:
                absorbed.add(spans.index(s))
            return Draft(pieces=[(start, end)], type="mixed", cue=cue, spans=inside)
    return Draft(pieces=list(span.pieces), type="direct", cue=cue, spans=[span])
