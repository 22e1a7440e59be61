"""The explorer's analyses run in one worker process, off the request threads, with limits.

The engine is CPU-bound Python: run in a request thread it would hold the interpreter lock the
other requests need. So it runs in a process of its own (started on the first analysis, with the
spaCy pipeline loaded there), one analysis at a time, and:

* at most ``queue`` more analyses wait for it; a request beyond that, or one that waits longer
  than ``seconds``, is refused at once as busy (503);
* an analysis gets ``seconds``: past that the worker abandons it (the engine's time budget), and
  if the worker does not answer within a grace period after that it is killed and the next
  analysis starts a new one; either way the request is told why (422).
"""

from __future__ import annotations

import multiprocessing
import threading
from multiprocessing.connection import Connection
from typing import Any

from ..budget import DEFAULT_ANALYZE_QUEUE, DEFAULT_ANALYZE_SECONDS
from ..config import EngineConfig
from ..model import Article

KILL_GRACE_SECONDS = 15.0  # a compiled step finishing after the budget, before the worker is killed
START_SECONDS = 180.0  # starting the process and loading the spaCy pipeline


class WorkerBusy(Exception):
    """Too many analyses are running or waiting."""


class WorkerFailed(Exception):
    """The analysis could not be done: the message says why, in a sentence."""


class EngineWorker:
    def __init__(self, engine: EngineConfig, *, seconds: float = DEFAULT_ANALYZE_SECONDS,
                 queue: int = DEFAULT_ANALYZE_QUEUE) -> None:
        self.engine = engine
        self.seconds = seconds
        self._slots = threading.BoundedSemaphore(queue + 1)  # the running analysis and those waiting
        self._turn = threading.Lock()
        self._process: Any = None
        self._connection: Connection | None = None

    def extract(self, text: str, metadata: dict[str, str]) -> Article:
        """The article record for ``text``; :class:`WorkerBusy` or :class:`WorkerFailed` otherwise."""
        if not self._slots.acquire(blocking=False):
            raise WorkerBusy("the explorer is busy analyzing other articles; try again in a minute")
        try:
            if not self._turn.acquire(timeout=self.seconds):
                raise WorkerBusy("the explorer is busy analyzing other articles; try again in a minute")
            try:
                return self._run(text, metadata)
            finally:
                self._turn.release()
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._turn:
            self._stop()

    def _run(self, text: str, metadata: dict[str, str]) -> Article:
        connection = self._started()
        connection.send((text, metadata))
        if not connection.poll(self.seconds + KILL_GRACE_SECONDS):
            self._stop()
            raise WorkerFailed(f"the analysis took longer than {self.seconds:g} seconds and was stopped")
        try:
            status, payload = connection.recv()
        except (EOFError, OSError):
            self._stop()
            raise WorkerFailed("the analysis failed (the engine process ended); try again") from None
        if status == "error":
            raise WorkerFailed(payload)
        return Article.from_dict(payload)

    def _started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection
        self._stop()
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        ours, theirs = context.Pipe()
        process = context.Process(target=serve, args=(theirs, self.engine, self.seconds), daemon=True,
                                  name="ontherecord-analyze")
        process.start()
        theirs.close()
        if not ours.poll(START_SECONDS) or ours.recv() != "ready":
            process.kill()
            raise WorkerFailed("the engine could not be started for the analysis")
        self._process, self._connection = process, ours
        return ours

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(timeout=10)
        if self._connection is not None:
            self._connection.close()
        self._process = self._connection = None


def serve(connection: Connection, engine: EngineConfig, seconds: float) -> None:
    """The worker process: load the pipeline, then analyze each text sent, within ``seconds``."""
    from threadpoolctl import threadpool_limits

    from ..pipeline import extract, load_pipeline

    threadpool_limits(1)  # the server's own threads need the second core
    load_pipeline(config=engine)
    if engine.gender_names:  # the name table too, before the first analysis's time limit runs
        from ..audit import name_statistics

        name_statistics()
    connection.send("ready")
    while True:
        try:
            text, metadata = connection.recv()
        except (EOFError, OSError):
            return
        try:
            article = extract(text, config=engine, time_budget=seconds, **metadata)
            connection.send(("ok", article.to_dict()))
        except ValueError as exc:
            connection.send(("error", str(exc)))
        except Exception as exc:  # noqa: BLE001 - the request is told, the worker goes on
            connection.send(("error", f"the analysis failed: {type(exc).__name__}: {exc}"))
