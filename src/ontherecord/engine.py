"""The attribution engine: links quotation marks and syntactic cues into attributed quotes.

Stages, each in its own module:
1. :mod:`~ontherecord.quotemarks`: quoted spans from the marks alone (multi-paragraph aware);
2. :mod:`~ontherecord.cues`: cue frames from the parse (cue, source, content, channel);
3. linking (here): a quote takes the cue right after it (“...,” X said) or right before it
   (X said: “...”); an interrupted quote continues through its cue; a cue whose content is
   mostly the reporter's words around quoted fragments makes a mixed quote; remaining cues
   with a content clause make indirect quotes; a paragraph that is only a quote, right after
   a quote, floats to that quote's speaker; any other quoted words (scare quotes, terms,
   titles) are not attributed;
4. :mod:`~ontherecord.speakers`: speakers resolved and profiled;
5. :mod:`~ontherecord.figures`: figures inside each quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from .cues import FIRST_PERSON_CHANNEL, CueMatch, find_cues, sentence_bounds
from .figures import figures_in
from .lexicon import load_lexicon
from .model import Quote, Span, Speaker, SpeakerRef
from .non_answers import separate_non_answers
from .quotemarks import Paragraph, QuotedSpan, find_quoted_spans, split_paragraphs
from .speakers import SpeakerResolver

if TYPE_CHECKING:
    from .accurate.tagger_hints import TaggedSpans

MAX_FRAME_TOKENS = 45  # how far after a closing mark the cue of a quote may stand
# The reporter's own letters in a cue's content that make a quote mixed, per content style. PolNeAR's
# annotators take the whole clause, "that voting fraud is “a big problem”"; the clean style keeps a
# quote that only a few words lead into as direct.
MIXED_MIN_REPORTER_CHARS = {"clean": 15, "polnear": 1}
MIN_INDIRECT_CHARS = 8
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})  # entity types that can name a source
MAX_CONTINUATION_GAP = 300  # characters of frame between a quote and the next one it continues


@dataclass
class Draft:
    """A quote being assembled before speakers are resolved."""

    pieces: list[tuple[int, int]]
    type: str
    cue: CueMatch | None
    spans: list[QuotedSpan] = field(default_factory=list)
    speaker: SpeakerRef | None = None
    confidence: float = 0.0
    floating: bool = False

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


_BLANKS = re.compile(r"[ \t\u00a0]*")
_WORD_OR_STOP = re.compile(r"[^\W_]|\.")  # a letter or digit (str.isalnum), or a full stop


class TextView:
    """Offsets helpers over one document."""

    def __init__(self, doc: Doc, text: str, paragraphs: list[Paragraph]) -> None:
        self.doc = doc
        self.text = text
        self.paragraphs = paragraphs
        self._starts = [p.start for p in paragraphs]
        self._token_starts = doc.to_array(IDX).tolist()

    @cached_property
    def entity_words(self) -> frozenset[str]:
        """The words of the names (people, organisations, places, groups) the tagger found in the article."""
        return frozenset(t.text for ent in self.doc.ents if ent.label_ in NAME_LABELS for t in ent)

    def index(self, spans: list[QuotedSpan], cues: list[CueMatch]) -> None:
        """Sorted keys so that the linking stage looks things up by bisection, not by scanning."""
        self.spans = spans
        self.cues = cues
        self._span_starts = [s.outer_start for s in spans]
        self._span_ends = [s.outer_end for s in spans]  # spans never overlap: ends are sorted too
        self._cue_starts = [c.cue_start for c in cues]

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
        return [s for s in self.spans[first : bisect_left(self._span_starts, end)] if _overlaps(start, end, s.outer_start, s.outer_end)]

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

    def alnum_count(self, start: int, end: int, excluded: list[tuple[int, int]]) -> int:
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


class Reranker(Protocol):
    """Accurate mode: re-decides which attributions the rules drafted stand, and adds its own."""

    def choose(
        self, view: "TextView", drafts: list[Draft], masked: list[tuple[int, int]], content_style: str
    ) -> list[Draft]: ...


MODES = ("fast", "accurate")
CONTENT_STYLES = ("clean", "polnear")


def attribute(
    doc: Doc,
    reranker: Reranker | None = None,
    content_style: str = "clean",
    tagged: TaggedSpans | None = None,
) -> tuple[list[Quote], list[Speaker]]:
    """Quotes and speakers of one parsed article (article metadata is applied later, in
    :func:`ontherecord.component.package_article`). With a ``reranker`` (accurate mode) the
    trained model chooses among the rules' drafts and its own candidates before speakers are resolved.
    ``content_style`` "polnear" starts indirect content at its "that", as PolNeAR's annotators do.
    ``tagged``: a MiniLM tagger's spans (:mod:`ontherecord.accurate.tagger_hints`): a draft whose
    source mention no tagged Source span confirms takes the nearest one in its cue's sentence, and in
    the polnear style the tagger's attributions whose content no draft covers are added."""
    if content_style not in CONTENT_STYLES:
        raise ValueError(f"content_style must be one of {', '.join(CONTENT_STYLES)}, not {content_style!r}")
    text = doc.text  # Doc.text is rebuilt from the tokens on every access: read it once
    if not text.strip():
        return [], []
    lexicon = load_lexicon()
    paragraphs = split_paragraphs(text)
    view = TextView(doc, text, paragraphs)
    headings = [(p.start, p.end) for p in paragraphs if _is_heading(text, p)]
    spans = [s for s in find_quoted_spans(text, paragraphs) if not _inside_any(s.outer_start, headings)]
    masked = [outer for span in spans for outer in span.outer] + headings
    cues = find_cues(doc, lexicon, masked)
    view.index(spans, cues)

    drafts = _link_direct(view, spans, cues, MIXED_MIN_REPORTER_CHARS[content_style])
    drafts += _bracket_citations(view, spans, drafts)
    drafts += _indirect(view, spans, cues, drafts)
    drafts += _label_prefixes(view, drafts)
    drafts += _block_quotes(view, spans, cues, drafts)
    if reranker is not None:
        drafts = reranker.choose(view, drafts, masked, content_style)
    if tagged is not None:
        from .accurate.tagger_hints import apply_source_hints, tagger_drafts  # imported here: it imports this module

        apply_source_hints(view, drafts, tagged.sources)
        if content_style == "polnear":
            drafts += tagger_drafts(view, drafts, tagged, lexicon)
    drafts.sort(key=lambda d: d.start)

    resolver = SpeakerResolver(doc, text, lexicon, view.paragraph_of, [p for d in drafts for p in d.pieces])
    for draft in sorted(drafts, key=lambda d: d.cue.cue_start if d.cue else d.start):
        if draft.cue is not None and draft.cue.source_head is not None:
            cue = draft.cue
            relative = (cue.relative.idx, cue.relative.idx + len(cue.relative.text)) if cue.relative is not None else None
            draft.speaker = resolver.resolve(cue.source_head, cue.source_start, cue.source_end, mention_at=relative)
    drafts += _continuations(view, spans, drafts, resolver)
    drafts += _floating(view, spans, drafts, resolver)
    drafts = [d for d in drafts if d.speaker is not None or d.cue is not None]
    _apply_content_style(view, drafts, content_style, reranked=reranker is not None)
    _take_fronted_content(view, drafts)
    drafts.sort(key=lambda d: d.start)
    return separate_non_answers(text, *_records(doc, text, drafts, resolver))


