"""The engine options shared by the commands that run the engine: ``--mode``, ``--content-style``,
``--reranker`` and ``--tagger``, turned with the command's ``--model`` into one
:class:`~ontherecord.config.EngineConfig` (the command receives it as ``engine``)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import BUNDLED_TAGGER, EngineConfig
from ..engine import CONTENT_STYLES, MODES

MODE_HELP = (
    "fast: the rule engine. accurate: the rules plus a reranker trained on PolNeAR, which adds "
    "attributions the rules miss and fixes content boundaries (needs no extra install)."
)
CONTENT_STYLE_HELP = (
    'clean: indirect content without its leading "that", quotes without their marks. polnear: with both, '
    "as PolNeAR's annotators mark content (use it to score on PolNeAR); with --tagger, also PolNeAR's "
    "broader notion of what is attributed."
)
RERANKER_HELP = (
    "Accurate mode with the reranker in this directory (from `ontherecord train`) instead of the shipped one. "
    "Default: $ONTHERECORD_RERANKER."
)
TAGGER_HELP = (
    "bundled (the MiniLM tagger shipped with ontherecord) or a tagger directory from "
    "`ontherecord train --family minilm`. Its Source spans correct the speakers the parse finds; with "
    "--content-style polnear its content adds PolNeAR's broader attributions (beliefs, findings) the rules "
    "leave out. Needs the accurate extra. Default: $ONTHERECORD_TAGGER."
)
GENDER_NAMES_HELP = (
    "Person sources with no evidence of their gender in the article (no \"she\", \"Ms\", \"spokeswoman\") "
    "get the gender offline name statistics give their first name (nomquamgender; the gender extra), "
    "with its probability and method \"name\"; below the threshold in data/gender_settings.tsv they stay unknown."
)
ENGINE_PARAMETERS = ("model", "mode", "content_style", "reranker", "accurate_model", "tagger", "gender_names")


def mode_options(command: Callable) -> Callable:
    """Add the engine options to ``command`` and pass it ``engine`` (an EngineConfig, the command's
    ``--model`` included) instead of them."""

    @functools.wraps(command)
    def with_engine(*args: Any, **kwargs: Any) -> Any:
        options = {name: kwargs.pop(name, None) for name in ENGINE_PARAMETERS}
        deprecated = options.pop("accurate_model")
        if deprecated is not None:
            click.echo("warning: --accurate-model is deprecated: use --reranker", err=True)
            options["reranker"] = options["reranker"] or deprecated
        return command(*args, engine=EngineConfig.from_environment(**options), **kwargs)

    decorated: Callable = with_engine
    for option in reversed(_engine_options()):
        decorated = option(decorated)
    return decorated


def _engine_options() -> list[Callable]:
    directory = click.Path(exists=True, file_okay=False, path_type=Path)
    return [
        click.option("--mode", type=click.Choice(MODES), default="fast", show_default=True, help=MODE_HELP),
        click.option("--content-style", type=click.Choice(CONTENT_STYLES), default="clean", show_default=True,
                     help=CONTENT_STYLE_HELP),
        click.option("--reranker", type=directory, default=None, callback=_absolute, metavar="DIR", help=RERANKER_HELP),
        click.option("--accurate-model", type=directory, default=None, callback=_absolute, hidden=True,
                     help="Deprecated name of --reranker."),
        # --source-tagger: the name it had when it only corrected sources
        click.option("--tagger", "--source-tagger", default=None, callback=_tagger_choice, metavar="bundled|DIR",
                     help=TAGGER_HELP),
        click.option("--gender-names", is_flag=True, default=None, help=GENDER_NAMES_HELP),
    ]


def _absolute(context: click.Context, parameter: click.Parameter, value: Path | None) -> str | None:
    # absolute: worker processes and Spark executors may run elsewhere
    return None if value is None else str(value.resolve())


def _tagger_choice(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is None or value == BUNDLED_TAGGER:
        return value
    if not Path(value).is_dir():
        raise click.BadParameter(f"{value!r} is neither 'bundled' nor a directory", context, parameter)
    return str(Path(value).resolve())


def tagger_problem(engine: EngineConfig) -> tuple[str | None, EngineConfig]:
    """Why the chosen tagger cannot run (no tagger in the directory, unreadable weights), or None,
    and the engine to run.

    Without the accurate extra the command falls back instead: it says so on stderr and runs
    without the tagger (the records then name no tagger), as the component itself would."""
    directory = engine.tagger_dir()
    if directory is None:
        return None, engine
    from ..tagger.hints import load_tagger, tagged_spans
    from ..tagger.infer import TaggerUnavailable

    try:
        tagged_spans(load_tagger(directory), "The council said the pier would reopen.")  # loads the weights once, here
    except TaggerUnavailable as exc:
        click.echo(f"warning: --tagger: {exc}. Running without the tagger.", err=True)
        return None, engine.replace(tagger=None)
    except Exception as exc:  # noqa: BLE001 - whatever else stops the tagger stops the command, with its reason
        return f"--tagger: {exc}", engine
    return None, engine


def reranker_problem(engine: EngineConfig) -> str | None:
    """Why accurate mode cannot run (no reranker in the chosen directory, an unreadable one), or None.

    Checked before any article is read: the weights otherwise load lazily, on the first article."""
    if engine.mode != "accurate":
        return None
    from ..reranker.reranker import load_reranker

    try:
        load_reranker(engine.reranker_dir())
    except (OSError, ValueError, KeyError) as exc:
        return str(exc)
    return None


def engine_problem(engine: EngineConfig) -> tuple[str | None, EngineConfig]:
    """Why the engine cannot run with the chosen reranker or tagger (or None), and the engine to run."""
    problem = reranker_problem(engine) or gender_names_problem(engine)
    if problem:
        return problem, engine
    return tagger_problem(engine)


def gender_names_problem(engine: EngineConfig) -> str | None:
    """Why --gender-names cannot run (the gender extra is not installed), or None."""
    if not engine.gender_names:
        return None
    from ..audit import NamesUnavailable, name_statistics

    try:
        name_statistics()
    except NamesUnavailable as exc:
        return str(exc)
    return None


def usable_engine(engine: EngineConfig, exit_code: int) -> EngineConfig:
    """The engine to run, or the command stopped with ``exit_code`` and the reason when the reranker or
    the tagger cannot run."""
    problem, engine = engine_problem(engine)
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(exit_code)
    return engine
