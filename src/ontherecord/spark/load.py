"""Load the Spark job's Parquet tables into a corpus store (SQLite or PostgreSQL), idempotently.

Each article is rebuilt from its rows (:func:`.rows.article_from_rows`) and saved under the
identity the job computed: new articles in batches (:mod:`..corpus.bulk`), an article stored
with other text (or with ``force``) through :meth:`Store.save_article`; an article already
stored with the same text is left alone, so loading the same output twice adds nothing. Error rows
join the store's ``errors`` table unless the same (source, kind, message) is there already.
The tables are read one outlet-month partition at a time (pyarrow only, no Spark needed).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from ..corpus.bulk import NewArticle, save_new_articles
from ..corpus.deferred_indexes import indexes_deferred
from ..corpus.runs import ArticleOrigin, IngestSummary, recorded_run, save_result
from ..corpus.store import NulCharacter, Store
from ..model import ItemError
from .rows import Row, article_from_rows
from .store_rows import new_article


class NotJobOutput(ValueError):
    """The directory is not (complete) output of ``ontherecord spark``."""


@dataclass
class LoadSummary(IngestSummary):
    """The ingest counts (``errors``: articles the store refused) plus the job's error rows."""

    errors_added: int = 0
    errors_known: int = 0  # already in the store's errors table


ProgressCallback = Callable[[LoadSummary, int], None]  # (summary so far, total article rows)
BATCH_ARTICLES = 500  # new articles written per transaction
DEFER_INDEXES_AT = 5000  # a load of at least this many articles, and of as many as are stored, builds indexes last


def load_output(
    directory: str,
    store: Store,
    *,
    force: bool = False,
    link_entities: bool = True,
    on_progress: ProgressCallback | None = None,
) -> LoadSummary:
    """Load ``directory`` (``articles/ quotes/ speakers/ errors/``) into ``store``."""
    tables = open_tables(directory)
    summary = LoadSummary(run_id=store.start_run([directory]))
    report = on_progress or (lambda _summary, _total: None)
    total = tables["articles"].count_rows() if tables["articles"].files else 0
    with recorded_run(store, summary):
        deferred = total >= DEFER_INDEXES_AT and total >= store.count("articles")
        with indexes_deferred(store.db, summary.run_id) if deferred else nullcontext():
            batch = Batch(store, summary, force, counted=not deferred)
            fragments = {name: fragments_by_partition(tables[name]) for name in ("articles", "quotes", "speakers")}
            for partition in sorted(fragments["articles"]):
                articles = list(_partition_articles(fragments, partition))
                batch.look_up(row["article_identity"] for row, _, _ in articles)
                for article_row, quotes, speakers in articles:
                    batch.add(article_row, quotes, speakers)
                report(summary, total)
            batch.flush()
        report(summary, total)
        _store_errors(store, summary, tables["errors"])
        if link_entities and summary.articles:
            from ..corpus.entities import link_new
            from ..corpus.ingest import link_across_articles

            link_new(store)
            link_across_articles(store)
    return summary


