"""Load the Spark job's Parquet tables into a corpus store (SQLite or PostgreSQL), idempotently.

Each article is rebuilt from its rows (:func:`.rows.article_from_rows`) and saved with
:meth:`Store.save_article` under the identity the job computed; an article already stored
with the same text is left alone, so loading the same output twice adds nothing. Error rows
join the store's ``errors`` table unless the same (source, kind, message) is there already.
The tables are read one outlet-month partition at a time (pyarrow only, no Spark needed).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..corpus.runs import ArticleOrigin, IngestSummary, recorded_run, save_result
from ..corpus.store import Store
from ..model import ItemError
from .rows import Row, article_from_rows


class NotJobOutput(ValueError):
    """The directory is not (complete) output of ``ontherecord spark``."""


@dataclass
class LoadSummary(IngestSummary):
    """The ingest counts (``errors``: articles the store refused) plus the job's error rows."""

    errors_added: int = 0
    errors_known: int = 0  # already in the store's errors table


ProgressCallback = Callable[[LoadSummary, int], None]  # (summary so far, total article rows)


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
        for outlet, month in partitions(tables["articles"]):
            for article_row, quotes, speakers in _partition_articles(tables, outlet, month):
                _store_article(store, summary, article_row, quotes, speakers, force)
                report(summary, total)
        _store_errors(store, summary, tables["errors"])
        if link_entities and summary.articles:
            from ..corpus.entities import link_new

            link_new(store)
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
    import pyarrow.dataset as ds

    keys = {
        (found["outlet"], found["month"])
        for found in (ds.get_partition_keys(fragment.partition_expression) for fragment in articles.get_fragments())
    }
    return sorted(keys)


def _partition_articles(tables: dict[str, Any], outlet: str, month: str) -> Iterator[tuple[Row, list[Row], list[Row]]]:
    """Each article row of one partition with its quote and speaker rows.

    The same article twice in the input gives identical rows; the store then finds the
    second one unchanged.
    """
    import pyarrow.dataset as ds

    where = (ds.field("outlet") == outlet) & (ds.field("month") == month)
    quotes = _by_version(tables["quotes"], where)
    speakers = _by_version(tables["speakers"], where)
    for row in _rows(tables["articles"], where):
        version = (row["article_identity"], row["text_hash"])
        yield row, quotes.get(version, []), speakers.get(version, [])


def _rows(table: Any, where: Any) -> list[Row]:
    return table.to_table(filter=where).to_pylist() if table.files else []


def _by_version(table: Any, where: Any) -> dict[tuple[str, str], list[Row]]:
    """Rows grouped by article version, one per position (duplicate input records repeat them)."""
    grouped: dict[tuple[str, str], dict[int, Row]] = defaultdict(dict)
    for row in _rows(table, where):
        grouped[(row["article_identity"], row["text_hash"])].setdefault(row["position"], row)
    return {version: list(rows.values()) for version, rows in grouped.items()}


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
