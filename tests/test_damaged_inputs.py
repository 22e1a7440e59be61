"""Damaged input files lose only the damaged part: a truncated .jsonl.gz, a CSV with an invalid byte.

Real files, the real CLI and the real spaCy pipeline."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.model import ItemError
from ontherecord.readers import iter_records

RECORDS = 40


def story(number: int) -> str:
    return (f"\u201cWe will reopen berth {number} on Monday,\u201d said Maria Lopez, the port director. "
            f"The union said its members would vote on offer {number} this week. " + "The docks were quiet. " * 20)


@pytest.fixture
def truncated_jsonl_gz(tmp_path: Path) -> tuple[Path, int]:
    """A .jsonl.gz cut in half; returns the path and how many whole records survive the cut."""
    lines = [json.dumps({"id": f"story-{n}", "text": story(n)}) + "\n" for n in range(RECORDS)]
    data = gzip.compress("".join(lines).encode("utf-8"))
    path = tmp_path / "stories.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    survivors = 0
    with gzip.open(path, "rb") as handle:
        try:
            for _ in handle:
                survivors += 1
        except EOFError:
            pass
    assert 0 < survivors < RECORDS
    return path, survivors


def test_a_truncated_jsonl_gz_yields_the_records_before_the_damage_then_an_error(truncated_jsonl_gz):
    path, survivors = truncated_jsonl_gz
    items = list(iter_records([str(path), str(path)]))  # and the next input is still read
    errors = [item for item in items if isinstance(item, ItemError)]
    assert len(items) == 2 * (survivors + 1) and len(errors) == 2
    assert errors[0].source == str(path) and "truncated or corrupt gzip data" in errors[0].message
    assert [item.id for item in items[:survivors]] == [f"story-{n}" for n in range(survivors)]


@pytest.mark.parametrize("processes", ["1", "2"])
def test_extract_on_a_truncated_jsonl_gz_processes_what_it_can_and_names_the_file(truncated_jsonl_gz, processes):
    path, survivors = truncated_jsonl_gz
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl", "--processes", processes])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == [f"story-{n}" for n in range(survivors)]
    assert all(r["quotes"] for r in records)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: truncated or corrupt gzip data")
    assert result.exit_code == 1


def csv_bytes(rows: int, bad_row: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "title", "text"])
    for n in range(1, rows + 1):
        writer.writerow([f"row-{n}", f"Title {n}", story(n).replace("The docks", "INVALID" if n == bad_row else "The docks")])
    return buffer.getvalue().encode("utf-8").replace(b"INVALID", b"The \xff docks")


@pytest.mark.parametrize("compressed", [False, True])
def test_an_invalid_byte_in_one_csv_row_loses_only_that_row(tmp_path: Path, compressed: bool):
    data = csv_bytes(100, bad_row=50)
    path = tmp_path / ("rows.csv.gz" if compressed else "rows.csv")
    path.write_bytes(gzip.compress(data) if compressed else data)
    items = list(iter_records([str(path)]))
    assert len(items) == 100
    errors = [(n, item) for n, item in enumerate(items, start=1) if isinstance(item, ItemError)]
    assert [n for n, _ in errors] == [50]
    error = errors[0][1]
    assert error.source == f"{path}:51" and error.message == "not valid UTF-8 (row 50, column text)"
    assert [item.id for item in items if not isinstance(item, ItemError)] == [
        f"row-{n}" for n in range(1, 101) if n != 50
    ]

