"""Export: the (filtered) quotes with their article and speaker as a CSV, JSON Lines or Parquet file."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ...csv_writer import write_csv
from .quotes import QUOTE_COLUMNS, QuoteQueries

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
EXPORT_BATCH = 2000


class ExportQueries(QuoteQueries):
    def export(self, fmt: str, target: str | Path | IO[Any], **filters: Any) -> int:
        """Write the quotes :meth:`quotes` finds with these filters as csv, jsonl or parquet to a path or an
        open stream (text for csv and jsonl, binary for parquet); returns the count."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        rows = self.iter_quotes(**filters)
        writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
        return writer(rows, target)


def _opened(target: str | Path | IO[Any], mode: str) -> contextlib.AbstractContextManager[IO[Any]]:
    if isinstance(target, (str, Path)):
        return Path(target).open(mode, **({} if "b" in mode else {"encoding": "utf-8", "newline": ""}))
    return contextlib.nullcontext(target)


def _write_csv(rows: Iterator[dict[str, Any]], target: str | Path | IO[Any]) -> int:
    with _opened(target, "w") as handle:
        return write_csv(rows, QUOTE_COLUMNS, handle)


def _write_jsonl(rows: Iterator[dict[str, Any]], target: str | Path | IO[Any]) -> int:
    count = 0
    with _opened(target, "w") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_parquet(rows: Iterator[dict[str, Any]], target: str | Path | IO[Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = {"start_char": pa.int64(), "end_char": pa.int64(), "entity_id": pa.int64(), "confidence": pa.float64(),
               "cluster_id": pa.int64()}
    schema = pa.schema([(column, numeric.get(column, pa.string())) for column in QUOTE_COLUMNS])
    count = 0
    sink = str(target) if isinstance(target, (str, Path)) else pa.PythonFile(target, mode="w")
    with pq.ParquetWriter(sink, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= EXPORT_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
