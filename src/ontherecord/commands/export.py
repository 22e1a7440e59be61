"""``ontherecord export``: every quote with its article and speaker, as CSV, JSON Lines or Parquet."""

from __future__ import annotations

import click

from ..corpus.queries import EXPORT_FORMATS
from ..model import SPEAKER_KINDS
from .corpus_options import db_option, open_corpus


@click.command("export")
@click.option("--format", "export_format", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True),
              help="Output file (default: quotes.<format>).")
@click.option("--speaker", help="Only quotes of this speaker (substring).")
@click.option("--outlet", help="Only this outlet.")
@click.option("--kind", type=click.Choice(SPEAKER_KINDS), help="Only this speaker kind.")
@click.option("--since", metavar="DATE", help="Only articles published on or after this ISO date.")
@db_option
def command(export_format, output, speaker, outlet, kind, since, db) -> None:
    """Export the quotes of a corpus (one row per quote, with article and speaker columns).

    \b
    Examples:
      ontherecord export --format parquet -o quotes.parquet
      ontherecord export --format csv --outlet "BBC News" -o bbc.csv
    """
    path = output or f"quotes.{export_format}"
    with open_corpus(db) as corpus:
        count = corpus.export(export_format, path, speaker=speaker, outlet=outlet, kind=kind, since=since)
    click.echo(f"{count} quote(s) written to {path}", err=True)
