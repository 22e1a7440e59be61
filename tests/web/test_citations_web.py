"""Media citations through the real explorer (uvicorn on 127.0.0.1): ``/api/citations`` as JSON and
CSV, and the citation graph page drawn as SVG, linked from the nav."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from corpus.test_citations_store import STORIES, write

from ontherecord.corpus import Store
from ontherecord.corpus.ingest import ingest

from .conftest import live_server


@pytest.fixture
def citation_server(store_location, tmp_path):
    with Store.open(store_location) as store:
        ingest([write(tmp_path / "stories.jsonl", STORIES)], store, link_entities=False)
    with live_server(store_location) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def test_citation_api_download_and_graph_page(citation_server):
    http = citation_server
    links = http.get("/api/citations").json()
    assert [(r["citing_outlet"], r["cited"], r["citations"]) for r in links] == [
        ("Coast Wire", "Daily Meridian", 2),
        ("Coast Wire", "Harbor Post", 1),
    ]
    each = http.get("/api/citations", params={"by": "citation", "cited": "Harbor Post"}).json()
    assert [(r["cue"], r["text"]) for r in each] == [("report", "Harbor Post report")]

    download = http.get("/api/citations", params={"format": "csv"})
    assert download.headers["content-type"].startswith("text/csv")
    assert 'filename="citations.csv"' in download.headers["content-disposition"]
    assert [row["cited"] for row in csv.DictReader(io.StringIO(download.text))] == ["Daily Meridian", "Harbor Post"]

    page = http.get("/citations", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert '<svg class="chart graph"' in page.text
    assert page.text.count('<path class="edge"') == 2
    assert "Coast Wire → Daily Meridian: 2" in page.text
    assert 'href="/api/citations?format=csv"' in page.text
    assert '<a href="/citations">Citations</a>' in http.get("/", headers={"accept": "text/html"}).text
    filtered = http.get("/citations", params={"cited": "Harbor Post"}, headers={"accept": "text/html"})
    assert filtered.text.count('<path class="edge"') == 1

    article = http.get(f"/articles/{each[0]['article_id']}", headers={"accept": "text/html"}).text
    assert "Other outlets and journalists" in article
    record = http.get(f"/api/articles/{each[0]['article_id']}").json()
    assert [c["outlet"] for c in record["citations"]] == ["Daily Meridian", "Harbor Post"]
    assert {s["name"]: s["kind"] for s in record["speakers"]}["Daily Meridian"] == "media"
