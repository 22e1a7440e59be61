"""``ontherecord serve``: the explorer (browser app and JSON API) over a corpus store."""

from __future__ import annotations

import secrets
import sys

import click

from ..budget import DEFAULT_ANALYZE_QUEUE, DEFAULT_ANALYZE_SECONDS
from ..config import EngineConfig
from ..corpus.dialect import DEFAULT_DB
from ..corpus.pool import DEFAULT_POOL_SIZE
from ..pipeline import DEFAULT_MODEL
from .modes import mode_options, usable_engine

EXIT_SETUP_ERROR = 2


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONTHERECORD_DB",
              help="SQLite file or postgresql://user@host/db URL.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback requires a token for changes.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--token", envvar="ONTHERECORD_TOKEN",
              help="Token for changes (storing analyzed articles, merge/split). Generated and printed "
                   "when binding beyond loopback without one.")
@click.option("--max-body", type=click.IntRange(min=1000), default=1_000_000, show_default=True,
              help="Largest request body accepted, in bytes.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="spaCy pipeline used by Analyze (loaded on first use).")
@mode_options
@click.option("--analyze-seconds", type=click.FloatRange(min=1), default=DEFAULT_ANALYZE_SECONDS, show_default=True,
              help="Longest an analysis may take; the explorer runs one at a time in its own process.")
@click.option("--analyze-queue", type=click.IntRange(min=0), default=DEFAULT_ANALYZE_QUEUE, show_default=True,
              help="Analyses that may wait for the running one; more are refused as busy (503).")
@click.option("--pool-size", type=click.IntRange(min=1), default=DEFAULT_POOL_SIZE, show_default=True,
              help="Most store connections open at once; a request that finds them all busy for a few "
                   "seconds gets a 503.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True)
def command(db: str, host: str, port: int, token: str | None, max_body: int, engine: EngineConfig,
            analyze_seconds: float, analyze_queue: int, pool_size: int, log_level: str) -> None:
    """Explore a corpus in the browser: dashboard, search, articles, speakers, analyze.

    Analyze runs the engine with --model, --mode, --content-style, --reranker and --tagger, and
    stores the articles it analyzes under that engine's name. The same data is served as JSON under /api/... (paged, filtered; every list also as
    CSV and JSONL), documented at /docs. Nothing is fetched from the internet: every
    script, style and chart is served by the app.

    \b
    Examples:
      ontherecord serve --db corpus.db                 # http://127.0.0.1:8000
      ontherecord serve --db postgresql://postgres@127.0.0.1:5432/news --port 8080
      ontherecord serve --db corpus.db --host 0.0.0.0 --token "$SECRET"
      curl 'http://127.0.0.1:8000/api/quotes?q=cartels&per_page=5'

    Exit codes: 0 after a clean shutdown (Ctrl-C), 2 when the server cannot start.
    """
    import uvicorn

    from ..web import create_app
    from ..web.security import is_loopback

    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        click.echo(f"Changes need this token (X-OnTheRecord-Token header or the form's token field): {token}",
                   err=True)
    engine = usable_engine(engine, EXIT_SETUP_ERROR)
    try:
        app = create_app(db, token=token, host=host, max_body=max_body, engine=engine, analyze_seconds=analyze_seconds,
                         analyze_queue=analyze_queue, pool_size=pool_size)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_SETUP_ERROR)
    click.echo(f"ontherecord explorer on http://{_url_host(host)}:{port}/ (corpus: {db}); Ctrl-C to stop", err=True)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, server_header=False)
    server = uvicorn.Server(config)
    try:
        server.run()
    except (OSError, SystemExit):  # uvicorn logs why (e.g. the port is taken) and exits
        server.started = False
    if not server.started:
        click.echo(f"error: cannot serve on {host}:{port}", err=True)
        sys.exit(EXIT_SETUP_ERROR)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