def open_tables(directory: str) -> dict[str, Any]:
    """The four tables of a job output as pyarrow datasets."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    partitioning = ds.partitioning(pa.schema([("outlet", pa.string()), ("month", pa.string())]), flavor="hive")
    tables = {}
    for name in ("articles", "quotes", "speakers", "errors"):
        path = os.path.join(directory, name)
        if not os.path.isdir(path):
            raise NotJobOutput(f"{directory} has no {name}/ table: not the output of 'ontherecord spark'")
        tables[name] = ds.dataset(path, format="parquet", partitioning=None if name == "errors" else partitioning)
    return tables


def partitions(articles: Any) -> list[tuple[str, str]]:
    """The (outlet, month) partitions of the articles table, sorted."""
    return sorted(fragments_by_partition(articles))


def fragments_by_partition(table: Any) -> dict[tuple[str, str], list[Any]]:
    """The files of a partitioned table by (outlet, month), found once (not one scan per partition)."""
    import pyarrow.dataset as ds

    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for fragment in table.get_fragments():
        keys = ds.get_partition_keys(fragment.partition_expression)
        found[(keys["outlet"], keys["month"])].append(fragment)
    return found


def _partition_articles(
    fragments: dict[str, dict[tuple[str, str], list[Any]]], partition: tuple[str, str]
) -> Iterator[tuple[Row, list[Row], list[Row]]]:
    """Each article row of one partition with its quote and speaker rows.

    The same article twice in the input gives identical rows; the store then finds the
    second one unchanged.
    """
    quotes = _by_version(_rows(fragments["quotes"].get(partition, []), partition))
    speakers = _by_version(_rows(fragments["speakers"].get(partition, []), partition))
    for row in _rows(fragments["articles"][partition], partition):
        version = (row["article_identity"], row["text_hash"])
        yield row, quotes.get(version, []), speakers.get(version, [])


def _rows(fragments: list[Any], partition: tuple[str, str]) -> list[Row]:
    outlet, month = partition
    rows: list[Row] = []
    for fragment in fragments:
        table = fragment.to_table()
        names = [name for name in table.column_names if name not in ("outlet", "month")]
        columns = [table.column(name).to_pylist() for name in names]  # a column at a time: faster than by row
        columns += [[outlet] * table.num_rows, [month] * table.num_rows]
        names += ["outlet", "month"]
        rows += [dict(zip(names, values)) for values in zip(*columns)]
    return rows


def _by_version(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    """Rows grouped by article version, one per position (duplicate input records repeat them)."""
    grouped: dict[tuple[str, str], dict[int, Row]] = defaultdict(dict)
    for row in rows:
        grouped[(row["article_identity"], row["text_hash"])].setdefault(row["position"], row)
    return {version: list(rows.values()) for version, rows in grouped.items()}


class Batch:
    """New articles gathered and written together (:func:`~ontherecord.corpus.bulk.save_new_articles`);
    an article stored before, or already in the batch, goes through the one-article path."""

    def __init__(self, store: Store, summary: LoadSummary, force: bool, counted: bool = True) -> None:
        self.store, self.summary, self.force, self.counted = store, summary, force, counted
        # identity → (its rows for the store, quote count, text hash, the job's rows)
        self.pending: dict[str, tuple[NewArticle, int, str, tuple[Row, list[Row], list[Row]]]] = {}
        self.stored: set[str] = set()  # identities found stored, or written by this batch

    def look_up(self, identities: Iterator[str]) -> None:
        """Find which of the articles about to be added are stored already, in one query per chunk."""
        self.stored |= self.store.stored_identities(set(identities))

    def add(self, row: Row, quotes: list[Row], speakers: list[Row]) -> None:
        identity = row["article_identity"]
        queued = self.pending.get(identity)
        if queued is not None and queued[2] == row["text_hash"]:
            self.summary.unchanged += 1  # the same article twice in the input
            return
        if queued is not None or identity in self.stored:
            self.flush()
            _store_article(self.store, self.summary, row, quotes, speakers, self.force)
            return
        origin = ArticleOrigin(identity, row["source"] or identity, row["language"])
        try:
            item = new_article(row, quotes, speakers, self.summary.run_id)
        except Exception as exc:  # rows edited or damaged since the job wrote them, or refused text
            save_result(self.store, self.summary, ItemError(origin.source, _refusal(exc)), origin, row["model"])
            return
        self.pending[identity] = (item, len(item.quotes), row["text_hash"], (row, quotes, speakers))
        if len(self.pending) >= BATCH_ARTICLES:
            self.flush()

    def flush(self) -> None:
        items = list(self.pending.values())
        self.pending = {}
        try:
            save_new_articles(self.store, [item for item, _, _, _ in items], counted=self.counted)
        except Exception:  # one bad article must not cost the batch: store them one by one, errors named
            for _, _, _, rows in items:
                _store_article(self.store, self.summary, *rows, self.force)
            return
        self.stored.update(item.identity for item, _, _, _ in items)
        self.summary.added += len(items)
        self.summary.quotes += sum(count for _, count, _, _ in items)


def _refusal(exc: Exception) -> str:
    if isinstance(exc, NulCharacter):
        return f"could not store: {exc}"
    return f"could not rebuild the article from its rows: {exc}"


def _store_article(store: Store, summary: LoadSummary, row: Row, quotes: list[Row], speakers: list[Row],
                   force: bool) -> None:
    identity = row["article_identity"]
    if not force and store.is_unchanged(identity, row["text"]):
        summary.unchanged += 1
        return
    origin = ArticleOrigin(identity, row["source"] or identity, row["language"])
    try:
        article = article_from_rows(row, quotes, speakers)
    except Exception as exc:  # rows edited or damaged since the job wrote them
        article = ItemError(origin.source, f"could not rebuild the article from its rows: {exc}")
    save_result(store, summary, article, origin, row["model"])


def _store_errors(store: Store, summary: LoadSummary, errors: Any) -> None:
    known = store.known_errors()
    for row in (errors.to_table().to_pylist() if errors.files else []):
        key = (row["source"], row["kind"], row["message"])
        if key in known:
            summary.errors_known += 1
            continue
        known.add(key)
        store.record_error(row["source"], row["message"], kind=row["kind"], run_id=summary.run_id)
        summary.errors_added += 1
