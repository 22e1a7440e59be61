"""The core of the scale-out job, free of Spark: ``process_partition(items) -> rows``.

A partition is any iterable of input items: article records (dicts with ``text``, or with
``html`` to extract the article from), :class:`~ontherecord.model.ItemError` and
:class:`~ontherecord.corpus.items.Skipped`. It streams them through
:func:`ontherecord.extract_many` (``nlp.pipe`` over batches, the pipeline loaded once per
worker process by :func:`ontherecord.load_pipeline`'s cache) and yields plain
``(table, row)`` pairs (:mod:`.rows`). A bad item becomes an ``errors`` row; nothing raises.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from ..corpus.fetch import page_record
from ..corpus.items import Record, Skipped, SourceItem
from ..corpus.language import non_english_reason
from ..model import ItemError
from ..pipeline import DEFAULT_MODEL, extract_many
from .rows import TableRow, article_rows, error_row

METADATA_FIELDS = ("id", "title", "url", "outlet", "author", "published")


def process_partition(
    items: Iterable[SourceItem], *, model: str = DEFAULT_MODEL, batch_size: int = 16
) -> Iterator[TableRow]:
    """Rows of the ``articles``, ``quotes``, ``speakers`` and ``errors`` tables for ``items``."""
    _one_blas_thread_per_worker()
    side_rows: deque[TableRow] = deque()
    pending: deque[Record] = deque()
    records = _records_for_engine(items, side_rows, pending)
    for result in extract_many(records, model=model, batch_size=batch_size):
        yield from _drain(side_rows)
        record = pending.popleft()
        if isinstance(result, ItemError):
            yield error_row(_source(record), "error", result.message)
        else:
            yield from article_rows(result, source=_source(record), language=record.get("language") or "en", model=model)
    yield from _drain(side_rows)


def _records_for_engine(items: Iterable[SourceItem], side_rows: deque[TableRow], pending: deque[Record]) -> Iterator[Record]:
    """The items the engine should see; the others go to ``side_rows`` as error rows."""
    for item in items:
        if isinstance(item, Skipped):
            side_rows.append(error_row(item.source, "skipped", item.reason))
            continue
        if isinstance(item, ItemError):
            side_rows.append(error_row(item.source, "error", item.message))
            continue
        record = _with_text(item)
        if isinstance(record, ItemError):
            side_rows.append(error_row(record.source, "error", record.message))
            continue
        reason = non_english_reason(record["text"], record.get("language")) if isinstance(record.get("text"), str) else None
        if reason:
            side_rows.append(error_row(_source(record), "skipped", reason))
            continue
        pending.append(record)
        yield record


def _with_text(record: Record) -> Record | ItemError:
    """The record, its article extracted first when it brings ``html`` instead of ``text``."""
    if record.get("text") is not None or not record.get("html"):
        return record
    extracted = page_record(record["html"], record.get("url"), source=_source(record))
    if isinstance(extracted, ItemError):
        return extracted
    given = {key: record[key] for key in METADATA_FIELDS if record.get(key)}
    return {**extracted, **given}


def _source(record: Record) -> str:
    return str(record.get("source") or record.get("url") or record.get("id") or "?")


def _drain(rows: deque[TableRow]) -> Iterator[TableRow]:
    while rows:
        yield rows.popleft()


@lru_cache(maxsize=1)
def _one_blas_thread_per_worker() -> None:
    # Spark runs one task per core: BLAS threads inside a task would only fight each other.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)

