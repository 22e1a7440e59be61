"""``ontherecord load`` speed on a synthetic corpus made of real extracted records.

    python benchmarks/store_load.py [--articles 20000] [--db postgresql://...] [--baseline 2000] [--json]

The first ``--sample`` BBC articles (default 100) are extracted once (cached in
benchmarks/results/) and replicated into ``--articles`` distinct articles (own URL, a line of
text of their own, one of 20 outlets, a month among 36), written as the Spark job's Parquet
tables. Then, in the same run:

* ``load``: ``load_output`` of all of them into an empty store (SQLite in a temporary directory,
  or ``--db``), linking skipped (``--link`` to include it);
* ``baseline``: the first ``--baseline`` of them saved one by one through the ingest path
  (:func:`~ontherecord.corpus.runs.save_result`, one transaction per article), what ``load``
  did before it wrote in batches.

* ``--ingest N``: then N more new articles saved into the loaded store the way ``ingest`` saves
  them (one by one, then linking only what is new), against the engine's time for N articles
  (measured on ``--extract`` BBC articles): the share of an ingest spent outside extraction
  (``--into STORE``: only this, into an existing store, e.g. one ``corpus_scale.py --keep`` built).

Reported: articles/s of each (by the clock and per CPU second of the process) and their ratio, store
size per article (SQLite). ``--output DIR`` times only the load of an existing job output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ontherecord.evaluation import shared_dir

RESULTS = Path(__file__).resolve().parent / "results"
OUTLETS = 20
MONTHS = 36


def sample_records(sample: int) -> list[dict[str, Any]]:
    """Article records (``Article.to_dict``) of the first ``sample`` BBC articles, extracted once."""
    cache = RESULTS / f"bbc{sample}_records.jsonl"
    if cache.exists():
        return [json.loads(line) for line in cache.open(encoding="utf-8")]
    from ontherecord import extract_many

    source = shared_dir() / "data" / "bbc" / "articles.jsonl"
    with source.open(encoding="utf-8") as lines:
        records = [json.loads(line) for _, line in zip(range(sample), lines)]
    articles = [a.to_dict() for a in extract_many([{k: r.get(k) for k in ("id", "title", "text")} for r in records])]
    RESULTS.mkdir(parents=True, exist_ok=True)
    cache.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return articles


def replicate(records: list[dict[str, Any]], count: int, first: int = 0) -> list[Any]:
    """``count`` distinct articles: copy ``n`` of a record gets a URL, outlet, date and text line of its own
    (appended, so every offset stays right)."""
    from ontherecord.model import Article

    articles = []
    for number in range(first, first + count):
        record = dict(records[number % len(records)])
        record["text"] = record["text"] + f"\n\nCopy {number}."
        record["id"] = f"copy-{number}"
        record["url"] = f"https://outlet{number % OUTLETS}.example.org/story/{number}"
        record["outlet"] = f"Outlet {number % OUTLETS}"
        month = number % MONTHS
        record["published"] = f"{2022 + month // 12}-{month % 12 + 1:02d}-15"
        articles.append(Article.from_dict(record))
    return articles


def timed_load(directory: Path, location: str, link: bool) -> dict[str, Any]:
    from ontherecord.corpus import Store
    from ontherecord.spark.load import load_output

    with Store.open(location) as store:
        started, cpu = time.perf_counter(), time.process_time()
        summary = load_output(str(directory), store, link_entities=link)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        stored = store.count("articles")
    return {"articles": summary.added, "stored": stored, "seconds": round(seconds, 2),
            "articles_per_s": round(summary.added / seconds, 1), "cpu_seconds": round(cpu_seconds, 2),
            "articles_per_cpu_s": round(summary.added / cpu_seconds, 1)}


def timed_one_by_one(articles: list[Any], location: str) -> dict[str, Any]:
    from ontherecord.corpus import Store, article_identity
    from ontherecord.corpus.runs import ArticleOrigin, IngestSummary, save_result

    with Store.open(location) as store:
        summary = IngestSummary(run_id=store.start_run(["benchmark"]))
        started = time.perf_counter()
        for article in articles:
            identity = article_identity(article.url, article.text)
            save_result(store, summary, article, ArticleOrigin(identity, article.url, "en"), "benchmark")
        seconds = time.perf_counter() - started
    return {"articles": summary.added, "seconds": round(seconds, 2),
            "articles_per_s": round(summary.added / seconds, 1)}


def ingest_share(location: str, records: list[dict[str, Any]], first: int, count: int, extract: int) -> dict:
    """Seconds to store and link ``count`` new articles into ``location``, and the engine's seconds for as many."""
    from ontherecord import extract_many
    from ontherecord.corpus import Store
    from ontherecord.corpus.entities import link_new

    source = shared_dir() / "data" / "bbc" / "articles.jsonl"
    with source.open(encoding="utf-8") as lines:
        sample = [json.loads(line) for _, line in zip(range(extract), lines)]
    list(extract_many(sample[:2]))  # the model loaded before timing
    started = time.perf_counter()
    list(extract_many([{k: r.get(k) for k in ("id", "title", "text")} for r in sample]))
    engine_seconds = (time.perf_counter() - started) / extract * count
    new = replicate(records, count, first)
    with Store.open(location) as store:
        link_new(store)  # the large store as ingest finds it: linked
    started = time.perf_counter()
    saved = timed_one_by_one(new, location)
    with Store.open(location) as store:
        linked = time.perf_counter()
        link_new(store)
        link_seconds = time.perf_counter() - linked
    store_seconds = time.perf_counter() - started
    return {"articles": count, "store_seconds": round(saved["seconds"], 2), "link_seconds": round(link_seconds, 2),
            "engine_seconds": round(engine_seconds, 1),
            "share_outside_engine": round(store_seconds / (store_seconds + engine_seconds), 4)}


