"""``ontherecord spark`` exit codes, and the documented spark-submit entry file end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.spark import entry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles.jsonl"


def test_setup_errors_exit_2_before_spark_starts(tmp_path):
    missing = CliRunner().invoke(cli, ["spark", str(tmp_path / "nope.jsonl"), str(tmp_path / "out")])
    assert missing.exit_code == 2 and "no such file or directory" in missing.output
    (tmp_path / "out" / "articles").mkdir(parents=True)
    taken = CliRunner().invoke(cli, ["spark", str(EXAMPLES), str(tmp_path / "out")])
    assert taken.exit_code == 2 and "--overwrite" in taken.output
    odd = tmp_path / "notes.txt"
    odd.write_text("text")
    unknown = CliRunner().invoke(cli, ["spark", str(odd), str(tmp_path / "out2")])
    assert unknown.exit_code == 2 and "the name must end in" in unknown.output


def test_spark_submit_entry_then_load(spark, tmp_path):
    submit = Path(sys.executable).with_name("spark-submit")
    if not submit.exists():
        submit = Path(shutil.which("spark-submit") or "")
    if not submit.is_file():
        pytest.skip("spark-submit is not on this machine")
    output = tmp_path / "out"
    environment = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    job = subprocess.run(
        [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.sql.shuffle.partitions=2", entry.__file__, str(EXAMPLES), str(output)],
        check=False, capture_output=True, text=True, env=environment, timeout=300,
    )
    assert job.returncode == 0, job.stderr[-3000:]
    # spark-submit's Python runner sends the driver's stderr to stdout
    assert "3 articles," in job.stdout + job.stderr and "0 errors written" in job.stdout + job.stderr
    loaded = CliRunner().invoke(cli, ["load", str(output), "--db", str(tmp_path / "corpus.db")])
    assert loaded.exit_code == 0, loaded.output
    assert "3 added" in loaded.output
