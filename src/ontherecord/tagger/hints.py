"""A MiniLM tagger's spans as hints for the engine (``--tagger bundled|DIR``).

The tagger (``ontherecord train --family minilm``; an int8 copy ships in ``ontherecord/models/tagger``)
finds PolNeAR's sources better than the parse does, and more of PolNeAR's content than the rules,
while the engine links content to cues and speakers better. So the engine keeps its own quotes and cues, and:

- sources (both content styles): where the source mention the engine found is not one the tagger
  marks, it takes the tagger's Source span nearest the cue in the cue's sentence (outside the
  content) instead;
- content (``content_style="polnear"`` only): the tagger's attributions whose content no engine
  quote covers are added, with the tagger's cue and source. They carry PolNeAR's broad notion of
  attribution (beliefs, expectations, findings, what a person "is widely seen as"), which the
  clean style, made for journalists' sourcing audits, leaves out: on the seed stories they cost
  4 to 8 points of attributed F1 (measured with a 6-layer tagger).

Speakers are then resolved from the mention as usual (names, pronouns, roles).
Needs the accurate extra (torch, transformers).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Token

from ..engine import ALL_MARKS, NOT_A_SOURCE, CueMatch, Draft, Lexicon, TextView, sentence_bounds
from .data import Fragment
from .grouping import group_spans
from .infer import Tagger, quote_type, require_extra, trimmed_spans

Range = tuple[int, int]

_taggers: dict[str, Tagger] = {}
_lock = threading.Lock()


def load_tagger(directory: str | Path) -> Tagger:
    """The tagger in ``directory``, one per process; its weights load on the first article.

    Raises :class:`~ontherecord.tagger.infer.TaggerUnavailable` without torch/transformers
    and ``FileNotFoundError`` when ``directory`` holds no tagger."""
    with _lock:
        _one_thread_per_worker()
        tagger = _taggers.get(str(directory))
        if tagger is None:  # the first call in this process (or its parent): read the config, check the extra
            loaded = Tagger.load(directory)  # a directory with no tagger is an error even without the extra
            require_extra()
            tagger = _taggers[str(directory)] = loaded
        return tagger


_threads_limited_in: set[int] = set()


def _one_thread_per_worker() -> None:
    """In a pool worker the processes are the parallelism: one torch thread each (once per process;
    a forked worker inherits the parent's tagger cache but not a thread setting made for it)."""
    if multiprocessing.current_process().name == "MainProcess" or os.getpid() in _threads_limited_in:
        return
    import torch

    torch.set_num_threads(1)
    _threads_limited_in.add(os.getpid())


@dataclass
class TaggedSpans:
    """What the tagger marks in one text: its Source, Cue and Content spans (whitespace trimmed)
    and each span's mean tag probability."""

    spans: list[Fragment]
    confidence: dict[Range, float] = field(default_factory=dict)

    @property
    def sources(self) -> list[Range]:
        return [(s.start, s.end) for s in self.spans if s.role == "SOURCE"]

    def refine(self, view: TextView, drafts: list[Draft], content_style: str) -> list[Draft]:
        """The engine's refiner hook (:class:`ontherecord.engine.Refiner`): source hints, then (polnear
        style) the tagger's own attributions."""
        apply_source_hints(view, drafts, self.sources)
        if content_style == "polnear":
            drafts += tagger_drafts(view, drafts, self, view.lexicon)
        return drafts


def tagged_spans(tagger: Tagger, text: str) -> TaggedSpans:
    """The spans ``tagger`` (from :func:`load_tagger`) marks in ``text``."""
    [tagged] = tagger.tag([text])
    return TaggedSpans(*trimmed_spans(text, tagged))


def apply_source_hints(view: TextView, drafts: list[Draft], hints: list[Range]) -> None:
    """Give each draft whose source mention no hint confirms the hint nearest its cue, in the cue's
    sentence and outside its content (when there is one). Changes ``draft.cue`` in place."""
    hints = [hint for hint in (_whole_tokens(view, *hint) for hint in hints) if hint is not None]
    if not hints:
        return
    for draft in drafts:
        cue = draft.cue
        if cue is None or _confirmed(cue, hints):
            continue
        first, last = sentence_bounds(view.doc, cue.verb.i)
        sentence = (view.doc[first].idx, view.doc[last - 1].idx + len(view.doc[last - 1].text))
        near = [
            (start, end)
            for start, end in hints
            if sentence[0] <= start < sentence[1] and not any(s <= start < e for s, e in draft.pieces)
        ]
        if not near:
            continue
        start, end = min(near, key=lambda hint: abs(hint[0] - cue.cue_start))
        head = _head_of(view, start, end)
        if head is None or head.lower_ in NOT_A_SOURCE:  # "I", "it": the engine's own rules decide those
            continue
        if not _passive_subject(head, cue.cue_start, cue.cue_end):
            draft.cue = replace(cue, source_head=head, source_start=start, source_end=end, relative=None)


def _passive_subject(head: Token, cue_start: int, cue_end: int) -> bool:
    """ "He was accused of ...", "She has been criticized for ...": whom the cue is about, not its source."""
    return head.dep_ == "nsubjpass" and cue_start <= head.head.idx < cue_end


def _whole_tokens(view: TextView, start: int, end: int) -> Range | None:
    """The hint widened to the tokens it touches (a wordpiece tagger can stop inside a word)."""
    first = view.doc[view.token_index(start)]
    last = view.doc[view.token_index(max(start, end - 1))]
    if first.i > last.i:
        return None
    return first.idx, last.idx + len(last.text)


def _confirmed(cue: CueMatch, hints: list[Range]) -> bool:
    """A hint overlaps the source mention or its noun phrase ("Dana Reyes, the port's spokeswoman,":
    a tagger that marks only the apposition still confirms the name)."""
    if cue.source_start is None or cue.source_end is None or cue.source_head is None:
        return False
    head = cue.source_head
    phrase_start = min(cue.source_start, head.left_edge.idx)
    phrase_end = max(cue.source_end, head.right_edge.idx + len(head.right_edge.text))
    return any(s < phrase_end and phrase_start < e for s, e in hints)


def _head_of(view: TextView, start: int, end: int) -> Token | None:
    """The token of the span whose head lies outside it (the span's syntactic head)."""
    tokens = [t for t in view.tokens_within(start, end) if not t.is_space and not t.is_punct]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else None


_MARKS = ALL_MARKS
MIN_CONTENT_CONFIDENCE = 0.7  # mean tag probability of an added content span (tuned on PolNeAR dev)


def tagger_drafts(view: TextView, drafts: list[Draft], tagged: TaggedSpans, lexicon: Lexicon) -> list[Draft]:
    """The tagger's attributions (content -> nearest cue -> nearest source, :func:`~.grouping.group_spans`)
    whose content no draft covers, as drafts with the tagger's cue and source; their speakers are
    then resolved from the source mention like any other draft's."""
    taken = [piece for draft in drafts for piece in draft.pieces]
    added: list[Draft] = []
    for attribution in group_spans(view.text, tagged.spans):
        if attribution.cue is None or attribution.source is None:  # content without a speaker helps nobody
            continue
        scores = [tagged.confidence.get((c.start, c.end), 0.0) for c in attribution.contents]
        confidence = sum(scores) / len(scores)
        pieces = sorted(p for p in (_without_marks(view.text, c.start, c.end) for c in attribution.contents) if p)
        if confidence < MIN_CONTENT_CONFIDENCE or not pieces or _overlaps_any(pieces, taken):
            continue
        cue = _cue_of(view, attribution.cue, attribution.source, pieces, lexicon)
        if cue is not None:
            added.append(Draft(pieces=pieces, type=quote_type(view.text, pieces), cue=cue, confidence=confidence))
            taken += pieces
    return added


def _overlaps_any(pieces: list[Range], others: list[Range]) -> bool:
    return any(start < other_end and other_start < end for start, end in pieces for other_start, other_end in others)


def _without_marks(text: str, start: int, end: int) -> Range | None:
    """The piece without its quotation marks (the content style puts them back where it wants them)."""
    while start < end and (text[start] in _MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _MARKS or text[end - 1].isspace()):
        end -= 1
    return (start, end) if start < end else None


def _cue_of(view: TextView, cue: Fragment, source: Fragment, pieces: list[Range], lexicon: Lexicon) -> CueMatch | None:
    """A cue frame from the tagger's Cue and Source spans (its head: the first verb of the cue)."""
    tokens = [t for t in view.tokens_within(cue.start, cue.end) if not t.is_space]
    head = _head_of(view, source.start, source.end)
    if not tokens or head is None:
        return None
    verb = next((t for t in tokens if t.pos_ in ("VERB", "AUX")), tokens[0])
    cue_start, cue_end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    sourced = not _passive_subject(head, cue_start, cue_end)  # "was accused of": nobody named says it
    return CueMatch(
        cue_start=cue_start,
        cue_end=cue_end,
        verb=verb,
        source_head=head if sourced else None,
        source_start=source.start if sourced else None,
        source_end=source.end if sourced else None,
        content_start=pieces[0][0],
        content_end=pieces[-1][1],
        channel=None,
        lexeme=lexicon.cue_verbs.get(verb.lemma_.lower()),
        phrase="according" if verb.lower_ == "according" else "verb",
    )
