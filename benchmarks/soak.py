"""Soak test of the explorer's store connections, on SQLite and on PostgreSQL, all on 127.0.0.1.

    python benchmarks/soak.py [--backend sqlite|postgres|both] [--minutes 10] [--burst 200]
        [--clients 40] [--gap 12] [--pool-size 10] [--pg postgresql://postgres@127.0.0.1:5432/test]

For each backend (one after the other), the seed corpus is ingested into a fresh store and
``ontherecord serve`` runs in its own process. Then, for ``--minutes``: a burst of ``--burst``
requests from ``--clients`` concurrent client threads across the explorer's routes, then an idle
gap of ``--gap`` seconds (longer than the server's 10 s worker-thread idle timeout, so its threads
retire and new ones start between bursts). Printed per burst: open store connections (SQLite: the
server's file descriptors on the database file; PostgreSQL: its backends in pg_stat_activity,
by application name), the server's RSS, p50/p99 latency and failures (any status but 200).
A summary line per backend ends the run; exit code 1 if any request failed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ONTHERECORD_SHARED", REPO.parent / "shared"))
ROUTES = ("/", "/search?q=said", "/search?q=%22the%20government%22", "/api/quotes?q=police%20OR%20court",
          "/api/quotes?speaker=a", "/api/articles", "/articles/1", "/api/articles/2/stored", "/speakers",
          "/api/speakers", "/api/entities", "/api/stats", "/api/runs", "/api/quotes?format=csv", "/articles")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(backend: str, workdir: Path, pg_base: str) -> tuple[str, str | None]:
    """A fresh store filled with the seed corpus; (location, application name for PostgreSQL)."""
    sys.path.insert(0, str(REPO / "src"))
    from ontherecord.corpus import Store
    from ontherecord.corpus.ingest import ingest

    application = None
    if backend == "sqlite":
        location = str(workdir / "soak.db")
    else:
        import psycopg

        schema, application = f"ontherecord_soak_{uuid.uuid4().hex[:8]}", "ontherecord_soak"
        with psycopg.connect(pg_base, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        location = f"{pg_base}?options=-csearch_path%3D{schema}&application_name={application}"
    with Store.open(location) as store:
        ingest([str(SHARED / "seed")], store)
    return location, application


def drop_schema(location: str, pg_base: str) -> None:
    import psycopg

    schema = location.split("search_path%3D")[1].split("&")[0]
    with psycopg.connect(pg_base, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def open_connections(backend: str, pid: int, location: str, application: str | None, pg_base: str) -> int:
    if backend == "sqlite":
        target, count = os.path.realpath(location), 0
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            try:
                count += os.readlink(entry) == target
            except OSError:
                pass
        return count
    import psycopg

    with psycopg.connect(pg_base, autocommit=True) as connection:
        return connection.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s",
                                  (application,)).fetchone()[0]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def burst(url: str, requests: int, clients: int) -> tuple[list[float], int]:
    def get(index: int) -> tuple[float, bool]:
        started = time.perf_counter()
        try:
            with httpx.Client(base_url=url, timeout=60) as http:
                ok = http.get(ROUTES[index % len(ROUTES)]).status_code == 200
        except httpx.HTTPError:
            ok = False
        return time.perf_counter() - started, ok

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(get, range(requests)))
    return [seconds for seconds, _ in results], sum(not ok for _, ok in results)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def soak(backend: str, args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="ontherecord-soak-"))
    location, application = prepare(backend, workdir, args.pg)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen([sys.executable, "-m", "ontherecord", "serve", "--db", location, "--port", str(port),
                               "--pool-size", str(args.pool_size), "--log-level", "warning"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/static/favicon.svg", timeout=2)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"{backend}: the explorer did not start") from None
                time.sleep(0.2)
        print(f"{backend}: burst of {args.burst} requests from {args.clients} clients, idle {args.gap:g} s, "
              f"pool size {args.pool_size}, for {args.minutes:g} min", flush=True)
        end = time.monotonic() + args.minutes * 60
        every, connections, rss, failures, number = [], [], [], 0, 0
        while time.monotonic() < end:
            number += 1
            latencies, failed = burst(url, args.burst, args.clients)
            every += latencies
            failures += failed
            connections.append(open_connections(backend, server.pid, location, application, args.pg))
            rss.append(rss_mb(server.pid))
            print(f"{backend} burst {number:3d}: connections {connections[-1]:3d}  rss {rss[-1]:6.1f} MB  "
                  f"p50 {percentile(latencies, 0.5) * 1000:7.1f} ms  p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  "
                  f"failures {failed}", flush=True)
            time.sleep(max(0.0, min(args.gap, end - time.monotonic())))
        print(f"SUMMARY {backend}: {number} bursts, {len(every)} requests, failures {failures}; connections "
              f"max {max(connections)} (first {connections[0]}, last {connections[-1]}, pool {args.pool_size}); "
              f"rss first {rss[0]:.1f} MB, last {rss[-1]:.1f} MB, max {max(rss):.1f} MB; "
              f"p50 {statistics.median(every) * 1000:.1f} ms, p99 {percentile(every, 0.99) * 1000:.1f} ms", flush=True)
        return failures
    finally:
        server.terminate()
        server.wait(timeout=30)
        if backend == "postgres":
            drop_schema(location, args.pg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--gap", type=float, default=12)
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    failures = sum(soak(backend, args) for backend in backends)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
