"""Media citations across the corpus: who cites whom (outlet → outlet or journalist, with counts) and
each citation with its citing article (:mod:`ontherecord.corpus.citations`)."""

from __future__ import annotations

from typing import Any

from .filters import check_text
from .source import StoreSource

NO_OUTLET = "(no outlet)"  # the citing side of an article without an outlet
CITATION_LINK_COLUMNS = (
    "citing_outlet",
    "cited",
    "cited_kind",
    "citations",
    "articles",
    "first_published",
    "last_published",
)
CITATION_COLUMNS = (
    "article_id",
    "published",
    "citing_outlet",
    "title",
    "cited",
    "cited_outlet",
    "cited_journalist",
    "cue",
    "text",
    "start_char",
    "end_char",
    "evidence",
    "quote_id",
)
LINKS_SQL = f"""
SELECT COALESCE(c.citing_outlet, '{NO_OUTLET}') AS citing_outlet, c.cited,
       CASE WHEN MAX(c.cited_outlet) IS NULL THEN 'journalist' ELSE 'outlet' END AS cited_kind,
       COUNT(*) AS citations, COUNT(DISTINCT c.article_id) AS articles,
       MIN(a.published) AS first_published, MAX(a.published) AS last_published
FROM media_citations c JOIN articles a ON a.id = c.article_id
"""
CITATIONS_SQL = f"""
SELECT c.article_id, a.published, COALESCE(c.citing_outlet, '{NO_OUTLET}') AS citing_outlet, a.title, c.cited,
       c.cited_outlet, c.cited_journalist, c.cue, c.text, c.start_char, c.end_char, c.evidence, c.quote_id
FROM media_citations c JOIN articles a ON a.id = c.article_id
"""


class CitationQueries(StoreSource):
    def citation_links(
        self, *, outlet: str | None = None, cited: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Outlet → cited outlet or journalist (:data:`CITATION_LINK_COLUMNS`), the most cited first;
        ``outlet``: only what this outlet cites; ``cited``: only who cites this one (names as stored,
        case ignored)."""
        sql, params = _filtered(LINKS_SQL, outlet, cited)
        sql += (
            " GROUP BY COALESCE(c.citing_outlet, '"
            + NO_OUTLET
            + "'), c.cited ORDER BY citations DESC, citing_outlet, c.cited"
        )
        return self.store.db.rows(_limited(sql, params, limit), params)

    def media_citations(
        self, *, outlet: str | None = None, cited: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Every citation (:data:`CITATION_COLUMNS`), newest article first, in text order within one."""
        sql, params = _filtered(CITATIONS_SQL, outlet, cited)
        sql += " ORDER BY a.published DESC NULLS LAST, c.article_id, c.start_char"
        return self.store.db.rows(_limited(sql, params, limit), params)

    def article_citations(self, article_id: int) -> list[dict[str, Any]]:
        """One article's citations, in text order."""
        return self.store.db.rows(f"{CITATIONS_SQL} WHERE c.article_id = ? ORDER BY c.start_char", (article_id,))


def _filtered(sql: str, outlet: str | None, cited: str | None) -> tuple[str, list[Any]]:
    check_text("outlet", outlet)
    check_text("cited", cited)
    conditions, params = [], []
    if outlet:
        conditions.append("LOWER(c.citing_outlet) = ?")
        params.append(outlet.lower())
    if cited:
        conditions.append("LOWER(c.cited) = ?")
        params.append(cited.lower())
    return (sql + (" WHERE " + " AND ".join(conditions) if conditions else "")), params


def _limited(sql: str, params: list[Any], limit: int | None) -> str:
    if limit:
        params.append(int(limit))
        return sql + " LIMIT ?"
    return sql
