"""Article entities from the clusters: a canonical name (the fullest form the article uses),
a kind, the mentions with the evidence of each link, and the relations between entities (the
organization a person speaks for, the people of an organization, a document's author)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from ...model import EntityMention
from .clusters import Clusters
from .mentions import Mention
from .words import entity_words

UNNAMED_KINDS = {"person": "anonymous", "state": "organization"}


@dataclass
class ArticleEntity:
    id: str
    kind: str  # person, organization, group, document, anonymous
    canonical: str
    mentions: list[EntityMention]
    named: bool = False
    title: str | None = None
    roles: list[str] = field(default_factory=list)
    organization: str | None = None  # entity id
    people: list[str] = field(default_factory=list)  # entity ids
    author: str | None = None  # entity id
    author_evidence: str | None = None  # "possessive", "document from", "organization modifier"
    voiced: bool = False  # a document that speaks in its author's voice (a statement, a letter)
    heads: list[int] = field(default_factory=list)  # the token index of each mention's head


def build_entities(doc: Doc, text: str, clusters: Clusters) -> tuple[list[ArticleEntity], dict[int, ArticleEntity]]:
    """The entities in order of first mention, and the entity of each mention (by mention index)."""
    entities: list[ArticleEntity] = []
    of_mention: dict[int, ArticleEntity] = {}
    groups = sorted(clusters.groups(), key=lambda g: g[0].start)
    for group in groups:
        if all(m.form == "pronoun" for m in group):
            continue
        entity = _entity(doc, text, clusters, group, f"e{len(entities) + 1}")
        entities.append(entity)
        for mention in group:
            of_mention[mention.index] = entity
    _relate(clusters, of_mention)
    return entities, of_mention


def _entity(doc: Doc, text: str, clusters: Clusters, group: list[Mention], entity_id: str) -> ArticleEntity:
    info = clusters.of(group[0])
    names = [m for m in group if m.form in ("name", "surname", "acronym")]
    if names:
        canonical = max((_name_text(doc, m) for m in names), key=lambda t: (len(t.split()), len(t)))
        kind = "organization" if info.kind == "state" else info.kind
    else:
        canonical = text[group[0].start : group[0].end]
        kind = UNNAMED_KINDS.get(info.kind, info.kind)
    mentions = [EntityMention(text[m.start : m.end], m.start, m.end, m.form, clusters.evidence.get(m.index))
                for m in group]
    title = next((m.title for m in names if m.title), None)
    voiced = kind == "document" and bool(info.roles & entity_words().voiced_documents)
    return ArticleEntity(entity_id, kind, canonical, mentions, bool(names), title, sorted(info.roles),
                         heads=[m.head for m in group], voiced=voiced)


def _name_text(doc: Doc, mention: Mention) -> str:
    tokens = [t for t in doc[mention.first : mention.last + 1]]
    if mention.title:
        skip = len(mention.title.split())
        tokens = tokens[skip:] or tokens
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _relate(clusters: Clusters, of_mention: dict[int, ArticleEntity]) -> None:
    for relation, source, target, evidence in clusters.relations:
        owner, other = of_mention.get(source), of_mention.get(target)
        if owner is None or other is None or owner is other:
            continue
        if relation == "organization" and owner.organization is None:
            owner.organization = other.id
            if owner.id not in other.people:
                other.people.append(owner.id)
        elif relation == "author" and owner.author is None:
            owner.author, owner.author_evidence = other.id, evidence
