"""Stage 2: cues from the dependency parse: the cue words, their source and their content.

A :class:`CueMatch` is one attribution frame found in the syntax ("Parnell said",
"according to a copy of the order", "as he put it", "the data ... showing"), with the
tokens of its source, the character span of its syntactic content (a that-clause, an
object, the rest of an according-to sentence) and its channel ("told Newsweek").
Linking frames to quotation marks happens in the linking passes (:mod:`.attribute`).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from .according import source_phrase_at, source_phrase_cue
from .cue_subjects import (
    CLOSING_MARKS,
    agent_of,
    content_before_name,
    is_passive_participle,
    is_reduced_passive,
    name_after_closing_quote,
    name_beside_verb,
    name_run,
    subject_of,
)
from .frames import CueMatch
from .lexicon import CueVerb, Lexicon
from .quotemarks import OPENING_MARKS as QUOTE_OPENING_MARKS
from .ranges import in_sorted_ranges
from .syntax import mention_bounds, sentence_bounds

CONTENT_CLAUSE_DEPS = ("ccomp",)
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
NOT_A_SOURCE = FIRST_PERSON | {"you", "it", "there", "what", "which", "that", "this", "one"}
DOCUMENT_PRONOUNS = frozenset({"it", "this"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which"})
FIRST_PERSON_CHANNEL = "the reporter"
CONTENT_PREPOSITIONS = frozenset({"of", "about", "to", "on", "for", "against"})
CHANNEL_PREPOSITIONS = frozenset({"in", "at", "on", "during", "via", "through", "to"})
DASHES = frozenset({"–", "—", "--"})
OPENING_MARKS = frozenset(QUOTE_OPENING_MARKS) | {"„", "(", "["}  # quotation marks or brackets
NUMBER_SIGNS = frozenset({"%", "‰"})  # "rose 12%.": the sign is part of the figure, not punctuation
KEPT_AT_END = CLOSING_MARKS | NUMBER_SIGNS


AS_PUT = CueVerb("put", speech=True, cognition=False, object_content=False, document=False, listener_object=False)


def find_cues(
    doc: Doc, lexicon: Lexicon, masked: list[tuple[int, int]], unlisted: CueVerb | None = None
) -> list[CueMatch]:
    """Every cue frame in ``doc`` outside the ``masked`` character ranges (the direct quotes).

    With ``unlisted``, only the verbs the lexicon leaves out instead, each read as that kind of cue
    (accurate mode turns every verb with a complement into a candidate and lets its model judge)."""
    cues: list[CueMatch] = []
    masked = sorted(masked)
    masked_starts = [start for start, _ in masked]
    for token in doc:
        if in_sorted_ranges(token.idx, masked, masked_starts):
            continue
        phrase_length = source_phrase_at(doc, token, lexicon.cue_phrases)
        if phrase_length:
            match = source_phrase_cue(doc, token, phrase_length) if unlisted is None else None
        elif token.tag_.startswith("VB"):
            lexeme = _listed_lexeme(token, lexicon)
            if unlisted is not None:
                lexeme = replace(unlisted, lemma=token.lemma_.lower()) if lexeme is None else None
            match = _verb_cue(doc, token, lexeme, lexicon) if lexeme is not None else None
        else:
            continue
        if match is not None:
            cues.append(match)
    return cues


def _listed_lexeme(verb: Token, lexicon: Lexicon) -> CueVerb | None:
    lexeme = lexicon.cue_verbs.get(verb.lemma_.lower())
    if lexeme is None and verb.lemma_.lower() == "put" and _is_as_clause(verb):
        lexeme = AS_PUT  # "as he put it"
    return lexeme


# --- verbs -----------------------------------------------------------------------------------


def _verb_cue(doc: Doc, verb: Token, lexeme: CueVerb, lexicon: Lexicon) -> CueMatch | None:
    if verb.dep_ in ("amod", "compound"):
        return None
    if is_passive_participle(verb) or is_reduced_passive(verb):
        return None  # "the plans, first revealed by X, ...": a participle modifying what was said
    subject = subject_of(verb)
    named_after_quote = subject is None and lexeme.speech
    beside = None
    if named_after_quote:
        subject = name_after_closing_quote(doc, verb)
        beside = name_beside_verb(doc, verb) if subject is None else None
        subject = subject or beside
    relative = None
    if subject is not None and subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        relative, subject = subject, subject.head.head
    if subject is not None and subject.dep_ == "nsubjpass":
        subject = agent_of(verb)  # "was told by X"; "I'm told that" has no source
    content = _content_span(doc, verb, lexeme)
    if named_after_quote and subject is not None and content is not None and content[0] < subject.idx < content[1]:
        content = content_before_name(doc, subject, content)
    if subject is not None and subject.lower_ in NOT_A_SOURCE:
        if subject.lower_ in FIRST_PERSON or subject.lower_ == "you":
            return None  # the reporter's own voice ("I expected") or generic "you know"
        if not (subject.lower_ in DOCUMENT_PRONOUNS and (lexeme.speech or lexeme.document) and content is not None):
            subject = None  # but "The city sent a letter. It says the campaign violated ...": a document
    phrase = "as-put" if lexeme is AS_PUT else "verb"
    if lexeme.cognition and not lexeme.speech and (content is None or subject is None):
        return None
    if subject is None and content is None:
        return None
    source = mention_bounds(subject) if subject is not None else (None, None)
    if beside is not None and subject is beside:
        source = name_run(beside)
    return CueMatch(
        cue_start=verb.idx,
        cue_end=verb.idx + len(verb.text),
        verb=verb,
        source_head=subject,
        source_start=source[0],
        source_end=source[1],
        content_start=content[0] if content else None,
        content_end=content[1] if content else None,
        channel=_channel(verb, lexeme, lexicon),
        lexeme=lexeme,
        phrase=phrase,
        relative=relative,
    )


def _is_as_clause(verb: Token) -> bool:
    return any(child.lower_ == "as" and child.dep_ in ("mark", "advmod") for child in verb.children)


def _content_span(doc: Doc, verb: Token, lexeme: CueVerb) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ in CONTENT_CLAUSE_DEPS and child.i != verb.i:
            bounds = _clause_bounds(doc, child, verb)
            return _with_stranded_object(doc, verb, lexeme, child, bounds)
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        # "The plan, Parnell said, was ..." / "“...,” he said" parsed with the cue hanging off the content
        return _clause_bounds(doc, verb.head, verb)
    for child in verb.children:
        if child.dep_ == "xcomp" and (lexeme.speech or lexeme.cognition) and child.pos_ in ("VERB", "AUX"):
            return _clause_bounds(doc, child, verb)
    if (lexeme.object_content or lexeme.document) and not _negated(verb):
        for child in verb.children:
            if child.dep_ in ("dobj", "obj") and child.pos_ not in ("PRON",):
                return _with_charge(doc, verb, child, _clause_bounds(doc, child, verb))
            if child.dep_ == "oprd" and lexeme.naming:  # "called it “a fantasy”"
                return _clause_bounds(doc, child, verb)
    return _that_clause_fallback(doc, verb, lexeme) or _prepositional_content(doc, verb, lexeme)


CHARGE_PREPOSITIONS = frozenset({"of", "for"})


def _with_charge(doc: Doc, verb: Token, target: Token, bounds: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "accused the council of wasting money", "praised the crew for its speed": the object and what
    it is accused or praised of, as one content."""
    charges = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in CHARGE_PREPOSITIONS and c.i > target.i]
    charge = _clause_bounds(doc, charges[-1], verb) if charges and bounds is not None else None
    return (bounds[0], charge[1]) if charge is not None else bounds


