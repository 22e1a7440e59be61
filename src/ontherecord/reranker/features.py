"""Accurate mode, step 2: what the model sees of a candidate attribution (string features).

Features describe the cue (lemma, tag, its place in the sentence, what the lexicon says of it),
the content (how it attaches to the cue, how it starts and ends, its length, quotation marks),
the source (present, pronoun, entity type) and where the candidate came from (which rule, which
boundary variant). Conjunctions let a linear model learn "say + that-clause" apart from
"have + object".
"""

from __future__ import annotations

from ..engine import DOUBLE_MARKS, TextView, load_lexicon
from .candidates import Candidate
from .tokens import cue_lemma, neighbour, word_class

QUOTE_CHARACTERS = frozenset(DOUBLE_MARKS)
LENGTH_BUCKETS = (1, 2, 3, 5, 8, 12, 20, 30, 45, 70)


def _bucket(value: int) -> str:
    for limit in LENGTH_BUCKETS:
        if value <= limit:
            return f"<={limit}"
    return ">70"


def all_features(view: TextView, found: list[Candidate]) -> list[list[str]]:
    """Each candidate's own features plus how it compares with the other readings of its cue
    (longest, shortest, how many): a linear model cannot compare candidates on its own."""
    features = [candidate_features(view, c) for c in found]
    groups: dict[int, list[int]] = {}
    for index, candidate in enumerate(found):
        if candidate.draft.cue is not None:
            groups.setdefault(candidate.draft.cue.cue_start, []).append(index)
    for members in groups.values():
        lengths = sorted({_alnum_length(view.text, found[i]) for i in members})
        for i in members:
            rank = lengths.index(_alnum_length(view.text, found[i]))
            place = "only" if len(lengths) == 1 else ("shortest" if rank == 0 else ("longest" if rank == len(lengths) - 1 else "middle"))
            features[i] += [f"place={place}", f"place*variant={place}|{found[i].variant}", f"readings={min(len(members), 6)}"]
    return features


BOUNDARY_BUCKETS = (0.001, 0.01, 0.03, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85)


def _probability_bucket(probability: float) -> str:
    return next((f"<{limit}" for limit in BOUNDARY_BUCKETS if probability < limit), ">=0.85")


def _boundary_features(candidate: Candidate) -> list[str]:
    """The boundary model's opinion of where this content starts and ends."""
    opinion = candidate.boundary
    if opinion is None:
        return ["boundary=none", f"boundary=none|{candidate.variant}"]
    both = _probability_bucket(opinion.start * opinion.end)
    start, end = _probability_bucket(opinion.start), _probability_bucket(opinion.end)
    ranks = f"{min(opinion.start_rank, 2)}|{min(opinion.end_rank, 2)}"
    return [
        f"boundary={both}",
        f"boundary*variant={both}|{candidate.variant}",
        f"boundary*origin={both}|{candidate.origin}",
        f"boundary_start={start}",
        f"boundary_end={end}",
        f"boundary_ranks={ranks}",
        f"boundary_ranks*variant={ranks}|{candidate.variant}",
    ]


def _alnum_length(text: str, candidate: Candidate) -> int:
    return sum(ch.isalnum() for s, e in candidate.draft.pieces for ch in text[s:e])


def candidate_features(view: TextView, candidate: Candidate) -> list[str]:
    draft = candidate.draft
    text = view.text
    tokens = view.tokens_within(draft.start, draft.end)
    words = [t for t in tokens if not t.is_space]
    first = words[0] if words else None
    last = next((t for t in reversed(words) if not t.is_punct), first)
    content = " ".join(text[s:e] for s, e in draft.pieces)
    features = [
        "bias",
        f"origin={candidate.origin}",
        f"variant={candidate.variant}",
        f"origin*variant={candidate.origin}|{candidate.variant}",
        f"type={draft.type}",
        f"pieces={min(len(draft.pieces), 3)}",
        f"length={_bucket(len(words))}",
        f"quote_marks={any(ch in QUOTE_CHARACTERS for ch in content)}",
        f"starts_quoted={text[max(0, draft.start - 1) : draft.start + 1].strip()[:1] in QUOTE_CHARACTERS}",
    ]
    if first is not None:
        features += [f"first={first.lower_}", f"first_pos={first.pos_}", f"first_dep={first.dep_}"]
        before = neighbour(view, first.i, -1)
        features.append(f"before={_word_class(before)}")
        features.append(f"starts_sentence={first.is_sent_start or (before is not None and before.is_sent_start and before.is_punct)}")
        features.append(f"variant*first={candidate.variant}|{first.lower_ if first.pos_ in ('SCONJ', 'PART', 'ADP') else first.pos_}")
    if last is not None:
        features += [f"last_pos={last.pos_}", f"last_dep={last.dep_}"]
        after = view.doc[last.i + 1] if last.i + 1 < len(view.doc) else None
        features.append(f"next={after.text if after is not None and after.is_punct else (after.pos_ if after is not None else 'END')}")
        features.append(f"ends_sentence={_ends_sentence(view, last)}")
        features.append(f"variant*ends_sentence={candidate.variant}|{_ends_sentence(view, last)}")
    features += _boundary_features(candidate)
    features.append(f"clause={any(t.pos_ in ('VERB', 'AUX') for t in words)}")
    features.append(f"subject={any(t.dep_ in ('nsubj', 'nsubjpass', 'expl') for t in words)}")
    cue = draft.cue
    if cue is None:
        features.append("cue=none")
        return features
    features += _cue_features(view, candidate, first)
    return features