def _take_fronted_content(view: TextView, drafts: list[Draft]) -> None:
    """ "If the talks fail, Ortiz said, the port will close": the words before a frame set off by
    commas belong to what was said, as a first piece of the content (PolNeAR's annotators take them
    too). A frame with no comma after it keeps its fronted words: "On Monday, Ortiz said the port ..."."""
    taken = [(d.start, d.end) for d in drafts]
    for draft in drafts:
        cue = draft.cue
        if draft.type == "direct" or cue is None or cue.source_start is None or draft.start < cue.cue_end:
            continue
        frame_start = min(cue.source_start, cue.cue_start)
        end = frame_start - 1  # the comma before the frame, found past any spaces
        while end > 0 and view.text[end].isspace():
            end -= 1
        if end <= 0 or view.text[end] != "," or "," not in view.text[cue.cue_end : draft.start]:
            continue  # only a frame set off by commas on both sides
        start = view.doc[sentence_bounds(view.doc, view.token_index(frame_start))[0]].idx
        if end <= start or any(_overlaps(start, end, s, e) for s, e in taken) or view.spans_overlapping(start, end):
            continue
        draft.pieces.insert(0, (start, end))


def _apply_content_style(view: TextView, drafts: list[Draft], style: str, reranked: bool) -> None:
    """clean: "said [he would run]", “[We will not wait],” she said. polnear, as PolNeAR's annotators
    mark content: "said [that he would run]", [“We will not wait,”] she said. Only indirect or mixed
    content right after its cue takes or loses its "that" (the reranker may have chosen either form;
    the rules strip only a "that" parsed as a complementiser, so fast mode's clean output is theirs)."""
    for draft in drafts:
        if style == "polnear":
            draft.pieces = [_with_marks(view.text, start, end) for start, end in draft.pieces]
        if draft.type == "direct" or draft.cue is None or draft.start < draft.cue.cue_end:
            continue
        start, end = draft.pieces[0]
        first = view.doc[view.token_index(start)]
        complementiser = first.lower_ == "that" and first.tag_ == "IN" and (reranked or first.dep_ == "mark")
        if style == "clean" and complementiser and first.i + 1 < len(view.doc):
            following = view.doc[first.i + 1]
            if following.idx < end:
                draft.pieces[0] = (following.idx, end)
        elif style == "polnear" and first.i > 0:
            before = view.doc[first.i - 1]
            if before.lower_ == "that" and before.idx >= draft.cue.cue_end:
                draft.pieces[0] = (before.idx, end)