def _negated(verb: Token) -> bool:
    """ "has not confirmed any date", "did not respond to my request": what a negated cue names
    without a clause of its own is what was not said."""
    return any(c.dep_ == "neg" for c in verb.children)


def _prepositional_content(doc: Doc, verb: Token, lexeme: CueVerb) -> tuple[int, int] | None:
    """ "warned of a “ferocious” battle", "pointed to Cruz's organization": what the cue is about."""
    if not lexeme.speech or _negated(verb):
        return None  # "did not respond to my request" says nothing
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPOSITIONS and child.i == verb.i + 1:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None and pobj.pos_ != "PRON":
                return _clause_bounds(doc, pobj, verb)
    return None


def _that_clause_fallback(doc: Doc, verb: Token, lexeme: CueVerb) -> tuple[int, int] | None:
    """ "told Newsweek that taking action ... required ...": the parser lost the clause; take the
    rest of the sentence after the complementiser."""
    if not (lexeme.speech or lexeme.cognition):
        return None
    sentence_end = sentence_bounds(doc, verb.i)[1]
    i = verb.i + 1
    listener = {t.i for c in verb.children if c.dep_ in ("dative", "dobj", "iobj") for t in c.subtree}
    while i < sentence_end and (doc[i].is_space or doc[i].i in listener or doc[i].pos_ == "ADV"):
        i += 1
    if i >= sentence_end or doc[i].lower_ != "that":
        return None
    end = sentence_end - 1
    while end > i and (doc[end].is_space or (doc[end].is_punct and doc[end].text not in KEPT_AT_END)):
        end -= 1
    if end <= i:
        return None
    return doc[i + 1].idx, doc[end].idx + len(doc[end].text)


