"""What the entity stage (:mod:`ontherecord.engine.entities`) says about a source mention: the
article entity it belongs to, and for a document with an author, the author."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from ...names import fold, names_match
from ..entities import ArticleEntity, EntityIndex

MAX_SOURCE_TOKENS = 12  # a source mention longer than this is looked up by its head only


def entity_of(index: EntityIndex, doc: Doc, head: Token, start: int, end: int) -> ArticleEntity | None:
    """The entity of the mention's head, else of a named mention inside the source words."""
    entity = index.at(head.i)
    if entity is not None:
        return entity
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) > MAX_SOURCE_TOKENS:
        return None
    return next((e for t in span if (e := index.at(t.i)) is not None and e.named), None)


def author_of(index: EntityIndex, entity: ArticleEntity | None) -> ArticleEntity | None:
    """A document's author when the article names one ("the letter from Qwest", "her statement")."""
    if entity is None or entity.kind != "document" or not entity.voiced or entity.author_evidence == "organization modifier":
        return None  # "Commission data", "Trump's order": the document stays the source, its author recorded
    author = index.get(entity.author)
    return author if author is not None and author.named else None


def same_name(entity: ArticleEntity, name: str | None, kind: str) -> bool:
    """Whether a speaker the rules found is the entity (so the entity's mentions are the speaker's)."""
    if not name or not entity.named:
        return False
    if kind == "person" and entity.kind == "person":
        return names_match(name, entity.canonical)
    return kind == entity.kind and (mentions_name(entity, name) or fold(name) == fold(entity.canonical))


def mentions_name(entity: ArticleEntity, name: str | None) -> bool:
    """Whether ``name`` is one of the entity's mentions ("Lib Dems" of the Liberal Democrats)."""
    return bool(name) and fold(name) in {fold(m.text) for m in entity.mentions if m.form != "pronoun"}


def nearest_before(pronoun: Token, window: int, matches: Callable[[Token], bool]) -> Token | None:
    """The closest of the ``window`` tokens before ``pronoun`` that ``matches``."""
    doc = pronoun.doc
    for i in range(pronoun.i - 1, max(-1, pronoun.i - window), -1):
        if matches(doc[i]):
            return doc[i]
    return None
