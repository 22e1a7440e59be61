"""What every route needs: the settings, the store connections, the analyzer, the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from fastapi import HTTPException, Query, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..budget import DEFAULT_ANALYZE_QUEUE, DEFAULT_ANALYZE_SECONDS
from ..config import EngineConfig
from ..corpus import Corpus, Store
from ..corpus.pool import DEFAULT_POOL_SIZE
from ..corpus.queries import PageRequest
from .analyze import Analyzer
from .highlight import PALETTE_SIZE, search_marks
from .security import is_loopback
from .stores import StoreAccess

TEMPLATES_DIR = Path(__file__).parent / "templates"
MAX_PAGE_SIZE = 100
MAX_PAGE_NUMBER = 100_000
MAX_OFFSET = 10_000  # rows skipped before a page: OFFSET costs what it skips
DEFAULT_MAX_BODY = 1_000_000


@dataclass
class Settings:
    db: str
    token: str | None = None
    host: str = "127.0.0.1"
    max_body: int = DEFAULT_MAX_BODY
    engine: EngineConfig = field(default_factory=EngineConfig)  # the engine Analyze runs
    analyze_seconds: float = DEFAULT_ANALYZE_SECONDS
    analyze_queue: int = DEFAULT_ANALYZE_QUEUE
    pool_size: int = DEFAULT_POOL_SIZE


class Explorer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stores = StoreAccess(settings.db, settings.pool_size)
        self.analyzer = Analyzer(settings.engine, seconds=settings.analyze_seconds, queue=settings.analyze_queue)
        self.templates = Jinja2Templates(env=template_environment())

    @property
    def token_required(self) -> bool:
        return bool(self.settings.token)

    def store(self) -> Store:
        return self.stores.store()

    def corpus(self) -> Corpus:
        """The queries over this request's store."""
        return Corpus(self.store())

    def render(self, request: Request, name: str, context: dict[str, Any], status_code: int = 200):
        return self.templates.TemplateResponse(
            request, name, {"token_required": self.token_required, "db": self.settings.db, **context},
            status_code=status_code,
        )


def explorer(request: Request) -> Explorer:
    return request.app.state.explorer


def page_request(
    page: int = Query(1, ge=1, le=MAX_PAGE_NUMBER, description="page number, from 1"),
    per_page: int = Query(20, ge=1, le=MAX_PAGE_SIZE, description=f"items per page (at most {MAX_PAGE_SIZE})"),
) -> PageRequest:
    if (page - 1) * per_page > MAX_OFFSET:
        raise HTTPException(status_code=400, detail=f"pages go as far as the first {MAX_OFFSET:,} results; "
                                                    "narrow the search or filter to see further")
    return PageRequest(page, per_page)


def template_environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, trim_blocks=True,
                              lstrip_blocks=True)
    environment.globals.update(query=query_string, safe_href=safe_href, percent=percent,
                               evidence_text=evidence_text, palette_size=PALETTE_SIZE,
                               search_marks=search_marks)
    return environment


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from ``params`` with ``changes`` applied (None removes a key)."""
    merged = {**params, **changes}
    pairs = [(key, value) for key, value in merged.items() if value is not None and value != ""]
    return "?" + urlencode(pairs) if pairs else "?"


def safe_href(url: str | None) -> str | None:
    """The URL when it is http(s): anything else (javascript:, data:...) is never made a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def evidence_text(evidence: dict[str, Any]) -> str:
    """A link's evidence as one plain line (``matched: ...; conflicts: ...``)."""
    parts = []
    for key, value in evidence.items():
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        if value not in ("", None):
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


def percent(share: float | None) -> str:
    return f"{(share or 0) * 100:.0f} %"


def is_public(settings: Settings) -> bool:
    return not is_loopback(settings.host)