_OPENING_MARKS = "“\"‘'«"
_CLOSING_MARKS = "”\"’'»"
_INNER_PUNCTUATION = ".,!?;:…"


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The piece with the quotation marks around it and the punctuation just inside the closing one."""
    if start > 0 and text[start - 1] in _OPENING_MARKS:
        start -= 1
    j = end
    while j < len(text) and text[j] in _INNER_PUNCTUATION:
        j += 1
    if j < len(text) and text[j] in _CLOSING_MARKS and (text[start] in _OPENING_MARKS or j > end or text[end - 1] != " "):
        end = j + 1
    return start, end


_QUOTE_THEN_DASH = re.compile(r"[”\"»][ \t\u00a0]*[―—–]")  # “...” ― Name: a cited line, not a heading


def _is_heading(text: str, paragraph: Paragraph) -> bool:
    """Headlines, section titles, bylines and bare URLs: short lines that end no sentence."""
    body = text[paragraph.start : paragraph.end]
    words = body.split()
    if len(words) == 1 and ("://" in body or body.startswith("www.")):
        return True
    if body.rstrip("”’\"')").endswith((".", "!", "?", "…", ":", ";", ",")) or _QUOTE_THEN_DASH.search(body):
        return False
    return len(words) <= (20 if paragraph.index == 0 else 14)


# --- direct quotes -------------------------------------------------------------------------------


def _link_direct(view: TextView, spans: list[QuotedSpan], cues: list[CueMatch], min_reporter_chars: int) -> list[Draft]:
    drafts: list[Draft] = []
    by_cue: dict[int, Draft] = {}
    absorbed: set[int] = set()
    for index, span in enumerate(spans):
        if index in absorbed:
            continue
        cue, how = _find_cue(view, span, spans, cues, by_cue)
        if cue is None:
            continue
        earlier = by_cue.get(id(cue))
        if earlier is not None:
            if how == "between" and earlier.type == "direct":
                earlier.pieces.extend(span.pieces)  # interrupted quote: “...,” she said, “...”
                earlier.spans.append(span)
            continue
        draft = _mixed_or_direct(view, span, spans, cue, absorbed, min_reporter_chars)
        draft.confidence = {"intro": 0.95, "after": 0.95, "content": 0.85}.get(how, 0.8)
        by_cue[id(cue)] = draft
        drafts.append(draft)
    return drafts


def _find_cue(
    view: TextView, span: QuotedSpan, spans: list[QuotedSpan], cues: list[CueMatch], by_cue: dict[int, Draft]
) -> tuple[CueMatch | None, str]:
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
        introducing = _colon_introduction(view, view.paragraphs[paragraph.index - 1])
        if introducing is not None:
            return introducing, "intro"
    after = _cue_after(view, span, spans, cues)
    if after is not None:
        return after, "after"
    if previous_ends and floor > paragraph.start:
        framed = [c for c in view.cues_in(floor, span.outer_start) if c.source_head is not None]
        if (
            len(framed) == 1
            and id(framed[0]) in by_cue
            and span.outer_start - floor < 250
            and _is_utterance(view, span)
            and not _follows_possessive(view, span.outer_start)
        ):
            return framed[0], "between"
    containing = [c for c in before if c.has_content and c.content_start <= span.start < c.content_end]
    if containing:
        return max(containing, key=lambda c: c.content_end - c.content_start), "content"
    comma = [c for c in before if lead(c).endswith(",") and _speaks(c)]
    if comma:
        return comma[-1], "intro"
    return None, ""


def _colon_introduction(view: TextView, paragraph: Paragraph) -> CueMatch | None:
    """The speaking cue of a paragraph that ends "Ms Hewitt said:", introducing the next one."""
    if not view.text[paragraph.start : paragraph.end].endswith(":"):
        return None
    introducing = [c for c in view.cues_in(paragraph.start, paragraph.end) if c.source_head is not None]
    introducing = [c for c in introducing if not view.sentence_break_between(c.cue_end, paragraph.end - 1)]
    return introducing[-1] if introducing and _speaks(introducing[-1]) else None


def _speaks(cue: CueMatch) -> bool:
    return cue.lexeme is None or cue.lexeme.speech or cue.lexeme.document


def _cue_after(view: TextView, span: QuotedSpan, spans: list[QuotedSpan], cues: list[CueMatch]) -> CueMatch | None:
    """The cue in the frame right after a closing mark: “...,” Parnell said / says X, a ..."""
    if _embedded_in_phrase(view, span.outer_start):
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
        if (cue.source_head is None and cue.phrase != "according") or not _speaks(cue):
            continue
        if view.sentence_break_between(outer_end, cue.cue_start):
            continue
        if _frame_is_clean(view, outer_end, cue):
            return cue
    return None


def _embedded_in_phrase(view: TextView, outer_start: int) -> bool:
    """The quoted words are the object of a preposition or follow a determiner: a name, not speech."""
    before = _word_before(view, outer_start)
    return before is not None and (before.pos_ in ("ADP", "DET") or _is_possessive(before))


def _follows_possessive(view: TextView, outer_start: int) -> bool:
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


_NESTED_CLOSING_MARKS = "’'”\""


def _ends_for_attribution(text: str, content_end: int, outer_end: int) -> bool:
    """“...,” she said / “...?” he asked / "...", he said: the punctuation that hands over to a cue.

    A quote that ends on a quote of its own (“People ask me, ‘Why now?’” she said) is looked through."""
    last = content_end - 1
    while last > 0 and text[last] in _NESTED_CLOSING_MARKS:
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
    if cue.has_content and _overlaps(cue.content_start, cue.content_end, span.outer_start, span.outer_end):
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


def _overlaps(a_start: int | None, a_end: int | None, b_start: int, b_end: int) -> bool:
    return a_start is not None and a_end is not None and a_start < b_end and b_start < a_end


_BRACKET_CITATION = re.compile(r"[ \t\u00a0]*\[([A-Z][\w.&' -]{0,40}?)\.?\]")
# “...” ― Marta Okafor: a dash and a name alone on the rest of the line (epigraphs, reader voices)
_DASH_CITATION = re.compile(
    r"[ \t\u00a0]*[―—–-]{1,2}[ \t\u00a0]*([A-Z][\w.’'-]*?(?:[ \u00a0][A-Z][\w.’'-]*?){0,3})(?=\.?[ \t\u00a0]*(?:\r|\n|$))"
)


def _bracket_citations(view: TextView, spans: list[QuotedSpan], drafts: list[Draft]) -> list[Draft]:
    """A digest's “...” [WaPo.] or an epigraph's “...” ― Name: what follows the quote names its source."""
    claimed = {id(s) for d in drafts for s in d.spans}
    found = []
    for span in spans:
        if id(span) in claimed:
            continue
        match = _BRACKET_CITATION.match(view.text, span.outer_end)
        if match is None:
            match = _DASH_CITATION.match(view.text, span.outer_end)
            if match is None or not _names_someone(view, match.start(1), match.end(1), entity_needed=False):
                continue
        cue = _citation_cue(view, match.start(1), match.end(1), match.start(), match.end())
        if cue is not None:
            found.append(Draft(list(span.pieces), "direct", cue, [span], confidence=0.8))
    return found


def _citation_cue(view: TextView, name_start: int, name_end: int, cue_start: int, cue_end: int) -> CueMatch | None:
    """A cue without a verb: the source is a name standing alone (a bracket, a label)."""
    tokens = [t for t in view.tokens_within(name_start, name_end) if not t.is_punct and not t.is_space]
    if not tokens:
        return None
    head = max(tokens, key=lambda t: sum(1 for a in t.ancestors if a.i in {x.i for x in tokens}) == 0 and t.i)
    cue_start = cue_start + len(view.text[cue_start:cue_end]) - len(view.text[cue_start:cue_end].lstrip())
    return CueMatch(cue_start, cue_end, head, head, name_start, name_end, None, None, None, None, "label")


def _block_quotes(view: TextView, spans: list[QuotedSpan], cues: list[CueMatch], drafts: list[Draft]) -> list[Draft]:
    """ "The governor added:" closing a paragraph, then a paragraph without quotation marks: a
    block quote whose marks the page's layout carried (a <blockquote>), not the text."""
    used = {id(d.cue) for d in drafts}
    found = []
    for previous, paragraph in zip(view.paragraphs, view.paragraphs[1:]):
        cue = _colon_introduction(view, previous)
        if cue is None or id(cue) in used:
            continue
        if view.text[cue.cue_end : previous.end].strip(" \t\u00a0:").count(" ") > 6 or cue.has_content and cue.content_start < previous.end:
            continue  # "He said the plan has three parts:" introduces a list, not his words
        if view.spans_overlapping(paragraph.start, paragraph.end) or _touches_a_draft(paragraph, drafts):
            continue
        if _is_heading(view.text, paragraph) or len(view.text[paragraph.start : paragraph.end].split()) < 4:
            continue
        found.append(Draft([(paragraph.start, paragraph.end)], "direct", cue, confidence=0.6))
    return found


