"""``ontherecord ingest``: read, fetch and extract articles into a corpus store."""

from __future__ import annotations

import re
import sys

import click

from ..config import EngineConfig
from ..corpus.dialect import DEFAULT_DB, StoreError
from ..corpus.fetch import Fetcher
from ..corpus.ingest import IngestSummary, ingest
from ..corpus.store import Store
from ..pipeline import DEFAULT_MODEL, ModelNotFound, load_pipeline
from .limits import time_budget_option
from .modes import mode_options, usable_engine
from .progress import ProgressBar, known_total, quiet_option

EXIT_ITEM_ERRORS = 1
EXIT_SETUP_ERROR = 2
SUMMARY_ERRORS_SHOWN = 20


@click.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONTHERECORD_DB",
              help="SQLite file or postgresql://user@host/db URL.")
@click.option("--processes", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes running the engine.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Any installed spaCy pipeline.")
@mode_options
@click.option("--force", is_flag=True, help="Re-extract articles already stored with the same text.")
@click.option("--timeout", type=float, default=20.0, show_default=True,
              help="Seconds one HTTP request may take in all (connecting, redirects, headers, body).")
@click.option("--retries", type=click.IntRange(min=0), default=2, show_default=True,
              help="Retries (with exponential backoff) after network errors, 429 and 5xx.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Largest page fetched.")
@click.option("--host-interval", type=float, default=1.0, show_default=True,
              help="Seconds between two requests to the same host.")
@click.option("--no-link", is_flag=True, help="Do not link the new and changed speakers into entities after the run (they wait for the next run or \"entities relink\").")
@time_budget_option
@quiet_option
def command(
    sources: tuple[str, ...],
    db: str,
    processes: int,
    engine: EngineConfig,
    force: bool,
    timeout: float,
    retries: int,
    max_bytes: int,
    host_interval: float,
    no_link: bool,
    time_budget: float,
    quiet: bool,
) -> None:
    """Ingest articles into a corpus store, skipping those already stored.

    SOURCE is a file or directory (.txt .md .html .jsonl .csv, optionally .gz), an
    http(s):// article URL, an RSS/Atom feed (URL or .rss/.atom/.xml file; every entry's
    page is fetched) or a WARC file (.warc, .warc.gz: its HTML responses). A directory
    is searched recursively for all of these (feeds only as .rss/.atom files there).

    An article is identified by its canonical URL, else by a hash of its text: ingesting
    it again with the same text is skipped, with new text it is updated, never duplicated.
    Each article is committed as soon as it is extracted, so an interrupted run can simply
    be started again. Items that fail are listed at the end and kept in the errors table;
    items deliberately left out (a page that is not HTML, an article not in English, for
    every source: "skipped: SOURCE: language de (not English)") are counted, listed and
    kept there as "skipped", and do not change the exit code.

    On a terminal, a progress bar on stderr shows the items done (of how many, when
    known), the rate and the time left; --quiet turns it and the closing summary off.

    \b
    Exit codes:
      0  every item stored, unchanged or skipped
      1  some items had errors (the others were stored)
      2  setup error: unknown --model, unusable accurate model, store cannot be opened

    \b
    Examples:
      ontherecord ingest ../shared/seed/articles.jsonl
      ontherecord ingest stories/ https://example.com/news/feed.xml --db corpus.db
      ontherecord ingest CC-NEWS-20250101.warc.gz --processes 2
      ontherecord ingest articles.jsonl --db postgresql://me@localhost/news
      ontherecord ingest stories/ --mode accurate
    """
    try:
        engine = usable_engine(engine, EXIT_SETUP_ERROR)  # before the store is opened
        load_pipeline(config=engine)  # fail fast, and forked workers inherit the loaded pipeline
        store = Store.open(db)
    except (ModelNotFound, StoreError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_SETUP_ERROR)
    fetcher = Fetcher(timeout=timeout, retries=retries, max_bytes=max_bytes, host_interval=host_interval)
    try:
        with ProgressBar(total=known_total(sources), quiet=quiet, label="items") as bar:

            def show(summary: IngestSummary) -> None:
                bar.set_completed(_items_done(summary), _short_counts(summary))

            summary = ingest(sources, store, processes=processes, engine=engine, force=force,
                             fetcher=fetcher, on_progress=show, link_entities=not no_link,
                             time_budget=time_budget or None)
    finally:
        fetcher.close()
        store.close()
    _print_summary(summary, db, quiet)
    if summary.errors:
        sys.exit(EXIT_ITEM_ERRORS)


def _without_password(location: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", location)


def _items_done(summary: IngestSummary) -> int:
    return summary.added + summary.updated + summary.unchanged + summary.skipped + summary.errors


def _short_counts(summary: IngestSummary) -> str:
    return f"{summary.added} added · {summary.skipped} skipped · {summary.errors} errors"


def _counts(summary: IngestSummary) -> str:
    return (
        f"{summary.added} added · {summary.updated} updated · {summary.unchanged} unchanged · "
        f"{summary.skipped} skipped · {summary.errors} errors · {summary.quotes} quotes · "
        f"{summary.rate:.1f} articles/s"
    )


def _print_summary(summary: IngestSummary, db: str, quiet: bool) -> None:
    if not quiet:
        click.echo(f"run {summary.run_id} into {_without_password(db)}: {_counts(summary)} in {summary.seconds:.1f}s",
                   err=True)
    shown = summary.problems[:SUMMARY_ERRORS_SHOWN]
    for kind, source, message in shown:
        click.echo(f"{kind}: {source}: {message}", err=True)
    hidden = summary.errors + summary.skipped - len(shown)
    if hidden > 0:
        click.echo(f"... and {hidden} more (see the errors table, run {summary.run_id})", err=True)
