"""Analyze pasted text or a URL with the engine, and store the result on request.

The page is fetched in the request's thread (a whole-request deadline bounds it); the engine
runs in the explorer's engine worker process (:mod:`.engine_worker`: one analysis at a time, a
bounded queue, a time limit), so a slow analysis never holds up other requests.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..budget import DEFAULT_ANALYZE_QUEUE, DEFAULT_ANALYZE_SECONDS
from ..config import EngineConfig
from ..corpus.entities import link_new
from ..corpus.fetch import Fetcher, FetchError, classify, is_url, page_record
from ..corpus.ingest import link_across_articles
from ..corpus.store import Store, article_identity
from ..model import METADATA_FIELDS, Article, ItemError
from ..safetext import short_text
from .engine_worker import EngineWorker, WorkerBusy, WorkerFailed

MAX_TEXT_CHARS = 200_000
MAX_PAGE_BYTES = 3_000_000
METADATA = tuple(name for name in METADATA_FIELDS if name != "id")  # what a form or a fetched page may give


class AnalyzeError(ValueError):
    """The input cannot be analyzed; the message says why, in a sentence. ``status``: the HTTP
    status to answer with (422; 503 when the explorer is too busy to analyze it now)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class AnalyzeRequest:
    text: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None

    def metadata(self) -> dict[str, str]:
        values = {name: getattr(self, name) for name in METADATA if name != "url"}
        return {name: value.strip() for name, value in values.items() if value and value.strip()}


class Analyzer:
    def __init__(self, engine: EngineConfig | None = None, *, seconds: float = DEFAULT_ANALYZE_SECONDS,
                 queue: int = DEFAULT_ANALYZE_QUEUE) -> None:
        self.engine = engine or EngineConfig()
        self.worker = EngineWorker(self.engine, seconds=seconds, queue=queue)

    def close(self) -> None:
        self.worker.close()

    def analyze(self, request: AnalyzeRequest) -> Article:
        """The article record for the pasted text, or for the page at the URL when no text is given."""
        text = (request.text or "").strip("\ufeff")
        metadata = request.metadata()
        url = (request.url or "").strip() or None
        if not text.strip():
            if not url:
                raise AnalyzeError("paste an article's text or give its URL")
            record = self.fetch(url)
            text = record["text"]
            metadata = {**{k: record.get(k) for k in METADATA if record.get(k)}, **metadata}
        elif url:
            metadata["url"] = url
        if len(text) > MAX_TEXT_CHARS:
            raise AnalyzeError(f"the text is {len(text):,} characters; the explorer analyzes up to "
                               f"{MAX_TEXT_CHARS:,} (use ontherecord ingest for longer articles)")
        try:
            return self.worker.extract(text, metadata)
        except WorkerBusy as exc:
            raise AnalyzeError(str(exc), status=503) from None
        except WorkerFailed as exc:
            raise AnalyzeError(str(exc)) from None

    def fetch(self, url: str) -> dict:
        if not is_url(url):
            raise AnalyzeError("the URL must start with http:// or https://")
        with Fetcher(timeout=15.0, retries=1, max_bytes=MAX_PAGE_BYTES, host_interval=0.0) as fetcher:
            try:
                page = fetcher.fetch(url)
            except FetchError as exc:
                raise AnalyzeError(f"could not fetch {short_text(url, 200)}: {exc}") from None
            except Exception as exc:  # whatever else a hostile server or URL causes is the request's error
                raise AnalyzeError(f"could not fetch {short_text(url, 200)}: {type(exc).__name__}: {exc}") from None
        if classify(page) != "html":
            raise AnalyzeError(f"{short_text(url, 200)} is not an HTML page ({page.content_type or 'unknown type'})")
        record = page_record(page.text(), page.url, source=url)
        if isinstance(record, ItemError):
            raise AnalyzeError(record.message)
        return record


def store_article(store: Store, article: Article, model: str) -> int:
    """Save an analyzed article (updating it if already stored), relink entities, mark a copy and cluster
    its quotes, return its row id."""
    identity = article_identity(article.url, article.text)
    store.save_article(article, identity=identity, source=article.url or "explorer", model=model)
    link_new(store)
    link_across_articles(store)
    state = store.stored_state(identity)
    assert state is not None
    return state.id
