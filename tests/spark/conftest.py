"""Fixtures for the Spark tests: one local[2] SparkSession for the whole run, the first 100
BBC articles and the job's output on them (computed once, shared by the tests)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus.conftest import (  # noqa: F401  (shared fixtures: the same test on SQLite and PostgreSQL)
    postgres_base_url,
    postgres_location,
    sqlite_location,
    store_location,
)

from ontherecord.evaluation import shared_dir

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")

from ontherecord.spark.job import JobOptions, java_problem, run_job

BBC = shared_dir() / "data" / "bbc" / "articles.jsonl"
HTML_PAGES = shared_dir() / "data" / "html-articles" / "html"
BBC_ARTICLES = 100
SPARK_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.driver.memory": "1g",
}


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    problem = java_problem()
    if problem:
        pytest.skip(f"Spark tests skipped: {problem}")
    from ontherecord.spark.job import spark_session

    session = spark_session("local[2]", {**SPARK_SETTINGS, "spark.pyspark.python": sys.executable},
                            app_name="ontherecord-tests")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def bbc_records() -> list[dict]:
    if not BBC.exists():
        pytest.skip(f"BBC corpus not found at {BBC} (set ONTHERECORD_SHARED)")
    with BBC.open(encoding="utf-8") as lines:
        items = [json.loads(line) for _, line in zip(range(BBC_ARTICLES), lines)]
    return [{key: item.get(key) for key in ("id", "title", "outlet", "text")} for item in items]


@pytest.fixture(scope="session")
def bbc_articles(bbc_records) -> list:
    """What single-process ``extract_many`` makes of the same records."""
    from ontherecord import extract_many

    return list(extract_many(bbc_records))


@pytest.fixture(scope="session")
def bbc_output(spark, bbc_records, tmp_path_factory) -> Path:
    """The job's output on the first 100 BBC articles, read from a JSONL file."""
    folder = tmp_path_factory.mktemp("bbc")
    source = folder / "bbc100.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in bbc_records), encoding="utf-8")
    run_job(spark, JobOptions([str(source)], str(folder / "out")))
    return folder / "out"


def read_table(output: Path, table: str) -> list[dict]:
    """A table of the job's output as rows (pyarrow, like ``ontherecord load``)."""
    from ontherecord.spark.load import open_tables

    dataset = open_tables(str(output))[table]
    return dataset.to_table().to_pylist() if dataset.files else []


# --- a WARC.gz of real news pages, with broken records ------------------------------------------

WARC_PAGES = 4
EMPTY_PAGE = "<!DOCTYPE html><html lang='en'><head></head><body><script>var page = 1;</script></body></html>"


def warc_pages() -> list[tuple[str, bytes]]:
    """(URL, HTML) of the first real article pages of ../shared/data/html-articles."""
    import gzip

    if not HTML_PAGES.is_dir():
        pytest.skip(f"HTML pages not found at {HTML_PAGES} (set ONTHERECORD_SHARED)")
    paths = sorted(HTML_PAGES.glob("*.html.gz"))[:WARC_PAGES]
    return [(f"https://news.example.com/{path.name.split('.')[0][:12]}", gzip.open(path).read()) for path in paths]


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """The pages as HTTP responses, then a page without an article, a 404 and a corrupt gzip member."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(writer, url: str, body: bytes, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body in pages:
            response(writer, url, body)
        response(writer, "https://news.example.com/menu", EMPTY_PAGE.encode())
        response(writer, "https://news.example.com/gone", b"<html><body>Not found</body></html>", "404 Not Found")
        stream.write(b"\x1f\x8b\x08\x00" + b"this record is cut off and corrupt" * 20)


@pytest.fixture(scope="session")
def warc_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    write_warc(path, warc_pages())
    return path


@pytest.fixture(scope="session")
def warc_output(spark, warc_file) -> Path:
    output = warc_file.parent / "out"
    run_job(spark, JobOptions([str(warc_file)], str(output)))
    return output
