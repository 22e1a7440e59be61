"""Fetching from a real HTTP server on 127.0.0.1: feed, pages, 404, slow, huge, non-HTML, retries, WARC."""

from __future__ import annotations

import io

import pytest

from ontherecord.corpus import Store
from ontherecord.corpus import fetch as fetch_module
from ontherecord.corpus.fetch import Fetcher
from ontherecord.corpus.ingest import ingest
from ontherecord.corpus.warc import iter_warc
from ontherecord.model import ItemError

from .conftest import GERMAN_TEXT, article_text, html_page


def quick_fetcher(**overrides) -> Fetcher:
    settings = {"timeout": 0.5, "retries": 1, "backoff": 0.01, "max_bytes": 100_000, "host_interval": 0.0}
    return Fetcher(**{**settings, **overrides})


def rss(base_url: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{base_url}{path}</link>"
        f"<pubDate>Mon, 03 Mar 2025 10:00:00 GMT</pubDate></item>"
        for n, path in enumerate(paths)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Herald</title>'
            f"<link>{base_url}/</link>{items}</channel></rss>")


@pytest.fixture
def news_site(local_site):
    """A feed whose entries are two good articles, a 404, a slow page, a huge page, a PDF and a German page."""
    site = local_site
    site.add("/news/1", html_page("Harbour talks, day 1", article_text(1)))
    site.add("/news/2", html_page("Harbour talks, day 2", article_text(2)), fail_first=1)
    site.add("/news/slow", html_page("Slow", article_text(3)), delay=3)
    site.add("/news/huge", html_page("Huge", article_text(4) + "\n" + "All quiet at the docks. " * 20_000))
    site.add("/news/report.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    site.add("/news/german", html_page("Neue Regeln", GERMAN_TEXT, lang="de"))
    entries = ["/news/1", "/news/2", "/news/gone", "/news/slow", "/news/huge", "/news/report.pdf", "/news/german"]
    site.add("/feed.xml", rss(site.base_url, entries), content_type="application/rss+xml")
    return site


def test_feed_ingest_stores_articles_and_records_every_failure_and_skip(news_site, sqlite_location):
    feed_url = news_site.base_url + "/feed.xml"
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([feed_url], store, fetcher=fetcher)
        assert (summary.added, summary.errors, summary.skipped) == (2, 3, 2)
        problems = {source.removeprefix(news_site.base_url): (kind, message)
                    for kind, source, message in summary.problems}
        assert problems["/news/gone"] == ("error", "HTTP 404 Not Found")
        assert problems["/news/slow"] == ("error", "timed out (no complete response within 0.5 s)")
        assert problems["/news/huge"][0] == "error" and "too large" in problems["/news/huge"][1]
        assert problems["/news/report.pdf"] == ("skipped", "content type application/pdf is not HTML")
        assert problems["/news/german"][0] == "skipped" and "not English" in problems["/news/german"][1]

        rows = store.db.rows("SELECT identity, title, outlet, published, text FROM articles ORDER BY identity")
        assert [row["identity"] for row in rows] == [news_site.base_url + "/news/1", news_site.base_url + "/news/2"]
        assert all("berth" in row["text"] and row["title"].startswith("Harbour talks") for row in rows)
        assert all(row["published"] for row in rows)  # from the page or, failing that, the feed entry
        assert store.count("errors") == 5
        assert news_site.hits["/news/2"] == 2  # a 503, then the retry succeeded
        assert news_site.hits["/news/slow"] == 2  # timed out twice (one retry), then recorded
        assert all(agent.startswith("ontherecord/") for agent in news_site.user_agents)

        again = ingest([feed_url], store, fetcher=fetcher)
        assert (again.added, again.unchanged) == (0, 2)
        assert store.count("articles") == 2


def test_a_single_article_url_and_a_feed_file(news_site, tmp_path, sqlite_location):
    feed_file = tmp_path / "feed.rss"
    feed_file.write_text(rss(news_site.base_url, ["/news/1", "/news/report.pdf"]), encoding="utf-8")
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([news_site.base_url + "/news/2", str(feed_file)], store, fetcher=fetcher)
        assert (summary.added, summary.skipped, summary.errors) == (2, 1, 0)


def test_a_broken_feed_file_is_an_item_error(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("this is not a feed", encoding="utf-8")
    items = list(quick_fetcher().iter_feed_file(str(broken)))
    assert len(items) == 1 and isinstance(items[0], ItemError)


def test_requests_to_one_host_are_spaced_by_the_host_interval(news_site, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(fetch_module.time, "sleep", waits.append)
    fetcher = quick_fetcher(host_interval=5.0)
    fetcher.fetch(news_site.base_url + "/news/1")
    fetcher.fetch(news_site.base_url + "/news/report.pdf")
    assert len(waits) == 1 and 4.0 < waits[0] <= 5.0


def test_warc_html_responses_become_articles(tmp_path, sqlite_location):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as output:
        writer = WARCWriter(output, gzip=True)

        def response(url: str, content_type: str, body: bytes, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))

        response("https://herald.example.com/a", "text/html; charset=utf-8",
                 html_page("Harbour talks, day 5", article_text(5)).encode())
        response("https://herald.example.com/logo.png", "image/png", b"\x89PNG\r\n")
        response("https://herald.example.com/gone", "text/html", b"<html>gone</html>", status="404 Not Found")
        response("https://herald.example.com/b", "text/html", html_page("Day 6", article_text(6)).encode())
        writer.write_record(writer.create_warc_record("https://herald.example.com/a", "request",
                                                      payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n")))

    items = list(iter_warc(str(path)))
    assert [type(item).__name__ for item in items] == ["dict", "Skipped", "Skipped", "dict"]
    assert items[0]["url"] == "https://herald.example.com/a" and "berth 5" in items[0]["text"]

    with Store.open(sqlite_location) as store:
        summary = ingest([str(path)], store)
        assert (summary.added, summary.skipped) == (2, 2)


def test_a_file_that_is_not_a_warc_is_an_item_error(tmp_path):
    bogus = tmp_path / "bogus.warc"
    bogus.write_bytes(b"hello, not an archive")
    items = list(iter_warc(str(bogus)))
    assert len(items) == 1 and isinstance(items[0], ItemError) and "WARC" in items[0].message


def test_a_directory_contributes_its_warc_and_feed_files(tmp_path, news_site, sqlite_location):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (tmp_path / "story.txt").write_text(article_text(11), encoding="utf-8")
    (tmp_path / "feed.rss").write_text(rss(news_site.base_url, ["/news/1"]), encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")  # not taken for a feed
    with open(tmp_path / "crawl.warc.gz", "wb") as output:
        writer = WARCWriter(output, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://herald.example.com/w", "response",
            payload=io.BytesIO(html_page("Day 12", article_text(12)).encode()), http_headers=headers))
    with Store.open(sqlite_location) as store, quick_fetcher() as fetcher:
        summary = ingest([str(tmp_path)], store, fetcher=fetcher)
        assert (summary.added, summary.errors) == (3, 0)
