"""Candidate mentions of a spaCy parse for the mention-pair scorer, and their typing features.

One candidate per noun phrase head: a noun or proper noun that is not part of a larger name
(``compound``), or a personal pronoun; its span runs from the head's left edge to the head, so
"the company's chief executive" gives "the company" (possessor) and "the company's chief executive".
A named entity inside a larger noun phrase ("the Acme spokesman") is a candidate of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..names import name_tokens

NAME, PRONOUN, NOMINAL = "name", "pronoun", "nominal"
PERSONAL_PRONOUN_TAGS = frozenset({"PRP", "PRP$"})
NESTED_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass(frozen=True)
class Candidate:
    start: int  # char offsets into doc.text
    end: int
    head: int  # token index of the head
    sentence: int
    kind: str  # name, pronoun, nominal
    text: str  # folded words without a leading determiner
    lemma: str  # head lemma, folded
    label: str  # the named entity label of the head, "" for none
    plural: bool
    dep: str
    governor: int  # token index of the head's syntactic head
    determiner: str  # the first word when it is a determiner or possessive, folded; else ""
    left_deps: tuple[str, ...]


def candidates(doc: Doc) -> list[Candidate]:
    """The candidate mentions of ``doc``, in text order (by start, longest first)."""
    sentence_of = {}
    for number, sentence in enumerate(doc.sents):
        for token in sentence:
            sentence_of[token.i] = number
    found: dict[int, Candidate] = {}
    for token in doc:
        if _is_head(token):
            found[token.i] = candidate_at(doc, token, token.left_edge.i, sentence_of[token.i])
    for ent in doc.ents:
        last = ent[-1]
        if ent.label_ in NESTED_NAME_LABELS and last.i not in found:
            found[last.i] = candidate_at(doc, last, ent.start, sentence_of[last.i])
    return sorted(found.values(), key=lambda c: (c.start, -c.end, c.head))


def _is_head(token: Token) -> bool:
    if token.tag_ in PERSONAL_PRONOUN_TAGS:
        return True
    return token.pos_ in ("NOUN", "PROPN") and token.dep_ != "compound"


def candidate_at(doc: Doc, head: Token, first: int, sentence: int) -> Candidate:
    first = min(first, head.i)
    span = doc[first : head.i + 1]
    words = name_tokens(span.text)
    if len(words) > 1 and words[0] in DETERMINERS:
        words = words[1:]
    kind = PRONOUN if head.tag_ in PERSONAL_PRONOUN_TAGS else NAME if head.ent_type_ else NOMINAL
    return Candidate(
        start=span.start_char,
        end=span.end_char,
        head=head.i,
        sentence=sentence,
        kind=kind,
        text=" ".join(words),
        lemma=head.lemma_.lower(),
        label=head.ent_type_,
        plural=head.tag_ in ("NNS", "NNPS") or "Plur" in head.morph.get("Number"),
        dep=head.dep_,
        governor=head.head.i,
        determiner=span[0].lower_ if span[0].dep_ in ("det", "poss") and span[0].i != head.i else "",
        left_deps=tuple(sorted({t.dep_ for t in span if t.i != head.i})),
    )


def mention_features(candidate: Candidate) -> list[str]:
    """Features of one candidate for typing (is it a person or organization?)."""
    c = candidate
    features = ["bias", f"kind={c.kind}", f"lemma={c.lemma}", f"label={c.label}", f"dep={c.dep}", f"plural={c.plural}"]
    features += [f"lemma|label={c.lemma}|{c.label}", f"suffix={c.lemma[-3:]}|{c.kind}"]
    features += [f"left={dep}" for dep in c.left_deps] + [f"determiner={c.determiner}|{c.kind}"]
    if c.kind == NAME:
        features.append(f"name_words={min(3, len(c.text.split()))}|{c.label}")
    return features
