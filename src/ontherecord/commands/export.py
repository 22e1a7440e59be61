"""``ontherecord export``: every quote with its article and speaker, as CSV, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from typing import IO, Any

import click

from ..corpus.queries import EXPORT_FORMATS
from ..model import SPEAKER_KINDS
from .corpus_options import db_option, open_corpus

STDOUT = "-"


@click.command("export")
@click.option("--format", "export_format", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="Output file, or - for stdout (default: quotes.<format>).")
@click.option("--speaker", help="Only quotes of this speaker (substring).")
@click.option("--outlet", help="Only this outlet.")
@click.option("--kind", type=click.Choice(SPEAKER_KINDS), help="Only this speaker kind.")
@click.option("--since", metavar="DATE", help="Only articles published on or after this ISO date.")
@db_option
def command(export_format, output, speaker, outlet, kind, since, db) -> None:
    """Export the quotes of a corpus (one row per quote, with article and speaker columns).

    Columns: the article (its store identity, your own record_id, title, outlet, date, URL),
    the quote (id, type, content, text, offsets, cue, channel, figures, confidence) and the
    speaker (name, kind, title, role, organization, cross-article entity).

    \b
    Examples:
      ontherecord export --format parquet -o quotes.parquet
      ontherecord export --format csv --outlet "BBC News" -o bbc.csv
      ontherecord export --format csv -o - | head
    """
    path = output or f"quotes.{export_format}"
    with open_corpus(db) as corpus:
        target = _stdout(export_format) if path == STDOUT else path
        count = corpus.export(export_format, target, speaker=speaker, outlet=outlet, kind=kind, since=since)
        if path == STDOUT:
            target.flush()
    click.echo(f"{count} quote(s) written to {'stdout' if path == STDOUT else path}", err=True)


def _stdout(export_format: str) -> IO[Any]:
    return sys.stdout.buffer if export_format == "parquet" else sys.stdout
