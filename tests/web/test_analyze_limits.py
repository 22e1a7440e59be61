"""/api/analyze under attack: slow analyses run in their own worker process with a time limit and
a bounded queue, so the rest of the explorer keeps answering; fetch failures are 4xx with the
reason. The real app served by uvicorn on 127.0.0.1, real spaCy, real pages from a local site."""

from __future__ import annotations

import random
import threading
import time

import httpx
import pytest
from corpus.conftest import article_text, html_page

from .conftest import live_server

MARKS = "\u201c\u201d\u2018\u2019\"'\u00ab\u00bb\u201e\u201a"
NORMAL_REQUESTS = ("/api/stats", "/api/quotes?per_page=5", "/api/articles", "/", "/search?q=said")


def quote_mark_text(chars: int) -> str:
    rng = random.Random(18)
    run = "".join(rng.choice(MARKS) for _ in range(chars))
    return f"The council met on Tuesday. Its spokesperson said: {run} The meeting ended at noon."


def prose(chars: int) -> str:
    parts, n = [], 0
    while sum(map(len, parts)) < chars:
        parts.append(article_text(n) + "\n\n")
        n += 1
    return "".join(parts)[:chars]


def analyze_in_background(base_url: str, text: str, outcome: dict) -> threading.Thread:
    def post() -> None:
        started = time.monotonic()
        with httpx.Client(base_url=base_url, timeout=300) as http:
            response = http.post("/api/analyze", json={"text": text})
        outcome.update(status=response.status_code, detail=response.json().get("detail"),
                       seconds=time.monotonic() - started, finished=time.monotonic())

    thread = threading.Thread(target=post, daemon=True)
    thread.start()
    return thread


def test_a_slow_analysis_does_not_slow_other_requests(seed_copy):
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("/api/analyze", json={"text": "\u201cIt is done,\u201d she said."}).status_code == 200
        outcome: dict = {}
        slow = analyze_in_background(url, quote_mark_text(20_000) + "\n\n" + prose(150_000), outcome)
        time.sleep(0.5)
        latencies = []
        for path in NORMAL_REQUESTS * 3:
            started = time.monotonic()
            assert http.get(path, headers={"accept": "text/html" if not path.startswith("/api") else "*/*"}).status_code == 200
            latencies.append(time.monotonic() - started)
        assert slow.is_alive(), "the analysis ended before the other requests: nothing was measured"
        slow.join(timeout=300)
        assert max(latencies) < 2.0, f"other requests took up to {max(latencies):.1f} s during the analysis"
        assert outcome["status"] in (200, 422)


def test_an_analysis_over_the_time_limit_is_a_422_and_the_next_one_works(seed_copy):
    with live_server(seed_copy, analyze_seconds=2.0) as url, httpx.Client(base_url=url, timeout=120) as http:
        started = time.monotonic()
        response = http.post("/api/analyze", json={"text": prose(190_000)})
        assert response.status_code == 422
        assert "longer than" in response.json()["detail"] and time.monotonic() - started < 60
        quick = http.post("/api/analyze", json={"text": "\u201cIt is done,\u201d said Maria Lopez."})
        assert quick.status_code == 200 and quick.json()["record"]["quotes"]


def test_analyses_beyond_the_queue_are_refused_with_503(seed_copy):
    with live_server(seed_copy, analyze_seconds=2.0, analyze_queue=1) as url:
        outcomes = [{} for _ in range(4)]
        threads = [analyze_in_background(url, prose(190_000), outcome) for outcome in outcomes]
        for thread in threads:
            thread.join(timeout=120)
        statuses = sorted(outcome["status"] for outcome in outcomes)
        assert statuses.count(503) >= 2 and all(status in (200, 422, 503) for status in statuses)
        busy = next(outcome for outcome in outcomes if outcome["status"] == 503)
        analysed = [outcome["finished"] for outcome in outcomes if outcome["status"] != 503]
        # refused at once: before the analysis holding the worker ran out of time
        assert "busy" in busy["detail"] and busy["finished"] < max(analysed)


@pytest.fixture
def hostile_site(local_site):
    local_site.add("/js", b"", status=302, headers={"Location": "javascript:alert(1)"})
    local_site.add("/bad-port", b"", status=302, headers={"Location": "http://[::1"})
    local_site.add("/only-title", "<html><head><title>Port reopens</title></head><body><h1>Port reopens</h1></body></html>")
    local_site.add("/story", html_page("Harbour strike ends", article_text(3)))
    return local_site


@pytest.mark.parametrize("path, reason", [("/js", "javascript: URL"), ("/bad-port", "invalid URL"),
                                          ("/only-title", "no article text")])
def test_a_url_that_cannot_be_fetched_is_a_422_with_the_reason(seed_copy, hostile_site, path, reason):
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=60) as http:
        response = http.post("/api/analyze", json={"url": hostile_site.base_url + path})
        assert response.status_code == 422 and reason in response.json()["detail"]
        good = http.post("/api/analyze", json={"url": hostile_site.base_url + "/story"})
        assert good.status_code == 200


def test_an_invalid_url_is_a_422(seed_copy):
    with live_server(seed_copy) as url, httpx.Client(base_url=url, timeout=60) as http:
        for bad in ("http://[::1", "http://a..b/", "http://exa\u0000mple.com/"):
            response = http.post("/api/analyze", json={"url": bad})
            assert response.status_code == 422, bad
