"""The ``--mode``, ``--content-style``, ``--accurate-model`` and ``--tagger`` options shared by the
commands that run the engine."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..component import ACCURATE_MODEL_ENV, BUNDLED_TAGGER, TAGGER_ENV, accurate_model_dir, tagger_dir
from ..engine import CONTENT_STYLES, MODES

MODE_HELP = (
    "fast: the rule engine. accurate: the rules plus a reranker trained on PolNeAR, which adds "
    "attributions the rules miss and fixes content boundaries (about 10% slower; needs no extra install)."
)


def mode_options(command: Callable) -> Callable:
    command = _tagger_option(command)
    command = _directory_option(
        "--accurate-model",
        ACCURATE_MODEL_ENV,
        "Accurate mode with this model directory (from `ontherecord train`) instead of the shipped one.",
    )(command)
    command = click.option(
        "--content-style",
        type=click.Choice(CONTENT_STYLES),
        default="clean",
        show_default=True,
        help='clean: indirect content without its leading "that", quotes without their marks. polnear: with both, '
        "as PolNeAR's annotators mark content (use it to score on PolNeAR); with --tagger, also PolNeAR's "
        "broader notion of what is attributed.",
    )(command)
    return click.option("--mode", type=click.Choice(MODES), default="fast", show_default=True, help=MODE_HELP)(command)


def _directory_option(flag: str, environment_variable: str, help: str) -> Callable:
    """A model-directory option passed on as an environment variable rather than a parameter:
    worker processes, Spark executors and spaCy configs see it too."""

    def remember(context: click.Context, parameter: click.Parameter, value: Path | None) -> None:
        if value is not None:
            os.environ[environment_variable] = str(value.resolve())

    return click.option(
        flag,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        default=None,
        expose_value=False,
        callback=remember,
        help=help,
    )


TAGGER_HELP = (
    "bundled (the MiniLM tagger shipped with ontherecord) or a tagger directory from "
    "`ontherecord train --family minilm`. Its Source spans correct the speakers the parse finds; with "
    "--content-style polnear its content adds PolNeAR's broader attributions (beliefs, findings) the rules "
    "leave out. PolNeAR dev, accurate mode, polnear style: attributed F1 78.0 -> 79.7. About half the speed "
    "of accurate mode alone. Needs the accurate extra."
)


def _tagger_option(command: Callable) -> Callable:
    def remember(context: click.Context, parameter: click.Parameter, value: str | None) -> None:
        if value is None:
            return
        if value != BUNDLED_TAGGER:
            if not Path(value).is_dir():
                raise click.BadParameter(f"{value!r} is neither 'bundled' nor a directory", context, parameter)
            value = str(Path(value).resolve())
        os.environ[TAGGER_ENV] = value

    # --source-tagger: the name it had when it only corrected sources
    return click.option(
        "--tagger", "--source-tagger", default=None, expose_value=False, callback=remember, metavar="bundled|DIR", help=TAGGER_HELP
    )(command)


def tagger_problem() -> str | None:
    """Why the chosen tagger cannot run (no tagger in the directory, unreadable weights), or None.

    Without the accurate extra the command falls back instead: it says so on stderr and runs
    without the tagger (the records then name no tagger), as the component itself would."""
    directory = tagger_dir()
    if directory is None:
        return None
    from ..tagger.infer import TaggerUnavailable
    from ..tagger.hints import load_tagger, tagged_spans

    try:
        tagged_spans(load_tagger(directory), "The council said the pier would reopen.")  # loads the weights once, here
    except TaggerUnavailable as exc:
        os.environ.pop(TAGGER_ENV, None)
        click.echo(f"warning: --tagger: {exc}. Running without the tagger.", err=True)
    except Exception as exc:  # noqa: BLE001 - whatever else stops the tagger stops the command, with its reason
        return f"--tagger: {exc}"
    return None


def accurate_model_problem(mode: str) -> str | None:
    """Why accurate mode cannot run (no model in the chosen directory, an unreadable one), or None.

    Checked before any article is read: the weights otherwise load lazily, on the first article."""
    if mode != "accurate":
        return None
    from ..reranker.reranker import load_reranker

    try:
        load_reranker(accurate_model_dir())
    except (OSError, ValueError, KeyError) as exc:
        return str(exc)
    return None


def exit_if_accurate_model_unusable(mode: str, exit_code: int) -> None:
    """Stop the command with ``exit_code`` and the reason when accurate mode or the tagger cannot run."""
    problem = accurate_model_problem(mode) or tagger_problem()
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(exit_code)
