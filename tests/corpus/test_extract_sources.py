"""``extract`` reads every source ``ingest`` reads, through the same readers: article URLs and
RSS feeds from a real HTTP server on 127.0.0.1, a WARC written here with warcio; and the same
language check for every source (text, JSONL, CSV, pages): "skipped: SOURCE: language de"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store

from .conftest import GERMAN_TEXT, article_text, html_page
from .test_fetch import rss
from .test_warc_damage import PAGES, write_warc

GERMAN_STORY = (GERMAN_TEXT + " ") * 2  # long enough to judge


def extract(*args: str):
    return CliRunner().invoke(cli, ["extract", *args, "--format", "jsonl"], catch_exceptions=False)


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_reads_an_article_url_and_a_feed(local_site):
    page = local_site.add("/news/1", html_page("Harbour talks, day 1", article_text(1)))
    local_site.add("/news/2", html_page("Harbour talks, day 2", article_text(2)))
    feed = local_site.add("/feed.xml", rss(local_site.base_url, ["/news/1", "/news/2"]),
                          content_type="application/rss+xml")
    result = extract(page, feed)
    assert result.exit_code == 0, result.stderr
    found = records(result.stdout)
    assert [r["url"] for r in found] == [page, page, local_site.base_url + "/news/2"]
    assert all(r["quotes"] for r in found)
    assert found[2]["title"] == "Harbour talks, day 2"


def test_extract_reads_a_feed_file_not_as_article_text(local_site, tmp_path):
    local_site.add("/news/3", html_page("Harbour talks, day 3", article_text(3)))
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(local_site.base_url, ["/news/3"]), encoding="utf-8")
    found = records(extract(str(feed)).stdout)
    assert [r["title"] for r in found] == ["Harbour talks, day 3"]
    assert found[0]["quotes"]


def test_extract_reads_a_warc(tmp_path):
    archive = tmp_path / "news.warc.gz"
    write_warc(archive)
    result = extract(str(archive))
    assert result.exit_code == 0, result.stderr
    found = records(result.stdout)
    assert [r["url"] for r in found] == [f"https://herald.example.com/{n}" for n in range(PAGES)]
    assert all(r["quotes"] for r in found)


def test_extract_skips_non_english_text_jsonl_and_csv_with_the_language(tmp_path):
    text = tmp_path / "german.txt"
    text.write_text(GERMAN_STORY, encoding="utf-8")
    lines = tmp_path / "mixed.jsonl"
    lines.write_text(json.dumps({"id": "de-1", "text": GERMAN_STORY}) + "\n"
                     + json.dumps({"id": "en-1", "text": article_text(1)}) + "\n", encoding="utf-8")
    table = tmp_path / "mixed.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([["id", "text"], ["de-2", GERMAN_STORY]])
    table.write_text(buffer.getvalue(), encoding="utf-8")
    result = extract(str(text), str(lines), str(table))
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in records(result.stdout)] == ["en-1"]
    notes = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert len(notes) == 3, result.stderr
    assert all("language de" in line for line in notes)
    assert notes[0].startswith(f"skipped: {text}:")


def test_ingest_records_non_english_text_as_skipped_and_exits_0(tmp_path, sqlite_location):
    text = tmp_path / "german.txt"
    text.write_text(GERMAN_STORY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(text), "--db", sqlite_location], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert f"skipped: {text}: language de" in result.stderr
    with Store.open(sqlite_location) as store:
        rows = store.db.rows("SELECT kind, message FROM errors")
    assert [(row["kind"], row["message"].split(" (")[0]) for row in rows] == [("skipped", "language de")]


def test_ingest_exit_codes_match_its_help(tmp_path, sqlite_location):
    good = tmp_path / "good.txt"
    good.write_text(article_text(1), encoding="utf-8")
    missing = str(Path(tmp_path) / "missing.txt")
    runner = CliRunner()
    help_text = runner.invoke(cli, ["ingest", "--help"]).stdout
    assert "0  every item stored, unchanged or skipped" in help_text
    assert "1  some items had errors" in help_text
    result = runner.invoke(cli, ["ingest", str(good), missing, "--db", sqlite_location], catch_exceptions=False)
    assert result.exit_code == 1
    result = runner.invoke(cli, ["ingest", str(good), "--db", sqlite_location], catch_exceptions=False)
    assert result.exit_code == 0  # unchanged
