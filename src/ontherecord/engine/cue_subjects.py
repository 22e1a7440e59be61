"""Who a cue verb's source is, from the parse: its subject (climbing through participles and
conjuncts), the agent of a passive, or the name the parser hung elsewhere; and the participles that
are passives on the noun before them, with no source at all."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .quotemarks import CLOSING_MARKS as QUOTE_CLOSING_MARKS
from .syntax import sentence_bounds, to_infinitive

CLOSING_MARKS = frozenset(QUOTE_CLOSING_MARKS) | {")", "]"}  # quotation marks or brackets
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
SUBJECT_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM", "DET", "X", "ADJ"})
# Where a cue verb has no subject of its own, the subject of the verb it hangs from is the source
# ("..., adding wryly:", "explaining that ...", "and argued that ...").
INHERIT_SUBJECT_DEPS = ("advcl", "conj", "xcomp", "pcomp", "prep")


def is_passive_participle(verb: Token) -> bool:
    """ "the plans, first revealed by X, ...", "Asked whether ..., she said": a participle with no
    auxiliary on what was said or on whom it was asked of."""
    if verb.dep_ not in ("acl", "parataxis", "advcl", "relcl") or any(
        c.dep_ in ("aux", "auxpass") for c in verb.children
    ):
        return False
    if verb.dep_ in ("acl", "relcl") and any(c.dep_ == "ccomp" for c in verb.children):
        return False  # "A Quinnipiac poll found last week that ...": misparsed, but active
    return verb.tag_ == "VBN" or any(c.dep_ in ("agent", "prep") and c.lower_ == "by" for c in verb.children)


def is_reduced_passive(verb: Token) -> bool:
    """ "a parcel, thought to be a gift": a past form after a comma with no subject, auxiliary or
    conjunction of its own and a bare to-infinitive is a passive on the noun before it, whatever
    the parser made of it (an active "think" needs its object: "thought it to be")."""
    if verb.tag_ not in ("VBN", "VBD") or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return False
    if any(c.dep_ in (*SUBJECT_DEPS, "aux", "auxpass", "dobj", "obj", "ccomp") for c in verb.children):
        return False
    if verb.dep_ == "conj" and any(c.dep_ in ("cc", "preconj") and c.i < verb.i for c in verb.head.children):
        return False  # "... and thought to try again": a coordinated verb sharing its subject
    return to_infinitive(verb) is not None


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((t for t in child.children if t.dep_ == "pobj"), None)
    return None


def subject_of(verb: Token) -> Token | None:
    """The verb's grammatical subject, climbing through participles and conjuncts."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS and c.pos_ in SUBJECT_POS]
        if subjects:
            return _outside_the_quote(subjects, verb)
        if current.dep_ in INHERIT_SUBJECT_DEPS and current.head.i != current.i:
            current = current.head
            continue
        if current.dep_ == "parataxis" and current.i == verb.i:
            # “...,” says Andrew Oliveira, ... told the service: the subject hangs on the next verb
            following = [c for c in current.head.children if c.dep_ in SUBJECT_DEPS and c.i > verb.i]
            return following[0] if following else None
        if current.dep_ == "relcl":
            return current.head
        return None
    return None


FRAME_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PUNCT", "ADP", "NUM", "PART", "SPACE", "CCONJ"})
MAX_FRAME_TOKENS = 15


def name_after_closing_quote(doc: Doc, verb: Token) -> Token | None:
    """“...,” Dunmore, a city adviser, said: the small parser sometimes hangs the name on the quote
    (as an apposition of its last noun), leaving the verb without a subject. The first noun after the
    closing mark is the speaker."""
    i = verb.i - 1
    while i >= 0 and verb.i - i <= MAX_FRAME_TOKENS and not (doc[i].is_quote and doc[i].text in CLOSING_MARKS):
        if doc[i].pos_ not in FRAME_POS:
            return None
        i -= 1
    if i <= 0 or verb.i - i > MAX_FRAME_TOKENS or doc[i - 1].text not in (",", "?", "!", "—", "–"):
        return None
    head = None
    for token in doc[i + 1 : verb.i]:
        if token.pos_ in ("PROPN", "NOUN"):
            head = token
        elif head is not None:
            break
    return head


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
NAME_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def name_beside_verb(doc: Doc, verb: Token) -> Token | None:
    """A finite speech verb left without a subject: the parser hung the speaker's name on the words
    next to it ("Speaking in Tarbury Ms Oduya said:", "..., Acme's chief Rob Ekwe said." as one more
    item of a list, “...,” said club coach Ana Lima. as a clause of its own). The name beside the
    verb is the speaker: the one just before it, or after it when the verb follows a closing mark."""
    if verb.tag_ not in FINITE_TAGS:
        return None
    before = doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.pos_ == "PROPN" and before.ent_type_ in NAME_ENTITIES:
        return before
    if before is None or not (before.is_quote and before.text in CLOSING_MARKS):
        return None
    sentence_end = sentence_bounds(doc, verb.i)[1]
    after = [t for t in doc[verb.i + 1 : sentence_end] if not (t.is_punct or t.is_space)]
    if not after or len(after) > MAX_FRAME_TOKENS or any(t.is_quote for t in doc[verb.i + 1 : sentence_end]):
        return None
    names = [t for t in after if t.pos_ == "PROPN"]
    return names[-1] if any(t.ent_type_ in NAME_ENTITIES for t in names) else None


def name_run(name: Token) -> tuple[int, int]:
    """Character span of the name ending at ``name``: the proper nouns before it, titles included,
    up to a word or another entity ("Tarbury Ms Oduya": "Ms Oduya")."""
    doc = name.doc
    first = name.i
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].ent_type_ in ("", name.ent_type_):
        first -= 1
    return doc[first].idx, name.idx + len(name.text)


def content_before_name(doc: Doc, subject: Token, content: tuple[int, int]) -> tuple[int, int] | None:
    """The content the misparse ran on into the speaker's name, cut back to the words before it."""
    i = subject.left_edge.i - 1
    while i > 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    end = doc[i].idx + len(doc[i].text)
    return (content[0], end) if end > content[0] else None


def _outside_the_quote(subjects: list[Token], verb: Token) -> Token:
    """ "..., it will," said Amal Herrera: the parser gave the verb two subjects, one inside
    the quote; the speaker is the one with no quotation mark between it and the verb."""
    if len(subjects) > 1:
        doc = verb.doc
        for subject in subjects:
            low, high = sorted((subject.i, verb.i))
            if not any(t.is_quote for t in doc[low + 1 : high]):
                return subject
    return subjects[0]
