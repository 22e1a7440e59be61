"""The corpus: ingest articles into a store (SQLite or PostgreSQL), query quotes and speakers.

>>> from ontherecord.corpus import Corpus
>>> Corpus("ontherecord.db").quotes(speaker="Parnell")
"""

from .dialect import DEFAULT_DB, StoreError
from .query import Corpus
from .store import Store, article_identity, canonical_url, text_hash

__all__ = ["DEFAULT_DB", "Corpus", "Store", "StoreError", "article_identity", "canonical_url", "text_hash"]
