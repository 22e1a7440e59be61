"""Fetching from hostile servers on 127.0.0.1: a whole-request deadline against servers that drip
bytes, and redirects to javascript:/data: URLs or invalid URLs as item errors of their own."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.fetch import Fetcher, FetchError
from ontherecord.corpus.ingest import ingest
from ontherecord.model import ItemError

from .conftest import article_text, html_page
from .test_fetch import quick_fetcher, rss

DRIP_BYTES = 60
DRIP_INTERVAL = 0.2  # seconds between two bytes: each read succeeds, the whole takes 12 s


class DripServer:
    """Answers every request one byte at a time: only the body (``/body``) or the headers too."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            request = connection.recv(65536).decode("latin-1")
            body = b"<html><body>" + b"x" * (DRIP_BYTES - 26) + b"</body></html>"
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n".encode()
            dripped = body if request.startswith("GET /body") else head + body
            try:
                if dripped is body:
                    connection.sendall(head)
                for byte in dripped:
                    if self.stopped.is_set():
                        return
                    connection.sendall(bytes([byte]))
                    time.sleep(DRIP_INTERVAL)
            except OSError:
                pass  # the client gave up

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


@pytest.fixture
def drip_server() -> Iterator[DripServer]:
    server = DripServer()
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_a_dripping_server_cannot_hold_a_fetch_past_its_deadline(drip_server, path):
    fetcher = Fetcher(timeout=1.0, retries=0, host_interval=0.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(drip_server.base_url + path)
    assert time.monotonic() - started < 3.0


def test_ingest_with_a_short_timeout_records_the_dripping_page_as_an_error(drip_server, sqlite_location):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["ingest", drip_server.base_url + "/body", "--db", sqlite_location,
                                      "--timeout", "1", "--retries", "0", "--no-link"])
    assert time.monotonic() - started < 10.0
    assert result.exit_code == 1
    with Store.open(sqlite_location) as store:
        assert store.count("articles") == 0
        [error] = store.db.rows("SELECT message FROM errors")
        assert error["message"].startswith("timed out")


@pytest.fixture
def redirecting_site(local_site):
    """Two good pages and, between them, pages redirecting where no fetch should go."""
    site = local_site
    site.add("/news/1", html_page("Harbour talks, day 1", article_text(1)))
    site.add("/news/2", html_page("Harbour talks, day 2", article_text(2)))
    for path, target in {"/js": "javascript:alert(document.cookie)", "/data": "data:text/html,<p>hi</p>",
                         "/file": "file:///etc/passwd", "/broken": "http://[::1"}.items():
        site.add(path, b"", status=302, headers={"Location": target})
    return site


def test_a_redirect_to_javascript_is_an_item_error_and_the_feed_goes_on(redirecting_site, sqlite_location):
    site = redirecting_site
    site.add("/feed.xml", rss(site.base_url, ["/news/1", "/js", "/data", "/file", "/broken", "/news/2"]),
             content_type="application/rss+xml")
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([site.base_url + "/feed.xml"], store, fetcher=fetcher, link_entities=False)
        assert (summary.added, summary.errors) == (2, 4)
        problems = {source.removeprefix(site.base_url): message for _, source, message in summary.problems}
        assert "javascript: URL" in problems["/js"]
        assert "data: URL" in problems["/data"]
        assert "file: URL" in problems["/file"]
        assert problems["/broken"] == "redirected to an invalid URL (http://[::1)"


@pytest.mark.parametrize("url", ["http://[::1", "http://a..b/", "http://exa\x00mple.com/", "http://127.0.0.1:99999/"])
def test_an_invalid_url_is_an_item_error(url):
    [item] = list(quick_fetcher(retries=0).iter_url(url))
    assert isinstance(item, ItemError) and item.source.startswith("http://")
