"""The SQL the explorer needs beyond :class:`~ontherecord.corpus.Corpus`: paged and faceted
quote search, article lists, entity pages and dashboard series.

Everything is written once with ``?`` parameters (the store's dialect layer adapts them for
PostgreSQL); user input only ever travels as a parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..corpus import Corpus, Store
from ..corpus.query import search_condition, search_parameter
from ..model import QUOTE_TYPES, SPEAKER_KINDS

FACET_LIMIT = 12
TOP_CHART_ITEMS = 10

QUOTE_ROW_COLUMNS = (
    "article_id", "article_identity", "article_title", "outlet", "published", "url", "quote_id", "type",
    "content", "text", "start_char", "end_char", "speaker_name", "speaker_kind", "speaker_title",
    "speaker_role", "speaker_organization", "entity_id", "entity_name", "cue", "channel", "confidence",
)
QUOTE_ROW_SELECT = """
SELECT a.id AS article_id, a.identity AS article_identity, a.title AS article_title, a.outlet, a.published,
       a.url, q.local_id AS quote_id, q.type, q.content, q.text, q.start_char, q.end_char, q.speaker_name,
       q.speaker_kind, s.title AS speaker_title, s.role AS speaker_role, s.organization AS speaker_organization,
       e.id AS entity_id, e.name AS entity_name, q.cue, q.channel, q.confidence
"""
QUOTE_FROM = """
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id
LEFT JOIN entities e ON e.id = l.entity_id
"""
QUOTE_ORDER = " ORDER BY a.published DESC NULLS LAST, a.id DESC, q.start_char"
ARTICLE_COLUMNS = ("id", "identity", "title", "outlet", "author", "published", "url", "quote_count",
                   "speaker_count")
FACETS = {
    "outlet": "a.outlet",
    "kind": "q.speaker_kind",
    "type": "q.type",
    "speaker": "COALESCE(e.name, q.speaker_name)",
}


class BadFilter(ValueError):
    """A filter value the store cannot use (an unknown kind or type, a malformed date)."""


@dataclass
class PageRequest:
    page: int = 1
    per_page: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass
class Filters:
    """Filters shared by quotes and articles: full-text words, outlet, publication date range.
    Blank values count as absent; a malformed date is a :class:`BadFilter`."""

    q: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None

    search_table = "articles"

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, str) and not value.strip():
                setattr(self, item.name, None)
        _check_date("since", self.since)
        _check_date("until", self.until)

    def active(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}

    def where(self, dialect: str) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if self.q and search_parameter(dialect, self.q) != '""':
            conditions.append(search_condition(dialect, self.search_table))
            params.append(search_parameter(dialect, self.q))
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
        return (f" WHERE {' AND '.join(conditions)}" if conditions else ""), params

    def _add_conditions(self, conditions: list[str], params: list[Any]) -> None:
        """Conditions of a subclass's own filters."""


@dataclass
class ArticleFilters(Filters):
    """What the article list and ``/api/articles`` filter on (``q`` searches title and text)."""


@dataclass
class QuoteFilters(Filters):
    """What the search page and ``/api/quotes`` filter on (``q`` searches quote text and speaker)."""

    speaker: str | None = None
    kind: str | None = None
    type: str | None = None
    entity: int | None = None
    article: int | None = None

    search_table = "quotes"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind and self.kind not in SPEAKER_KINDS:
            raise BadFilter(f"unknown speaker kind {self.kind!r}; one of {', '.join(SPEAKER_KINDS)}")
        if self.type and self.type not in QUOTE_TYPES:
            raise BadFilter(f"unknown quote type {self.type!r}; one of {', '.join(QUOTE_TYPES)}")

    def _add_conditions(self, conditions: list[str], params: list[Any]) -> None:
        if self.speaker:
            pattern = f"%{self.speaker.lower()}%"
            conditions.append("(LOWER(q.speaker_name) LIKE ? OR LOWER(e.name) LIKE ?)")
            params += [pattern, pattern]
        for column, value in (("q.speaker_kind", self.kind), ("q.type", self.type), ("e.id", self.entity),
                              ("a.id", self.article)):
            if value is not None:
                conditions.append(f"{column} = ?")
                params.append(value)


