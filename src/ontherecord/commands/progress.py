"""The one progress bar of the commands that work through many articles (``extract``, ``ingest``, ``load``).

On stderr, only when stderr is a terminal and ``--quiet`` is not given: items done (of the total
when it is known up front), a bar, the rate and the time left. It is transient: once the run is
over the line is gone and the command's own summary stays.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from ..readers import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES

SINGLE_ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
BAR_WIDTH = 10


def quiet_option(function: Callable) -> Callable:
    return click.option("--quiet", "-q", is_flag=True,
                        help="No progress bar and no closing summary on stderr (errors are still printed).")(function)


class RateColumn(ProgressColumn):
    """Items per second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "–/s", style="progress.data.speed")


class CountColumn(ProgressColumn):
    """``done/total`` when the total is known, else ``done``."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(no_wrap=True))
        self._with_total = MofNCompleteColumn()

    def render(self, task: Task) -> Text:
        if task.total is not None:
            return self._with_total.render(task)
        return Text(str(int(task.completed)), style="progress.download")


class CountsColumn(ProgressColumn):
    """The command's running counts ("12 added · 0 skipped"): the part cut first on a narrow terminal."""

    def __init__(self) -> None:
        super().__init__(table_column=Column(overflow="ellipsis"))

    def render(self, task: Task) -> Text:
        return Text(task.description, style="dim", no_wrap=True, overflow="ellipsis")


class ProgressBar:
    """``with ProgressBar(console, total=...) as bar: bar.advance(); bar.describe("12 added")``."""

    def __init__(self, console: Console | None = None, *, total: int | None = None, quiet: bool = False,
                 label: str = "articles") -> None:
        self.console = console or Console(stderr=True, highlight=False)
        self.enabled = not quiet and self.console.is_terminal
        # On a narrow terminal the running counts are cut first, never the count, rate or time left.
        self.progress = Progress(
            SpinnerColumn(),
            CountColumn(),
            TextColumn(label, table_column=Column(no_wrap=True)),
            BarColumn(bar_width=BAR_WIDTH),
            RateColumn(table_column=Column(no_wrap=True)),
            TimeRemainingColumn(compact=True, table_column=Column(no_wrap=True)),
            TimeElapsedColumn(table_column=Column(no_wrap=True)),
            CountsColumn(),
            console=self.console,
            transient=True,
            disable=not self.enabled,
        )
        self.task = self.progress.add_task("", total=total)

    def __enter__(self) -> ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def advance(self, steps: int = 1) -> None:
        self.progress.update(self.task, advance=steps)

    def set_completed(self, completed: int, description: str | None = None, total: int | None = None) -> None:
        """``completed`` items so far; a new description (the running counts) and total, when given."""
        fields: dict[str, Any] = {"completed": completed}
        if description is not None:
            fields["description"] = description
        if total is not None:
            fields["total"] = total
        self.progress.update(self.task, **fields)


def known_total(sources: Iterable[str]) -> int | None:
    """How many articles ``sources`` hold, when that is cheap to know before reading them: single-article
    files and uncompressed JSON Lines (counted by their non-empty lines); None for anything else
    (directories, CSV, compressed files, URLs, feeds, WARC, stdin)."""
    total = 0
    for source in sources:
        suffix = os.path.splitext(source.lower())[1]
        if not os.path.isfile(source):
            return None
        if suffix in SINGLE_ARTICLE_SUFFIXES:
            total += 1
        elif suffix in JSONL_SUFFIXES:
            total += _non_empty_lines(source)
        else:
            return None
    return total


def _non_empty_lines(path: str) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())
