"""``ontherecord spark --mode accurate``: the reranker runs on the executors and gives exactly what
single-process ``extract_many(mode="accurate")`` gives; a directory without a model stops it before Spark."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord import extract_many
from ontherecord.accurate.reranker import shipped_model_dir
from ontherecord.cli import cli
from ontherecord.config import DEPRECATED_RERANKER_ENV, RERANKER_ENV
from ontherecord.pipeline import DEFAULT_MODEL
from ontherecord.spark import job

from .conftest import read_table

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"
ARTICLES = 6  # the first BBC articles: accurate mode changes the quotes of most of them


def quote_keys(articles) -> list[tuple]:
    return sorted(
        (a.id, q.id, q.type, q.start, q.end, q.text, tuple(map(tuple, q.pieces)), q.cue.text if q.cue else None,
         q.speaker.name if q.speaker else None, q.speaker.kind if q.speaker else None)
        for a in articles for q in a.quotes
    )


def test_spark_accurate_equals_single_process(bbc_records, bbc_articles, tmp_path, monkeypatch):
    problem = job.java_problem()
    if problem:
        pytest.skip(f"Spark tests skipped: {problem}")
    records = bbc_records[:ARTICLES]
    source = tmp_path / "bbc.jsonl"
    source.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    model = tmp_path / "reranker"  # --reranker, so the directory travels to the executors
    shutil.copytree(shipped_model_dir(), model)
    monkeypatch.delenv(RERANKER_ENV, raising=False)
    monkeypatch.delenv(DEPRECATED_RERANKER_ENV, raising=False)
    output = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "ontherecord", "spark", str(source), str(output), "--master", "local[2]",
         "--mode", "accurate", "--reranker", str(model), "--partitions", "2",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"],
        check=False, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert run.returncode == 0, run.stderr[-3000:]

    want = list(extract_many(records, mode="accurate"))
    got = read_table(output, "quotes")
    assert quote_keys(want) != quote_keys(bbc_articles[:ARTICLES])  # the mode really changes these quotes
    assert sorted(
        (r["article_id"], r["quote_id"], r["type"], r["start"], r["end"], r["text"], tuple(map(tuple, r["pieces"])),
         r["cue_text"], r["speaker_name"], r["speaker_kind"])
        for r in got
    ) == quote_keys(want)
    articles = read_table(output, "articles")
    # as ingest records it, with the model directory that replaced the shipped one
    assert {row["model"] for row in articles} == {f"{DEFAULT_MODEL} accurate reranker=reranker"}
    assert len(articles) == ARTICLES and read_table(output, "errors") == []


def test_accurate_mode_without_a_model_exits_2_before_spark_starts(tmp_path, monkeypatch):
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    source = tmp_path / "story.jsonl"
    source.write_text(json.dumps({"id": "story", "text": "The port reopened, officials said."}) + "\n")
    def no_spark(*args, **kwargs):
        raise AssertionError("Spark was started")

    monkeypatch.setattr(job, "spark_session", no_spark)
    result = CliRunner().invoke(cli, ["spark", str(source), str(tmp_path / "out"),
                                      "--mode", "accurate", "--reranker", str(empty)])
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "holds no accurate-mode model" in result.output
    assert not (tmp_path / "out").exists()


def test_partition_passes_mode_and_content_style(bbc_records):
    from ontherecord.spark.partition import process_partition

    records = bbc_records[:2]
    rows = list(process_partition(records, mode="accurate", content_style="polnear"))
    want = list(extract_many(records, mode="accurate", content_style="polnear"))
    got = sorted((r["article_id"], r["quote_id"], r["start"], r["end"], r["content"]) for t, r in rows if t == "quotes")
    assert got == sorted((a.id, q.id, q.start, q.end, q.content(a.text)) for a in want for q in a.quotes)
    assert {r["model"] for t, r in rows if t == "articles"} == {f"{DEFAULT_MODEL} accurate polnear"}
    fast = {r["model"] for t, r in process_partition(records) if t == "articles"}
    assert fast == {DEFAULT_MODEL}  # the default run is labelled as before


def test_executors_get_the_drivers_reranker(spark, tmp_path, monkeypatch):
    # The job's engine config travels with the tasks, not through the executors' environment. An
    # empty directory (the driver check skipped) shows they use it: every article fails.
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    monkeypatch.delenv(RERANKER_ENV, raising=False)
    output = tmp_path / "out"
    job.run_job(spark, job.JobOptions([str(EXAMPLES)], str(output), partitions=1, mode="accurate", reranker=str(empty)))
    errors = read_table(output, "errors")
    assert read_table(output, "articles") == [] and len(errors) == 3
    assert all("holds no accurate-mode model" in row["message"] for row in errors)
