"""``ontherecord trace``: every appearance of a quote across the corpus, earliest first."""

from __future__ import annotations

import sys

import click

from ..corpus.queries import APPEARANCE_COLUMNS
from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows

TABLE_COLUMNS = ("published", "outlet", "speaker_name", "relation", "wording")


@click.command("trace")
@click.argument("quote_text")
@format_option
@db_option
def command(quote_text, output_format, db) -> None:
    """Every appearance of QUOTE_TEXT in the corpus, earliest first: its exact words, a part of it
    or a near wording, with each variant's changed words ([-dropped-] {+added+}) against the first.

    \b
    Examples:
      ontherecord trace "We will reopen the berth on Monday"
      ontherecord trace "reopen the berth" --format csv > appearances.csv
    """
    with open_corpus(db) as corpus:
        rows = [{**row, "wording": row["changes"] or row["content"]} for row in corpus.trace(quote_text)]
        write_rows(rows, output_format, columns=APPEARANCE_COLUMNS, table_columns=TABLE_COLUMNS,
                   title="Appearances")
    if not rows:
        sys.exit(1)
