"""``ontherecord stats``: sourcing statistics per outlet."""

from __future__ import annotations

import click

from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows

COLUMNS = ("outlet", "articles", "quotes", "quotes_per_article", "named_share", "anonymous_share",
           "document_share", "top_speakers", "top_organizations")


@click.command("stats")
@format_option
@db_option
def command(output_format, db) -> None:
    """Per outlet: articles, quotes, quotes per article, the share of quotes from named
    (person or organization), anonymous and document sources, and the top speakers and
    organizations.

    \b
    Examples:
      ontherecord stats
      ontherecord stats --db postgresql://me@localhost/news --format jsonl
    """
    with open_corpus(db) as corpus:
        write_rows(corpus.stats(), output_format, columns=COLUMNS, title="Sourcing per outlet")
