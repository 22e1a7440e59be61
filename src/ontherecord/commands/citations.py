"""``ontherecord citations``: who cites whom across the corpus, outlet → outlet or journalist."""

from __future__ import annotations

import json
import sys

import click

from ..corpus.queries import CITATION_COLUMNS, CITATION_LINK_COLUMNS
from .corpus_options import JSON_FORMATS, db_option, format_choice, open_corpus
from .output import write_rows

LINK_TABLE_COLUMNS = ("citing_outlet", "cited", "cited_kind", "citations", "articles", "first_published")
CITATION_TABLE_COLUMNS = ("published", "citing_outlet", "cited", "cue", "text", "evidence")


@click.command("citations")
@click.option("--outlet", default=None, metavar="NAME", help="Only what this outlet cites (case ignored).")
@click.option("--cited", default=None, metavar="NAME", help="Only who cites this outlet or journalist (case ignored).")
@click.option("--each", is_flag=True, help="One row per citation (its article, cue and words), not per outlet pair.")
@click.option("--top", type=click.IntRange(min=1), default=None, help="At most this many rows.")
@format_choice(JSON_FORMATS, "; json is one list")
@db_option
def command(outlet, cited, each, top, output_format, db) -> None:
    """Media citations in the corpus: how often each outlet cites another outlet or a journalist as
    its source ("The Daily Meridian reported", "according to a Reuters report", "first revealed by
    independent journalist Ken Klippenstein"). A quote the speaker gave to an outlet ("told CNN")
    is not a citation of CNN: the speaker is the source, CNN the channel.

    An outlet is a name in the package's news_outlets.tsv, a name ending in a masthead word ("the
    Harbor Post") or an outlet of the corpus's own articles at the time of ingest; a journalist is
    a person the article calls one ("independent journalist ...", "..., a reporter for ...").
    An article citing its own outlet is not counted. Exits 1 when nothing matches.

    \b
    Examples:
      ontherecord citations                          # outlet → cited, most cited first
      ontherecord citations --outlet "BBC News" --format csv > bbc-cites.csv
      ontherecord citations --cited Reuters --each   # every story citing Reuters
    """
    with open_corpus(db) as corpus:
        if each:
            rows = corpus.media_citations(outlet=outlet, cited=cited, limit=top)
            columns, table_columns, title = CITATION_COLUMNS, CITATION_TABLE_COLUMNS, "Media citations"
        else:
            rows = corpus.citation_links(outlet=outlet, cited=cited, limit=top)
            columns, table_columns, title = CITATION_LINK_COLUMNS, LINK_TABLE_COLUMNS, "Who cites whom"
    if output_format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_rows(rows, output_format, columns=columns, table_columns=table_columns, title=title)
    if not rows:
        sys.exit(1)
