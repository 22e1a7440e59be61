"""The explorer's store connections stay bounded: a pool of them, lent per request (issue 18, item 1).

Bursts of concurrent requests from many client threads, with an idle gap longer than the
server's worker-thread idle timeout (its threads retire and new ones start), must never open
more connections than the pool's size: SQLite counted as the server process's open file
descriptors of the database file (the server runs in this process) and by the pool's stats,
PostgreSQL as the backends in pg_stat_activity carrying this test's application name.
"""

from __future__ import annotations

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from corpus.conftest import build_article

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities
from ontherecord.corpus.pool import StoreBusy, StorePool
from ontherecord.web import create_app

from .conftest import serving

POOL_SIZE = 3
CLIENTS = 24
ROUTES = ("/api/stats", "/api/quotes?q=ready", "/api/articles", "/api/speakers", "/api/entities",
          "/api/articles/1", "/", "/search?q=lawful", "/api/quotes?format=csv")
THREAD_IDLE_SECONDS = 10  # anyio retires a worker thread idle this long


def fill(location: str, articles: int = 5) -> None:
    with Store.open(location) as store:
        for number in range(articles):
            store.save_article(build_article(f" Story {number}.", url=f"https://example.org/{number}"))
        link_entities(store)


def burst(url: str, requests: int = 120) -> list[int]:
    def get(index: int) -> int:
        with httpx.Client(base_url=url, timeout=30) as http:
            return http.get(ROUTES[index % len(ROUTES)]).status_code

    with ThreadPoolExecutor(CLIENTS) as clients:
        return list(clients.map(get, range(requests)))


def sqlite_descriptors(path: str) -> int:
    target = os.path.realpath(path)
    count = 0
    for entry in Path("/proc/self/fd").iterdir():
        try:
            if os.readlink(entry) == target:
                count += 1
        except OSError:
            continue
    return count


def postgres_backends(base_url: str, application: str) -> int:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as connection:
        return connection.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s",
                                  (application,)).fetchone()[0]


def test_sqlite_connections_stay_bounded_across_bursts_and_idle_gaps(tmp_path):
    location = str(tmp_path / "pooled.db")
    fill(location)
    app = create_app(location, pool_size=POOL_SIZE)
    pool = app.state.explorer.stores.pool
    with serving(app) as url:
        seen = []
        for round_number in range(3):
            statuses = burst(url)
            assert set(statuses) == {200}, statuses
            seen.append((sqlite_descriptors(location), pool.stats()["open"], pool.stats()["in_use"]))
            if round_number == 0:
                time.sleep(THREAD_IDLE_SECONDS + 1.5)
    for descriptors, opened, in_use in seen:
        assert opened <= POOL_SIZE and in_use == 0
        assert descriptors <= POOL_SIZE, seen  # one descriptor per open connection (WAL files apart)
    assert sqlite_descriptors(location) == 0  # shutdown closes them all


def test_postgres_connections_stay_bounded_across_bursts_and_idle_gaps(postgres_location, postgres_base_url):
    application = f"ontherecord_pool_{uuid.uuid4().hex[:8]}"
    location = f"{postgres_location}&application_name={application}"
    fill(location)
    app = create_app(location, pool_size=POOL_SIZE)
    with serving(app) as url:
        seen = []
        for round_number in range(3):
            statuses = burst(url)
            assert set(statuses) == {200}, statuses
            seen.append(postgres_backends(postgres_base_url, application))
            if round_number == 0:
                time.sleep(THREAD_IDLE_SECONDS + 1.5)
    assert max(seen) <= POOL_SIZE, seen
    assert postgres_backends(postgres_base_url, application) == 0


def test_an_exhausted_pool_is_a_503_that_says_busy(tmp_path):
    location = str(tmp_path / "busy.db")
    fill(location, articles=1)
    app = create_app(location, pool_size=1)
    pool = app.state.explorer.stores.pool
    pool.wait = 0.3
    with serving(app) as url, httpx.Client(base_url=url) as http:
        assert http.get("/api/stats").status_code == 200
        held = pool.acquire()
        try:
            refused = http.get("/api/stats")
            page = http.get("/", headers={"accept": "text/html"})
        finally:
            pool.release(held)
        assert refused.status_code == 503 and "busy" in refused.json()["detail"]
        assert refused.headers["retry-after"] == "1"
        assert page.status_code == 503 and "busy" in page.text and "Traceback" not in page.text
        assert http.get("/api/stats").status_code == 200  # given back, served again


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_the_pool_lends_at_most_size_and_reuses_what_is_given_back(backend, request, tmp_path):
    location = str(tmp_path / "lend.db") if backend == "sqlite" else request.getfixturevalue("postgres_location")
    pool = StorePool(location, size=2, wait=0.2)
    try:
        first, second = pool.acquire(), pool.acquire()
        with pytest.raises(StoreBusy, match="busy"):
            pool.acquire()
        pool.release(first)
        again = pool.acquire()
        assert pool.stats()["open"] == 2 and pool.stats()["in_use"] == 2
        assert again.db.scalar("SELECT COUNT(*) AS n FROM articles") == 0
        pool.release(again)
        pool.release(second)
        assert pool.stats()["in_use"] == 0
    finally:
        pool.close()
