"""The per-article time budget of batch commands: an article over it is an item error and the run
goes on (one process and two). Real CLI, real spaCy, real files; the long article is invented
prose long enough that parsing it takes far longer than the tiny budget the tests set."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.budget import OverBudget, time_limit
from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.pipeline import load_pipeline

SENTENCES = (
    "\u201cWe will reopen berth {n} on Monday,\u201d said Maria Lopez, the port director.",
    "The union said its members would vote on offer {n} later this week.",
    "According to the city council, the strike has cost the local economy {n} million dollars.",
    "Daniel Okafor, a crane driver, told reporters that talks on day {n} had been difficult.",
)
SHORT = "\u201cThe strike is over,\u201d said Maria Lopez, the port director, on Tuesday."


def long_story(chars: int = 90_000) -> str:
    parts, size, n = [], 0, 0
    while size < chars:
        part = SENTENCES[n % len(SENTENCES)].format(n=n) + ("\n\n" if n % 5 == 4 else " ")
        parts.append(part)
        size += len(part)
        n += 1
    return "".join(parts)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("budget")
    (directory / "a-short.txt").write_text(SHORT, encoding="utf-8")
    (directory / "b-long.txt").write_text(long_story(), encoding="utf-8")
    (directory / "c-short.txt").write_text(SHORT.replace("Tuesday", "Wednesday"), encoding="utf-8")
    return directory


@pytest.mark.parametrize("processes", ["1", "2"])
def test_an_article_over_the_budget_is_an_item_error_and_the_run_goes_on(inputs, processes):
    result = CliRunner().invoke(cli, ["extract", str(inputs), "--format", "jsonl", "--time-budget", "0.5",
                                      "--processes", processes])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["id"]).name for r in records] == ["a-short.txt", "c-short.txt"]
    assert all(r["quotes"] for r in records)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {inputs / 'b-long.txt'}: took longer than its time budget of 0.5 seconds "
                      f"and was abandoned"]
    assert result.exit_code == 1


def test_ingest_records_the_article_over_the_budget_and_stores_the_rest(inputs, tmp_path):
    db = str(tmp_path / "corpus.db")
    result = CliRunner().invoke(cli, ["ingest", str(inputs), "--db", db, "--no-link", "--time-budget", "0.5"])
    assert result.exit_code == 1
    with Store.open(db) as store:
        assert store.count("articles") == 2
        [row] = store.db.rows("SELECT source, message FROM errors")
        assert row["source"].endswith("b-long.txt") and "time budget" in row["message"]


def test_the_budget_interrupts_a_real_parse():
    nlp = load_pipeline()
    with pytest.raises(OverBudget), time_limit(0.2):
        nlp(long_story())
    assert nlp(SHORT).text == SHORT  # the pipeline is still usable


def test_outside_the_main_thread_there_is_no_limit():
    outcome: list[str] = []

    def parse() -> None:
        with time_limit(0.01):
            outcome.append(load_pipeline()(long_story(5_000)).text[:5])

    worker = threading.Thread(target=parse)
    worker.start()
    worker.join()
    assert outcome == [long_story(5_000)[:5]]
