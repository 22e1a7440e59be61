"""A bounded pool of store connections, for a server that answers many requests at once.

>>> pool = StorePool("ontherecord.db", size=10)
>>> with pool.store() as store:          # waits up to ``wait`` seconds for a free connection
...     Corpus(store).stats()
>>> pool.close()

At most ``size`` connections are ever open, whatever the number of threads asking: a request
takes one, gives it back when it is done, and the next request reuses it. When every connection
stays busy for longer than ``wait`` seconds, :class:`StoreBusy` says so. PostgreSQL connections
come from :mod:`psycopg_pool` (idle ones beyond the first are closed after ``max_idle``
seconds); SQLite connections wait in a queue.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .dialect import POSTGRES_PREFIXES, PostgresDatabase, SQLiteDatabase, StoreError
from .store import Store

DEFAULT_POOL_SIZE = 10
DEFAULT_WAIT_SECONDS = 5.0
POSTGRES_MAX_IDLE_SECONDS = 60.0


class StoreBusy(StoreError):
    """Every connection of the pool stayed in use for longer than the pool's wait."""

    def __init__(self, size: int, wait: float) -> None:
        super().__init__(f"the corpus store is busy: all {size} connections stayed in use for {wait:g} s; "
                         f"try again in a moment")
        self.size = size
        self.wait = wait


class StorePool:
    """At most ``size`` open :class:`Store` connections to one location, shared by many threads."""

    def __init__(self, location: str, size: int = DEFAULT_POOL_SIZE, wait: float = DEFAULT_WAIT_SECONDS) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one connection")
        self.location = str(location)
        self.size = size
        self.wait = wait
        self._backend: _SQLitePool | _PostgresPool | None = None
        self._lock = threading.Lock()

    @property
    def is_postgres(self) -> bool:
        return self.location.startswith(POSTGRES_PREFIXES)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A store of the pool for the ``with`` block; :class:`StoreBusy` when none frees up in time."""
        store = self.acquire()
        try:
            yield store
        finally:
            self.release(store)

    def acquire(self) -> Store:
        return self._ready().acquire()

    def release(self, store: Store) -> None:
        self._ready().release(store)

    def stats(self) -> dict[str, int]:
        """``size`` (the bound), ``open`` connections and those ``in_use`` now."""
        backend = self._backend
        opened, in_use = backend.counts() if backend else (0, 0)
        return {"size": self.size, "open": opened, "in_use": in_use}

    def close(self) -> None:
        with self._lock:
            if self._backend is not None:
                self._backend.close()
                self._backend = None

    def _ready(self) -> _SQLitePool | _PostgresPool:
        with self._lock:
            if self._backend is None:
                # Upgrading the schema happens once, on a connection of its own, before any is pooled.
                Store.open(self.location).close()
                kind = _PostgresPool if self.is_postgres else _SQLitePool
                self._backend = kind(self.location, self.size, self.wait)
            return self._backend


class _SQLitePool:
    """SQLite connections opened on demand, at most ``size``, idle ones kept in a queue."""

    def __init__(self, location: str, size: int, wait: float) -> None:
        self.location, self.size, self.wait = location, size, wait
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)  # one per connection that may be in use
        self._lock = threading.Lock()
        self._opened: list[Store] = []
        self._in_use = 0

    def acquire(self) -> Store:
        if not self._slots.acquire(timeout=self.wait):
            raise StoreBusy(self.size, self.wait)
        try:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                store = self._open()
        except BaseException:
            self._slots.release()
            raise
        with self._lock:
            self._in_use += 1
        return store

    def _open(self) -> Store:
        store = Store(SQLiteDatabase.open(self.location), self.location)
        with self._lock:
            self._opened.append(store)
        return store

    def release(self, store: Store) -> None:
        if store.db.connection.in_transaction:  # a request that failed halfway leaves nothing behind
            store.db.connection.rollback()
        with self._lock:
            self._in_use -= 1
        self._idle.put(store)
        self._slots.release()

    def counts(self) -> tuple[int, int]:
        with self._lock:
            return len(self._opened), self._in_use

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


class _PostgresPool:
    def __init__(self, location: str, size: int, wait: float) -> None:
        try:
            from psycopg.rows import dict_row
            from psycopg_pool import ConnectionPool
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise StoreError("serving PostgreSQL needs psycopg_pool: pip install 'ontherecord[postgres]'") from exc
        self.location, self.size, self.wait = location, size, wait
        self._pool = ConnectionPool(
            location, min_size=1, max_size=size, max_idle=POSTGRES_MAX_IDLE_SECONDS, timeout=wait,
            kwargs={"autocommit": True, "row_factory": dict_row}, check=ConnectionPool.check_connection,
            open=True, name="ontherecord",
        )
        self._lent: dict[int, Any] = {}
        self._lock = threading.Lock()

    def acquire(self) -> Store:
        from psycopg_pool import PoolTimeout

        try:
            connection = self._pool.getconn()
        except PoolTimeout:
            raise StoreBusy(self.size, self.wait) from None
        store = Store(PostgresDatabase(connection), self.location)
        with self._lock:
            self._lent[id(store)] = connection
        return store

    def release(self, store: Store) -> None:
        with self._lock:
            connection = self._lent.pop(id(store))
        self._pool.putconn(connection)  # rolled back or discarded by the pool if left in a bad state

    def counts(self) -> tuple[int, int]:
        stats = self._pool.get_stats()
        return stats.get("pool_size", 0), stats.get("pool_size", 0) - stats.get("pool_available", 0)

    def close(self) -> None:
        self._pool.close()
