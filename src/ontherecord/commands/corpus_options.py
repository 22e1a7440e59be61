"""Options and opening shared by the corpus commands (``quotes``, ``speakers``, ``stats``, ``export``, ``entities``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from ..corpus import Corpus
from ..corpus.dialect import DEFAULT_DB, StoreError
from ..corpus.queries import BadFilter
from .output import OUTPUT_FORMATS

EXIT_STORE_ERROR = 2


def db_option(function: Any) -> Any:
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONTHERECORD_DB",
                        help="SQLite file or postgresql://user@host/db URL.")(function)


def format_choice(formats: tuple[str, ...], note: str = "") -> Any:
    """The ``--format`` option over ``formats`` (``note`` ends its help)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default=None,
        help=f"Output format. Default: table on a terminal, jsonl otherwise{note}.",
    )


format_option = format_choice(OUTPUT_FORMATS)
# Commands whose whole answer can also be one JSON document
JSON_FORMATS = ("table", "csv", "jsonl", "json")


@contextmanager
def open_corpus(db: str) -> Iterator[Corpus]:
    """The corpus at ``db``, closed afterwards; exits with code 2 and a clear message if it cannot be
    opened or a filter is invalid (a search over the term limit, a NUL character, a bad date)."""
    if "://" not in db and not Path(db).exists():
        click.echo(f"error: no corpus at {db} (create one with: ontherecord ingest SOURCE --db {db})", err=True)
        sys.exit(EXIT_STORE_ERROR)
    try:
        corpus = Corpus(db)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE_ERROR)
    with corpus:
        try:
            yield corpus
        except BadFilter as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_STORE_ERROR)
