"""The ``--time-budget`` option of the commands that run the engine over many articles."""

from __future__ import annotations

from collections.abc import Callable

import click

from ..budget import DEFAULT_TIME_BUDGET

TIME_BUDGET_HELP = (
    "Seconds one article may take (per 100,000 characters; longer articles run in segments of that size, "
    "each with this budget). An article over it is abandoned and reported as an error; the run goes on. "
    "0: no limit. Enforced on POSIX systems."
)


def time_budget_option(command: Callable) -> Callable:
    return click.option(
        "--time-budget",
        type=click.FloatRange(min=0),
        default=DEFAULT_TIME_BUDGET,
        show_default=True,
        metavar="SECONDS",
        help=TIME_BUDGET_HELP,
    )(command)
