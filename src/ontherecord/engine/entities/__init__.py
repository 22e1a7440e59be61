"""The entity stage: every mention of a person, organization, group or document in an article
(:mod:`.mentions`), linked into article entities (:mod:`.linking`, :mod:`.names`,
:mod:`.clusters`) with the evidence of each link (:mod:`.entity`).

    entities = article_entities(doc)  # any parsed spaCy Doc

Speaker resolution reads the entities through :class:`EntityIndex`: the entity of a token."""

from __future__ import annotations

from spacy.tokens import Doc

from ...model import EntityMention
from ..quotemarks import find_quoted_spans
from .entity import ArticleEntity, build_entities
from .linking import Linker
from .mentions import MentionFinder, mark_quoted
from .words import entity_words

__all__ = ["ArticleEntity", "EntityIndex", "EntityMention", "article_entities", "entity_index"]


class EntityIndex:
    """The article's entities, looked up by token or by id."""

    def __init__(self, entities: list[ArticleEntity]) -> None:
        self.entities = entities
        self.by_id = {e.id: e for e in entities}
        self.by_head: dict[int, ArticleEntity] = {}
        for entity in entities:
            for head in entity.heads:
                self.by_head.setdefault(head, entity)

    def at(self, token_index: int) -> ArticleEntity | None:
        return self.by_head.get(token_index)

    def get(self, entity_id: str | None) -> ArticleEntity | None:
        return self.by_id.get(entity_id) if entity_id else None


def entity_index(doc: Doc, text: str | None = None, quoted: list[tuple[int, int]] | None = None) -> EntityIndex:
    """``quoted``: the article's quoted pieces with their marks, sorted (found from the marks when not given)."""
    words = entity_words()
    text = doc.text if text is None else text  # Doc.text is rebuilt on every access: read it once
    if quoted is None:
        quoted = [outer for span in find_quoted_spans(text) for outer in span.outer]
    mentions = MentionFinder(doc, text, words).mentions()
    mark_quoted(mentions, sorted(quoted))
    clusters = Linker(doc, mentions, words).run()
    entities, _ = build_entities(doc, text, clusters)
    return EntityIndex(entities)


def article_entities(doc: Doc) -> list[ArticleEntity]:
    """The entities of one parsed article, in order of first mention."""
    return entity_index(doc).entities