_LABEL_PREFIX = re.compile(r"[\"“]?([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}):\s+(?=\S)")


def _label_prefixes(view: TextView, drafts: list[Draft]) -> list[Draft]:
    """ "Hillary: Benghazi Victim Mother ‘Absolutely Wrong’": a headline that puts words in a name's mouth."""
    found = []
    for paragraph in view.paragraphs:
        match = _LABEL_PREFIX.match(view.text, paragraph.start, paragraph.end)
        if match is None or _touches_a_draft(paragraph, drafts):
            continue
        content_start, content_end = match.end(), paragraph.end
        if len(view.text[content_start:content_end].split()) < 3 or not _labels_a_source(view, match.start(1), match.end(1)):
            continue
        if match.group(1).lower() in load_lexicon().not_speaker_labels:
            continue  # "VIDEO: ...", "UPDATE: ..."
        if match.group(1).lower() in load_lexicon().document_heads and view.text[content_start:content_end].rstrip().endswith("?"):
            continue  # "POLL: Should the ferry run on Sundays?" asks the reader; it reports nothing
        cue = _citation_cue(view, match.start(1), match.end(1), match.end(1), match.end(1) + 1)
        if cue is not None:
            kind = "mixed" if any(ch in view.text[content_start:content_end] for ch in "“‘\"'") else "indirect"
            found.append(Draft([(content_start, content_end)], kind, cue, confidence=0.6))
    return found


