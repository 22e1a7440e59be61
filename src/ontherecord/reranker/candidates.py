"""Accurate mode, step 1: every attribution the article could hold, as engine drafts.

The rules draft the attributions they are sure of. Here we add what they leave out: every
verb with a complement becomes a candidate cue (``find_cues(..., unlisted=...)``), and every
indirect draft gets the boundary variants annotators disagree on with our rules (PolNeAR keeps
the complementiser, "that he would run"; it keeps the listener of "urged Congress to act").
A learned boundary model (:mod:`ontherecord.reranker.boundaries`) adds, for every cue, the span it
thinks likeliest. A trained model (:mod:`ontherecord.reranker.reranker`) then picks among them.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..engine import MIN_INDIRECT_CHARS, CueMatch, CueVerb, Draft, TextView, find_cues, load_lexicon, sentence_bounds
from .boundaries import Boundaries, Opinion, boundaries
from .linear import LinearModel
from .tokens import has_letters, neighbour

# An unlisted verb is read as a belief/intention cue whose object may be its content: the widest net.
UNLISTED = CueVerb("*", speech=False, cognition=True, object_content=True, document=False, listener_object=False)
COMPLEMENTISERS = frozenset({"that", "whether", "if"})
MAX_CONTENT_TOKENS = 400  # a "content" longer than this is a parse gone wrong


@dataclass
class Candidate:
    draft: Draft
    origin: str  # rule:direct | rule:mixed | rule:indirect | rule:none | cue (listed verb) | unlisted
    # base | complementiser | listener | subtree | complementiser+subtree | listener+subtree | predicate
    # | inner_clause | before_frame | learned (the boundary model's best spans)
    variant: str = "base"
    boundary: Opinion | None = None  # the boundary model's view of this content's first and last word


def candidates(
    view: TextView,
    drafts: list[Draft],
    masked: list[tuple[int, int]],
    content_style: str = "polnear",
    boundary_model: LinearModel | None = None,
) -> list[Candidate]:
    """The rules' drafts, the cues they did not use, and boundary variants of both (deduplicated).

    The "clean" content style leaves out the variants that take back the reporter's asides the rules cut
    ("the levy, first floated in 2019, ...", "– a view shared by ...") and the listener of "urged X to ...";
    PolNeAR's annotators keep both. It also leaves out the boundary model's own spans, learned from them.
    With a ``boundary_model`` every candidate carries its opinion (:class:`.boundaries.Opinion`)."""
    lexicon = load_lexicon()
    found = [Candidate(d, f"rule:{d.type if d.cue is not None else 'none'}") for d in drafts]
    learned = _BoundaryScores(view, boundary_model)
    keep_asides = content_style == "polnear"  # the boundary model learned PolNeAR's: its spans keep them too
    for cue in every_cue(view, masked):
        origin = "cue" if cue.verb.lemma_.lower() in lexicon.cue_verbs or cue.phrase != "verb" else "unlisted"
        if cue.has_content and _token_count(view, cue.content_start, cue.content_end) <= MAX_CONTENT_TOKENS:
            found.append(Candidate(_draft_for(view, cue, cue.content_start, cue.content_end), origin))
        if keep_asides:
            found += [Candidate(_draft_for(view, cue, *bounds), origin, "learned") for bounds in learned.best(cue)]
    found += [variant for candidate in found for variant in _variants(view, candidate, keep_asides)]
    kept = _unique([c for c in found if c.draft.type == "direct" or _long_enough(view.text, c.draft)])
    for candidate in kept:
        candidate.boundary = learned.opinion(candidate.draft)
    return kept


def every_cue(view: TextView, masked: list[tuple[int, int]]) -> list[CueMatch]:
    """The rules' cues (found once, by the engine) and the verbs no list has, in text order."""
    return sorted(view.cues + find_cues(view.doc, load_lexicon(), masked, unlisted=UNLISTED), key=lambda c: c.verb.i)


# The boundary model's best starts, and best ends for each: 1 and 1 scored best on dev (2 and 3 reach more
# gold contents, but the reranker then chose worse: dev exact-content at most 55.1, tuning stopped early, against 56.2).
LEARNED_STARTS, LEARNED_ENDS = 1, 1


class _BoundaryScores:
    """The boundary model's scores of each cue's window, computed once per cue (none without a model)."""

    def __init__(self, view: TextView, model: LinearModel | None) -> None:
        self.view, self.model = view, model
        self._by_cue: dict[int, Boundaries] = {}

    def _of(self, cue: CueMatch) -> Boundaries:
        if id(cue) not in self._by_cue:
            self._by_cue[id(cue)] = boundaries(self.view, cue, self.model)
        return self._by_cue[id(cue)]

    def best(self, cue: CueMatch) -> list[tuple[int, int]]:
        if self.model is None:
            return []
        doc = self.view.doc
        spans = self._of(cue).best_spans(LEARNED_STARTS, LEARNED_ENDS)
        return [(doc[first].idx, doc[last].idx + len(doc[last].text)) for first, last in spans]

    def opinion(self, draft: Draft) -> Opinion | None:
        if self.model is None or draft.cue is None or draft.start < draft.cue.cue_end:
            return None
        words = [t for t in self.view.tokens_within(draft.start, draft.end) if has_letters(t)]
        return self._of(draft.cue).opinion(words[0].i, words[-1].i) if words else None


def _long_enough(text: str, draft: Draft) -> bool:
    """The rules' floor for indirect content: "said that" or "denied it" is no statement."""
    return sum(ch.isalnum() for s, e in draft.pieces for ch in text[s:e]) >= MIN_INDIRECT_CHARS


