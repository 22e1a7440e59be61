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
from ..corpus.fetch import Fetcher
from ..corpus.ingest import iter_source_items
from ..corpus.items import Skipped, SourceItem, as_article_input
from ..corpus.language import non_english_reason
from ..model import Article, ArticleInput, ItemError
from ..pipeline import DEFAULT_MODEL, ModelNotFound, extract_many, load_pipeline
from ..render import Tally, render_table, write_json, write_jsonl
from .limits import time_budget_option
from .modes import mode_options, usable_engine
from .progress import ProgressBar, known_total, quiet_option

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
@quiet_option
def command(
    paths: tuple[str, ...], output_format: str | None, engine: EngineConfig, processes: int, time_budget: float,
    quiet: bool,
) -> None:
    """Extract who said what from news articles.

    PATH is a .txt/.md file (UTF-8 text used exactly as is; a first line that is a
    headline becomes the title), an .html/.htm page (main text and
    title/author/date/site found with trafilatura), a .jsonl file (one {"id", "text",
    ...} object per line; optional title, url, outlet, author, published), a .csv file
    with the same columns, any of these gzip-compressed (.gz), an http(s):// article
    URL, an RSS/Atom feed (URL or .rss/.atom/.xml file: every entry's page is fetched),
    a WARC file (.warc, .warc.gz: its HTML responses), a directory (searched
    recursively for all of these), or - for stdin. These are the sources ingest reads,
    through the same readers.

    An article that is not in English is not extracted: "skipped: SOURCE: language de
    (not English)" on stderr, as for a fetched page that is not HTML. Skipped items do
    not change the exit code.

    Output: --format jsonl prints one Article record per line in input order;
    --format json prints a single JSON list of records (always a list, even for
    one article); --format table shows quotes and speakers per article.

    An input that cannot be read (missing, binary, not UTF-8, empty, a bad JSONL
    line, a page that cannot be fetched, an article over --time-budget) prints
    "error: PATH: reason" on stderr; the other inputs are still processed.

    On a terminal, a progress bar on stderr shows the articles done (of how many,
    when known), the rate and the time left; --quiet turns it off.

    \b
    Exit codes:
      0  every item extracted or skipped (not English, not HTML)
      1  some items had errors (the others were extracted)
      2  setup error: unknown --model, unusable accurate model

    \b
    Examples:
      ontherecord extract examples/harbor-strike.txt
      ontherecord extract story.html --format json
      ontherecord extract https://example.com/news/story.html --format table
      ontherecord extract feed.xml CC-NEWS-20250101.warc.gz --format jsonl
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

    fmt = output_format or ("table" if sys.stdout.isatty() else "jsonl")
    skipped = [0]
    with Fetcher() as fetcher, ProgressBar(total=known_total(paths), quiet=quiet) as bar:
        items = english_records(iter_source_items(paths, fetcher))
        results = extract_in_order(items, engine=engine, processes=processes, time_budget=time_budget or None)
        try:
            tally = _write(_noted(results, bar, skipped), fmt)
        except BrokenPipeError:
            _silence_stdout()  # reader went away (`| head`): stop quietly
            sys.exit(EXIT_ITEM_ERRORS)
    if sys.stderr.isatty() and not quiet:
        click.echo(f"{tally.articles} article(s), {tally.quotes} quote(s), {skipped[0]} skipped, "
                   f"{tally.errors} error(s)", err=True)
    if tally.errors:
        sys.exit(EXIT_ITEM_ERRORS)


def english_records(items: Iterable[SourceItem]) -> Iterator[ArticleInput | ItemError | Skipped]:
    """The items as article inputs, with one that is not English turned into a :class:`Skipped` item (ingest's check)."""
    for item in items:
        if not isinstance(item, (ItemError, Skipped)):
            item = as_article_input(item)
            reason = non_english_reason(item.text or "", item.language)
            if reason:
                item = Skipped(str(item.source or item.id or "?"), reason)
        yield item


def _noted(results: Iterable[Article | ItemError | Skipped], bar: ProgressBar, skipped: list[int]) -> Iterator[Article | ItemError]:
    """The results for the writers; each skipped item is a note on stderr, each result a step of the bar."""
    for result in results:
        bar.advance()
        if isinstance(result, Skipped):
            skipped[0] += 1
            click.echo(f"skipped: {result.source}: {result.reason}", err=True)
            continue
        yield result


def extract_in_order(
    items: Iterable[ArticleInput | ItemError | Skipped],
    *,
    engine: EngineConfig,
    processes: int = 1,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
) -> Iterator[Article | ItemError | Skipped]:
    """Run the readable records through ``extract_many``; reader errors and skipped items keep their
    place in the order.

    ``extract_many`` reads ahead (batches, worker pools), so the errors met on the way are
    held back and released just before the first result that follows them in the input.
    """
    pending_errors: deque[tuple[int, ItemError | Skipped]] = deque()
    record_positions: deque[int] = deque()

    def readable_records() -> Iterator[ArticleInput]:
        for position, item in enumerate(items):
            if isinstance(item, (ItemError, Skipped)):
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
