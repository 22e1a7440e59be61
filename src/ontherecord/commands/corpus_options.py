"""Options and opening shared by the corpus commands (``quotes``, ``speakers``, ``stats``, ``export``, ``entities``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..corpus import Corpus
from ..corpus.dialect import DEFAULT_DB, StoreError
from .output import OUTPUT_FORMATS

EXIT_STORE_ERROR = 2


def db_option(function: Any) -> Any:
    return click.option("--db", default=DEFAULT_DB, show_default=True, envvar="ONTHERECORD_DB",
                        help="SQLite file or postgresql://user@host/db URL.")(function)


def format_option(function: Any) -> Any:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(OUTPUT_FORMATS),
        default=None,
        help="Output format. Default: table on a terminal, jsonl otherwise.",
    )(function)


def open_corpus(db: str) -> Corpus:
    """The corpus at ``db``; exits with code 2 and a clear message if it cannot be opened."""
    if "://" not in db and not Path(db).exists():
        click.echo(f"error: no corpus at {db} (create one with: ontherecord ingest SOURCE --db {db})", err=True)
        sys.exit(EXIT_STORE_ERROR)
    try:
        return Corpus(db)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_STORE_ERROR)
