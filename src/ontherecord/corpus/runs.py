"""Saving a run's articles: the run's row in ``runs`` with its counts, and each article saved
as one item — committed on its own, counted as added or updated, and an article the engine or
the store refused recorded in ``errors`` while the run goes on.

An article saved again keeps its speakers' entity links in the same transaction
(:func:`~.entities.keep_links`), so a run killed halfway leaves no speaker unlinked that was
linked before. A run's row names its host and process id: a row still ``running`` whose
process is gone on this host is ``interrupted`` (:func:`.run_status.run_status`), and is marked so when
the next run starts.

``ingest`` (articles through the engine) and ``load`` (the Spark job's tables) both save
through :func:`save_result` inside :func:`recorded_run`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ..model import SOURCE_CHARS, Article, ItemError
from ..safetext import short_text
from .store import Store

MAX_ERRORS_KEPT = 1000  # in the summary object; the errors table keeps them all


@dataclass
class IngestSummary:
    run_id: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    quotes: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, source, message)
    started: float = field(default_factory=time.monotonic)

    @property
    def articles(self) -> int:
        """Articles run through the engine and stored in this run."""
        return self.added + self.updated

    @property
    def rate(self) -> float:
        """Articles stored per second (so far, while the run is going)."""
        seconds = self.seconds or (time.monotonic() - self.started)
        return self.articles / seconds if seconds > 0 else 0.0

    def as_counts(self) -> dict[str, int]:
        return {
            "articles_added": self.added,
            "articles_updated": self.updated,
            "articles_unchanged": self.unchanged,
            "skipped": self.skipped,
            "errors": self.errors,
        }


@dataclass
class ArticleOrigin:
    """Where an article comes from: the identity it is stored under, its source and language."""

    identity: str
    source: str
    language: str | None


@contextmanager
def recorded_run(store: Store, summary: IngestSummary) -> Iterator[None]:
    """Close the run's row in ``runs`` with its counts and time: "finished", or "failed" if the
    body raised (the exception goes on)."""
    status = "failed"
    try:
        yield
        status = "finished"
    finally:
        summary.seconds = time.monotonic() - summary.started
        store.finish_run(summary.run_id, summary.as_counts(), status)


def save_result(
    store: Store, summary: IngestSummary, result: Article | ItemError, origin: ArticleOrigin, model: str | None
) -> None:
    """Save one article of the run (or record its error) and count it in ``summary``."""
    if isinstance(result, ItemError):
        summary.errors += 1
        note_problem(store, summary, "error", origin.source, result.message)
        return
    from .entities import keep_links

    try:
        with store.db.transaction():  # the article and its speakers' links, together
            with keep_links(store, origin.identity):
                outcome = store.save_article(
                    result,
                    identity=origin.identity,
                    source=origin.source,
                    language=origin.language,
                    model=model,
                    run_id=summary.run_id,
                )
    except Exception as exc:  # one article's bad data must not stop the run
        summary.errors += 1
        note_problem(store, summary, "error", origin.source, f"could not store: {exc}")
        return
    summary.quotes += len(result.quotes)
    if outcome == "added":
        summary.added += 1
    else:
        summary.updated += 1


def note_problem(store: Store, summary: IngestSummary, kind: str, source: str, message: str) -> None:
    """Record a failed (``error``) or ``skipped`` item in ``errors`` and in the summary, as short printable text."""
    source, message = short_text(source, SOURCE_CHARS), short_text(message)  # never binary or a flood
    store.record_error(source, message, kind=kind, run_id=summary.run_id)
    if len(summary.problems) < MAX_ERRORS_KEPT:
        summary.problems.append((kind, source, message))


# --- interrupted runs ---------------------------------------------------------------------------