def _token_count(view: TextView, start: int, end: int) -> int:
    return view.token_index(end) - view.token_index(start)


def _draft_for(view: TextView, cue: CueMatch, start: int, end: int) -> Draft:
    inside = view.spans_overlapping(start, end)
    return Draft(pieces=[(start, end)], type="mixed" if inside else "indirect", cue=cue, spans=inside)


def _variants(view: TextView, candidate: Candidate, keep_asides: bool) -> list[Candidate]:
    draft = candidate.draft
    if draft.cue is None or len(draft.pieces) != 1 or draft.type == "direct" or candidate.variant == "learned":
        return []
    if draft.start < draft.cue.cue_end:
        bounds = _sentence_before_frame(view, draft)
        return [Candidate(_draft_for(view, draft.cue, *bounds), candidate.origin, "before_frame")] if bounds else []
    variants = []
    for name, bounds in (
        ("complementiser", _with_complementiser(view, draft)),
        ("listener", _with_listener(view, draft)),
        ("subtree", _whole_subtree(view, draft)),
        ("predicate", _verb_predicate(view, draft)),
        ("inner_clause", _inner_clause(view, draft)),
    ):
        if bounds is not None and bounds != (draft.start, draft.end):
            variants.append(Candidate(_draft_for(view, draft.cue, *bounds), candidate.origin, name))
    longer = [v for v in variants if v.variant == "subtree"]
    for start_variant in [v for v in variants if v.variant in ("complementiser", "listener")]:
        for end_variant in longer:  # both edges moved: "urged [Congress to act before the recess, ...]"
            bounds = (start_variant.draft.start, end_variant.draft.end)
            variants.append(Candidate(_draft_for(view, draft.cue, *bounds), candidate.origin, f"{start_variant.variant}+subtree"))
    if not keep_asides:  # nor the listener: "urged the council [to act]" is what was urged
        variants = [v for v in variants if not v.variant.endswith("subtree") and not v.variant.startswith("listener")]
    return variants


def _first_token(view: TextView, offset: int) -> Token:
    return view.doc[view.token_index(offset)]


def _with_complementiser(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """ "said that he would run": PolNeAR's content starts at "that"."""
    before = neighbour(view, view.token_index(draft.start), -1)
    if before is None or before.lower_ not in COMPLEMENTISERS or before.idx < draft.cue.cue_end:
        return None
    return before.idx, draft.end


def _with_listener(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """ "urged the council to reopen the library": the object belongs to what was urged."""
    verb = draft.cue.verb
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "nsubj") and verb.i < c.i and c.idx < draft.start]
    if not objects:
        return None
    return view.doc[objects[0].left_edge.i].idx, draft.end


def _whole_subtree(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """The content head's whole subtree: the rules cut the reporter's asides, annotators often keep them."""
    head = content_head(view, draft)
    bounds = _trimmed(view, head, head.right_edge)
    return (draft.start, bounds[1]) if bounds is not None and bounds[1] > draft.end else None


def _sentence_before_frame(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """ "The pier will reopen in June, officials said": the sentence up to the attribution frame."""
    cue = draft.cue
    frame_start = min(cue.cue_start, cue.source_start if cue.source_start is not None else cue.cue_start)
    frame = view.doc[view.token_index(frame_start)]
    if frame.i == 0:
        return None
    sentence_start = sentence_bounds(view.doc, frame.i)[0]
    if sentence_start >= frame.i:
        return None
    bounds = _trimmed(view, view.doc[sentence_start], view.doc[frame.i - 1])
    return bounds if bounds is not None and view.token_index(bounds[1] - 1) > sentence_start else None


PREDICATE_DEPS = frozenset({"dobj", "dative", "oprd", "xcomp", "ccomp", "attr", "acomp", "prep"})


def _verb_predicate(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """ "called the plan “a gamble”", "described X as Y", "criticized X for Y": object and what follows it."""
    verb = draft.cue.verb
    right = [c for c in verb.rights if c.dep_ in PREDICATE_DEPS]
    if len(right) < 2:
        return None
    return _trimmed(view, right[0].left_edge, right[-1].right_edge)


def _inner_clause(view: TextView, draft: Draft) -> tuple[int, int] | None:
    """ "expressed concern that the policy could ...": the clause on the noun, from its "that" or "to"."""
    head = content_head(view, draft)
    for child in head.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.left_edge.lower_ in ("that", "to"):
            return _trimmed(view, child.left_edge, child.right_edge)
    return None


def _trimmed(view: TextView, first: Token, last: Token) -> tuple[int, int] | None:
    """From ``first`` to ``last`` without trailing punctuation (a closing quotation mark stays)."""
    while last.i > first.i and (last.is_punct or last.is_space) and not last.is_quote:
        last = view.doc[last.i - 1]
    return (first.idx, last.idx + len(last.text)) if last.i >= first.i else None


def content_head(view: TextView, draft: Draft) -> Token:
    """The token of the content whose head lies outside it: where the content hangs from the sentence."""
    head = _first_token(view, draft.start)
    while head.head.i != head.i and draft.start <= head.head.idx < draft.end:
        head = head.head
    return head


def _unique(found: list[Candidate]) -> list[Candidate]:
    """One candidate per (content pieces, cue); the first (a rule's draft) wins."""
    seen: set[tuple] = set()
    kept = []
    for candidate in found:
        draft = candidate.draft
        key = (tuple(draft.pieces), draft.cue.cue_start if draft.cue is not None else None)
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept
