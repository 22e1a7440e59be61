"""The corpus: ingest articles into a store (SQLite or PostgreSQL), query quotes and speakers."""

from .dialect import DEFAULT_DB, StoreError
from .store import Store, article_identity, canonical_url, text_hash

__all__ = ["DEFAULT_DB", "Store", "StoreError", "article_identity", "canonical_url", "text_hash"]
