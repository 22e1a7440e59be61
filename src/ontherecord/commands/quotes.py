"""``ontherecord quotes``: search the quotes of a corpus."""

from __future__ import annotations

import click

from ..corpus.queries import CLUSTER_COLUMNS, FLAG_FILTERS, GENDER_FILTERS, QUOTE_COLUMNS
from ..model import SPEAKER_KINDS
from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows

TABLE_COLUMNS = ("published", "outlet", "speaker_name", "speaker_kind", "type", "content")
CLUSTER_TABLE_COLUMNS = ("cluster_id", "first_published", "first_outlet", "article_count", "variant_count", "text")


@click.command("quotes")
@click.option("--speaker", help="Speaker name (substring, case-insensitive; also matches the cross-article entity).")
@click.option("--search", help='Full-text search: words all present, "a phrase", OR, -word (docs/corpus.md).')
@click.option("--outlet", help="Outlet name (exact, case-insensitive).")
@click.option("--kind", type=click.Choice(SPEAKER_KINDS), help="Speaker kind, e.g. anonymous.")
@click.option("--since", metavar="DATE", help="Articles published on or after this ISO date (2025-01-31).")
@click.option("--gender", type=click.Choice(GENDER_FILTERS),
              help="The speaker's gender, as the sourcing audit gives it (docs/audit.md).")
@click.option("--flag", type=click.Choice(FLAG_FILTERS),
              help="Quotes with this audit flag (at the quote or on its whole article); `audit --rules` lists them.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many quotes.")
@click.option("--clusters", is_flag=True,
              help="List quote clusters instead: the same statement across articles, most widely carried first "
                   "(takes --speaker, --search, --limit).")
@click.option("--min-articles", type=click.IntRange(min=1), default=2, show_default=True,
              help="With --clusters: only clusters carried by at least this many articles.")
@format_option
@db_option
def command(speaker, search, outlet, kind, since, gender, flag, limit, clusters, min_articles, output_format,
            db) -> None:
    """Quotes in the corpus, newest articles first.

    \b
    Examples:
      ontherecord quotes --speaker Parnell
      ontherecord quotes --search "military action" --since 2025-01-01
      ontherecord quotes --kind anonymous --outlet Newsweek --format csv > anonymous.csv
      ontherecord quotes --gender female --outlet Newsweek
      ontherecord quotes --flag anonymous_opinion
      ontherecord quotes --clusters --min-articles 3
    """
    with open_corpus(db) as corpus:
        if clusters:
            rows = corpus.quote_clusters(min_articles=min_articles, speaker=speaker, search=search, limit=limit)
            write_rows(rows, output_format, columns=CLUSTER_COLUMNS, table_columns=CLUSTER_TABLE_COLUMNS,
                       title="Quote clusters")
            return
        rows = corpus.iter_quotes(speaker=speaker, search=search, outlet=outlet, kind=kind, since=since,
                                  gender=gender, flag=flag, limit=limit)
        write_rows(rows, output_format, columns=QUOTE_COLUMNS, table_columns=TABLE_COLUMNS, title="Quotes")
