"""Every list as a CSV or JSON Lines download, streamed row by row."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from starlette.responses import StreamingResponse

DOWNLOAD_FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def download(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, name: str) -> StreamingResponse:
    """A streamed attachment ``name.csv`` or ``name.jsonl`` of ``rows`` (only ``columns``)."""
    body = csv_lines(rows, columns) if fmt == "csv" else jsonl_lines(rows, columns)
    filename = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "export"
    return StreamingResponse(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(row.get(column)) for column in columns])
        if buffer.tell() > 64_000:
            yield _drain(buffer)
    yield _drain(buffer)


def jsonl_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    chunk: list[str] = []
    for row in rows:
        chunk.append(json.dumps({column: row.get(column) for column in columns}, ensure_ascii=False) + "\n")
        if len(chunk) >= 500:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _csv_cell(value: Any) -> Any:
    """Lists joined; text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
