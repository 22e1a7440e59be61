"""Ids beyond 64 bits and NUL characters are clear client errors on both backends (issue 18, items 9 and 10).

An id above 2^63-1 overflowed inside the database driver (500); a NUL character in a text
filter made PostgreSQL raise (500) while SQLite answered. Now: 404/422 for the ids and a 422
naming the parameter for NUL, the same on SQLite and the real PostgreSQL server.
"""

from __future__ import annotations

import httpx
import pytest
from corpus.conftest import build_article

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities

from .conftest import live_server

HUGE = str(2**63)
HUGER = "9" * 40
HTML = {"accept": "text/html"}
ID_ROUTES = [
    ("GET", "/api/articles/{id}", None),
    ("GET", "/api/articles/{id}/stored", None),
    ("GET", "/api/entities/{id}", None),
    ("POST", "/api/entities/{id}/split", {"json": {"article": "https://example.org/0"}}),
    ("GET", "/articles/{id}", None),
    ("GET", "/speakers/{id}", None),
    ("POST", "/speakers/{id}/merge", {"data": {"others": "1"}}),
    ("POST", "/speakers/{id}/split", {"data": {"article": "https://example.org/0"}}),
    ("GET", "/api/quotes?entity={id}", None),
    ("GET", "/api/quotes?article={id}", None),
    ("GET", "/search?entity={id}", None),
    ("GET", "/api/quotes?article={id}&format=csv", None),
]
TEXT_PARAMETERS = [
    ("/api/quotes", "q"), ("/api/quotes", "speaker"), ("/api/quotes", "outlet"),
    ("/api/articles", "q"), ("/api/articles", "outlet"), ("/api/entities", "name"),
    ("/search", "q"), ("/search", "speaker"), ("/articles", "outlet"),
]


@pytest.fixture(params=["sqlite", "postgres"])
def served(request, tmp_path):
    location = str(tmp_path / "ids.db") if request.param == "sqlite" else request.getfixturevalue("postgres_location")
    with Store.open(location) as store:
        for number in range(2):
            store.save_article(build_article(f" Story {number}.", url=f"https://example.org/{number}"))
        link_entities(store)
    with live_server(location) as url, httpx.Client(base_url=url, headers={"origin": url}) as http:
        yield http


@pytest.mark.parametrize("method,route,body", ID_ROUTES)
@pytest.mark.parametrize("value", [HUGE, HUGER, f"-{HUGE}1"])
def test_an_id_beyond_64_bits_is_a_client_error(served, method, route, body, value):
    response = served.request(method, route.format(id=value), **(body or {}))
    assert response.status_code in (404, 422), (route, response.status_code, response.text[:300])
    assert "Traceback" not in response.text


def test_merging_with_an_id_beyond_64_bits_is_a_404(served):
    entity = served.get("/api/entities").json()["items"][0]["entity_id"]
    response = served.post("/api/entities/merge", json={"entity_ids": [entity, int(HUGE)]})
    assert response.status_code == 404 and HUGE in response.json()["detail"]
    form = served.post(f"/speakers/{entity}/merge", data={"others": HUGE}, headers=HTML)
    assert form.status_code == 404 and "Traceback" not in form.text


def test_the_largest_id_is_simply_not_found(served):
    assert served.get(f"/api/articles/{2**63 - 1}").status_code == 404
    assert served.get(f"/api/entities/{2**63 - 1}").status_code == 404
    assert served.get("/api/quotes", params={"entity": 2**63 - 1}).json()["total"] == 0


@pytest.mark.parametrize("path,name", TEXT_PARAMETERS)
def test_a_nul_character_in_a_text_filter_is_a_422_naming_it(served, path, name):
    response = served.get(path, params={name: "Parn\x00ell"})
    assert response.status_code == 422, (path, name, response.status_code, response.text[:300])
    assert "NUL" in response.text and "Traceback" not in response.text


def test_storing_an_analyzed_text_with_a_nul_is_a_422(served):
    response = served.post("/api/analyze", json={"text": '"We are ready," said Sean Parnell.\x00', "store": True})
    assert response.status_code == 422 and "NUL" in response.json()["detail"]
    assert served.get("/api/articles").json()["total"] == 2
