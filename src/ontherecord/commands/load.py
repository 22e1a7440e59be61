"""``ontherecord load``: import the Parquet output of ``ontherecord spark`` into a corpus store."""

from __future__ import annotations

import sys

import click

from ..corpus.dialect import DEFAULT_DB, StoreError
from ..corpus.store import Store
from .progress import ProgressBar

EXIT_ARTICLES_FAILED = 1
EXIT_SETUP_ERROR = 2
PROBLEMS_SHOWN = 20


@click.command("load")
@click.argument("directory", metavar="PARQUET_DIR", type=click.Path(file_okay=False))
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONTHERECORD_DB",
              help="SQLite file or postgresql://user@host/db URL.")
@click.option("--force", is_flag=True, help="Rewrite articles already stored with the same text.")
@click.option("--no-link", is_flag=True, help="Do not link the new and changed speakers into entities afterwards (they wait for the next run or \"entities relink\").")
def command(directory: str, db: str, force: bool, no_link: bool) -> None:
    """Load the articles, quotes, speakers and errors that "ontherecord spark" wrote to
    PARQUET_DIR into a corpus store.

    Loading is idempotent: an article already stored with the same text (same canonical
    URL, else same text hash) is left as it is, and an error row already recorded is not
    added again, so loading the same output twice adds nothing. An article stored with
    other text is updated. Exit codes: 0 loaded, 1 some articles could not be stored
    (listed), 2 PARQUET_DIR is not job output or the store cannot be opened.

    \b
    Examples:
      ontherecord load out/ --db corpus.db
      ontherecord load out/ --db postgresql://me@localhost/news
    """
    from ..spark.load import LoadSummary, NotJobOutput, load_output

    try:
        store = Store.open(db)
    except StoreError as exc:
        _fail(str(exc))
    bar = ProgressBar(label="loaded")

    def show(summary: LoadSummary, total: int) -> None:
        done = summary.added + summary.updated + summary.unchanged + summary.errors
        bar.set_completed(done, _counts(summary), total=total)

    try:
        with bar:
            summary = load_output(directory, store, force=force, link_entities=not no_link, on_progress=show)
    except NotJobOutput as exc:
        _fail(str(exc))
    finally:
        store.close()
    click.echo(f"run {summary.run_id}: {_counts(summary)} in {summary.seconds:.1f}s "
               f"({summary.rate:.0f} articles/s, linking included)", err=True)
    for kind, source, message in summary.problems[:PROBLEMS_SHOWN]:
        click.echo(f"{kind}: {source}: {message}", err=True)
    if summary.errors:
        sys.exit(EXIT_ARTICLES_FAILED)


def _counts(summary) -> str:
    return (f"{summary.added} added · {summary.updated} updated · {summary.unchanged} unchanged · "
            f"{summary.errors} failed · {summary.quotes} quotes · "
            f"{summary.errors_added} error rows added ({summary.errors_known} already there)")


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_SETUP_ERROR)