def _cue_features(view: TextView, candidate: Candidate, first) -> list[str]:
    draft, cue = candidate.draft, candidate.draft.cue
    verb = cue.verb
    lemma = cue_lemma(cue)
    listed = load_lexicon().cue_verbs.get(lemma)
    position = "before" if cue.cue_end <= draft.start else ("after" if cue.cue_start >= draft.end else "inside")
    attach = _attachment(verb, first, draft)
    source = cue.source_head
    source_kind = "none" if source is None else (source.lower_ if source.pos_ == "PRON" else source.ent_type_ or source.pos_)
    negated = any(c.dep_ == "neg" for c in verb.children)
    modal = next((c.lower_ for c in verb.children if c.tag_ == "MD"), "none")
    flags = "".join(flag for flag, on in zip("scodtn", _flag_values(listed)) if on) if listed else "unlisted"
    return [
        f"lemma={lemma}",
        f"lemma*origin={lemma}|{candidate.origin}",
        f"lemma*attach={lemma}|{attach}",
        f"lemma*variant={lemma}|{candidate.variant}",
        f"lemma*type={lemma}|{draft.type}",
        f"flags={flags}",
        f"flags*attach={flags}|{attach}",
        f"flags*variant={flags}|{candidate.variant}",
        f"attach={attach}",
        f"attach*variant={attach}|{candidate.variant}",
        f"position={position}",
        f"position*type={position}|{draft.type}",
        f"tag={verb.tag_}",
        f"verb_dep={verb.dep_}",
        f"lemma*verb_dep={lemma}|{verb.dep_}",
        f"lemma*first={lemma}|{_word_class(first)}",
        f"source={source_kind}",
        f"source*attach={source_kind}|{attach}",
        f"lemma*source={lemma}|{'none' if source is None else 'some'}",
        f"negated={negated}",
        f"modal={modal}",
        f"phrase={cue.phrase}",
        f"channel={cue.channel is not None}",
        f"relative={cue.relative is not None}",
        f"gap={_bucket(_gap_tokens(view, draft))}",
    ]


def _word_class(token) -> str:
    return word_class(token, "START")


def _ends_sentence(view: TextView, last) -> bool:
    following = neighbour(view, last.i, 1)
    while following is not None and following.is_punct and not following.is_sent_start:
        following = neighbour(view, following.i, 1)
    return following is None or following.is_sent_start


def _flag_values(verb) -> tuple[bool, ...]:
    return (verb.speech, verb.cognition, verb.object_content, verb.document, verb.listener_object, verb.naming)


def _attachment(verb, first, draft) -> str:
    """How the content's head hangs from the cue: ccomp, xcomp, dobj, prep, parataxis, ..."""
    if first is None:
        return "empty"
    head = first  # from the first word (not the token at draft.start): the shipped weights were trained on this
    while head.head.i != head.i and draft.start <= head.head.idx < draft.end:
        head = head.head
    if head.head.i == verb.i:
        return head.dep_
    if verb.head.i == head.i:
        return f"governs:{verb.dep_}"
    return "distant"


def _gap_tokens(view: TextView, draft) -> int:
    cue = draft.cue
    if cue.cue_end <= draft.start:
        return view.token_index(draft.start) - view.token_index(cue.cue_end)
    if cue.cue_start >= draft.end:
        return view.token_index(cue.cue_start) - view.token_index(draft.end)
    return 0
