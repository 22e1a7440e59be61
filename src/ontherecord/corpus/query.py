"""The Python API over a corpus store: quotes, speakers, entities, per-outlet statistics, export,
and the paged lists of the explorer.

>>> from ontherecord.corpus import Corpus
>>> with Corpus("ontherecord.db") as corpus:
...     corpus.quotes(speaker="Parnell", search="cartels", since="2025-01-01")
...     corpus.speakers(top=10)
...     corpus.stats()
...     corpus.gender_by_month()      # women, men and unknown quoted per outlet and month
...     corpus.runs(top=5)            # ingest runs, a killed one 'interrupted'
...     corpus.export("parquet", "quotes.parquet")
...     corpus.quote_clusters(min_articles=2)   # the same statement in several stories
...     corpus.trace("We are ready to act")      # every appearance, earliest first
...     corpus.citation_links()                  # who cites whom: outlet → outlet or journalist

The queries live in :mod:`.queries`, one module per subject.
"""

from __future__ import annotations

from pathlib import Path

from .dialect import DEFAULT_DB
from .queries.articles import ArticleQueries
from .queries.audit import AuditQueries
from .queries.citations import CitationQueries
from .queries.clusters import ClusterQueries
from .queries.export import ExportQueries
from .queries.stats import StatsQueries
from .store import Store


class Corpus(ExportQueries, ArticleQueries, StatsQueries, AuditQueries, ClusterQueries, CitationQueries):
    """Read access to a corpus store (a SQLite path, a ``postgresql://`` URL, or an open :class:`Store`)."""

    def __init__(self, db: str | Path | Store = DEFAULT_DB) -> None:
        self._owns_store = not isinstance(db, Store)
        self.store = Store.open(db) if self._owns_store else db

    def close(self) -> None:
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
