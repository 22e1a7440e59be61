"""Quote queries: the filtered quote list of the Python API and the CLI, the explorer's paged and
faceted search, and the streamed rows behind the exports and downloads."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ...model import SPEAKER_KINDS
from .facets import FACET_LIMIT, corpus_counts, counted_matches
from .filters import (
    PageRequest,
    QuoteFilters,
    audit_conditions,
    check_text,
    page_of,
    search_condition,
    speaker_condition,
    where_clause,
)
from .people import PeopleQueries

QUOTE_FIELDS = {  # result column → SQL expression
    "article_id": "a.id",
    "article_identity": "a.identity",
    "record_id": "a.record_id",
    "article_title": "a.title",
    "outlet": "a.outlet",
    "published": "a.published",
    "url": "a.url",
    "quote_id": "q.local_id",
    "type": "q.type",
    "content": "q.content",
    "text": "q.text",
    "start_char": "q.start_char",
    "end_char": "q.end_char",
    "speaker_name": "q.speaker_name",
    "speaker_kind": "q.speaker_kind",
    "speaker_title": "s.title",
    "speaker_role": "s.role",
    "speaker_organization": "s.organization",
    "speaker_gender": "s.gender_value",  # the audit's: female | male | unknown; NULL: not a person source
    "entity_id": "e.id",
    "entity_name": "e.name",
    "cue": "q.cue",
    "channel": "q.channel",
    "figures": "q.figures",
    "confidence": "q.confidence",
    "cluster_id": "qcm.cluster_id",  # the quote's cluster across articles (queries/clusters.py)
}
QUOTE_COLUMNS = tuple(column for column in QUOTE_FIELDS if column != "article_id")  # export, quotes, downloads
QUOTE_ROW_COLUMNS = tuple(QUOTE_FIELDS)  # the same with the store's article id, for the explorer's links
QUOTE_FROM = """
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id
LEFT JOIN entities e ON e.id = l.entity_id
LEFT JOIN quote_cluster_members qcm ON qcm.quote_id = q.id
"""
QUOTE_ORDER = " ORDER BY a.published DESC NULLS LAST, a.id, q.start_char"


def select_of(columns: tuple[str, ...]) -> str:
    return "SELECT " + ", ".join(f"{QUOTE_FIELDS[column]} AS {column}" for column in columns)


class QuoteQueries(PeopleQueries):
    def quotes(self, **filters: Any) -> list[dict[str, Any]]:
        """The quotes :meth:`iter_quotes` finds, as a list."""
        return list(self.iter_quotes(**filters))

    def iter_quotes(
        self,
        *,
        speaker: str | None = None,
        search: str | None = None,
        outlet: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        gender: str | None = None,
        flag: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Quotes (:data:`QUOTE_COLUMNS`), newest articles first, streamed, filtered by speaker name
        (substring, also matches the linked entity's name), full-text ``search`` over quote text and
        speaker, ``outlet`` (exact, case-insensitive), speaker ``kind`` (person, anonymous, ...) and
        ``since`` (articles published on or after an ISO date), the speaker's ``gender`` (female, male,
        unknown) and an audit ``flag`` (a rule, or "any": at the quote or on its whole article)."""
        for name, value in (("speaker", speaker), ("search", search), ("outlet", outlet)):
            check_text(name, value)
        conditions: list[str] = []
        params: list[Any] = []
        if speaker:
            condition, patterns = speaker_condition(speaker)
            conditions.append(condition)
            params += patterns
        found = search_condition(self.store.dialect, "quotes", search) if search else None
        if found:
            conditions.append(found[0])
            params += found[1]
        if outlet:
            conditions.append("LOWER(a.outlet) = ?")
            params.append(outlet.lower())
        if kind:
            if kind not in SPEAKER_KINDS:
                raise ValueError(f"unknown speaker kind {kind!r}; one of {', '.join(SPEAKER_KINDS)}")
            conditions.append("q.speaker_kind = ?")
            params.append(kind)
        if since:
            conditions.append("a.published >= ?")
            params.append(since)
        audited, audit_params = audit_conditions(self.store.dialect, gender, flag)
        conditions += audited
        params += audit_params
        sql = f"{select_of(QUOTE_COLUMNS)} {QUOTE_FROM} {where_clause(conditions)} {QUOTE_ORDER}"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        yield from map(_readable, self.store.db.stream(sql, params))

    def search_quotes(self, filters: QuoteFilters, page: PageRequest, *, facets: bool = True) -> dict[str, Any]:
        """One page of quotes (in the filters' order: by default relevance, then confidence), the total,
        and (with ``facets``) counts per outlet, kind, type and speaker; past :data:`.facets.SCAN_LIMIT`
        matches the total is a lower bound (``total_is_lower_bound``) and the facets count that many."""
        where, params = filters.where(self.store.dialect)
        join, order, join_params = filters.order(self.store.dialect)
        items = [_readable(row) for row in self.store.db.rows(
            f"{select_of(QUOTE_ROW_COLUMNS)} {QUOTE_FROM} {join} {where} {order} LIMIT ? OFFSET ?",
            [*join_params, *params, page.per_page, page.offset],
        )]
        if where:
            counted = counted_matches(self.store.db, QUOTE_FROM, where, params, facets)
        else:
            counted = corpus_counts(self.store.db, self.speakers(top=FACET_LIMIT) if facets else [], facets)
        found = page_of(items, counted.total, page) | {"total_is_lower_bound": not counted.exact}
        return found | ({"facets": counted.facets} if facets else {})

    def iter_quote_rows(self, filters: QuoteFilters) -> Iterator[dict[str, Any]]:
        """Every quote :meth:`search_quotes` finds, streamed (for the CSV and JSONL downloads)."""
        where, params = filters.where(self.store.dialect)
        join, order, join_params = filters.order(self.store.dialect)
        yield from map(_readable, self.store.db.stream(
            f"{select_of(QUOTE_ROW_COLUMNS)} {QUOTE_FROM} {join} {where} {order}", [*join_params, *params]))


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    """The quote's figures as their texts joined by "; " (one cell; the offsets stay in the record)."""
    figures = json.loads(row.get("figures") or "[]")
    return {**row, "figures": "; ".join(figure["text"] for figure in figures)}
