"""A time budget per item for batch runs: an article that takes too long becomes an item error.

The engine's cost per character is bounded, but the budget is the guarantee that no single input
holds a batch for long whatever it contains: an article (each segment of a very long one, see
:mod:`ontherecord.segments`) that runs past it is abandoned and reported, and the batch goes on.

It is enforced with a wall-clock interval timer (SIGALRM), so only in a process's main thread
on POSIX systems (the CLI, worker processes, the explorer's analysis worker); elsewhere the work
runs unlimited. The timer interrupts Python code, so a single long call into compiled code (one
spaCy component on one document) finishes before the item is abandoned.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .segments import MAX_SEGMENT_CHARS

DEFAULT_TIME_BUDGET = 300.0  # seconds per article (per 100,000-character segment)
DEFAULT_ANALYZE_SECONDS = 60.0  # the explorer's limit per analysis (web/engine_worker.py)
DEFAULT_ANALYZE_QUEUE = 4  # analyses the explorer lets wait for the running one
REPEAT_SECONDS = 1.0  # if compiled code swallows the first interruption, the next one lands


class OverBudget(BaseException):
    """Raised in the running item when its budget is spent. A BaseException, so that the engine's
    own ``except Exception`` (one odd article must not stop a batch) does not swallow it."""


def over_budget_message(seconds: float) -> str:
    return f"took longer than its time budget of {seconds:g} seconds and was abandoned"


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` inside the block once it has run ``seconds``; no limit when
    ``seconds`` is None or 0, outside the main thread, without SIGALRM, or when a timer is
    already set (someone else's)."""
    if not seconds or not _can_time():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _can_time() -> bool:
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return False
    in_use = signal.getitimer(signal.ITIMER_REAL)[0] > 0
    return not in_use and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)


def _interrupt(signum: int, frame: object) -> None:
    raise OverBudget()


def parse_within_budget(nlp: Any, texts: list[str], batch_size: int, seconds: float | None) -> list[Any]:
    """Docs for ``texts`` (``nlp.pipe`` in one batch), each text given ``seconds`` per
    :data:`~ontherecord.segments.MAX_SEGMENT_CHARS` characters. If the batch fails or runs past
    its budget, each text alone, within its own; a text that fails or runs past its budget is a
    message string in its place."""
    try:
        with time_limit(_allowed(seconds, texts)):
            return list(nlp.pipe(texts, batch_size=batch_size))
    except (Exception, OverBudget):
        return [_parse_alone(nlp, text, seconds) for text in texts]


def _parse_alone(nlp: Any, text: str, seconds: float | None) -> Any:
    try:
        with time_limit(_allowed(seconds, [text])):
            return nlp(text)
    except OverBudget:
        return over_budget_message(seconds or 0)
    except Exception as exc:
        return f"processing failed: {type(exc).__name__}: {exc}"


def _allowed(seconds: float | None, texts: list[str]) -> float | None:
    if not seconds:
        return None
    return seconds * max(1.0, sum(map(len, texts)) / MAX_SEGMENT_CHARS)
