"""One search syntax for both backends, parsed once here and translated for each.

Syntax (the ``q`` of the explorer and ``--search`` of the CLI):

* ``troops border`` — every word must appear (AND), in any order;
* ``"border patrol"`` — the words one after the other (a phrase);
* ``cartels OR troops`` — either (``OR`` in capitals, between two terms);
* ``-action``, ``-"press release"`` — without that word or phrase;
* case and accents are ignored (``Zürich`` finds ``zurich``), words are matched whole: no
  stemming (``troop`` does not find ``troops``) and no stop words (``the`` is a word like any);
* a word joined by punctuation (``well-known``, ``3.5``) is a phrase of its parts;
* at most :data:`MAX_TERMS` terms; a query of exclusions only finds what lacks them all.

SQLite gets an FTS5 expression, PostgreSQL a ``tsquery`` over the ``simple`` configuration of
the folded text (:mod:`..searchfold`, schema 5), so both find the same rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..searchfold import search_words

MAX_TERMS = 20
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
TABLES = {"quotes": ("q", "quotes_fts"), "articles": ("a", "articles_fts")}


class SearchTooLong(ValueError):
    """More terms than :data:`MAX_TERMS`."""


@dataclass(frozen=True)
class SearchQuery:
    """Groups that must all match (each: any of its terms), and terms that must not.
    A term is a tuple of folded words: one word, or a phrase."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded


def parse_search(text: str) -> SearchQuery:
    groups: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    join_next = False
    for negative, phrase, bare in TOKEN.findall(text):
        if bare == "OR":
            join_next = bool(groups)
            continue
        if bare.startswith("-") and len(bare) > 1:
            negative, bare = "-", bare[1:]
        words = tuple(search_words(phrase if not bare else bare))
        if not words:
            continue
        if negative:
            excluded.append(words)
        elif join_next:
            groups[-1].append(words)
        else:
            groups.append([words])
        join_next = False
    terms = sum(len(group) for group in groups) + len(excluded)
    if terms > MAX_TERMS:
        raise SearchTooLong(f"a search takes at most {MAX_TERMS} terms (words, phrases), not {terms}")
    return SearchQuery(tuple(tuple(dict.fromkeys(group)) for group in groups), tuple(dict.fromkeys(excluded)))


def search_sql(dialect: str, table: str, query: SearchQuery) -> tuple[str, list[str]]:
    """(condition on ``quotes q`` or ``articles a``, its parameters) for a non-empty query."""
    alias, fts = TABLES[table]
    if dialect == "postgresql":
        return f"{alias}.search @@ to_tsquery('simple', ?)", [tsquery(query)]
    if query.groups:
        return f"{alias}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)", [fts5_query(query)]
    return (f"{alias}.id NOT IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)",
            [_any(_fts5_term(term) for term in query.excluded)])


def fts5_query(query: SearchQuery) -> str:
    """The FTS5 expression: ``("a" OR "b c") AND "d" NOT ("e")``."""
    positive = " AND ".join(_any(_fts5_term(term) for term in group) for group in query.groups)
    if query.excluded:
        positive += " NOT " + _any(_fts5_term(term) for term in query.excluded)
    return positive


def tsquery(query: SearchQuery) -> str:
    """The ``tsquery`` text: ``('a' | 'b' <-> 'c') & 'd' & !('e')``."""
    def term(words: tuple[str, ...]) -> str:
        return "(" + " <-> ".join(f"'{word}'" for word in words) + ")"

    parts = ["(" + " | ".join(term(t) for t in group) + ")" for group in query.groups]
    if query.excluded:
        parts.append("!(" + " | ".join(term(t) for t in query.excluded) + ")")
    return " & ".join(parts)


def _fts5_term(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'  # folded words are letters and digits only: nothing to escape


def _any(terms) -> str:
    return "(" + " OR ".join(terms) + ")"
