"""Parquet input: a text column (or an html one) and metadata columns, bad rows as error rows."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ontherecord.spark.job import JobOptions, run_job

from .conftest import read_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"
PAGE = ("<!DOCTYPE html><html lang='en'><body><article><h1>Berth to reopen</h1>"
        "<p>\u201cWe will reopen the berth on Monday,\u201d said Maria Lopez, the port director.</p>"
        "<p>The union said its members would vote on the offer.</p></article></body></html>")


def test_parquet_with_text_and_html_columns(spark, tmp_path):
    records = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    rows = [{**{key: record.get(key) for key in ("id", "title", "outlet", "published", "text")}, "html": None}
            for record in records]
    rows.append({"id": "page", "title": None, "outlet": "Harbour Herald", "published": "2025-03-02",
                 "text": None, "html": PAGE})
    rows.append({"id": "empty", "title": None, "outlet": None, "published": None, "text": None, "html": None})
    source = tmp_path / "input.parquet"
    pq.write_table(pa.Table.from_pylist(rows), source)

    run_job(spark, JobOptions([str(source)], str(tmp_path / "out")))

    articles = {row["article_id"]: row for row in read_table(tmp_path / "out", "articles")}
    assert set(articles) == {record["id"] for record in records} | {"page"}
    assert (articles["page"]["outlet"], articles["page"]["month"]) == ("Harbour Herald", "2025-03")
    quotes = [row for row in read_table(tmp_path / "out", "quotes") if row["article_id"] == "page"]
    assert [(q["type"], q["speaker_name"]) for q in quotes][:1] == [("direct", "Maria Lopez")]
    errors = read_table(tmp_path / "out", "errors")
    assert [(row["source"].endswith("input.parquet#empty"), row["kind"]) for row in errors] == [(True, "error")]
