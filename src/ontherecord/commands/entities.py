"""``ontherecord entities``: people linked across articles, and manual merge/split corrections."""

from __future__ import annotations

import sys

import click

from ..corpus.entities import link_entities
from ..corpus.overrides import merge_entities, split_speaker
from ..corpus.queries import ENTITY_COLUMNS, ENTITY_MEMBER_COLUMNS
from .corpus_options import db_option, format_option, open_corpus
from .output import write_rows


@click.group("entities")
def command() -> None:
    """People quoted across articles: list, inspect, relink, and correct them.

    Corrections (merge, split) are stored as overrides keyed by article identity and
    speaker name, so they survive re-ingest and relinking.
    """


@command.command("list")
@click.option("--name", help="Only entities whose name contains this (case-insensitive).")
@click.option("--top", type=click.IntRange(min=1), help="Only the N most quoted.")
@format_option
@db_option
def list_entities(name, top, output_format, db) -> None:
    """Entities, most quoted first."""
    with open_corpus(db) as corpus:
        write_rows(corpus.entities(name=name, top=top), output_format, columns=ENTITY_COLUMNS, title="Entities")


@command.command("show")
@click.argument("entity_id", type=int)
@format_option
@db_option
def show(entity_id, output_format, db) -> None:
    """The speakers linked to one entity, with score and evidence."""
    with open_corpus(db) as corpus:
        rows = corpus.entity_members(entity_id)
        if not rows:
            click.echo(f"error: no entity {entity_id}", err=True)
            sys.exit(1)
        write_rows(rows, output_format, columns=ENTITY_MEMBER_COLUMNS, title=f"Entity {entity_id}")


@command.command("merge")
@click.argument("entity_ids", nargs=-1, type=int, required=True)
@click.option("--note", help="Why (kept with the override).")
@db_option
def merge(entity_ids, note, db) -> None:
    """Make several entities one person (at least two ids)."""
    if len(set(entity_ids)) < 2:
        raise click.UsageError("give at least two different entity ids")
    with open_corpus(db) as corpus:
        try:
            merged = merge_entities(corpus.store, list(entity_ids), note)
        except ValueError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    click.echo(f"merged into entity {merged}", err=True)


@command.command("split")
@click.argument("entity_id", type=int)
@click.option("--article", "article", required=True,
              help="The article whose speaker moves out: its identity (canonical URL or sha256:...) "
                   "or your own record id.")
@click.option("--note", help="Why (kept with the override).")
@db_option
def split(entity_id, article, note, db) -> None:
    """Move one article's speaker out of an entity into a new entity of its own.

    The other articles' speakers stay on ENTITY_ID.
    """
    with open_corpus(db) as corpus:
        identities = corpus.article_identities(article)
        if not identities:
            click.echo(f"error: no article {article} (give its identity or record id)", err=True)
            sys.exit(1)
        found = [(identity, corpus.entity_speaker_name(entity_id, identity)) for identity in identities]
        found = [(identity, name) for identity, name in found if name is not None]
        if len(found) != 1:
            problem = "has no speaker in" if not found else "has speakers in several articles with id"
            click.echo(f"error: entity {entity_id} {problem} article {article}", err=True)
            sys.exit(1)
        identity, speaker_name = found[0]
        new_entity = split_speaker(corpus.store, identity, speaker_name, note)
    click.echo(f"moved {speaker_name} of article {article} from entity {entity_id} to new entity {new_entity}; "
               f"the other articles stay on entity {entity_id}", err=True)


@command.command("relink")
@db_option
def relink(db) -> None:
    """Rebuild every entity from all person speakers (ingest, load and corrections link only the
    new and changed speakers, with the same result)."""
    with open_corpus(db) as corpus:
        count = link_entities(corpus.store)
    click.echo(f"{count} entities", err=True)


command.add_command(relink, "link")  # the name it had before relink
