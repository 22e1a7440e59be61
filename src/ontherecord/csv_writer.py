"""The one CSV writer: the CLI's ``--format csv``, ``ontherecord export`` and the explorer's downloads.

Text a spreadsheet would run as a formula (a cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) gets a leading apostrophe, so a quote or a title such as
``=HYPERLINK(...)`` opens as text. Lists are joined with ``"; "`` and dicts written as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_CHARS = 64_000


def flat_cell(value: Any) -> Any:
    """A value as one cell: lists joined, dicts as JSON, anything else as it is."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def csv_cell(value: Any) -> Any:
    """:func:`flat_cell`, with text a spreadsheet would run as a formula prefixed with an apostrophe."""
    value = flat_cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """A header of ``columns``, then one line per row (missing columns empty), in chunks of text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
        if buffer.tell() > CHUNK_CHARS:
            yield _drain(buffer)
    yield _drain(buffer)


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: TextIO) -> int:
    """Write :func:`csv_lines` to ``stream``; returns the number of rows."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_lines(counted(), columns):
        stream.write(chunk)
    return count


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
