"""The corpus: ingest articles into a store (SQLite or PostgreSQL), query quotes and speakers.

>>> from ontherecord.corpus import Corpus
>>> Corpus("ontherecord.db").quotes(speaker="Parnell")

:class:`Store` writes (and loads back) articles; :class:`Corpus` answers every query.
"""

from .dialect import DEFAULT_DB, StoreError
from .identity import article_identity, canonical_url, text_hash
from .query import Corpus
from .store import Store

__all__ = ["DEFAULT_DB", "Corpus", "Store", "StoreError", "article_identity", "canonical_url", "text_hash"]