def fresh_location(db: str | None, work: Path, name: str) -> str:
    if db is None:
        return str(work / f"{name}.db")
    import psycopg

    schema = f"bench_{name}_{os.getpid()}"
    with psycopg.connect(db, autocommit=True) as connection:
        connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        connection.execute(f'CREATE SCHEMA "{schema}"')
    return f"{db}{'&' if '?' in db else '?'}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--sample", type=int, default=100, help="BBC articles extracted and replicated")
    parser.add_argument("--baseline", type=int, default=2000, help="articles saved one by one (0: none)")
    parser.add_argument("--db", help="postgresql://... (a schema per run is made there); default SQLite")
    parser.add_argument("--link", action="store_true", help="link entities as part of the load")
    parser.add_argument("--ingest", type=int, default=0, help="then ingest this many more (SQLite)")
    parser.add_argument("--extract", type=int, default=30, help="BBC articles extracted to time the engine")
    parser.add_argument("--output", help="only time the load of this job output (e.g. corpus_scale.py --job-output)")
    parser.add_argument("--into", help="only the --ingest measurement, into this existing store (it keeps them)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.output:
        with tempfile.TemporaryDirectory() as temporary:
            load = timed_load(Path(args.output), fresh_location(args.db, Path(temporary), "load"), args.link)
        print(json.dumps(load, indent=2) if args.json else f"load of {args.output}: {load}")
        return
    if args.into:
        ingest = ingest_share(args.into, sample_records(args.sample), 10**9, args.ingest, args.extract)
        print(json.dumps(ingest, indent=2) if args.json else _ingest_line(ingest))
        return

    records = sample_records(args.sample)
    articles = replicate(records, args.articles)
    figures: dict[str, Any] = {"articles": args.articles, "backend": "postgresql" if args.db else "sqlite"}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        from ontherecord.spark.local_output import write_output

        write_output(articles, work / "output", model="benchmark")
        location = fresh_location(args.db, work, "load")
        figures["load"] = timed_load(work / "output", location, args.link)
        if args.db is None:
            figures["bytes_per_article"] = round(os.path.getsize(location) / args.articles)
        if args.ingest:
            figures["ingest"] = ingest_share(location, records, args.articles, args.ingest, args.extract)
        if args.baseline:
            figures["baseline"] = timed_one_by_one(articles[:args.baseline], fresh_location(args.db, work, "base"))
            figures["ratio"] = round(figures["load"]["articles_per_s"] / figures["baseline"]["articles_per_s"], 2)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{figures['backend']}: load of {args.articles} articles: {figures['load']['seconds']} s, "
          f"{figures['load']['articles_per_s']} articles/s", end="")
    print(f", {figures['bytes_per_article']} bytes per article" if "bytes_per_article" in figures else "")
    if "ingest" in figures:
        print(_ingest_line(figures["ingest"]))
    if "baseline" in figures:
        print(f"one by one (baseline, {args.baseline}): {figures['baseline']['articles_per_s']} articles/s; "
              f"load is {figures['ratio']} x the baseline")


def _ingest_line(ingest: dict[str, Any]) -> str:
    return (f"ingest of {ingest['articles']} more: store {ingest['store_seconds']} s + link {ingest['link_seconds']} s "
            f"vs engine {ingest['engine_seconds']} s: {100 * ingest['share_outside_engine']:.1f} % outside extraction")


if __name__ == "__main__":
    sys.exit(main())