def _labels_a_source(view: TextView, start: int, end: int) -> bool:
    """A label's name: someone the tagger calls a name (:data:`NAME_LABELS`), a surname the article gives
    in full elsewhere ("Okafor: ..." over a story about Marta Okafor: headlines fool the tagger), or a
    document ("Survey: ...")."""
    if _names_someone(view, start, end):
        return True
    words = [t for t in view.tokens_within(start, end) if not t.is_punct and not t.is_space]
    if len(words) == 1 and words[0].lower_ in load_lexicon().document_heads:
        return True
    return bool(words) and all(t.text in view.entity_words and t.text[:1].isupper() for t in words)


def _touches_a_draft(paragraph: Paragraph, drafts: list[Draft]) -> bool:
    return any(_overlaps(d.start, d.end, paragraph.start, paragraph.end) for d in drafts)


def _names_someone(view: TextView, start: int, end: int, entity_needed: bool = True) -> bool:
    """A name: capitalised proper nouns the tagger calls a person or organization (unless the layout
    already says it is a name), or a transcript's "TAPPER"."""
    tokens = view.tokens_within(start, end)
    if len(tokens) == 1 and tokens[0].is_upper and len(tokens[0].text) >= 3 and tokens[0].is_alpha:
        return True
    if not tokens or not all(t.pos_ == "PROPN" or t.is_punct or t.text[:1].isupper() for t in tokens):
        return False
    if not entity_needed:
        return any(t.pos_ == "PROPN" for t in tokens)
    return any(t.ent_type_ in NAME_LABELS for t in tokens)


