"""The store and the explorer at scale: synthetic corpora of N articles, the latency of every page.

    python benchmarks/corpus_scale.py --articles 10000 100000 [--backend sqlite postgres] [--requests 15]

The corpus is built from real extracted records: the first 100 BBC articles and the seed are run
through the engine once (cached in benchmarks/results/corpus_scale_records.jsonl) and replicated
into distinct articles (their own URL, one of 20 outlets, a date in 36 months) whose people and
organizations are renamed after a Zipf-like draw from an invented name pool, so a few names are
everywhere and most are rare. Articles are saved through the store's run path (``save_result``
inside ``recorded_run``, as ``ingest`` and ``load`` do), then entities are linked.

Reported per size and backend: the load rate, the store's size per article, and p50 / p99 latency
(single client, the ASGI app through httpx) of each explorer page and API route and of the Python
API behind ``stats``, ``quotes``, ``speakers`` and ``export`` (a CSV of the newest 1,000 quotes);
the last column is the p50 ratio to the smallest size measured in the same run. PostgreSQL
corpora go to throwaway databases on 127.0.0.1:5432 (user postgres), dropped afterwards.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path
from typing import Any

from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.entities import link_entities
from ontherecord.corpus.runs import ArticleOrigin, IngestSummary, recorded_run, save_result
from ontherecord.evaluation.gold import shared_dir
from ontherecord.model import Article

RESULTS = Path(__file__).resolve().parent / "results"
RECORDS = RESULTS / "corpus_scale_records.jsonl"
BASE_ARTICLES = 100
OUTLETS = [f"Outlet {letter}" for letter in "ABCDEFGHIJKLMNOPQRST"]
MONTHS = [f"{2023 + index // 12}-{index % 12 + 1:02d}" for index in range(36)]
FIRST = ("Alma", "Bruno", "Carys", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivo", "Jana", "Kofi", "Lina",
         "Marek", "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Stellan", "Tamsin", "Umar", "Vera", "Wren", "Yusuf")
LAST = ("Abernethy", "Brockhurst", "Castellane", "Dunmore", "Ellery", "Fenwick", "Galloway", "Harcourt", "Ingleby",
        "Jessop", "Kilbride", "Lockwood", "Marchbank", "Northcott", "Ormsby", "Pendry", "Quarrie", "Rushworth",
        "Stanwick", "Thornbury", "Upshaw", "Vardy", "Whitlock", "Yardley")
ORG_WORDS = ("Northern", "Civic", "Harbour", "Granite", "Meridian", "Beacon", "Summit", "Riverside", "Atlas")
ORG_KINDS = ("Trust", "Council", "Holdings", "Union", "Institute", "Group", "Agency", "Partners")
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
EXPORT_ROWS = 1000


# --- the records ---------------------------------------------------------------------------------


def base_records() -> list[dict[str, Any]]:
    """The engine's records of the first BBC articles and the seed, extracted once and cached."""
    if RECORDS.exists():
        return [json.loads(line) for line in RECORDS.open(encoding="utf-8")]
    from ontherecord import extract_many

    inputs = []
    for path, count in ((shared_dir() / "data" / "bbc" / "articles.jsonl", BASE_ARTICLES),
                        (shared_dir() / "seed" / "articles.jsonl", None)):
        with path.open(encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle if line.strip()]
        inputs += lines[:count] if count else lines
    print(f"extracting {len(inputs)} articles once into {RECORDS} ...", file=sys.stderr)
    records = [result.to_dict() for result in extract_many(inputs) if isinstance(result, Article)]
    RESULTS.mkdir(parents=True, exist_ok=True)
    with RECORDS.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return records


class NamePool:
    """Invented names drawn with weight 1/rank: a Zipf-like speaker distribution."""

    def __init__(self, names: list[str], rng: random.Random) -> None:
        self.names = names
        self.cumulative = list(accumulate(1 / rank for rank in range(1, len(names) + 1)))
        self.rng = rng

    def draw(self) -> str:
        return self.rng.choices(self.names, cum_weights=self.cumulative)[0]


