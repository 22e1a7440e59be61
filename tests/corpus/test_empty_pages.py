"""A page with only a headline is no article: "no article text", like an empty page, whether it
comes from a file, a URL (a real server on 127.0.0.1) or a WARC; a short real story still counts."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.fetch import Fetcher
from ontherecord.corpus.ingest import ingest

TITLE_ONLY = "<!DOCTYPE html><html><head><title>Port reopens</title></head><body><h1>Port reopens</h1></body></html>"
TITLE_TWICE = ("<html><head><title>Port reopens</title></head><body><header><h1>Port reopens</h1></header>"
               "<article><h2>PORT REOPENS</h2></article></body></html>")


SHORT_STORY = ("<html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
               "<p>The harbour reopened on Monday, the council said.</p></article></body></html>")


def quick_fetcher() -> Fetcher:
    return Fetcher(timeout=5.0, retries=0, host_interval=0.0)


@pytest.mark.parametrize("page", [TITLE_ONLY, TITLE_TWICE])
def test_a_page_with_only_its_title_is_no_article(local_site, sqlite_location, page):
    url = local_site.add("/only-title", page)
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([url], store, fetcher=fetcher, link_entities=False)
        assert (summary.added, summary.errors) == (0, 1)
        assert summary.problems == [("error", url, "no article text found in the page")]
        assert store.count("articles") == 0


def test_a_short_real_story_is_still_an_article(local_site, sqlite_location):
    url = local_site.add("/short", SHORT_STORY)
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([url], store, fetcher=fetcher, link_entities=False)
        assert (summary.added, summary.errors) == (1, 0)


def test_extract_on_a_title_only_file_is_an_item_error(tmp_path):
    path = tmp_path / "headline.html"
    path.write_text(TITLE_ONLY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == f"error: {path}: no article text found in the HTML page"
