"""Fixtures for the explorer tests: the seed corpus in real stores, and the real app served
by uvicorn on 127.0.0.1 (a thread of the test process)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from corpus.conftest import (  # noqa: F401  (shared fixtures)
    local_site,
    postgres_base_url,
    postgres_location,
    sqlite_location,
    store_location,
)

from ontherecord.corpus import Store
from ontherecord.corpus.ingest import ingest
from ontherecord.evaluation import shared_dir
from ontherecord.web import create_app

SEED = shared_dir() / "seed" / "articles.jsonl"
AUDIT_STORIES = Path(__file__).parent / "data" / "audit_stories.jsonl"  # invented, for the audit views
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def live_server(db: str, **options) -> Iterator[str]:
    """Serve ``create_app(db, **options)`` on 127.0.0.1; yields the base URL."""
    with serving(create_app(db, **options)) as url:
        yield url


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve the ASGI ``app`` with uvicorn on 127.0.0.1 (a thread of the test process); yields the base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the explorer did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def ingest_seed(location: str) -> None:
    if not SEED.exists():
        pytest.skip(f"seed corpus not found at {SEED} (set ONTHERECORD_SHARED)")
    ingest_file(location, SEED, 3)


def ingest_file(location: str, path: Path, articles: int) -> None:
    """``path``'s ``articles`` articles, by the real engine, into the store at ``location``."""
    with Store.open(location) as store:
        summary = ingest([str(path)], store)
    assert summary.errors == 0 and summary.added == articles


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    """The seed corpus (3 articles) ingested by the real engine into SQLite; read-only for tests."""
    location = str(tmp_path_factory.mktemp("seed") / "seed.db")
    ingest_seed(location)
    return location


@pytest.fixture
def seed_copy(seed_db, tmp_path) -> str:
    """A private copy of the seed store, for tests that change it."""
    location = str(tmp_path / "copy.db")
    shutil.copyfile(seed_db, location)
    return location


@pytest.fixture(scope="session")
def seed_server(seed_db) -> Iterator[str]:
    with live_server(seed_db) as url:
        yield url


@pytest.fixture
def client(seed_server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seed_server, timeout=60) as http:
        yield http


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def ingest_stories(location: str) -> None:
    """The five invented stories of two outlets over three months."""
    ingest_file(location, AUDIT_STORIES, 5)


@pytest.fixture(scope="session")
def audit_db(tmp_path_factory) -> str:
    """The invented stories in SQLite; read-only for tests."""
    location = str(tmp_path_factory.mktemp("audit") / "stories.db")
    ingest_stories(location)
    return location


@pytest.fixture(scope="session")
def audit_server(audit_db):
    with live_server(audit_db) as url:
        yield url
