"""Store connections for the web app: one per worker thread, opened on first use.

A missing SQLite file is never created by reading: pages show how to make a corpus
instead (:class:`MissingStore`). Only storing an analyzed article creates it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..corpus import Store
from ..corpus.dialect import POSTGRES_PREFIXES


class MissingStore(LookupError):
    """There is no corpus at the configured location yet."""

    def __init__(self, location: str) -> None:
        super().__init__(f"no corpus at {location}")
        self.location = location


class StoreAccess:
    """Hands each thread its own :class:`Store` (SQLite connections and psycopg cursors are
    not to be shared between concurrent requests)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def exists(self) -> bool:
        return self.location.startswith(POSTGRES_PREFIXES) or Path(self.location).is_file()

    def store(self) -> Store:
        """This thread's store; :class:`MissingStore` when there is no corpus yet."""
        store = getattr(self._local, "store", None)
        if store is None:
            if not self.exists():
                raise MissingStore(self.location)
            store = self._open()
            self._local.store = store
        return store

    def writer(self) -> Store:
        """This thread's store, creating the corpus if there is none yet."""
        if not self.exists():
            with self._lock:
                Store.open(self.location).close()
        return self.store()

    @contextmanager
    def dedicated(self) -> Iterator[Store]:
        """A store of its own, for a response streamed across several threads."""
        if not self.exists():
            raise MissingStore(self.location)
        store = Store.open(self.location)
        try:
            yield store
        finally:
            store.close()

    def _open(self) -> Store:
        store = Store.open(self.location)
        with self._lock:
            self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()
