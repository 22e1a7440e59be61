"""Load test of the explorer (``ontherecord serve``) on the BBC corpus, all on 127.0.0.1.

    python benchmarks/load.py [--db bbc.db] [--clients 50] [--seconds 30] [--baseline-seconds 10] [--json]

The server is the real command (``ontherecord serve``) in its own process; the load generator
is a minimal asyncio HTTP/1.1 client (keep-alive, ``--clients`` concurrent connections) in
another process, so neither steals the other's event loop. Phases, one after the other, each ``--seconds`` long:

* ``search``: ``GET /search?q=WORD`` (the HTML search page: full-text match, four facet
  counts, first page of 20 results), WORD drawn from common news words;
* ``article``: ``GET /articles/ID`` (the highlighted article page rebuilt from the store), ID
  drawn from every stored article;
* ``baseline`` (``--baseline-seconds``): ``GET /static/favicon.svg``, the framework's floor on
  this machine, so the page figures can be read as a ratio of it.

Reported per phase: requests, requests/s, p50 / p99 / max latency, and errors (any non-200
status or transport error). Exit code 1 if any request failed. Without ``--db`` the BBC
articles are ingested first into benchmarks/results/bbc.db (about 4 minutes, 2 processes).
Every request goes to 127.0.0.1 and the loop stops by itself after the phases.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from ontherecord.evaluation import shared_dir

RESULTS = Path(__file__).resolve().parent / "results"
SEARCH_WORDS = ("economy", "election", "film", "music", "growth", "minister", "Blair", "game", "market", "oil",
                "police", "budget", "shares", "players", "tax", "mobile", "China", "jobs", "prices", "award")
HOST = "127.0.0.1"


def ensure_corpus(db: str | None) -> str:
    if db:
        if not Path(db).exists() and "://" not in db:
            sys.exit(f"error: no corpus at {db}")
        return db
    location = RESULTS / "bbc.db"
    if not location.exists():
        source = shared_dir() / "data" / "bbc" / "articles.jsonl"
        if not source.exists():
            sys.exit(f"error: BBC corpus not found at {source} (set ONTHERECORD_SHARED or pass --db)")
        RESULTS.mkdir(parents=True, exist_ok=True)
        print(f"ingesting {source} into {location} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "ontherecord", "ingest", str(source), "--db", str(location),
                        "--processes", "2"], check=True)
    return str(location)


def article_ids(db: str) -> list[int]:
    if "://" in db:
        from ontherecord.corpus import Store

        with Store.open(db) as store:
            return [row["id"] for row in store.db.rows("SELECT id FROM articles")]
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT id FROM articles")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "ontherecord", "serve", "--db", db, "--host", HOST, "--port", str(port),
         "--log-level", "warning"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://{HOST}:{port}/static/favicon.svg", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    sys.exit("error: the explorer did not start within 60 s")


# --- the load generator (runs in its own process) ----------------------------------------------


class Connection:
    """A minimal HTTP/1.1 keep-alive client over asyncio streams: a load generator has to
    cost far less CPU per request than the server it measures (httpx costs several times more)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          f"Accept: text/html\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding") == "chunked":
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        else:
            await self.reader.readexactly(int(headers.get("content-length", 0)))
        if headers.get("connection") == "close":
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _client_loop(host: str, port: int, paths: list[str], stop_at: float, seed: int,
                       latencies: list[float], errors: list[str]) -> None:
    chooser = random.Random(seed)
    connection = Connection(host, port)
    while time.monotonic() < stop_at:
        path = chooser.choice(paths)
        started = time.perf_counter()
        try:
            status = await asyncio.wait_for(connection.get(path), timeout=30)
            if status != 200:
                errors.append(f"{status} {path}")
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError,
                ValueError) as exc:
            errors.append(f"{type(exc).__name__} {path}")
            await connection.close()
        latencies.append(time.perf_counter() - started)
    await connection.close()


async def _run_phase(host: str, port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(*(_client_loop(host, port, paths, stop_at, n, latencies, errors) for n in range(clients)))
    return _summary(latencies, errors, time.monotonic() - started)


def _summary(latencies: list[float], errors: list[str], elapsed: float) -> dict[str, Any]:
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": quantile(0.50),
        "p99_ms": quantile(0.99),
        "max_ms": round(1000 * ordered[-1], 1) if ordered else 0.0,
        "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0,
        "errors": len(errors),
        "error_samples": errors[:5],
    }


def _generator(port: int, paths: list[str], clients: int, seconds: float, results: Any) -> None:
    results.put(asyncio.run(_run_phase(HOST, port, paths, clients, seconds)))


def run_phase(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, Any]:
    results = multiprocessing.get_context("spawn").Queue()
    worker = multiprocessing.get_context("spawn").Process(target=_generator,
                                                           args=(port, paths, clients, seconds, results))
    worker.start()
    summary = results.get(timeout=seconds + 120)
    worker.join(timeout=30)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="corpus to serve (default: the BBC corpus, ingested on first use)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    db = ensure_corpus(args.db)
    ids = article_ids(db)
    port = free_port()
    server = start_server(db, port)
    base_url = f"http://{HOST}:{port}"
    phases = {
        "search": [f"/search?q={word}" for word in SEARCH_WORDS],
        "article": [f"/articles/{article_id}" for article_id in ids],
        "baseline": ["/static/favicon.svg"],
    }
    figures: dict[str, Any] = {"db": db, "articles": len(ids), "clients": args.clients}
    try:
        for name in phases["search"][:3] + phases["article"][:3]:
            httpx.get(base_url + name, timeout=60)  # warm-up: connections, caches
        for name, paths in phases.items():
            seconds = args.baseline_seconds if name == "baseline" else args.seconds
            if seconds <= 0:
                continue
            print(f"{name}: {args.clients} clients for {seconds:g} s ...", file=sys.stderr)
            figures[name] = run_phase(port, paths, args.clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(figures, args.json)
    failed = sum(figures[name]["errors"] for name in phases if name in figures)
    sys.exit(1 if failed else 0)


def report(figures: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=2))
        return
    print(f"corpus {figures['db']}: {figures['articles']} articles; {figures['clients']} concurrent clients")
    print(f"{'phase':<10}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'errors':>8}")
    for name in ("search", "article", "baseline"):
        if name in figures:
            row = figures[name]
            print(f"{name:<10}{row['requests']:>10}{row['requests_per_s']:>10}{row['p50_ms']:>10}"
                  f"{row['p99_ms']:>10}{row['max_ms']:>10}{row['errors']:>8}")
    baseline = figures.get("baseline", {}).get("requests_per_s")
    if baseline:
        for name in ("search", "article"):
            if name in figures:
                print(f"{name}: {figures[name]['requests_per_s'] / baseline:.2f} x the static-file rate")


if __name__ == "__main__":
    main()
