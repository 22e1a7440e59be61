"""Baseline coreference systems over a spaCy parse: a system is ``Doc -> clusters of char spans``.

* :func:`ner_same_name`: the spaCy pipeline's PERSON and ORG entities, clustered when their names
  are the same string (folded, punctuation and a possessive 's dropped: :func:`names.name_tokens`);
* :func:`ner_same_person`: the same, but a PERSON joins a cluster whose every name is the same
  person by :func:`names.names_match` (surname and compatible given names: "Donald Trump", "Trump").
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

from ..names import name_tokens, names_match

Clusters = list[list[tuple[int, int]]]
CorefSystem = Callable[[Doc], Clusters]
NER_LABELS = frozenset({"PERSON", "ORG"})


def _named_entities(doc: Doc) -> list[Span]:
    return [ent for ent in doc.ents if ent.label_ in NER_LABELS and name_tokens(ent.text)]


def _same_name_key(ent: Span) -> tuple[str, str]:
    return ent.label_, " ".join(name_tokens(ent.text))


def ner_same_name(doc: Doc) -> Clusters:
    clusters: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for ent in _named_entities(doc):
        clusters.setdefault(_same_name_key(ent), []).append((ent.start_char, ent.end_char))
    return list(clusters.values())


def ner_same_person(doc: Doc) -> Clusters:
    by_name: dict[tuple[str, str], list[tuple[int, int]]] = {}
    people: list[tuple[list[str], list[tuple[int, int]]]] = []  # (names, spans)
    for ent in _named_entities(doc):
        span = (ent.start_char, ent.end_char)
        if ent.label_ != "PERSON":
            by_name.setdefault(_same_name_key(ent), []).append(span)
            continue
        match = next((p for p in people if all(names_match(ent.text, name) for name in p[0])), None)
        if match is None:
            people.append(([ent.text], [span]))
        else:
            match[0].append(ent.text)
            match[1].append(span)
    return [spans for _, spans in people] + list(by_name.values())
