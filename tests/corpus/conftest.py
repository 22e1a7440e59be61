"""Fixtures for the corpus tests: hand-built articles, SQLite and real PostgreSQL stores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ontherecord.corpus import Store
from ontherecord.model import Article, Quote, Span, Speaker, SpeakerRef

POSTGRES_HOST = os.environ.get("ONTHERECORD_TEST_PGHOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("ONTHERECORD_TEST_PGPORT", "5432"))
POSTGRES_DATABASE = os.environ.get("ONTHERECORD_TEST_PGDATABASE", "test")
POSTGRES_USERS = ("postgres", "root")


def build_article(
    text_suffix: str = "",
    *,
    url: str | None = None,
    outlet: str = "Example Gazette",
    published: str = "2025-09-01",
    speaker_name: str = "Sean Parnell",
    role: str | None = "spokesperson",
    organization: str | None = "Pentagon",
    title: str = "Pentagon answers critics",
) -> Article:
    """A small article with a named person quoted twice and an anonymous source quoted once."""
    surname = speaker_name.split()[-1]
    text = (
        f'"We are ready to act," said {speaker_name}, the {organization or "agency"} {role or "official"}. '
        f"{surname} added that the plan was lawful. "
        f'"Nobody was told," one official said.{text_suffix}'
    )

    def span(fragment: str, start_at: int = 0) -> Span:
        start = text.index(fragment, start_at)
        return Span(fragment, start, start + len(fragment))

    quote_1 = span("We are ready to act,")
    quote_2 = span("the plan was lawful")
    quote_3 = span("Nobody was told,")
    name = span(speaker_name)
    second = span(surname, name.end)
    anonymous = span("one official")
    person_ref = SpeakerRef("s1", speaker_name, "person", name, None, role, organization)
    quotes = [
        Quote("q1", "direct", quote_1.text, quote_1.start, quote_1.end, [(quote_1.start, quote_1.end)],
              cue=span("said"), speaker=person_ref, confidence=0.9),
        Quote("q2", "indirect", quote_2.text, quote_2.start, quote_2.end, [(quote_2.start, quote_2.end)],
              cue=span("added"), speaker=SpeakerRef("s1", speaker_name, "person", second, None, role, organization),
              confidence=0.8),
        Quote("q3", "direct", quote_3.text, quote_3.start, quote_3.end, [(quote_3.start, quote_3.end)],
              cue=span("said", anonymous.end), speaker=SpeakerRef("s2", "one official", "anonymous", anonymous),
              confidence=0.7),
    ]
    speakers = [
        Speaker("s1", speaker_name, "person", None, role, organization, [name, second], ["q1", "q2"]),
        Speaker("s2", "one official", "anonymous", None, None, None, [anonymous], ["q3"]),
    ]
    return Article(text=text, title=title, url=url, outlet=outlet, published=published,
                   quotes=quotes, speakers=speakers)


@pytest.fixture
def sqlite_location(tmp_path) -> str:
    return str(tmp_path / "corpus.db")


def _postgres_base_url() -> str | None:
    try:
        import psycopg
    except ImportError:
        return None
    for user in POSTGRES_USERS:
        url = f"postgresql://{user}@{POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE}"
        try:
            with psycopg.connect(url, connect_timeout=3):
                return url
        except psycopg.Error:
            continue
    return None


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    url = _postgres_base_url()
    if url is None:
        pytest.skip(
            f"no PostgreSQL server reachable at {POSTGRES_HOST}:{POSTGRES_PORT}/{POSTGRES_DATABASE} "
            f"as user {' or '.join(POSTGRES_USERS)} (trust auth); PostgreSQL tests skipped"
        )
    return url


@pytest.fixture
def postgres_location(postgres_base_url) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    import psycopg

    schema = f"ontherecord_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_base_url, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{postgres_base_url}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres_base_url, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request) -> str:
    """The same test against SQLite and the real PostgreSQL server."""
    return request.getfixturevalue(f"{request.param}_location")


@pytest.fixture
def store(store_location) -> Iterator[Store]:
    opened = Store.open(store_location)
    try:
        yield opened
    finally:
        opened.close()


# --- generated articles -----------------------------------------------------------------------

PEOPLE = ("Maria Lopez", "Daniel Okafor", "Ingrid Halvorsen", "Tomas Brandt", "Aisha Rahman")


def article_text(number: int) -> str:
    """A short, unique English news story with one named speaker quoted directly."""
    person = PEOPLE[number % len(PEOPLE)]
    return (
        f"Harbour talks, day {number}\n\n"
        f'"We will reopen berth {number} on Monday," said {person}, the port director, on Tuesday. '
        f"The union said its members would vote on the offer later this week. "
        f"According to the city council, the strike has cost the local economy {number} million dollars."
    )


def write_jsonl(path, count: int, *, start: int = 0, with_urls: bool = True) -> list[dict]:
    import json

    records = [
        {
            "id": f"story-{n}",
            "title": f"Harbour talks, day {n}",
            "outlet": "Harbour Herald",
            "published": "2025-03-01",
            "url": f"https://herald.example.com/story/{n}" if with_urls else None,
            "text": article_text(n),
        }
        for n in range(start, start + count)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records


# --- a real HTTP server on 127.0.0.1 -----------------------------------------------------------

GERMAN_TEXT = (
    "Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle Unternehmen gelten sollen. "
    "Der Minister sagte, man werde die Lage genau beobachten und gegebenenfalls nachsteuern. "
    "Kritiker warnen vor hohen Kosten für kleine Betriebe und fordern Ausnahmen für Handwerker."
)


def html_page(title: str, body: str, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in body.split("\n") if line.strip())
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright Harbour Herald</footer></body></html>"
    )


class LocalSite:
    """Routes served by a threaded http.server: path → (status, content type, body, delay seconds)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes, float]] = {}
        self.failures_left: dict[str, int] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.hits: dict[str, int] = {}
        self.user_agents: list[str] = []
        self.base_url = ""

    def add(self, path: str, body: str | bytes, *, status: int = 200,
            content_type: str = "text/html; charset=utf-8", delay: float = 0.0, fail_first: int = 0,
            headers: dict[str, str] | None = None) -> str:
        """Serve ``body`` at ``path`` (with extra ``headers``); the first ``fail_first`` requests get a 503 instead."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, content_type, data, delay)
        self.headers[path] = headers or {}
        self.failures_left[path] = fail_first
        return self.base_url + path

    def response(self, path: str) -> tuple[int, str, bytes, float]:
        if self.failures_left.get(path, 0) > 0:
            self.failures_left[path] -= 1
            return (503, "text/html", b"<html><body>try again</body></html>", 0.0)
        return self.routes.get(path, (404, "text/html", b"<html><body>Not found</body></html>", 0.0))


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    import threading
    import time
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    site = LocalSite()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            site.hits[self.path] = site.hits.get(self.path, 0) + 1
            site.user_agents.append(self.headers.get("User-Agent", ""))
            status, content_type, body, delay = site.response(self.path)
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in site.headers.get(self.path, {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout or size limit)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --- cells a spreadsheet would run -------------------------------------------------------------

FORMULA_TITLE = '=HYPERLINK("http://attacker.example/t","open")'
FORMULA_OUTLET = "@SUM(1+1)"
FORMULA_CONTENT = "+SUM(A1:A9) is what we owe,"
FORMULA_ORGANIZATION = '=HYPERLINK("http://attacker.example/o","Acme")'
FORMULA_ROLE = "-2+3 spokesperson"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_article(number: int) -> Article:
    """A story whose title, outlet, quote, role and organization each start like a spreadsheet formula."""
    text = f'"{FORMULA_CONTENT}" said Maria Lopez on day {number}. The council did not comment.'
    content = Span.of(text, 1, 1 + len(FORMULA_CONTENT))
    name = Span.of(text, text.index("Maria Lopez"), text.index("Maria Lopez") + len("Maria Lopez"))
    cue = Span.of(text, text.index("said"), text.index("said") + 4)
    ref = SpeakerRef("s1", "Maria Lopez", "person", name, None, FORMULA_ROLE, FORMULA_ORGANIZATION)
    quote = Quote("q1", "direct", content.text, content.start, content.end, [(content.start, content.end)], cue=cue,
                  speaker=ref, confidence=0.9)
    speaker = Speaker("s1", "Maria Lopez", "person", None, FORMULA_ROLE, FORMULA_ORGANIZATION, [name], ["q1"])
    return Article(text=text, title=FORMULA_TITLE, url=f"https://formula.example.com/{number}", outlet=FORMULA_OUTLET,
                   published="2025-03-01", quotes=[quote], speakers=[speaker])


def assert_no_formula_cells(csv_text: str, *expected: str) -> None:
    """No cell of ``csv_text`` starts like a formula, and each ``expected`` value is there, guarded."""
    import csv
    import io

    cells = [cell for row in csv.reader(io.StringIO(csv_text)) for cell in row]
    assert len(cells) > 1, csv_text
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    for value in expected:
        assert any(cell.startswith("'" + value) for cell in cells), (value, csv_text)


REPO_ROOT = Path(__file__).resolve().parents[2]


def ingest_killed_when(args: list[str], cwd: Path, ready: Callable[[subprocess.Popen], int]) -> tuple[int, int]:
    """Run ``ontherecord ingest ARGS`` from this checkout's code, SIGKILL it once ``ready(process)``
    returns; gives back what ``ready`` returned and the killed process's pid."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    process = subprocess.Popen([sys.executable, "-m", "ontherecord", "ingest", *args], env=env, cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        seen = ready(process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return seen, process.pid


def wait_until_stalled(process: subprocess.Popen, counted: Callable[[], int], *, settle: float, poll: float,
                       what: str) -> int:
    """Poll ``counted()`` while ``process`` runs until it is above zero and has not moved for ``settle``
    seconds (the process is stuck with work committed); fails the test if the process exits first or
    nothing comes within four minutes."""
    deadline = time.monotonic() + 240
    last, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"ingest exited early with code {process.returncode}")
        done = counted()
        if done != last:
            last, stable_since = done, time.monotonic()
        elif done > 0 and time.monotonic() - stable_since > settle:
            return done
        time.sleep(poll)
    pytest.fail(f"the ingest {what} no article in time")
