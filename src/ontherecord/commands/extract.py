"""``ontherecord extract``: attributed statements of articles in files or stdin, as JSON or a table."""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator

import click
from rich.console import Console

from ..budget import DEFAULT_TIME_BUDGET
from ..config import EngineConfig
from ..model import Article, ArticleInput, ItemError
from ..pipeline import DEFAULT_MODEL, ModelNotFound, extract_many, load_pipeline
from ..readers import iter_records
from ..render import Tally, render_table, write_json, write_jsonl
from .limits import time_budget_option
from .modes import mode_options, usable_engine

FORMATS = ("table", "jsonl", "json")
EXIT_ITEM_ERRORS = 1
EXIT_MODEL_NOT_FOUND = 2


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format. Default: table on a terminal, jsonl otherwise.",
)
@click.option("--model", default=DEFAULT_MODEL, show_default=True, help="Any installed spaCy pipeline.")
@mode_options
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes running the engine (useful for large corpora).",
)
@time_budget_option
def command(
    paths: tuple[str, ...], output_format: str | None, engine: EngineConfig, processes: int, time_budget: float,
) -> None:
    """Extract who said what from news articles.

    PATH is a .txt/.md file (UTF-8 text used exactly as is), an .html/.htm page
    (main text and title/author/date/site found with trafilatura), a .jsonl file
    (one {"id", "text", ...} object per line; optional title, url, outlet, author,
    published), a .csv file with the same columns, any of these gzip-compressed
    (.gz), a directory (searched recursively for those), or - for stdin.

    Output: --format jsonl prints one Article record per line in input order;
    --format json prints a single JSON list of records (always a list, even for
    one article); --format table shows quotes and speakers per article.

    An input that cannot be read (missing, binary, not UTF-8, empty, a bad JSONL
    line, an article over --time-budget) prints "error: PATH: reason" on stderr;
    the other inputs are still processed, and the exit code is 1. An unknown
    --model exits with code 2.

    \b
    Examples:
      ontherecord extract examples/harbor-strike.txt
      ontherecord extract story.html --format json
      ontherecord extract articles.jsonl --format jsonl > records.jsonl
      ontherecord extract corpus/ --processes 2 --format jsonl | gzip > out.jsonl.gz
      cat story.txt | ontherecord extract - --format table
      ontherecord extract story.txt --model en_core_web_lg
      ontherecord extract story.txt --mode accurate
      ontherecord extract story.txt --mode accurate --tagger bundled   (accurate extra)
    """
    engine = usable_engine(engine, EXIT_MODEL_NOT_FOUND)
    try:
        load_pipeline(config=engine)  # fail fast, and forked workers inherit the loaded pipeline
    except ModelNotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_MODEL_NOT_FOUND)

    results = extract_in_order(iter_records(paths), engine=engine, processes=processes, time_budget=time_budget or None)
    fmt = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    try:
        tally = _write(results, fmt)
    except BrokenPipeError:
        _silence_stdout()  # reader went away (`| head`): stop quietly
        sys.exit(EXIT_ITEM_ERRORS)
    if sys.stderr.isatty():
        click.echo(
            f"{tally.articles} article(s), {tally.quotes} quote(s), {tally.errors} error(s)", err=True
        )
    if tally.errors:
        sys.exit(EXIT_ITEM_ERRORS)


def extract_in_order(
    items: Iterable[ArticleInput | ItemError],
    *,
    engine: EngineConfig,
    processes: int = 1,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Article | ItemError]:
    """Run the readable records through ``extract_many``; reader errors keep their place in the order.

    ``extract_many`` reads ahead (batches, worker pools), so the errors met on the way are
    held back and released just before the first result that follows them in the input.
    """
    pending_errors: deque[tuple[int, ItemError]] = deque()
    record_positions: deque[int] = deque()

    def readable_records() -> Iterator[ArticleInput]:
        for position, item in enumerate(items):
            if isinstance(item, ItemError):
                pending_errors.append((position, item))
            else:
                record_positions.append(position)
                yield item

    results = extract_many(readable_records(), config=engine, processes=processes, time_budget=time_budget)
    for result in results:
        position = record_positions.popleft()
        while pending_errors and pending_errors[0][0] < position:
            yield pending_errors.popleft()[1]
        yield result
    while pending_errors:
        yield pending_errors.popleft()[1]


def _write(results: Iterable[Article | ItemError], fmt: str) -> Tally:
    if fmt == "jsonl":
        return write_jsonl(results, sys.stdout, errors=sys.stderr)
    if fmt == "json":
        return write_json(results, sys.stdout, errors=sys.stderr)
    return render_table(results, Console(file=sys.stdout, highlight=False), errors=sys.stderr)


def _silence_stdout() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (e.g. captured in tests)
        pass
