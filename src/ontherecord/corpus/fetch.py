"""Fetching articles: web pages and RSS/Atom feeds (URLs or files); WARC archives are :mod:`.warc`'s.

A :class:`Fetcher` is polite and bounded: a real User-Agent, a deadline for each whole request
(connect, redirects, headers and body: a server dripping bytes cannot hold it), retries with
exponential backoff on network errors, 429 and 5xx, a size limit (checked while the body
streams in), redirects only to http(s) URLs, and a minimum interval between two requests to
the same host. Everything it
yields is an article record, an :class:`~ontherecord.model.ItemError` (404, timeout, too
large...) or a :class:`~.items.Skipped` item (not HTML); it never raises for one bad item.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..model import ItemError
from ..readers import has_article_body, html_to_record
from ..safetext import short_text
from .deadline import deadline, deadline_transport
from .items import Record, Skipped, SourceItem

USER_AGENT = f"ontherecord/{__version__} (news attribution research; +https://pypi.org/project/ontherecord/)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
FETCHED_SCHEMES = ("http", "https")
SHOWN_URL_CHARS = 100


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason, in a few words."""


@dataclass
class Page:
    url: str  # after redirects
    content_type: str
    body: bytes
    encoding: str | None

    def text(self) -> str:
        return decode_html(self.body, self.encoding)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_warc_path(source: str) -> bool:
    return source.lower().endswith(WARC_SUFFIXES)


def is_feed_path(source: str) -> bool:
    return source.lower().endswith(FEED_SUFFIXES)


class Fetcher:
    """Fetches pages and feeds politely; ``host_interval`` seconds between requests to one host.

    ``timeout``: the seconds one request may take in all (connecting, redirects, headers and the
    whole body), each retry again."""

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        retries: int = 2,
        backoff: float = 1.0,
        max_bytes: int = 5_000_000,
        host_interval: float = 1.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.host_interval = host_interval
        self.client = httpx.Client(
            transport=deadline_transport(),
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            event_hooks={"response": [_refuse_odd_redirect]},
            headers={"User-Agent": user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
        )
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- items ------------------------------------------------------------------------------

    def iter_url(self, url: str) -> Iterator[SourceItem]:
        """An article page's record, or every entry's page of an RSS/Atom feed; never raises."""
        try:
            page = self.fetch(url)
            kind = classify(page)
            if kind == "html":
                yield page_record(page.text(), page.url, source=url)
                return
        except FetchError as problem:
            yield ItemError(url, str(problem))
            return
        except Exception as exc:  # anything else one URL raises is that URL's error, not the feed's
            yield ItemError(url, f"could not fetch: {type(exc).__name__}: {exc}")
            return
        if kind == "feed":
            yield from self._feed_entries(page.body, url)
        else:
            yield Skipped(url, f"content type {page.content_type or 'unknown'} is not HTML")

    def iter_feed_file(self, path: str) -> Iterator[SourceItem]:
        try:
            data = _read_maybe_gzip(path)
        except OSError as exc:
            yield ItemError(path, exc.strerror or str(exc))
            return
        yield from self._feed_entries(data, path)

    def _feed_entries(self, data: bytes, source: str) -> Iterator[SourceItem]:
        import feedparser

        feed = feedparser.parse(data)
        if not feed.entries:
            reason = getattr(feed, "bozo_exception", None)
            yield ItemError(source, f"not an RSS/Atom feed or no entries ({reason})" if reason else "feed has no entries")
            return
        for number, entry in enumerate(feed.entries, start=1):
            link = entry.get("link")
            if not link:
                yield ItemError(f"{source}#{number}", "feed entry has no link")
                continue
            for item in self.iter_url(link):
                yield _with_entry_metadata(item, entry, feed) if isinstance(item, dict) else item

    # --- HTTP -------------------------------------------------------------------------------

    def fetch(self, url: str) -> Page:
        """The page at ``url``; :class:`FetchError` after the retries are used up."""
        attempt = 0
        while True:
            try:
                return self._fetch_once(url)
            except _Retryable as problem:
                if attempt >= self.retries:
                    raise FetchError(str(problem)) from None
                time.sleep(self.backoff * (2**attempt))
                attempt += 1

    def _fetch_once(self, url: str) -> Page:
        self._wait_for_host(url)
        try:
            with deadline(self.timeout), self.client.stream("GET", url) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
                body = self._read_limited(response)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Page(str(response.url), content_type, body, response.charset_encoding)
        except httpx.TimeoutException:
            raise _Retryable(f"timed out (no complete response within {self.timeout:g} s)") from None
        except (httpx.UnsupportedProtocol, httpx.ProtocolError, httpx.InvalidURL) as exc:
            raise FetchError(f"invalid or unsupported URL: {exc}") from None
        except httpx.TransportError as exc:
            raise _Retryable(f"network error: {exc}") from None
        except httpx.HTTPError as exc:
            raise FetchError(str(exc)) from None
        except (httpx.StreamError, ValueError) as exc:  # ValueError: UnicodeError of a bad host name, among others
            raise FetchError(f"invalid URL or response: {exc}") from None

    def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"too large ({int(declared)} bytes, limit {self.max_bytes})")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"too large (over the {self.max_bytes}-byte limit)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            last = self._last_request.get(host)
            if last is not None:
                delay = self.host_interval - (time.monotonic() - last)
                if delay > 0:
                    time.sleep(delay)
            self._last_request[host] = time.monotonic()


