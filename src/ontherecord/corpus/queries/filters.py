"""Filters as SQL conditions: the explorer's quote and article filters, full-text search (one
syntax, :mod:`.search`), and "contains" matching that takes the user's text literally.

Everything is written with ``?`` parameters (the dialect layer adapts them for PostgreSQL);
user input only ever travels as a parameter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, ClassVar

from ...model import QUOTE_TYPES, SPEAKER_KINDS
from ..dialect import MAX_ROW_ID, NUL
from .search import SearchTooLong, parse_search, search_sql

LIKE_ESCAPE = "\\"
class BadFilter(ValueError):
    """A filter value the store cannot use (an unknown kind or type, a malformed date)."""


class NulInFilter(BadFilter):
    """A filter's text holds a NUL character (U+0000)."""


def search_condition(dialect: str, table: str, text: str) -> tuple[str, list[Any]] | None:
    """The full-text condition for the user's ``text`` (:mod:`.search`'s syntax) on ``quotes q`` or
    ``articles a`` with its parameters; None when it holds no word."""
    try:
        query = parse_search(text)
    except SearchTooLong as exc:
        raise BadFilter(str(exc)) from None
    return None if query.empty else search_sql(dialect, table, query)


def contains(column: str, text: str) -> tuple[str, str]:
    """(condition, parameter): ``LOWER(column)`` contains ``text``, its ``%`` and ``_`` taken literally."""
    escaped = text.lower().replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%")
    escaped = escaped.replace("_", LIKE_ESCAPE + "_")
    return f"LOWER({column}) LIKE ? ESCAPE '{LIKE_ESCAPE}'", f"%{escaped}%"


def speaker_condition(speaker: str) -> tuple[str, list[Any]]:
    """Quotes whose speaker's name or linked entity's name contains ``speaker``."""
    by_name, pattern = contains("q.speaker_name", speaker)
    by_entity, _ = contains("e.name", speaker)
    return f"({by_name} OR {by_entity})", [pattern, pattern]


def where_clause(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


@dataclass
class PageRequest:
    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def page_of(items: list[dict[str, Any]], total: int, page: PageRequest) -> dict[str, Any]:
    pages = max(1, -(-total // page.per_page))
    return {"items": items, "total": total, "page": page.page, "per_page": page.per_page, "pages": pages}


@dataclass
class Filters:
    """Filters shared by quotes and articles: full-text words, outlet, publication date range.
    Blank values count as absent; a malformed date is a :class:`BadFilter`."""

    search_table: ClassVar[str] = "articles"  # what ``q`` searches

    q: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str) and not value.strip():
                setattr(self, item.name, None)
            check_text(item.name, getattr(self, item.name))
        _check_date("since", self.since)
        if self.q:
            search_condition("sqlite", self.search_table, self.q)  # too many terms: refused here
        _check_date("until", self.until)

    def active(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def where(self, dialect: str) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        found = search_condition(dialect, self.search_table, self.q) if self.q else None
        if found:
            conditions.append(found[0])
            params += found[1]
        if self.outlet:
            conditions.append("LOWER(a.outlet) = ?")
            params.append(self.outlet.lower())
        # Dates are ISO text; comparing the first ten characters makes "until" include that whole day.
        for condition, value in (("SUBSTR(a.published, 1, 10) >= ?", self.since),
                                 ("SUBSTR(a.published, 1, 10) <= ?", self.until)):
            if value:
                conditions.append(condition)
                params.append(value[:10])
        self._add_conditions(conditions, params)
        return where_clause(conditions), params

    def _add_conditions(self, conditions: list[str], params: list[Any]) -> None:
        """Conditions of a subclass's own filters."""


@dataclass
class ArticleFilters(Filters):
    """What the article list and ``/api/articles`` filter on (``q`` searches title and text)."""


@dataclass
class QuoteFilters(Filters):
    """What the search page and ``/api/quotes`` filter on (``q`` searches quote text and speaker)."""

    search_table: ClassVar[str] = "quotes"

    speaker: str | None = None
    kind: str | None = None
    type: str | None = None
    entity: int | None = None
    article: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind and self.kind not in SPEAKER_KINDS:
            raise BadFilter(f"unknown speaker kind {self.kind!r}; one of {', '.join(SPEAKER_KINDS)}")
        if self.type and self.type not in QUOTE_TYPES:
            raise BadFilter(f"unknown quote type {self.type!r}; one of {', '.join(QUOTE_TYPES)}")
        for name in ("entity", "article"):
            value = getattr(self, name)
            if value is not None and not -MAX_ROW_ID <= value <= MAX_ROW_ID:
                raise BadFilter(f"{name} must be an id of at most {MAX_ROW_ID}")

    def _add_conditions(self, conditions: list[str], params: list[Any]) -> None:
        if self.speaker:
            condition, patterns = speaker_condition(self.speaker)
            conditions.append(condition)
            params += patterns
        for column, value in (("q.speaker_kind", self.kind), ("q.type", self.type), ("e.id", self.entity),
                              ("a.id", self.article)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)


def check_text(name: str, value: object) -> None:
    """A filter's text never holds a NUL character (PostgreSQL cannot compare it; SQLite would
    silently match differently): :class:`BadFilter` on both backends."""
    if isinstance(value, str) and NUL in value:
        raise NulInFilter(f"{name} must not contain a NUL character (U+0000)")


def _check_date(name: str, value: str | None) -> None:
    if value is None:
        return
    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise BadFilter(f"{name} must be a date like 2025-03-01, not {value!r}") from None
