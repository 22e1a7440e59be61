"""Robustness and access rules of the explorer: missing stores, tokens, body limits, origins, headers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from corpus.conftest import (
    FORMULA_CONTENT,
    FORMULA_ORGANIZATION,
    FORMULA_OUTLET,
    FORMULA_TITLE,
    assert_no_formula_cells,
    formula_article,
)

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities
from ontherecord.web import create_app

from .conftest import live_server

HTML = {"accept": "text/html"}


def test_missing_store_gives_a_helpful_page_and_is_not_created(tmp_path):
    location = tmp_path / "nothing-here.db"
    with live_server(str(location)) as url, httpx.Client(base_url=url) as http:
        for path in ("/", "/search?q=x", "/articles/1", "/speakers"):
            page = http.get(path, headers=HTML)
            assert page.status_code == 503
            assert "ontherecord ingest" in page.text and "Traceback" not in page.text
        api = http.get("/api/stats")
        assert api.status_code == 503 and "no corpus" in api.json()["detail"].lower()
        assert http.get("/analyze", headers=HTML).status_code == 200  # analyzing needs no corpus
    assert not location.exists()


def test_empty_store_dashboard_explains_how_to_fill_it(tmp_path):
    location = str(tmp_path / "empty.db")
    Store.open(location).close()
    with live_server(location) as url, httpx.Client(base_url=url) as http:
        page = http.get("/", headers=HTML)
        assert page.status_code == 200 and "This corpus is empty" in page.text
        assert http.get("/search", params={"q": "anything"}, headers=HTML).status_code == 200
        assert http.get("/api/quotes").json()["total"] == 0


def test_a_file_that_is_not_a_store(tmp_path):
    location = tmp_path / "notes.db"
    location.write_text("these are not the tables you are looking for\n" * 100)
    with live_server(str(location)) as url, httpx.Client(base_url=url) as http:
        page = http.get("/", headers=HTML)
        assert page.status_code == 503 and "cannot be used" in page.text and "Traceback" not in page.text


def test_serving_beyond_loopback_needs_a_token(seed_db):
    with pytest.raises(ValueError, match="token"):
        create_app(seed_db, host="0.0.0.0")
    create_app(seed_db, host="127.0.0.1")  # loopback: no token needed


def test_write_endpoints_need_the_token_when_public(seed_copy):
    token = "s3cret-token"
    with live_server(seed_copy, host="0.0.0.0", token=token) as url, httpx.Client(base_url=url, timeout=60) as http:
        corn = http.get("/api/entities", params={"name": "corn"}).json()["items"][0]["entity_id"]
        mora = http.get("/api/entities", params={"name": "mora"}).json()["items"][0]["entity_id"]
        body = {"entity_ids": [corn, mora]}
        assert http.post("/api/entities/merge", json=body).status_code == 401
        assert http.post("/api/entities/merge", json=body, headers={"x-ontherecord-token": "wrong"}).status_code == 401
        assert http.post("/api/analyze", json={"text": "Hello.", "store": True}).status_code == 401
        assert http.post("/api/analyze", json={"url": "http://127.0.0.1:9/"}).status_code == 401
        form = http.post(f"/speakers/{corn}/merge", data={"others": str(mora)}, headers=HTML)
        assert form.status_code == 401
        assert http.get("/api/quotes").status_code == 200  # reading needs no token
        merged = http.post("/api/entities/merge", json=body, headers={"authorization": f"Bearer {token}"})
        assert merged.status_code == 200
        page = http.get(f"/speakers/{merged.json()['entity_id']}", headers=HTML)
        assert 'name="token"' in page.text  # the forms ask for it


def test_request_bodies_are_bounded(seed_db):
    with live_server(seed_db, max_body=10_000) as url, httpx.Client(base_url=url) as http:
        big = {"text": "word " * 5000}
        assert http.post("/api/analyze", json=big).status_code == 413

        def chunks():
            for _ in range(20):
                yield b"x" * 1000

        streamed = http.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_cross_site_writes_and_foreign_hosts_are_refused(seed_copy):
    with live_server(seed_copy) as url, httpx.Client(base_url=url) as http:
        evil = http.post("/api/entities/merge", json={"entity_ids": [1, 2]}, headers={"origin": "http://evil.example"})
        assert evil.status_code == 403
        fetch_site = http.post("/analyze", data={"text": "x"}, headers={"sec-fetch-site": "cross-site"})
        assert fetch_site.status_code == 403
        # a DNS-rebinding page reaches a loopback server under a foreign Host name
        assert http.get("/api/stats", headers={"host": "attacker.example"}).status_code == 400


def test_pages_forbid_inline_and_foreign_scripts(client):
    page = client.get("/", headers=HTML)
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_static_files_are_all_local():
    static = Path(__file__).resolve().parents[2] / "src" / "ontherecord" / "web"
    for path in [*static.glob("templates/*.html"), *static.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert "//cdn" not in text and "googleapis" not in text and "@import url(http" not in text, path
        assert "<script>" not in text, f"{path}: inline script (the CSP forbids it)"


def test_serve_command_exits_2_when_the_port_is_taken(seed_db, seed_server):
    from click.testing import CliRunner

    from ontherecord.cli import cli

    taken = seed_server.rsplit(":", 1)[1]
    result = CliRunner().invoke(cli, ["serve", "--db", seed_db, "--port", taken, "--log-level", "critical"])
    assert result.exit_code == 2 and "cannot serve" in result.output
    assert "Examples" in CliRunner().invoke(cli, ["serve", "--help"]).output


def test_csv_downloads_guard_formula_cells(tmp_path):
    location = str(tmp_path / "formulas.db")
    with Store.open(location) as store:
        store.save_article(formula_article(1))
        link_entities(store)
        entity_id = store.db.scalar("SELECT MIN(id) AS id FROM entities")
    downloads = {
        "/api/quotes": (FORMULA_TITLE, FORMULA_OUTLET, FORMULA_CONTENT, FORMULA_ORGANIZATION),
        "/api/articles": (FORMULA_TITLE, FORMULA_OUTLET),
        "/api/outlets": (FORMULA_OUTLET, FORMULA_ORGANIZATION),
        "/api/speakers": (FORMULA_ORGANIZATION,),
        "/api/organizations": (FORMULA_ORGANIZATION,),
        f"/api/entities/{entity_id}": (FORMULA_TITLE, FORMULA_OUTLET, FORMULA_ORGANIZATION),
    }
    with live_server(location) as url, httpx.Client(base_url=url, timeout=60) as http:
        for path, expected in downloads.items():
            response = http.get(path, params={"format": "csv"})
            assert response.status_code == 200, path
            assert_no_formula_cells(response.text, *expected)
