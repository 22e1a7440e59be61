"""``ontherecord stats``: sourcing statistics per outlet."""

from __future__ import annotations

import click

from ..corpus.queries import COPY_COLUMNS, RUN_COLUMNS
from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows

COLUMNS = ("outlet", "articles", "quotes", "quotes_per_article", "named_share", "anonymous_share",
           "document_share", "top_speakers", "top_organizations")


@click.command("stats")
@click.option("--runs", "show_runs", is_flag=True,
              help="List the ingest runs instead (newest first; a killed run shows as interrupted).")
@click.option("--include-copies", is_flag=True,
              help="Count articles that copy an earlier one (wire copy, syndication) too; by default a copied "
                   "article counts once.")
@click.option("--copies", "show_copies", is_flag=True,
              help="List the articles that copy an earlier one instead, with the share of shared text.")
@format_option
@db_option
def command(show_runs, include_copies, show_copies, output_format, db) -> None:
    """Per outlet: articles, quotes, quotes per article, the share of quotes from named
    (person or organization), anonymous and document sources, and the top speakers and
    organizations.

    \b
    Examples:
      ontherecord stats
      ontherecord stats --db postgresql://me@localhost/news --format jsonl
      ontherecord stats --runs
      ontherecord stats --copies
    """
    with open_corpus(db) as corpus:
        if show_runs:
            write_rows(corpus.runs(), output_format, columns=RUN_COLUMNS, title="Ingest runs")
            return
        if show_copies:
            write_rows(corpus.article_copies(), output_format, columns=COPY_COLUMNS, title="Copied articles")
            return
        write_rows(corpus.stats(include_copies=include_copies), output_format, columns=COLUMNS, title="Sourcing per outlet")
