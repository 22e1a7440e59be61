"""Store connections for the web app: a bounded :class:`~ontherecord.corpus.pool.StorePool`, one
connection lent to a request on its first use and given back when its response is complete.

:class:`ReturnStores` (an ASGI middleware) opens a lease per request and ends it; the lease
travels with the request's context into the worker thread that runs the route, so however many
threads the server starts and retires, the open connections stay at most the pool's size.

A missing SQLite file is never created by reading: pages show how to make a corpus
instead (:class:`MissingStore`). Only storing an analyzed article creates it.
"""

from __future__ import annotations

import contextvars
import threading
from pathlib import Path

import anyio

from ..corpus import Store
from ..corpus.dialect import POSTGRES_PREFIXES
from ..corpus.pool import DEFAULT_POOL_SIZE, StorePool


class MissingStore(LookupError):
    """There is no corpus at the configured location yet."""

    def __init__(self, location: str) -> None:
        super().__init__(f"no corpus at {location}")
        self.location = location


class Lease:
    """The store one request holds (taken on first use)."""

    def __init__(self) -> None:
        self.store: Store | None = None


CURRENT_LEASE: contextvars.ContextVar[Lease | None] = contextvars.ContextVar("ontherecord_lease", default=None)


class StoreAccess:
    """The request's store, from a pool of at most ``pool_size`` connections."""

    def __init__(self, location: str, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.location = location
        self.pool = StorePool(location, pool_size)
        self._create_lock = threading.Lock()

    def exists(self) -> bool:
        return self.location.startswith(POSTGRES_PREFIXES) or Path(self.location).is_file()

    def store(self) -> Store:
        """This request's store; :class:`MissingStore` when there is no corpus yet,
        :class:`~ontherecord.corpus.pool.StoreBusy` when no connection frees up in time."""
        lease = CURRENT_LEASE.get()
        if lease is None:
            raise RuntimeError("the explorer's store is lent to requests only (ReturnStores middleware)")
        if lease.store is None:
            if not self.exists():
                raise MissingStore(self.location)
            lease.store = self.pool.acquire()
        return lease.store

    def writer(self) -> Store:
        """This request's store, creating the corpus if there is none yet."""
        if not self.exists():
            with self._create_lock:
                Store.open(self.location).close()
        return self.store()

    def give_back(self, lease: Lease) -> None:
        if lease.store is not None:
            store, lease.store = lease.store, None
            self.pool.release(store)

    def close(self) -> None:
        self.pool.close()


class ReturnStores:
    """ASGI middleware: every HTTP request gets a :class:`Lease`, returned once the response
    (a streamed download included) is complete."""

    def __init__(self, app, access: StoreAccess) -> None:
        self.app = app
        self.access = access

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lease = Lease()
        token = CURRENT_LEASE.set(lease)
        try:
            await self.app(scope, receive, send)
        finally:
            CURRENT_LEASE.reset(token)
            if lease.store is not None:
                await anyio.to_thread.run_sync(self.access.give_back, lease)
