"""``ontherecord audit``: the sourcing audit (sources by kind, women and men quoted, anonymous-sourcing
flags) per article, outlet, author, section or month, over files or a corpus store."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from ..audit import RULES, audited
from ..audit.summary import COLUMNS, GROUPINGS, TABLE_COLUMNS, summarize
from ..config import EngineConfig
from ..corpus.dialect import DEFAULT_DB
from ..corpus.fetch import Fetcher
from ..corpus.ingest import iter_source_items
from ..model import Article, ItemError
from ..pipeline import ModelNotFound, load_pipeline
from .corpus_options import JSON_FORMATS, format_choice, open_corpus
from .extract import english_records, extract_in_order
from .modes import mode_options, usable_engine
from .output import write_rows
from .progress import ProgressBar, known_total, quiet_option

EXIT_ITEM_ERRORS = 1
EXIT_SETUP_ERROR = 2
Sourced = tuple[Article, str | None]  # an article and its section, when the input gives one


@click.command("audit")
@click.argument("paths", nargs=-1, metavar="[PATH...]")
@click.option("--by", "by", type=click.Choice(GROUPINGS), default="outlet", show_default=True,
              help="One row per article, or per outlet, author, section (from the inputs' `section` key) or "
                   "publication month.")
@click.option("--records", is_flag=True,
              help="PATHs are article records (`extract --format jsonl` output), not articles to extract.")
@click.option("--db", default=None, envvar="ONTHERECORD_DB",
              help=f"Audit this corpus store instead of files (SQLite file or postgresql:// URL; "
                   f"default without PATHs: {DEFAULT_DB}).")
@format_choice(JSON_FORMATS)
@click.option("--rules", "show_rules", is_flag=True, help="List the anonymous-sourcing rules and their reasons.")
@click.option("--model", default=EngineConfig().model, show_default=True, help="Any installed spaCy pipeline.")
@mode_options
@quiet_option
def command(paths, by, records, db, output_format, show_rules, engine: EngineConfig, quiet) -> None:
    """Count who an outlet quotes: per article or per outlet, author, section or month, the sources
    by kind (a source: a speaker with quotes), the named (person, organization), anonymous and
    document shares, the women, men and unknown among person sources (kinds person and anonymous)
    with women_share, women among those whose gender is known, and the anonymous-sourcing flags
    by rule (--rules lists them).

    PATHs are what extract reads (the engine runs on them), or with --records the JSON Lines
    records extract wrote; without PATHs, the corpus store (--db). A person's gender comes from
    the article's words ("she", "Ms", "spokeswoman"); --gender-names adds name statistics for
    the rest.

    \b
    Examples:
      ontherecord audit articles.jsonl --by outlet
      ontherecord audit records.jsonl --records --by article --format csv > audit.csv
      ontherecord audit --db news.db --by month --format json
      ontherecord audit corpus/ --gender-names --by author
    """
    if show_rules:
        write_rows(({"rule": rule, "reason": reason} for rule, reason in RULES.items()), output_format,
                   columns=("rule", "reason"), title="Anonymous-sourcing rules")
        return
    errors = [0]
    if paths and records:
        articles = _records(paths, errors, usable_engine(engine, EXIT_SETUP_ERROR).gender_names)
    elif paths:
        articles = _extracted(paths, engine, quiet, errors)
    else:
        articles = None
    if articles is None:
        with open_corpus(db or DEFAULT_DB) as corpus:
            _write(corpus.audit_articles(gender_names=engine.gender_names), by, output_format)
    else:
        _write(articles, by, output_format)
    if errors[0]:
        sys.exit(EXIT_ITEM_ERRORS)


def _write(articles: Iterable[Sourced], by: str, output_format: str | None) -> None:
    rows = summarize(articles, by)
    if output_format == "json":
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    write_rows(rows, output_format, columns=COLUMNS, table_columns=TABLE_COLUMNS, title=f"Sourcing audit by {by}")


def _extracted(paths: tuple[str, ...], engine: EngineConfig, quiet: bool, errors: list[int]) -> Iterator[Sourced]:
    engine = usable_engine(engine, EXIT_SETUP_ERROR)
    try:
        load_pipeline(config=engine)
    except ModelNotFound as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_SETUP_ERROR)
    sections = input_sections(paths)
    with Fetcher() as fetcher, ProgressBar(total=known_total(paths), quiet=quiet) as bar:
        items = english_records(iter_source_items(paths, fetcher))
        for result in extract_in_order(items, engine=engine):
            bar.advance()
            if isinstance(result, Article):
                yield result, sections.get(result.id)
            elif isinstance(result, ItemError):
                errors[0] += 1
                click.echo(f"error: {result.source}: {result.message}", err=True)


def _records(paths: tuple[str, ...], errors: list[int], gender_names: bool) -> Iterator[Sourced]:
    """Article records from JSON Lines files; a record from before the audit gets it now."""
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    article = Article.from_dict(record)
                except (ValueError, KeyError, TypeError) as exc:
                    errors[0] += 1
                    click.echo(f"error: {path}:{number}: not an article record ({exc})", err=True)
                    continue
                if article.audit is None:
                    article = audited(article, gender_names=gender_names)
                yield article, record.get("section")


def input_sections(paths: Iterable[str]) -> dict[str, str]:
    """Article id → section, from the ``section`` key of the JSON Lines inputs (the record has none)."""
    sections: dict[str, str] = {}
    for path in paths:
        if not path.endswith(".jsonl") or not Path(path).is_file():
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("id") is not None and record.get("section"):
                    sections[str(record["id"])] = str(record["section"])
    return sections
