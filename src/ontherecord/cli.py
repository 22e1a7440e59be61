"""The ``ontherecord`` command line. Each subcommand lives in its own module under ``commands/``."""

from __future__ import annotations

import importlib
import pkgutil

import click

from . import commands


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="ontherecord")
def cli() -> None:
    """Who said what, how, and on what authority: attributions in news articles.

    \b
    Examples:
      ontherecord extract story.txt --format table
      ontherecord extract articles.jsonl --format jsonl > records.jsonl
      ontherecord evaluate ../shared/seed/gold.json
    """


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            cli.add_command(command)


_register_commands()


def main() -> None:
    cli()