# --- indirect quotes -----------------------------------------------------------------------------


def _indirect(view: TextView, spans: list[QuotedSpan], cues: list[CueMatch], drafts: list[Draft]) -> list[Draft]:
    used = {id(d.cue) for d in drafts}
    taken = [p for d in drafts for p in d.pieces]
    claimed = {id(s) for d in drafts for s in d.spans}
    candidates = [
        c
        for c in cues
        if id(c) not in used
        and c.has_content
        and c.source_head is not None
        and c.content_end - c.content_start >= MIN_INDIRECT_CHARS
        and not _inside_any(c.cue_start, taken)
    ]
    accepted: list[Draft] = []
    for cue in sorted(candidates, key=lambda c: c.content_start - c.content_end):
        start, end = cue.content_start, cue.content_end
        if any(_overlaps(start, end, s, e) for s, e in taken):
            continue
        if any(_overlaps(start, end, d.start, d.end) or d.start <= cue.cue_start < d.end for d in accepted):
            continue
        inside = [s for s in view.spans_overlapping(start, end) if id(s) not in claimed]
        if inside:
            end = max(end, max(s.end for s in inside))
        kind = "mixed" if inside else "indirect"
        confidence = 0.8 if cue.phrase == "according" or (cue.lexeme and cue.lexeme.speech) else 0.6
        pieces = [(start, end)]
        rest = _rest_after_frame(view, cue, end) if not inside else None
        if rest is not None and not any(_overlaps(*rest, s, e) for s, e in taken):
            pieces.append(rest)
        accepted.append(Draft(pieces=pieces, type=kind, cue=cue, spans=inside, confidence=confidence))
    return accepted


