"""``ontherecord speakers``: the most quoted speakers of a corpus."""

from __future__ import annotations

import click

from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows

COLUMNS = ("entity_id", "name", "kind", "role", "organization", "articles", "quotes")


@click.command("speakers")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Only the N most quoted.")
@format_option
@db_option
def command(top, output_format, db) -> None:
    """Speakers across the corpus, most quoted first.

    People are cross-article entities (see `ontherecord entities`); organizations and
    documents are grouped by name; anonymous sources and groups are not ranked.

    \b
    Examples:
      ontherecord speakers --top 20
      ontherecord speakers --format csv > speakers.csv
    """
    with open_corpus(db) as corpus:
        write_rows(corpus.speakers(top=top), output_format, columns=COLUMNS, title="Speakers")
