"""Filters as SQL conditions: the explorer's quote and article filters, full-text search (one
syntax, :mod:`.search`), and "contains" matching that takes the user's text literally.

Everything is written with ``?`` parameters (the dialect layer adapts them for PostgreSQL);
user input only ever travels as a parameter.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any, ClassVar

from ...audit import RULES
from ...audit.gender import PERSON_KINDS
from ...model import QUOTE_TYPES, SPEAKER_KINDS
from ...names import GENDERS
from ..dialect import MAX_ROW_ID, NUL
from .search import SearchTooLong, fts5_query, parse_search, search_sql, tsquery

LIKE_ESCAPE = "\\"
# How well a quote matches the full-text search: a join (its parameter is the search) and a score,
# best first when sorted ascending. Scoring costs per match, so only the RANKED_MATCHES most recently
# stored matches are scored (the index hands them over newest first): a page costs the same however
# many quotes match.
RANKED_MATCHES = 2000
SEARCH_RANKS = {
    "sqlite": ("JOIN (SELECT rowid AS quote_id, bm25(quotes_fts) AS score FROM quotes_fts "
               "WHERE quotes_fts MATCH ? ORDER BY rowid DESC LIMIT {limit}) ranked ON ranked.quote_id = q.id",
               "ranked.score"),
    "postgresql": ("JOIN (SELECT recent.id AS quote_id, -ts_rank(recent.search, recent.searched) AS score FROM "
                   "(SELECT ranking.id, ranking.search, searched FROM quotes ranking, to_tsquery('simple', ?) "
                   "AS searched WHERE ranking.search @@ searched ORDER BY ranking.id DESC LIMIT {limit}) recent"
                   ") ranked ON ranked.quote_id = q.id", "ranked.score"),
}
# Among equal confidence, the quote stored last first: one index (quotes_confidence) gives the order.
SUREST = "q.confidence DESC, q.id DESC"
NEWEST = "a.published DESC NULLS LAST, a.id DESC"
QUOTE_SORTS = {  # sort name → ORDER BY terms; "relevance" puts the search's rank first
    "relevance": SUREST,
    "confidence": SUREST,
    "newest": NEWEST + ", q.confidence DESC",
    "oldest": "a.published ASC NULLS LAST, a.id, q.confidence DESC",
    "speaker": "LOWER(COALESCE(e.name, q.speaker_name)) ASC NULLS LAST, q.confidence DESC",
    "outlet": "LOWER(a.outlet) ASC NULLS LAST, " + NEWEST,
}
ARTICLE_SORTS = {  # a leading "-" sorts the other way
    "published": "a.published ASC NULLS LAST, a.id",
    "-published": NEWEST,
    "title": "LOWER(a.title) ASC NULLS LAST, a.id",
    "-title": "LOWER(a.title) DESC NULLS LAST, a.id",
    "outlet": "LOWER(a.outlet) ASC NULLS LAST, " + NEWEST,
    "-outlet": "LOWER(a.outlet) DESC NULLS LAST, " + NEWEST,
    "quotes": "a.quote_count ASC, " + NEWEST,
    "-quotes": "a.quote_count DESC, " + NEWEST,
    "speakers": "a.speaker_count ASC, " + NEWEST,
    "-speakers": "a.speaker_count DESC, " + NEWEST,
}


GENDER_FILTERS = (*GENDERS, "unknown")
ANY_FLAG = "any"
FLAG_FILTERS = (ANY_FLAG, *RULES)
# A person source (kind person or anonymous) with no gender stored counts as unknown, as the audit counts it.
UNKNOWN_GENDER = ("(s.gender_value = 'unknown' OR (s.gender_value IS NULL AND q.speaker_kind IN ("
                  + ", ".join(f"'{kind}'" for kind in PERSON_KINDS) + ")))")
# A quote with an audit flag: one at the quote (its quote_id) or one on its whole article (quote_id null).
FLAGGED = {
    "sqlite": ("EXISTS (SELECT 1 FROM json_each(a.audit, '$.flags') f WHERE "
               "(json_extract(f.value, '$.quote_id') = q.local_id OR json_extract(f.value, '$.quote_id') IS NULL)"
               "{rule})", " AND json_extract(f.value, '$.rule') = ?"),
    "postgresql": ("EXISTS (SELECT 1 FROM jsonb_array_elements(CAST(a.audit AS jsonb) -> 'flags') f WHERE "
                   "(f ->> 'quote_id' = q.local_id OR f ->> 'quote_id' IS NULL){rule})", " AND f ->> 'rule' = ?"),
}


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
    sorts: ClassVar[dict[str, str]] = ARTICLE_SORTS
    default_sort: ClassVar[str] = "-published"

    q: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str | None = None

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
        if self.sort and self.sort not in self.sorts:
            raise BadFilter(f"unknown sort {self.sort!r}; one of {', '.join(self.sorts)}")

    def order(self, dialect: str) -> tuple[str, str, list[Any]]:
        """(join, ORDER BY clause, the join's parameters) for the chosen ``sort`` (or the default)."""
        return "", f" ORDER BY {self.sorts[self.sort or self.default_sort]}", []

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
        self._add_conditions(dialect, conditions, params)
        return where_clause(conditions), params

    def _add_conditions(self, dialect: str, conditions: list[str], params: list[Any]) -> None:
        """Conditions of a subclass's own filters."""


@dataclass
class ArticleFilters(Filters):
    """What the article list and ``/api/articles`` filter on (``q`` searches title and text)."""


@dataclass
class QuoteFilters(Filters):
    """What the search page and ``/api/quotes`` filter on (``q`` searches quote text and speaker)."""

    search_table: ClassVar[str] = "quotes"
    sorts: ClassVar[dict[str, str]] = QUOTE_SORTS
    default_sort: ClassVar[str] = "relevance"

    speaker: str | None = None
    kind: str | None = None
    type: str | None = None
    entity: int | None = None
    article: int | None = None
    min_confidence: float | None = None
    gender: str | None = None  # of the quote's speaker: female, male or unknown
    flag: str | None = None  # an audit rule the quote (or its whole article) is flagged for, or "any"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise BadFilter(f"min_confidence is between 0 and 1, not {self.min_confidence}")
        if self.kind and self.kind not in SPEAKER_KINDS:
            raise BadFilter(f"unknown speaker kind {self.kind!r}; one of {', '.join(SPEAKER_KINDS)}")
        if self.type and self.type not in QUOTE_TYPES:
            raise BadFilter(f"unknown quote type {self.type!r}; one of {', '.join(QUOTE_TYPES)}")
        audit_conditions("sqlite", self.gender, self.flag)  # an unknown gender or rule: refused here
        for name in ("entity", "article"):
            value = getattr(self, name)
            if value is not None and not -MAX_ROW_ID <= value <= MAX_ROW_ID:
                raise BadFilter(f"{name} must be an id of at most {MAX_ROW_ID}")

    def _add_conditions(self, dialect: str, conditions: list[str], params: list[Any]) -> None:
        if self.speaker:
            condition, patterns = speaker_condition(self.speaker)
            conditions.append(condition)
            params += patterns
        if self.entity is not None:  # by the entity's links, not by scanning quotes for their entity
            conditions.append("q.speaker_id IN (SELECT speaker_id FROM entity_links WHERE entity_id = ?)")
            params.append(self.entity)
        for column, value in (("q.speaker_kind", self.kind), ("q.type", self.type), ("q.article_id", self.article)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)
        if self.min_confidence:
            conditions.append("q.confidence >= ?")
            params.append(self.min_confidence)
        found, found_params = audit_conditions(dialect, self.gender, self.flag)
        conditions += found
        params += found_params

    def order(self, dialect: str) -> tuple[str, str, list[Any]]:
        """Relevance (with a search) then confidence, unless another ``sort`` is chosen; every order
        ends on the quote's place in its article. The join goes after ``FROM``, its parameters first."""
        terms = self.sorts[self.sort or self.default_sort]
        query = parse_search(self.q) if self.q else None
        if (self.sort or self.default_sort) == "relevance" and query and query.groups:
            join, score = SEARCH_RANKS[dialect]
            searched = tsquery(query) if dialect == "postgresql" else fts5_query(query)
            # a bounded ranking only when the search is the only filter: another could rule out every candidate
            only_search = set(self.active()) <= {"q", "sort"}
            join = join.format(limit=RANKED_MATCHES if only_search else MAX_ROW_ID)
            return join, f" ORDER BY {score}, {terms}, q.start_char", [searched]
        tail = "" if terms == SUREST else ", a.id, q.start_char"  # q.id is unique: nothing to break a tie
        return "", f" ORDER BY {terms}{tail}", []


def audit_conditions(dialect: str, gender: str | None, flag: str | None) -> tuple[list[str], list[Any]]:
    """Conditions on ``quotes q`` (with its speaker ``s`` and article ``a``): the speaker's ``gender``
    (female, male, unknown) and an audit ``flag`` (a rule, or "any") at the quote or on its article."""
    if gender and gender not in GENDER_FILTERS:
        raise BadFilter(f"unknown gender {gender!r}; one of {', '.join(GENDER_FILTERS)}")
    if flag and flag not in FLAG_FILTERS:
        raise BadFilter(f"unknown audit flag {flag!r}; one of {', '.join(FLAG_FILTERS)}")
    conditions: list[str] = []
    params: list[Any] = []
    if gender == "unknown":
        conditions.append(UNKNOWN_GENDER)
    elif gender:
        conditions.append("s.gender_value = ?")
        params.append(gender)
    if flag:
        flagged, by_rule = FLAGGED[dialect]
        conditions.append(flagged.format(rule="" if flag == ANY_FLAG else by_rule))
        params += [] if flag == ANY_FLAG else [flag]
    return conditions, params


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