MAX_FRAME_WORDS = 8  # "Mr. Clarke said on Tuesday": a frame longer than this is a sentence of its own


def _rest_after_frame(view: TextView, cue: CueMatch, content_end: int) -> tuple[int, int] | None:
    """ "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt.": a frame set off by commas
    inside the statement; the words after it are the rest of what was said."""
    frame_start = min(cue.cue_start, cue.source_start if cue.source_start is not None else cue.cue_start)
    if content_end > frame_start or view.text[content_end:frame_start].strip(" \t\u00a0") != ",":
        return None
    doc = view.doc
    sentence_end = sentence_bounds(doc, cue.verb.i)[1]
    i = cue.verb.i + 1
    while i < sentence_end and doc[i].text != ",":
        if i - cue.verb.i > MAX_FRAME_WORDS or doc[i].pos_ in ("VERB", "AUX") or doc[i].is_quote:
            return None
        i += 1
    rest = [t for t in doc[i + 1 : sentence_end] if not t.is_space]
    while rest and rest[-1].is_punct:
        rest.pop()
    if len([t for t in rest if t.is_alpha]) < 3 or any(t.is_quote for t in rest):
        return None
    return rest[0].idx, rest[-1].idx + len(rest[-1].text)


def _inside_any(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in ranges)


# --- floating quotes ----------------------------------------------------------------------------


def _floating(view: TextView, spans: list[QuotedSpan], drafts: list[Draft], resolver: SpeakerResolver) -> list[Draft]:
    """A paragraph that is only a quote, right after an attributed quote, belongs to that speaker."""
    claimed = {id(s) for d in drafts for s in d.spans}
    found: list[Draft] = []
    for span in spans:
        if id(span) in claimed or not _is_quote_paragraph(view, span):
            continue
        paragraph = span.paragraphs[0]
        previous = [d for d in drafts + found if d.speaker is not None and view.paragraph_of(d.end) == paragraph - 1]
        if not previous:
            continue
        source = max(previous, key=lambda d: d.end)
        speaker = resolver.inherit(source.speaker.id, source.speaker.mention)
        found.append(Draft(list(span.pieces), "direct", None, [span], speaker, confidence=0.7, floating=True))
    return found


def _continuations(view: TextView, spans: list[QuotedSpan], drafts: list[Draft], resolver: SpeakerResolver) -> list[Draft]:
    """“...,” X said Tuesday. “...”: a quote that follows an attribution in its paragraph, with only
    that attribution's frame in between, continues the same speaker."""
    claimed = {id(s) for d in drafts for s in d.spans}
    attributed = sorted((d for d in drafts if d.speaker is not None), key=lambda d: d.end)
    ends = [d.end for d in attributed]
    found: list[Draft] = []
    for span in spans:
        if id(span) in claimed:
            continue
        index = bisect_right(ends, span.outer_start) - 1
        if index < 0:
            continue
        previous = attributed[index]
        if view.paragraph_of(previous.end) != view.paragraph_of(span.outer_start):
            continue
        if not _only_frame_between(view, previous, attributed, previous.end, span.outer_start):
            continue
        if not _is_utterance(view, span) or _follows_possessive(view, span.outer_start):
            continue  # “Victory” was the word on every lip / on Radio Nine’s “Morning Show.”: not speech
        if previous.type == "direct" and previous.spans and not previous.floating:
            previous.pieces.extend(span.pieces)
            previous.spans.append(span)
        else:
            speaker = resolver.inherit(previous.speaker.id, previous.speaker.mention)
            found.append(Draft(list(span.pieces), "direct", None, [span], speaker, confidence=0.7, floating=True))
        claimed.add(id(span))
    return found


