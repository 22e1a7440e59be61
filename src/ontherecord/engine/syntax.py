"""Readings of the parse every cue kind shares: a sentence's tokens, a mention's characters."""

from __future__ import annotations

from spacy.tokens import Doc, Token


def sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence around token ``i`` (``token.sent`` scans the whole Doc)."""
    start = i
    while start > 0 and not doc[start].is_sent_start:
        start -= 1
    end = i + 1
    while end < len(doc) and not doc[end].is_sent_start:
        end += 1
    return start, end


STOP_DEPS = frozenset({"appos", "punct", "parataxis", "advcl", "cc"})


def mention_bounds(head: Token, keep_clauses: bool = True) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without appositions or parentheticals."""
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in STOP_DEPS or child.text in (",", "(", "—", "–"):
            break
        if not keep_clauses and child.dep_ in ("relcl", "acl"):
            break
        right = child.right_edge.i
    for child in head.lefts:
        if child.text in (",", "“", '"', "(", ";", ":") or child.is_quote:
            left = child.right_edge.i + 1
    doc = head.doc
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def to_infinitive(verb: Token) -> Token | None:
    """ "plans to run": the verb of a to-infinitive complement."""
    for child in verb.children:
        if child.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            return child
    return None
