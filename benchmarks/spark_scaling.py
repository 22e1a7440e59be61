"""Scaling of the Spark job (``ontherecord spark``) in local mode: local[1] against local[2].

    python benchmarks/spark_scaling.py [--articles 2225] [--partitions 8] [--cores 1 2] [--json]

The first N BBC articles (``../shared/data/bbc/articles.jsonl``) are written to a JSONL file
and run through :func:`ontherecord.spark.job.run_job` once per master, each in a fresh
SparkSession: first a warm-up job on a few articles (Python workers start and load the
model once each, as executors do once per job), then the timed job over all articles,
parquet output included. The same number of engine tasks is used for every master. The
speed-up is the local[1] time over the local[N] time, measured in this one process.

From the measured per-core rate (the lower of local[1] and local[N] / N) the script prints the
hours that 1 M and 100 M articles of the same length would take on 16, 128 and 1,024 cores,
assuming linear scaling (tasks are independent; no shuffle but the final write) and that
executors are not slower than these cores. The load average before and after each run is
printed: on a shared machine the figures are only as good as it is idle.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ontherecord.evaluation import shared_dir
from ontherecord.spark.job import JobOptions, java_problem, run_job, spark_session

WARM_UP_ARTICLES = 16
SIZING_ARTICLES = (1_000_000, 100_000_000)
SIZING_CORES = (16, 128, 1024)


def write_bbc(limit: int, path: Path) -> tuple[Path, int, int]:
    """The first ``limit`` BBC articles as a JSONL file; (path, articles, characters)."""
    source = shared_dir() / "data" / "bbc" / "articles.jsonl"
    if not source.exists():
        sys.exit(f"BBC corpus not found at {source} (set ONTHERECORD_SHARED to the shared data directory)")
    lines = source.read_text(encoding="utf-8").splitlines()[:limit]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    characters = sum(len(json.loads(line)["text"]) for line in lines)
    return path, len(lines), characters


def timed_run(cores: int, source: Path, warm_up: Path, folder: Path, partitions: int) -> dict:
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": str(max(2, cores)), "spark.driver.memory": "2g"}
    spark = spark_session(f"local[{cores}]", settings, app_name=f"spark-scaling-local{cores}")
    spark.sparkContext.setLogLevel("ERROR")
    try:
        run_job(spark, JobOptions([str(warm_up)], str(folder / f"warm{cores}"), partitions=cores))
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        summary = run_job(spark, JobOptions([str(source)], str(folder / f"out{cores}"), partitions=partitions))
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
    finally:
        spark.stop()
    return {"cores": cores, "seconds": seconds, "rows": summary.rows, "tasks": summary.partitions,
            "load_before": load_before, "load_after": load_after}


def sizing(rate_per_core: float) -> list[dict]:
    return [{"articles": articles, "cores": cores, "hours": articles / (rate_per_core * cores) / 3600}
            for articles in SIZING_ARTICLES for cores in SIZING_CORES]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2225)
    parser.add_argument("--partitions", type=int, default=8, help="engine tasks, the same for every master")
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2], help="local[N] masters; the first is the baseline")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    problem = java_problem()
    if problem:
        sys.exit(problem)
    folder = Path(tempfile.mkdtemp(prefix="spark-scaling-"))
    try:
        source, articles, characters = write_bbc(args.articles, folder / "bbc.jsonl")
        warm_up, _, _ = write_bbc(WARM_UP_ARTICLES, folder / "warm-up.jsonl")
        runs = []
        for cores in args.cores:
            print(f"local[{cores}]: {articles} articles ...", file=sys.stderr, flush=True)
            runs.append(timed_run(cores, source, warm_up, folder, args.partitions))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base = runs[0]
    for run in runs:
        run["articles_per_second"] = articles / run["seconds"]
        run["per_core"] = run["articles_per_second"] / run["cores"]
        run["speed_up"] = base["seconds"] / run["seconds"]
    rate_per_core = min(run["per_core"] for run in runs)
    report = {"articles": articles, "characters": characters, "runs": runs,
              "rate_per_core": rate_per_core, "sizing": sizing(rate_per_core)}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)


def print_report(report: dict) -> None:
    print(f"{report['articles']} BBC articles, {report['characters']:,} characters "
          f"({report['characters'] / report['articles']:,.0f} per article)")
    for run in report["runs"]:
        print(f"local[{run['cores']}]: {run['seconds']:.1f} s, {run['articles_per_second']:.2f} articles/s "
              f"({run['per_core']:.2f} per core), speed-up {run['speed_up']:.2f}x, {run['tasks']} tasks, "
              f"rows {run['rows']}, load average {run['load_before']:.2f} -> {run['load_after']:.2f}")
    print(f"per-core rate used for sizing: {report['rate_per_core']:.2f} articles/s")
    print("hours (linear scaling)      " + "".join(f"{cores:>12,} cores" for cores in SIZING_CORES))
    for articles in SIZING_ARTICLES:
        hours = [row["hours"] for row in report["sizing"] if row["articles"] == articles]
        print(f"{articles:>15,} articles   " + "".join(f"{value:>18,.1f}" for value in hours))


if __name__ == "__main__":
    main()
