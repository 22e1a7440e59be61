"""The job's output tables written with pyarrow alone (no Spark): what ``load`` reads.

For tests and benchmarks that need the output of ``ontherecord spark`` for articles already
extracted: the same rows (:func:`.rows.article_rows`), partitioned by outlet and month, and an
empty ``errors/`` table.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import Article
from .rows import PARTITION_COLUMNS, Row, article_rows

ARTICLE_TABLES = ("articles", "quotes", "speakers")


def write_output(articles: Iterable[Article], directory: str | Path, *, model: str, language: str = "en") -> None:
    """The job's tables for these articles (each one's source is its URL)."""
    tables: dict[str, list[Row]] = {name: [] for name in ARTICLE_TABLES}
    for article in articles:
        for table, row in article_rows(article, source=article.url, language=language, model=model):
            tables[table].append(row)
    write_tables(tables, directory)
    finish_output(directory)


def write_tables(tables: dict[str, list[Row]], directory: str | Path, part: int = 0) -> None:
    """Add these rows to the article tables under ``directory`` (``part`` names the files, so
    several writes fill one output)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for table, rows in tables.items():
        if rows:
            pq.write_to_dataset(
                pa.Table.from_pylist(rows),
                str(Path(directory) / table),
                partition_cols=list(PARTITION_COLUMNS),
                basename_template=f"part-{part}-{{i}}.parquet",
                existing_data_behavior="overwrite_or_ignore",
            )


def finish_output(directory: str | Path) -> None:
    """The (empty) errors table, which marks the output complete for ``load``."""
    (Path(directory) / "errors").mkdir(parents=True, exist_ok=True)
