"""Article lists: the explorer's paged article search and the streamed rows behind its downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .filters import ArticleFilters, PageRequest, page_of
from .source import StoreSource

ARTICLE_COLUMNS = ("id", "identity", "title", "outlet", "author", "published", "url", "quote_count",
                   "speaker_count")
ARTICLE_SELECT = f"SELECT {', '.join('a.' + column for column in ARTICLE_COLUMNS)} FROM articles a"


class ArticleQueries(StoreSource):
    def list_articles(self, filters: ArticleFilters, page: PageRequest) -> dict[str, Any]:
        """One page of articles (newest first, or in the filters' ``sort``) and the total."""
        where, params = filters.where(self.store.dialect)
        join, order, join_params = filters.order(self.store.dialect)
        items = self.store.db.rows(f"{ARTICLE_SELECT} {join} {where} {order} LIMIT ? OFFSET ?",
                                   [*join_params, *params, page.per_page, page.offset])
        total = int(self.store.db.scalar(f"SELECT COUNT(*) AS n FROM articles a {where}", params) or 0)
        return page_of(items, total, page)

    def iter_article_rows(self, filters: ArticleFilters) -> Iterator[dict[str, Any]]:
        """Every article :meth:`list_articles` finds, streamed."""
        where, params = filters.where(self.store.dialect)
        join, order, join_params = filters.order(self.store.dialect)
        yield from self.store.db.stream(f"{ARTICLE_SELECT} {join} {where} {order}", [*join_params, *params])

    def article_identities(self, reference: str) -> list[str]:
        """The identities of the articles ``reference`` names: a store identity (canonical URL or
        sha256:...), else the id the input gave the article (``record_id``; several may share one)."""
        rows = self.store.db.rows("SELECT identity FROM articles WHERE identity = ?", (reference,))
        if not rows:
            rows = self.store.db.rows("SELECT identity FROM articles WHERE record_id = ? ORDER BY id", (reference,))
        return [row["identity"] for row in rows]