def _is_utterance(view: TextView, span: QuotedSpan) -> bool:
    """The quoted words end their sentence: punctuation inside the closing mark, or nothing but a new
    sentence (or a new quote) after it in the paragraph."""
    if view.text[span.end - 1] in ".!?…,;:—–-":
        return True
    paragraph = view.paragraphs[view.paragraph_of(span.outer_end - 1)]
    rest = _BLANKS.match(view.text, span.outer_end, paragraph.end).end()  # never copy the paragraph's rest
    if rest == paragraph.end or view.text[rest] in "“\"‘«" or not view.word_before_stop(rest, paragraph.end):
        return True
    word = view.first_word_token(span.outer_end, paragraph.end)
    return word is not None and word.is_sent_start


def _only_frame_between(view: TextView, previous: Draft, drafts: list[Draft], start: int, end: int) -> bool:
    """Between ``start`` and ``end``: no more than one sentence end, and no cue of another speaker."""
    if end - start > MAX_CONTINUATION_GAP:
        return False
    gap_tokens = [t for t in view.tokens_within(start, end) if not t.is_space]
    sentence_ends = [i for i, t in enumerate(gap_tokens) if t.text in (".", "!", "?") and t.tag_ == "."]
    if len(sentence_ends) > 1 or (sentence_ends and any(not t.is_punct for t in gap_tokens[sentence_ends[0] + 1 :])):
        return False  # a sentence of the reporter's own stands between the two
    same_speaker = {id(d.cue) for d in drafts if d.cue is not None and d.speaker.id == previous.speaker.id}
    return all(
        c.source_head is None or id(c) in same_speaker or _inside_frame(c, previous.cue) for c in view.cues_in(start, end)
    )


def _inside_frame(cue: CueMatch, frame: CueMatch | None) -> bool:
    """A cue in a clause of the previous quote's own frame ("..., said Ana Ruiz, who has been
    challenging the mine for years.") does not take the quote after it from that speaker."""
    return frame is not None and cue.verb.i != frame.verb.i and frame.verb.is_ancestor(cue.verb)


def _is_quote_paragraph(view: TextView, span: QuotedSpan) -> bool:
    paragraph = view.paragraphs[span.paragraphs[0]]
    if span.outer_start - paragraph.start > 2:
        return False
    last = view.paragraphs[span.paragraphs[-1]]
    outers = span.outer
    return view.alnum_count(paragraph.start, last.end, outers) == 0


# --- records ------------------------------------------------------------------------------------


def _records(doc: Doc, text: str, drafts: list[Draft], resolver: SpeakerResolver) -> tuple[list[Quote], list[Speaker]]:
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
            confidence *= 0.7
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
    return quotes, renumber_speakers(quotes, [s for s in speakers if s.quotes])


def renumber_speakers(quotes: list[Quote], speakers: list[Speaker]) -> list[Speaker]:
    """Speakers ordered by their first quote, with ids s1, s2, ... in that order."""
    first_quote = {s.id: min(int(q[1:]) for q in s.quotes) for s in speakers}
    speakers.sort(key=lambda s: first_quote[s.id])
    new_ids = {s.id: f"s{n}" for n, s in enumerate(speakers, start=1)}
    for speaker in speakers:
        speaker.id = new_ids[speaker.id]
    for quote in quotes:
        if quote.speaker is not None:
            quote.speaker.id = new_ids[quote.speaker.id]
    return speakers


__all__ = ["attribute", "renumber_speakers", "Draft", "Reranker", "TextView", "MODES", "CONTENT_STYLES", "FIRST_PERSON_CHANNEL"]
