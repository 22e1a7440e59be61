"""Rows to the terminal (a rich table), JSON Lines or CSV, for the query commands.

The table shows cells without escape sequences and control characters; JSON Lines and CSV keep
every character."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ..csv_writer import flat_cell, write_csv
from ..safetext import for_terminal

OUTPUT_FORMATS = ("table", "jsonl", "csv")
CELL_WIDTH = 160
NO_MATCHES = "no matches"
DATE_CHARS = len("2025-01-31")
# Columns of running text wrap to the terminal's width (the quote itself gets most of it); every other
# column (speaker names, kinds, dates, cues, counts) is shown whole on one line.
WRAPPED_COLUMNS = {"content": 4, "text": 4, "article_title": 2, "title": 2, "role": 1, "organization": 1,
                   "speaker_role": 1, "speaker_organization": 1, "evidence": 2, "figures": 1, "url": 2,
                   "top_speakers": 2, "top_organizations": 2, "changes": 3, "wording": 4}
WRAPPED_MIN_WIDTH = 10
TABLE_HEADERS = {"speaker_name": "speaker", "speaker_kind": "kind", "article_title": "title",
                 "quote_count": "quotes", "article_count": "articles", "first_published": "first",
                 "first_outlet": "first in", "variant_count": "variants", "cluster_id": "cluster"}


def write_rows(
    rows: Iterable[dict[str, Any]],
    output_format: str | None,
    *,
    columns: Sequence[str],
    table_columns: Sequence[str] | None = None,
    title: str | None = None,
    stream: TextIO | None = None,
) -> int:
    """Write ``rows``; jsonl carries every key, csv every column, the table only ``table_columns``."""
    stream = stream or sys.stdout
    fmt = output_format or ("table" if stream.isatty() else "jsonl")
    if fmt == "jsonl":
        return _write_jsonl(rows, stream)
    if fmt == "csv":
        return write_csv(rows, columns, stream)
    return _write_table(rows, stream, table_columns or columns, title)


def _write_jsonl(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def _write_table(rows: Iterable[dict[str, Any]], stream: TextIO, columns: Sequence[str], title: str | None) -> int:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    wraps = any(column in WRAPPED_COLUMNS for column in columns)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False, collapse_padding=True, pad_edge=False,
                  expand=wraps)
    for column in columns:
        header = TABLE_HEADERS.get(column, column)
        if column in WRAPPED_COLUMNS:
            table.add_column(header, ratio=WRAPPED_COLUMNS[column], min_width=WRAPPED_MIN_WIDTH, overflow="fold")
        else:
            table.add_column(header, no_wrap=True)
    count = 0
    for row in rows:
        table.add_row(*(Text(for_terminal(_short(_shown(column, row.get(column))))) for column in columns))
        count += 1
    console = Console(file=stream, highlight=False)
    if count:
        console.print(table)
    else:
        console.print(NO_MATCHES)
    return count


def _shown(column: str, value: Any) -> Any:
    """A cell as the table shows it: a publication time as its date (JSON Lines and CSV keep the time)."""
    if column == "published" and isinstance(value, str) and len(value) > DATE_CHARS and value[4:5] == "-":
        return value[:DATE_CHARS]
    return flat_cell(value)


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= CELL_WIDTH else text[: CELL_WIDTH - 1] + "…"
