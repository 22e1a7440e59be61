"""The store and the explorer at scale: synthetic corpora of N articles, the latency of every page.

    python benchmarks/corpus_scale.py --articles 10000 100000 [--backend sqlite postgres] [--requests 15]

The corpus is built from real extracted records: the first 100 BBC articles and the seed are run
through the engine once (cached in benchmarks/results/corpus_scale_records.jsonl) and replicated
into distinct articles (their own URL, one of 20 outlets, a date in 36 months) whose people and
organizations are renamed after a Zipf-like draw from an invented name pool, so a few names are
everywhere and most are rare. The replicas are written as the Spark job's Parquet output (one
outlet-month at a time) and stored with ``load``'s bulk path (:func:`~ontherecord.spark.load.load_output`),
then their people are linked as ``load`` links them (copies and quote clusters left out).

Reported per size and backend: the load rate (by the clock and by the process's CPU time: the
machine is shared), the store's size per article, and p50 / p99 latency
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
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import accumulate
from pathlib import Path
from typing import Any

from ontherecord.corpus import Corpus, Store, article_identity
from ontherecord.corpus.entities import link_new
from ontherecord.evaluation.gold import shared_dir
from ontherecord.model import Article
from ontherecord.spark.load import load_output
from ontherecord.spark.local_output import finish_output, write_tables
from ontherecord.spark.rows import article_rows

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


def build_corpus(location: str, articles: int, records: list[dict[str, Any]], link: bool,
                 output: Path, keep_output: bool) -> dict[str, float]:
    """The corpus written as the Spark job's output, then ``load``-ed (the store's bulk path) and linked."""
    if not (output / "errors").is_dir():  # written last: the output is complete
        started = time.perf_counter()
        write_job_output(output, articles, records, random.Random(21))
        print(f"  job output written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with Store.open(location) as store:
        started, cpu = time.perf_counter(), time.process_time()
        summary = load_output(str(output), store, link_entities=False)
        stored, stored_cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"  loaded {summary.added} in {stored:.0f} s ({stored_cpu:.0f} s CPU)", file=sys.stderr)
        linked = time.perf_counter()
        if link:
            link_new(store)  # what load links after writing (its copies and quote clusters are left out)
        figures = {"store_seconds": stored, "articles_per_second": summary.added / stored,
                   "articles_per_cpu_second": summary.added / stored_cpu,
                   "link_seconds": time.perf_counter() - linked, "quotes": store.count("quotes")}
    if not keep_output:
        shutil.rmtree(output)
    return figures


def write_job_output(directory: Path, articles: int, records: list[dict[str, Any]], rng: random.Random) -> None:
    """The job's Parquet tables of ``articles`` replicas of the records, one outlet-month at a time."""
    people, organizations = pools(articles, rng)
    templates = [_table_rows(Article.from_dict(record)) for record in records]
    partitions: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for number in range(articles):
        published = f"{rng.choice(MONTHS)}-{rng.randint(1, 28):02d}"
        partitions[(OUTLETS[number % len(OUTLETS)], published[:7])].append((number, published))
    for members in partitions.values():
        tables: dict[str, list[dict[str, Any]]] = {"articles": [], "quotes": [], "speakers": []}
        for number, published in members:
            replica_rows(templates[number % len(templates)], number, published, people, organizations, tables)
        write_tables(tables, directory)
    finish_output(directory)


def _table_rows(article: Article) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {"articles": [], "quotes": [], "speakers": []}
    for table, row in article_rows(article, source=None, language="en", model="synthetic"):
        tables[table].append(row)
    return tables


def replica_rows(template: dict[str, list[dict[str, Any]]], number: int, published: str, people: NamePool,
                 organizations: NamePool, tables: dict[str, list[dict[str, Any]]]) -> None:
    """A distinct article's rows from one record's: its own URL, outlet, date and speaker names (as
    the rows of :func:`~ontherecord.spark.rows.article_rows`, without building the record)."""
    outlet = OUTLETS[number % len(OUTLETS)]
    url = f"https://{outlet.lower().replace(' ', '-')}.example/{number}"
    article = template["articles"][0]
    keys = {"article_identity": article_identity(url, article["text"]), "article_id": f"synthetic-{number}",
            "outlet": outlet, "month": published[:7]}
    tables["articles"].append({**article, **keys, "url": url, "source": f"synthetic:{number}", "published": published,
                               "title": f"{article['title'] or 'Story'} ({number})"})
    renamed = {}
    for speaker in template["speakers"]:
        names = {}
        if speaker["name"] and speaker["kind"] in ("person", "organization"):
            names["name"] = (people if speaker["kind"] == "person" else organizations).draw()
        if speaker["organization"]:
            names["organization"] = organizations.draw()
        renamed[speaker["speaker_id"]] = {**speaker, **names}
        tables["speakers"].append({**renamed[speaker["speaker_id"]], **keys})
    for quote in template["quotes"]:
        speaker = renamed.get(quote["speaker_id"])
        names = {"speaker_name": speaker["name"], "speaker_organization": speaker["organization"]} if speaker else {}
        tables["quotes"].append({**quote, **keys, **names})


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
        output = Path(args.job_output) / str(articles) if args.job_output else workdir / f"output-{articles}"
        load = build_corpus(location, articles, records, not args.no_link, output, bool(args.job_output))
        size = store_bytes(location)
        latency = {}
        if args.requests:
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
            print(f"{row['articles']:>9,} articles: stored {row['articles_per_second']:.0f} articles/s "
                  f"({row['articles_per_cpu_second']:.0f} per CPU second), "
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
    parser.add_argument("--requests", type=int, default=15, help="timed requests per route (after one warm-up); 0: build the stores only")
    parser.add_argument("--no-link", action="store_true", help="skip entity linking after storing")
    parser.add_argument("--keep", action="store_true", help="keep the stores (SQLite files in --workdir)")
    parser.add_argument("--workdir", default=None, help="where SQLite stores go (default: a temporary directory)")
    parser.add_argument("--job-output", help="keep the job's Parquet output here (DIR/ARTICLES), and reuse it")
    parser.add_argument("--output-only", action="store_true", help="only write the job's output (--job-output)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    records = base_records()
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="corpus-scale-"))
    if args.output_only:
        for articles in args.articles:
            write_job_output(Path(args.job_output) / str(articles), articles, records, random.Random(21))
        return
    results = [run_one(backend, articles, args, records, workdir)
               for backend in args.backend for articles in sorted(args.articles)]
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
