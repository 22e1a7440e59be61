"""Every list as a CSV or JSON Lines download, streamed row by row."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from starlette.responses import StreamingResponse

from ..csv_writer import csv_lines

DOWNLOAD_FORMATS = ("csv", "jsonl")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def download(rows: Iterable[dict[str, Any]], columns: Sequence[str], fmt: str, name: str) -> StreamingResponse:
    """A streamed attachment ``name.csv`` or ``name.jsonl`` of ``rows`` (only ``columns``)."""
    body = csv_lines(rows, columns) if fmt == "csv" else jsonl_lines(rows, columns)
    filename = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "export"
    return StreamingResponse(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'},
    )


def listing(rows: list[dict[str, Any]], columns: Sequence[str], fmt: str, name: str) -> Any:
    """``rows`` as the JSON response, or as the ``name`` download in ``fmt`` (only ``columns``)."""
    return rows if fmt == "json" else download(rows, columns, fmt, name)


def jsonl_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    chunk: list[str] = []
    for row in rows:
        chunk.append(json.dumps({column: row.get(column) for column in columns}, ensure_ascii=False) + "\n")
        if len(chunk) >= 500:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)