def pools(articles: int, rng: random.Random) -> tuple[NamePool, NamePool]:
    people = [f"{first} {middle[0]}. {last}" for last in LAST for first in FIRST for middle in FIRST]
    organizations = [f"{a} {b} {c}" for a in ORG_WORDS for b in LAST for c in ORG_KINDS]
    rng.shuffle(people)
    rng.shuffle(organizations)
    return (NamePool(people[:max(200, min(len(people), articles // 4))], rng),
            NamePool(organizations[:max(50, min(len(organizations), articles // 20))], rng))


def replica(record: dict[str, Any], number: int, people: NamePool, organizations: NamePool,
            rng: random.Random) -> Article:
    """A distinct article from one record: its own URL, outlet, date and speaker names."""
    copy = json.loads(json.dumps(record))
    outlet = OUTLETS[number % len(OUTLETS)]
    copy.update(url=f"https://{outlet.lower().replace(' ', '-')}.example/{number}", outlet=outlet,
                id=f"synthetic-{number}", published=f"{rng.choice(MONTHS)}-{rng.randint(1, 28):02d}",
                title=f"{record.get('title') or 'Story'} ({number})")
    renamed: dict[str, dict[str, Any]] = {}
    for speaker in copy["speakers"]:
        if speaker["kind"] == "person" and speaker.get("name"):
            speaker["name"] = people.draw()
        elif speaker["kind"] == "organization" and speaker.get("name"):
            speaker["name"] = organizations.draw()
        if speaker.get("organization"):
            speaker["organization"] = organizations.draw()
        renamed[speaker["id"]] = speaker
    for quote in copy["quotes"]:
        ref = quote.get("speaker")
        if ref and ref["id"] in renamed:
            ref.update(name=renamed[ref["id"]]["name"], organization=renamed[ref["id"]].get("organization"))
    return Article.from_dict(copy)


def build_corpus(location: str, articles: int, records: list[dict[str, Any]], link: bool) -> dict[str, float]:
    rng = random.Random(21)
    people, organizations = pools(articles, rng)
    started = time.perf_counter()
    with Store.open(location) as store:
        summary = IngestSummary(run_id=store.start_run(["corpus_scale"]))
        with recorded_run(store, summary):
            for number in range(articles):
                article = replica(records[number % len(records)], number, people, organizations, rng)
                origin = ArticleOrigin(article.url, f"synthetic:{number}", "en")
                save_result(store, summary, article, origin, "synthetic")
                if number and number % 10_000 == 0:
                    print(f"  stored {number} ({number / (time.perf_counter() - started):.0f}/s)", file=sys.stderr)
        stored = time.perf_counter() - started
        linked = time.perf_counter()
        if link:
            link_entities(store)
        return {"store_seconds": stored, "articles_per_second": articles / stored,
                "link_seconds": time.perf_counter() - linked, "quotes": store.count("quotes")}


# --- the stores -----------------------------------------------------------------------------------


def new_location(backend: str, articles: int, workdir: Path) -> str:
    if backend == "sqlite":
        return str(workdir / f"scale-{articles}.db")
    import psycopg

    name = f"ontherecord_scale_{articles}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + name


def drop(location: str) -> None:
    if "://" not in location:
        for suffix in ("", "-wal", "-shm"):
            Path(location + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {location.rsplit('/', 1)[1]} WITH (FORCE)")


def store_bytes(location: str) -> int:
    with Store.open(location) as store:
        if store.dialect == "postgresql":
            return int(store.db.scalar("SELECT pg_database_size(current_database()) AS n"))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Path(location).stat().st_size


# --- the measurements -----------------------------------------------------------------------------


def routes(location: str, rare_word: str) -> dict[str, str]:
    with Store.open(location) as store:
        article_id = store.db.scalar("SELECT MAX(id) AS n FROM articles")
        entity_id = store.db.scalar("SELECT id FROM entities ORDER BY quote_count DESC, id LIMIT 1") or 1
    return {
        "/": "/",
        "/search": "/search",
        "/search?q=said": "/search?q=said",
        "/search?q=RARE": f"/search?q={rare_word}",
        "/search?q=NONE": "/search?q=qqzzunheard",
        "/search?outlet=Outlet+C": "/search?outlet=Outlet+C",
        "/articles": "/articles",
        "/articles/ID": f"/articles/{article_id}",
        "/speakers": "/speakers",
        "/speakers/ID": f"/speakers/{entity_id}",
        "/api/stats": "/api/stats",
        "/api/outlets": "/api/outlets",
        "/api/quotes": "/api/quotes",
        "/api/quotes?page=50": "/api/quotes?page=50",
        "/api/quotes?q=said": "/api/quotes?q=said",
        "/api/articles?page=50": "/api/articles?page=50",
        "/api/speakers": "/api/speakers",
        "/api/entities": "/api/entities",
        "/api/organizations": "/api/organizations",
    }


def rare_word(records: list[dict[str, Any]]) -> str:
    """A word in the quotes of exactly one base record (so in 1 of every len(records) articles)."""
    seen: dict[str, set[int]] = {}
    for index, record in enumerate(records):
        for quote in record["quotes"]:
            for word in quote["text"].lower().split():
                if word.isalpha() and len(word) > 6:
                    seen.setdefault(word, set()).add(index)
    return sorted(word for word, where in seen.items() if len(where) == 1)[0]


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def measure_pages(location: str, paths: dict[str, str], requests: int) -> dict[str, tuple[float, float]]:
    from fastapi.testclient import TestClient

    from ontherecord.web.app import create_app

    figures = {}
    with TestClient(create_app(location), base_url="http://127.0.0.1") as client:
        for label, path in paths.items():
            times = []
            for attempt in range(requests + 1):
                start = time.perf_counter()
                response = client.get(path)
                if response.status_code != 200:
                    raise SystemExit(f"error: {path} answered {response.status_code}: {response.text[:300]}")
                if attempt:  # the first request warms the caches
                    times.append(time.perf_counter() - start)
            figures[label] = percentiles(times)
    return figures


def measure_api(location: str, requests: int) -> dict[str, tuple[float, float]]:
    calls = {
        "stats": lambda corpus: corpus.stats(),
        "quotes --limit 20": lambda corpus: corpus.quotes(limit=20),
        "quotes --search said --limit 20": lambda corpus: corpus.quotes(search="said", limit=20),
        "speakers --top 20": lambda corpus: corpus.speakers(top=20),
        f"export csv (first {EXPORT_ROWS})": lambda corpus: corpus.export("csv", io.StringIO(), limit=EXPORT_ROWS),
    }
    figures = {}
    with Corpus(location) as corpus:
        for label, call in calls.items():
            times = []
            for attempt in range(requests + 1):
                start = time.perf_counter()
                call(corpus)
                if attempt:
                    times.append(time.perf_counter() - start)
            figures[label] = percentiles(times)
    return figures


def run_one(backend: str, articles: int, args, records, workdir: Path) -> dict[str, Any]:
    location = new_location(backend, articles, workdir)
    print(f"{backend}: building {articles} articles ...", file=sys.stderr)
    try:
        load = build_corpus(location, articles, records, link=not args.no_link)
        size = store_bytes(location)
        latency = measure_pages(location, routes(location, rare_word(records)), args.requests)
        latency |= measure_api(location, args.requests)
    finally:
        if not args.keep:
            drop(location)
    return {"backend": backend, "articles": articles, **load, "bytes_per_article": size / articles,
            "latency_ms": latency}


def report(results: list[dict[str, Any]]) -> None:
    for backend in dict.fromkeys(result["backend"] for result in results):
        rows = [result for result in results if result["backend"] == backend]
        smallest = rows[0]
        print(f"\n## {backend}")
        for row in rows:
            print(f"{row['articles']:>9,} articles: stored {row['articles_per_second']:.0f} articles/s, "
                  f"linked in {row['link_seconds']:.1f} s, {row['bytes_per_article'] / 1024:.1f} KiB per article, "
                  f"{row['quotes']:,} quotes")
        header = " | ".join(f"{row['articles']:,} p50 / p99 ms" for row in rows)
        print(f"\n| route | {header} | p50 ratio |")
        print("|---|" + "---|" * (len(rows) + 1))
        for label in smallest["latency_ms"]:
            cells = " | ".join("{:.1f} / {:.1f}".format(*row["latency_ms"][label]) for row in rows)
            ratio = rows[-1]["latency_ms"][label][0] / max(smallest["latency_ms"][label][0], 0.01)
            print(f"| `{label}` | {cells} | {ratio:.2f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backend", nargs="+", choices=("sqlite", "postgres"), default=["sqlite"])
    parser.add_argument("--requests", type=int, default=15, help="timed requests per route (after one warm-up)")
    parser.add_argument("--no-link", action="store_true", help="skip entity linking after storing")
    parser.add_argument("--keep", action="store_true", help="keep the stores (SQLite files in --workdir)")
    parser.add_argument("--workdir", default=None, help="where SQLite stores go (default: a temporary directory)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    records = base_records()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="corpus-scale-"))
    results = [run_one(backend, articles, args, records, workdir)
               for backend in args.backend for articles in sorted(args.articles)]
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
