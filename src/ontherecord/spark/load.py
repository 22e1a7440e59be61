"""Load the Spark job's Parquet tables into a corpus store (SQLite or PostgreSQL), idempotently.

Each article is rebuilt from its rows (:func:`.rows.article_from_rows`) and saved with
:meth:`Store.save_article` under the identity the job computed; an article already stored
with the same text is left alone, so loading the same output twice adds nothing. Error rows
join the store's ``errors`` table unless the same (source, kind, message) is there already.
The tables are read one outlet-month partition at a time (pyarrow only, no Spark needed).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..corpus.store import Store
from .rows import Row, article_from_rows

PROBLEMS_KEPT = 1000


class NotJobOutput(ValueError):
    """The directory is not (complete) output of ``ontherecord spark``."""


@dataclass
class LoadSummary:
    run_id: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0  # articles the store refused
    errors_added: int = 0
    errors_known: int = 0
    quotes: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source, message) of failed articles

    @property
    def articles(self) -> int:
        return self.added + self.updated


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
    started = time.monotonic()
    summary = LoadSummary(run_id=store.start_run([directory]))
    report = on_progress or (lambda _summary, _total: None)
    total = tables["articles"].count_rows() if tables["articles"].files else 0
    status = "failed"
    try:
        for outlet, month in partitions(tables["articles"]):
            for article_row, quotes, speakers in _partition_articles(tables, outlet, month):
                _store_article(store, summary, article_row, quotes, speakers, force)
                report(summary, total)
        _store_errors(store, summary, tables["errors"])
        if link_entities and summary.articles:
            from ..corpus.entities import link_entities as relink

            relink(store)
        status = "finished"
    finally:
        summary.seconds = time.monotonic() - started
        counts = {"articles_added": summary.added, "articles_updated": summary.updated,
                  "articles_unchanged": summary.unchanged, "errors": summary.failed}
        store.finish_run(summary.run_id, counts, status)
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
    """Each distinct article version of one partition with its quote and speaker rows."""
    import pyarrow.dataset as ds

    where = (ds.field("outlet") == outlet) & (ds.field("month") == month)
    quotes = _by_version(tables["quotes"], where)
    speakers = _by_version(tables["speakers"], where)
    seen: set[tuple[str, str]] = set()
    for row in _rows(tables["articles"], where):
        version = (row["article_identity"], row["text_hash"])
        if version in seen:  # the same article twice in the input: its rows are identical
            continue
        seen.add(version)
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
    try:
        article = article_from_rows(row, quotes, speakers)
        outcome = store.save_article(article, identity=identity, source=row["source"], language=row["language"],
                                     model=row["model"], run_id=summary.run_id)
    except Exception as exc:  # one article's bad data must not stop the load
        summary.failed += 1
        if len(summary.problems) < PROBLEMS_KEPT:
            summary.problems.append((row["source"] or identity, f"could not store: {exc}"))
        return
    summary.quotes += len(article.quotes)
    if outcome == "added":
        summary.added += 1
    else:
        summary.updated += 1


def _store_errors(store: Store, summary: LoadSummary, errors: Any) -> None:
    known = {(row["source"], row["kind"], row["message"])
             for row in store.db.stream("SELECT source, kind, message FROM errors")}
    for row in (errors.to_table().to_pylist() if errors.files else []):
        key = (row["source"], row["kind"], row["message"])
        if key in known:
            summary.errors_known += 1
            continue
        known.add(key)
        store.record_error(row["source"], row["message"], kind=row["kind"], run_id=summary.run_id)
        summary.errors_added += 1