def _with_stranded_object(
    doc: Doc, verb: Token, lexeme: CueVerb, clause: Token, bounds: tuple[int, int] | None
) -> tuple[int, int] | None:
    """ "showing 83.5 percent of those ... were citizens": the parser hangs the clause's subject on the verb."""
    if bounds is None:
        return None
    if lexeme.listener_object:
        return bounds  # "told Newsweek that ...": the object is the listener
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and verb.i < child.i < clause.i and child.pos_ != "PRON":
            start = doc[child.left_edge.i].idx
            return min(start, bounds[0]), bounds[1]
    return bounds


def _clause_bounds(doc: Doc, head: Token, cue: Token) -> tuple[int, int] | None:
    """Character span of ``head``'s subtree without the cue's frame or a leading 'that'."""
    excluded = {t.i for t in cue.subtree} if head.is_ancestor(cue) else {cue.i}
    for token in head.subtree:
        if token.i in excluded or token.left_edge.i == 0:
            continue
        before = doc[token.left_edge.i - 1]
        # "... for asylum – a concern echoed by X": the reporter's apposition after a dash;
        # "the groups, widely seen as ...": a non-restrictive clause on a noun
        reporters_aside = (
            (token.dep_ == "appos" and before.text in DASHES)
            or (
                token.dep_ in ("relcl", "acl")
                and token.head.pos_ in ("NOUN", "PROPN")
                and before.text in (",", "(", *DASHES)
            )
            or _trailing_participle_aside(token, before, head)
        )
        if reporters_aside:
            excluded.update(t.i for t in token.subtree)
            excluded.add(before.i)
    indices = [t.i for t in head.subtree if t.i not in excluded]
    if not indices:
        return None
    start_i, end_i = _contiguous_run(indices, head.i)
    while start_i <= end_i and (
        (doc[start_i].lower_ == "that" and doc[start_i].dep_ == "mark")
        or (doc[start_i].is_punct and doc[start_i].text not in OPENING_MARKS)
        or doc[start_i].is_space
    ):
        start_i += 1
    while end_i >= start_i and ((doc[end_i].is_punct and doc[end_i].text not in KEPT_AT_END) or doc[end_i].is_space):
        end_i -= 1
    if end_i < start_i:
        return None
    return doc[start_i].idx, doc[end_i].idx + len(doc[end_i].text)


def _trailing_participle_aside(token: Token, before: Token, head: Token) -> bool:
    """ "... dealt with the groups, widely seen as the driving force ...": a subjectless past
    participle after a comma that closes the clause glosses it in the reporter's voice."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBN"
        and before.text == ","
        and token.right_edge.i >= head.right_edge.i - 1
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux", "auxpass") for c in token.children)
    )


def _contiguous_run(indices: list[int], anchor: int) -> tuple[int, int]:
    position = indices.index(anchor) if anchor in indices else 0
    low = high = position
    while low > 0 and indices[low - 1] == indices[low] - 1:
        low -= 1
    while high + 1 < len(indices) and indices[high + 1] == indices[high] + 1:
        high += 1
    return indices[low], indices[high]


def _channel(verb: Token, lexeme: CueVerb, lexicon: Lexicon) -> str | None:
    if lexeme.listener_object:
        for child in verb.children:
            if child.dep_ in ("dative", "dobj", "obj", "iobj") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                if child.lower_ in FIRST_PERSON:
                    return FIRST_PERSON_CHANNEL
                return _phrase_text(child)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in CHANNEL_PREPOSITIONS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in lexicon.channel_nouns:
                    return _phrase_text(pobj)
    return None


def _phrase_text(head: Token) -> str:
    """The channel's noun phrase, without its clauses or when it happened ("on Sunday night")."""
    start, end = mention_bounds(head, keep_clauses=False)
    for child in head.rights:
        if child.dep_ == "prep" and any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree):
            end = min(end, child.idx)
    span = head.doc.char_span(start, end, alignment_mode="expand")
    return span.text.rstrip(" ,\u00a0") if span is not None else head.text
