"""Quote clusters and copies through the real explorer (uvicorn on 127.0.0.1): the JSON API, the
downloads, the cluster page and the article page's "also in N stories"."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from corpus.cluster_articles import PORT_QUOTE, quoted_article, save

from ontherecord.corpus import Store

from .conftest import live_server


@pytest.fixture
def cluster_server(store_location):
    with Store.open(store_location) as store:
        save(store,
             quoted_article(PORT_QUOTE, outlet="Herald", published="2025-03-01"),
             quoted_article(PORT_QUOTE.replace("old", "new"), outlet="Courier", published="2025-03-03",
                            tail="The mayor said the works would start in spring, after a public hearing. "
                                 "Traders had asked for the market to stay open on Saturdays until then."),
             quoted_article(PORT_QUOTE, outlet="Gazette", published="2025-03-02", lead="PORTSMOUTH (Reuters) - "))
    with live_server(store_location) as url, httpx.Client(base_url=url, timeout=60) as http:
        yield http


def test_cluster_api_page_and_article_notes(cluster_server):
    http = cluster_server
    [cluster] = http.get("/api/clusters").json()
    assert (cluster["article_count"], cluster["first_outlet"], cluster["variant_count"]) == (3, "Herald", 1)

    detail = http.get(f"/api/clusters/{cluster['cluster_id']}").json()
    assert [row["outlet"] for row in detail["appearances"]] == ["Herald", "Gazette", "Courier"]
    [variant] = detail["variants"]
    assert variant["changes"].count("{+new+}") == 1

    download = http.get(f"/api/clusters/{cluster['cluster_id']}", params={"format": "csv"})
    assert download.headers["content-type"].startswith("text/csv")
    assert [row["outlet"] for row in csv.DictReader(io.StringIO(download.text))] == ["Herald", "Gazette", "Courier"]

    traced = http.get("/api/trace", params={"text": "reopen the northern berth"}).json()
    assert [row["outlet"] for row in traced] == ["Herald", "Gazette", "Courier"]

    [copy] = http.get("/api/copies").json()
    assert (copy["outlet"], copy["original_outlet"], copy["wire_service"]) == ("Gazette", "Herald", "Reuters")

    page = http.get(f"/clusters/{cluster['cluster_id']}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert '<del class="dropped">old</del><ins class="added">new</ins>' in page.text
    assert http.get("/clusters", headers={"accept": "text/html"}).text.count(f"/clusters/{cluster['cluster_id']}") == 1

    gazette = next(row for row in detail["appearances"] if row["outlet"] == "Gazette")["article_id"]
    article = http.get(f"/articles/{gazette}", headers={"accept": "text/html"}).text
    assert "also in 2 stories, first in Herald on 2025-03-01" in article
    assert "A copy of" in article and "wire: Reuters" in article
    notes = http.get(f"/api/articles/{gazette}/clusters").json()
    assert notes["quotes"]["q1"]["other_articles"] == 2 and notes["copy_of"]["original_outlet"] == "Herald"


def test_unknown_cluster_is_404(cluster_server):
    assert cluster_server.get("/api/clusters/999999").status_code == 404
    assert cluster_server.get("/clusters/999999", headers={"accept": "text/html"}).status_code == 404
