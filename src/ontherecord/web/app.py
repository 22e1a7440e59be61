"""The explorer app factory: ``create_app(db)`` is a FastAPI (ASGI) app over one corpus store."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..budget import DEFAULT_ANALYZE_QUEUE, DEFAULT_ANALYZE_SECONDS
from ..config import EngineConfig
from ..corpus.dialect import StoreError
from ..corpus.pool import DEFAULT_POOL_SIZE, StoreBusy
from ..corpus.queries import BadFilter
from . import api, audit_pages, citations, clusters, pages
from .context import DEFAULT_MAX_BODY, Explorer, Settings
from .security import BodyLimitMiddleware, SecurityHeadersMiddleware, allowed_hosts, is_loopback
from .stores import MissingStore, ReturnStores

STATIC_DIR = Path(__file__).parent / "static"
DESCRIPTION = """Who said what, in a corpus of news articles: quotes, speakers, outlets.

Lists are paged (`page`, `per_page` ≤ 100) and take `format=csv` or `format=jsonl` for every
matching row. Article records have exactly the shape of `Article.to_dict()`. Changes
(analyze with `store`, entity merge/split) need the server's token in the
`X-OnTheRecord-Token` header when it is bound beyond 127.0.0.1.
"""


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    host: str = "127.0.0.1",
    max_body: int = DEFAULT_MAX_BODY,
    engine: EngineConfig | None = None,
    model: str | None = None,
    analyze_seconds: float = DEFAULT_ANALYZE_SECONDS,
    analyze_queue: int = DEFAULT_ANALYZE_QUEUE,
    pool_size: int = DEFAULT_POOL_SIZE,
) -> FastAPI:
    """The explorer over the corpus at ``db`` (a SQLite path or ``postgresql://`` URL).

    Bound beyond loopback (``host``), changes need ``token``: creating such an app without
    one is refused. Analyses run in a worker process, ``analyze_seconds`` each at most, with at
    most ``analyze_queue`` waiting (:mod:`.engine_worker`), with ``engine`` (an
    :class:`~ontherecord.config.EngineConfig`; or the spaCy ``model`` with the other options from
    the environment, as :func:`ontherecord.extract` takes them).
    At most ``pool_size`` store connections are open at once (:mod:`.stores`).
    """
    if not is_loopback(host) and not token:
        raise ValueError(f"a token is required to serve on {host} (write endpoints must be protected)")
    engine = EngineConfig.of(engine, model=model)
    explorer = Explorer(Settings(str(db), token or None, host, max_body, engine, analyze_seconds, analyze_queue,
                                 pool_size))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        explorer.stores.close()
        explorer.analyzer.close()

    app = FastAPI(title="ontherecord explorer", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.explorer = explorer
    app.mount("/static/swagger", StaticFiles(directory=_swagger_dir()), name="swagger")  # before /static
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router)
    app.include_router(audit_pages.api_router)
    app.include_router(clusters.api_router)
    app.include_router(citations.api_router)
    app.include_router(pages.router)
    app.include_router(clusters.page_router)
    app.include_router(citations.page_router)
    app.include_router(audit_pages.page_router)
    app.add_api_route("/docs", _docs_page(explorer), include_in_schema=False)
    _add_error_handlers(app, explorer)
    app.add_middleware(BodyLimitMiddleware, max_body=max_body)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(ReturnStores, access=explorer.stores)
    return app


def _swagger_dir() -> Path:
    from swagger_ui_bundle import swagger_ui_path

    return Path(str(swagger_ui_path))


def _docs_page(explorer: Explorer):
    def docs(request: Request):
        return explorer.render(request, "docs.html", {})

    return docs


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _add_error_handlers(app: FastAPI, explorer: Explorer) -> None:
    def problem(request: Request, status: int, message: str, template: str = "error.html"):
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return explorer.render(request, template, {"status": status, "message": message}, status_code=status)

    @app.exception_handler(MissingStore)
    async def missing_store(request: Request, exc: MissingStore):
        message = f"There is no corpus at {exc.location} yet. Create one with: ontherecord ingest SOURCE --db {exc.location}"
        return problem(request, 503, message, "no_store.html")

    @app.exception_handler(StoreBusy)
    async def store_busy(request: Request, exc: StoreBusy):
        response = problem(request, 503, f"The corpus store is busy: all {exc.size} connections are in use. "
                                         "Try again in a moment.")
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return problem(request, 503, f"The corpus store cannot be used: {exc}", "no_store.html")

    @app.exception_handler(BadFilter)
    async def bad_filter(request: Request, exc: BadFilter):
        return problem(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return problem(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        if _wants_json(request):
            return JSONResponse({"detail": _plain(exc.errors())}, status_code=422)
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return problem(request, 422, f"Invalid request: {details}")


def _plain(errors) -> list[dict]:
    """Validation errors without the echoed input (it may be huge or hostile)."""
    return [{key: value for key, value in error.items() if key in ("loc", "msg", "type")} for error in errors]
