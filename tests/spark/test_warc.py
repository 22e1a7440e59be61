"""A WARC.gz written here (real news pages plus broken records) goes through the job end to end."""

from __future__ import annotations

from ontherecord import extract_many
from ontherecord.corpus.fetch import page_record
from ontherecord.spark.job import JobOptions, run_job

from .conftest import read_table, warc_pages


def expected_quotes() -> list[tuple]:
    """What single-process reading and extraction make of the same pages."""
    records = [page_record(html.decode("utf-8"), url, source=url) for url, html in warc_pages()]
    return sorted((a.url, q.id, q.type, q.start, q.end, q.text, q.speaker.name if q.speaker else None)
                  for a in extract_many(records) for q in a.quotes)


def got_quotes(output) -> list[tuple]:
    urls = {row["article_identity"]: row["url"] for row in read_table(output, "articles")}
    return sorted((urls[r["article_identity"]], r["quote_id"], r["type"], r["start"], r["end"], r["text"],
                   r["speaker_name"]) for r in read_table(output, "quotes"))


def test_pages_become_articles_and_broken_records_error_rows(warc_output, warc_file):
    articles = read_table(warc_output, "articles")
    assert len(articles) == 4
    assert all(row["text"] and row["url"].startswith("https://") for row in articles)
    assert got_quotes(warc_output) == expected_quotes()
    assert len(expected_quotes()) > 10
    errors = {(row["kind"], row["message"].split(" (")[0].split(" at byte")[0])
              for row in read_table(warc_output, "errors")}
    assert errors == {
        ("error", "no article text found in the page"),
        ("skipped", "HTTP 404 response"),
        ("error", "corrupt gzip member"),
    }


def test_pages_are_partitioned_by_outlet_and_month(warc_output):
    months = {row["month"] for row in read_table(warc_output, "articles")}
    assert months and all(month == "unknown" or (len(month) == 7 and month[4] == "-") for month in months)
    assert any(month != "unknown" for month in months)
    directories = {p.name for p in (warc_output / "articles").glob("outlet=*/month=*")}
    assert directories == {f"month={month}" for month in months}


def test_uri_input_is_read_by_spark_itself(spark, warc_file, warc_output, tmp_path):
    """file:// (like hdfs:// or s3a://) goes through binaryFiles; the labels keep the real URI."""
    output = tmp_path / "out"
    run_job(spark, JobOptions([warc_file.as_uri()], str(output), input_format="warc"))
    assert got_quotes(output) == got_quotes(warc_output)
    sources = {row["source"] for row in read_table(output, "errors")}
    assert f"file:{warc_file}#7" in sources  # Hadoop's spelling of the file's URI, and the corrupt member's number