def _check_date(name: str, value: str | None) -> None:
    if value is None:
        return
    from datetime import date

    try:
        date.fromisoformat(value[:10])
    except ValueError:
        raise BadFilter(f"{name} must be a date like 2025-03-01, not {value!r}") from None


# --- quotes -------------------------------------------------------------------------------------


def search_quotes(store: Store, filters: QuoteFilters, page: PageRequest, *, facets: bool = True) -> dict[str, Any]:
    """One page of quotes, the total, and (with ``facets``) counts per outlet, kind, type and speaker."""
    where, params = filters.where(store.dialect)
    items = store.db.rows(f"{QUOTE_ROW_SELECT} {QUOTE_FROM} {where} {QUOTE_ORDER} LIMIT ? OFFSET ?",
                          [*params, page.per_page, page.offset])
    counts = {name: _facet(store, column, where, params) for name, column in FACETS.items()} if facets else {}
    if "type" in counts:
        total = sum(entry["count"] for entry in counts["type"])
    else:
        total = int(store.db.scalar(f"SELECT COUNT(*) AS n {QUOTE_FROM} {where}", params) or 0)
    return page_of(items, total, page) | ({"facets": counts} if facets else {})


def _facet(store: Store, column: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    rows = store.db.rows(
        f"SELECT {column} AS value, COUNT(*) AS n {QUOTE_FROM} {where} GROUP BY {column} "
        f"ORDER BY n DESC, value LIMIT {FACET_LIMIT}",
        params,
    )
    return [{"value": row["value"], "count": row["n"]} for row in rows]


def iter_quote_rows(store: Store, filters: QuoteFilters) -> Iterator[dict[str, Any]]:
    """Every matching quote, streamed (for the CSV and JSONL downloads)."""
    where, params = filters.where(store.dialect)
    yield from store.db.stream(f"{QUOTE_ROW_SELECT} {QUOTE_FROM} {where} {QUOTE_ORDER}", params)


def page_of(items: list[dict[str, Any]], total: int, page: PageRequest) -> dict[str, Any]:
    pages = max(1, -(-total // page.per_page))
    return {"items": items, "total": total, "page": page.page, "per_page": page.per_page, "pages": pages}


# --- articles -----------------------------------------------------------------------------------


ARTICLE_SELECT = f"SELECT {', '.join('a.' + column for column in ARTICLE_COLUMNS)} FROM articles a"
ARTICLE_ORDER = " ORDER BY a.published DESC NULLS LAST, a.id DESC"


def list_articles(store: Store, filters: ArticleFilters, page: PageRequest) -> dict[str, Any]:
    where, params = filters.where(store.dialect)
    items = store.db.rows(f"{ARTICLE_SELECT} {where} {ARTICLE_ORDER} LIMIT ? OFFSET ?",
                          [*params, page.per_page, page.offset])
    total = int(store.db.scalar(f"SELECT COUNT(*) AS n FROM articles a {where}", params) or 0)
    return page_of(items, total, page)


def iter_article_rows(store: Store, filters: ArticleFilters) -> Iterator[dict[str, Any]]:
    where, params = filters.where(store.dialect)
    yield from store.db.stream(f"{ARTICLE_SELECT} {where} {ARTICLE_ORDER}", params)


# --- speakers and entities ----------------------------------------------------------------------

SPEAKER_COLUMNS = ("entity_id", "name", "kind", "role", "organization", "articles", "quotes")
ORGANIZATION_COLUMNS = ("name", "quotes", "articles")
ENTITY_TIMELINE_COLUMNS = ("article_id", "article_identity", "title", "outlet", "published", "speaker_name",
                           "title_word", "role", "organization", "quotes", "score", "method", "evidence")


def entity(store: Store, entity_id: int) -> dict[str, Any] | None:
    """An entity with its timeline (one row per article: name, role, organization as stated
    there, link score and evidence), the outlets quoting it, and same-surname entities."""
    found = store.db.row(
        "SELECT id, name, normalized_name, kind, role, organization, article_count, quote_count "
        "FROM entities WHERE id = ?",
        (entity_id,),
    )
    if found is None:
        return None
    timeline = store.db.rows(
        "SELECT a.id AS article_id, a.identity AS article_identity, a.title, a.outlet, a.published, "
        "s.name AS speaker_name, s.title AS title_word, s.role, s.organization, s.quote_count AS quotes, "
        "l.score, l.method, l.evidence FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE l.entity_id = ? "
        "ORDER BY a.published NULLS LAST, a.id",
        (entity_id,),
    )
    for row in timeline:
        row["evidence"] = json.loads(row["evidence"] or "{}")
    outlets = store.db.rows(
        "SELECT a.outlet, COUNT(*) AS quotes, COUNT(DISTINCT a.id) AS articles FROM quotes q "
        "JOIN entity_links l ON l.speaker_id = q.speaker_id JOIN articles a ON a.id = q.article_id "
        "WHERE l.entity_id = ? GROUP BY a.outlet ORDER BY quotes DESC, a.outlet",
        (entity_id,),
    )
    surname = (found["normalized_name"] or "").split()[-1:] or [""]
    similar = store.db.rows(
        "SELECT id, name, role, organization, article_count, quote_count FROM entities "
        "WHERE id <> ? AND (normalized_name = ? OR normalized_name LIKE ?) "
        "ORDER BY quote_count DESC, id LIMIT 20",
        (entity_id, surname[0], f"% {surname[0]}"),
    )
    return {**found, "timeline": timeline, "outlets": outlets, "similar": similar}


def find_entities(store: Store, name: str | None, page: PageRequest) -> dict[str, Any]:
    """People entities, most quoted first, optionally by name (substring)."""
    where, params = "", []
    if name and name.strip():
        where, params = " WHERE LOWER(name) LIKE ?", [f"%{name.strip().lower()}%"]
    items = store.db.rows(
        f"SELECT id AS entity_id, name, kind, role, organization, article_count AS articles, "
        f"quote_count AS quotes FROM entities {where} ORDER BY quote_count DESC, article_count DESC, name "
        f"LIMIT ? OFFSET ?",
        [*params, page.per_page, page.offset],
    )
    total = int(store.db.scalar(f"SELECT COUNT(*) AS n FROM entities {where}", params) or 0)
    return page_of(items, total, page)


# --- dashboard ----------------------------------------------------------------------------------


def dashboard(store: Store) -> dict[str, Any]:
    """Totals, per-outlet statistics, top speakers and organizations, quotes per month."""
    corpus = Corpus(store)
    totals = store.db.row(
        "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM quotes) AS quotes, "
        "(SELECT COUNT(*) FROM speakers) AS speakers, (SELECT COUNT(*) FROM entities) AS entities, "
        "(SELECT COUNT(DISTINCT outlet) FROM articles) AS outlets, "
        "(SELECT MIN(published) FROM articles) AS first_published, "
        "(SELECT MAX(published) FROM articles) AS last_published, "
        "(SELECT COUNT(*) FROM errors) AS problems"
    ) or {}
    people = [row for row in corpus.speakers() if row["kind"] == "person"][:TOP_CHART_ITEMS]
    return {
        "totals": totals,
        "outlets": corpus.stats(),
        "top_speakers": people,
        "top_organizations": corpus.top_organizations(top=TOP_CHART_ITEMS),
        "over_time": quotes_per_month(store),
    }


def quotes_per_month(store: Store) -> list[dict[str, Any]]:
    """Quotes per publication month (``YYYY-MM``); undated articles are left out."""
    return store.db.rows(
        "SELECT SUBSTR(a.published, 1, 7) AS month, COUNT(*) AS quotes FROM quotes q "
        "JOIN articles a ON a.id = q.article_id WHERE a.published IS NOT NULL "
        "GROUP BY SUBSTR(a.published, 1, 7) ORDER BY month"
    )