class _Retryable(Exception):
    pass


def _refuse_odd_redirect(response: httpx.Response) -> None:
    """Follow redirects to http(s) only: a Location of ``javascript:``, ``data:``, ``file:`` ends the fetch."""
    if not response.is_redirect:
        return
    location = response.headers.get("location", "")
    try:
        scheme = urlsplit(location).scheme.lower()
    except ValueError:
        raise FetchError(f"redirected to an invalid URL ({short_text(location, SHOWN_URL_CHARS)})") from None
    if scheme and scheme not in FETCHED_SCHEMES:
        shown = short_text(location, SHOWN_URL_CHARS)
        raise FetchError(f"redirected to a {short_text(scheme, 20)}: URL, not http(s) ({shown})")


def classify(page: Page) -> str:
    """``html``, ``feed`` or ``other``, by content type, sniffing the body when it is vague."""
    content_type = page.content_type
    if content_type in HTML_TYPES:
        return "html"
    if content_type in FEED_TYPES:
        return "feed"
    if content_type in ("", "text/plain", "application/octet-stream"):
        start = page.body[:1000].lstrip().lower()
        if start.startswith((b"<!doctype html", b"<html")):
            return "html"
        if start.startswith(b"<?xml") or b"<rss" in start or b"<feed" in start:
            return "feed"
    return "other"


def page_record(html: str, url: str | None, *, source: str) -> SourceItem:
    """An article record from a page, or an item error if it has no article text."""
    try:
        record = html_to_record(html, url)
    except Exception as exc:  # extraction libraries raise assorted errors on broken markup
        return ItemError(source, f"could not extract the article: {exc}")
    if not has_article_body(record):
        return ItemError(source, "no article text found in the page")
    return {**record, "id": record.get("url") or source, "source": source}


def _with_entry_metadata(record: Record, entry: Any, feed: Any) -> Record:
    """Fill the page's missing title/author/date/outlet from its feed entry."""
    fallbacks = {
        "title": entry.get("title"),
        "author": entry.get("author"),
        "published": entry.get("published") or entry.get("updated"),
        "outlet": feed.feed.get("title") if hasattr(feed, "feed") else None,
    }
    return {**record, **{key: value for key, value in fallbacks.items() if value and not record.get(key)}}


def decode_html(body: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file

        return decode_file(body)


def _read_maybe_gzip(path: str) -> bytes:
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        return handle.read()
