"""`ontherecord extract` end to end: the real CLI, the real spaCy pipeline, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ontherecord.cli import cli
from ontherecord.commands.extract import extract_in_order
from ontherecord.config import EngineConfig
from ontherecord.model import Article, ArticleInput, ItemError
from ontherecord.pipeline import DEFAULT_MODEL

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
HARBOR_STORY = EXAMPLES / "harbor-strike.txt"
EXAMPLE_JSONL = EXAMPLES / "articles.jsonl"
NBSP = "\u00a0"

SHORT_STORY = (
    f"\u201cWe will not raise taxes this year,\u201d said Maria Lopez, the mayor of Springfield.\r\n"
    f"\u201cThe budget is balanced,\u201d she added. It spends $4.5{NBSP}million on roads.\r\n"
)


def run(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["extract", *args], input=input, env=env, catch_exceptions=False)


def jsonl_records(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def assert_offsets_exact(record: dict[str, Any]) -> None:
    """Every span in an output record indexes the record's own text."""
    text = record["text"]
    for quote in record["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"], quote
        for start, end in quote["pieces"]:
            assert quote["start"] <= start < end <= quote["end"], quote
        spans = [quote["cue"], (quote["speaker"] or {}).get("mention"), *quote["figures"]]
        for span in filter(None, spans):
            assert text[span["start"] : span["end"]] == span["text"], span
    for speaker in record["speakers"]:
        for mention in speaker["mentions"]:
            assert text[mention["start"] : mention["end"]] == mention["text"], mention


@pytest.fixture(scope="module")
def example_records() -> list[dict[str, Any]]:
    """The bundled examples through the CLI once, as JSON Lines."""
    result = run(str(HARBOR_STORY), str(EXAMPLE_JSONL), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return jsonl_records(result.stdout)


@pytest.fixture()
def story_file(tmp_path: Path) -> Path:
    path = tmp_path / "mayor.txt"
    path.write_bytes(SHORT_STORY.encode("utf-8"))
    return path


# --- the bundled example --------------------------------------------------------------------


def test_examples_give_one_record_per_article_in_input_order(example_records: list[dict[str, Any]]) -> None:
    jsonl_ids = [json.loads(line)["id"] for line in EXAMPLE_JSONL.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in example_records] == [str(HARBOR_STORY), *jsonl_ids]


def test_example_text_is_kept_exactly_and_offsets_index_it(example_records: list[dict[str, Any]]) -> None:
    harbor = example_records[0]
    assert harbor["text"] == HARBOR_STORY.read_bytes().decode("utf-8")
    assert NBSP in harbor["text"]
    for record in example_records:
        assert_offsets_exact(record)


def test_example_story_yields_attributed_quotes(example_records: list[dict[str, Any]]) -> None:
    harbor = example_records[0]
    assert harbor["quotes"], "the bundled example exercises the engine; it must find quotes"
    speaker_ids = {s["id"] for s in harbor["speakers"]}
    for quote in harbor["quotes"]:
        if quote["speaker"]:
            assert quote["speaker"]["id"] in speaker_ids


def test_example_metadata_is_carried_through(example_records: list[dict[str, Any]]) -> None:
    source = [json.loads(line) for line in EXAMPLE_JSONL.read_text(encoding="utf-8").splitlines()]
    for given, record in zip(source, example_records[1:]):
        for key in ("id", "title", "url", "outlet", "author", "published", "text"):
            assert record[key] == given.get(key), key


# --- formats ---------------------------------------------------------------------------------


def test_default_format_off_a_terminal_is_jsonl(story_file: Path) -> None:
    result = run(str(story_file))
    assert result.exit_code == 0
    [record] = jsonl_records(result.stdout)
    assert record["text"] == SHORT_STORY
    assert_offsets_exact(record)


def test_json_is_always_one_list(story_file: Path, example_records: list[dict[str, Any]]) -> None:
    single = json.loads(run(str(story_file), "--format", "json").stdout)
    assert isinstance(single, list) and len(single) == 1
    several = json.loads(run(str(HARBOR_STORY), str(EXAMPLE_JSONL), "--format", "json").stdout)
    assert several == example_records
    for record in several:
        assert Article.from_dict(record).to_dict() == record


def test_json_with_only_errors_is_an_empty_list(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.txt"), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_table_shows_titles_and_every_speaker(example_records: list[dict[str, Any]]) -> None:
    result = run(str(HARBOR_STORY), str(EXAMPLE_JSONL), "--format", "table", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    shown = result.stdout
    assert str(HARBOR_STORY) in shown  # a file without a title is headed by its id
    for record in example_records:
        assert (record["title"] or record["id"]) in shown
        for speaker in record["speakers"]:
            label = speaker["name"] or speaker["mentions"][0]["text"]
            assert " ".join(label.split()) in shown, label
        if record["quotes"]:
            assert f"{len(record['quotes'])} quote" in shown
        else:
            assert "No attributed statements found." in shown


def test_stdin_dash_reads_text_exactly() -> None:
    result = run("-", "--format", "jsonl", input=SHORT_STORY.encode("utf-8"))
    [record] = jsonl_records(result.stdout)
    assert record["id"] == "stdin" and record["text"] == SHORT_STORY
    assert_offsets_exact(record)


# --- bad items -------------------------------------------------------------------------------


def test_bad_items_are_reported_and_the_rest_goes_on(tmp_path: Path, story_file: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\u00e9 owners said no.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b"  \n\n")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"id": "ok-1", "text": "Fine, she said."}\n{broken\n{"id": "no-text"}\n', encoding="utf-8")
    missing = tmp_path / "missing.txt"

    args = [binary, story_file, latin1, empty, lines, missing, blank, HARBOR_STORY]
    result = run(*map(str, args), "--format", "jsonl")

    assert result.exit_code == 1
    assert [r["id"] for r in jsonl_records(result.stdout)] == [str(story_file), "ok-1", str(HARBOR_STORY)]
    expected_starts = [
        f"error: {binary}: binary file (contains NUL bytes), not text",
        f"error: {latin1}: not valid UTF-8 (bad byte at offset 3)",
        f"error: {empty}: empty file",
        f"error: {lines}:2: invalid JSON (",
        f"error: {lines}:3: record has no 'text' string",
        f"error: {missing}: no such file",
        f"error: {blank}: only whitespace, no article text",
    ]
    reported = error_lines(result.stderr)
    assert len(reported) == len(expected_starts), reported
    for line, start in zip(reported, expected_starts):
        assert line.startswith(start), (line, start)
    assert not error_lines(result.stdout)


def test_unknown_model_exits_2_with_one_clear_line(story_file: Path) -> None:
    result = run(str(story_file), "--model", "not_a_model")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and "'not_a_model' is not installed" in line


def test_help_teaches_with_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "ontherecord extract articles.jsonl --format jsonl" in result.stdout


def test_no_path_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["extract"])
    assert result.exit_code == 2 and "Missing argument" in result.stderr


# --- order and parallelism -------------------------------------------------------------------


def test_reader_errors_keep_their_place_among_batched_results() -> None:
    items: list[ArticleInput | ItemError] = []
    for i in range(40):  # more than one extract_many batch, errors spread through it
        items.append(ItemError(f"bad-{i}", "unreadable") if i % 7 == 3 else ArticleInput(f"Story {i}.", id=f"good-{i}"))
    items.append(ItemError("bad-last", "unreadable"))
    results = list(extract_in_order(iter(items), engine=EngineConfig(DEFAULT_MODEL)))
    expected = [item.source if isinstance(item, ItemError) else item.id for item in items]
    assert [r.source if isinstance(r, ItemError) else r.id for r in results] == expected


def test_processes_2_gives_the_same_output_in_the_same_order(tmp_path: Path, story_file: Path) -> None:
    missing = tmp_path / "missing.txt"
    args = [str(HARBOR_STORY), str(missing), str(EXAMPLE_JSONL), str(story_file)]
    serial = run(*args, "--format", "jsonl")
    parallel = run(*args, "--format", "jsonl", "--processes", "2")
    assert parallel.exit_code == serial.exit_code == 1
    assert jsonl_records(parallel.stdout) == jsonl_records(serial.stdout)
    assert error_lines(parallel.stderr) == error_lines(serial.stderr) == [f"error: {missing}: no such file"]


# --- a real process --------------------------------------------------------------------------


def test_subprocess_run_of_the_installed_cli(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    completed = subprocess.run(
        [sys.executable, "-m", "ontherecord", "extract", str(HARBOR_STORY), str(missing), "--format", "jsonl"],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=600,
    )
    stdout, stderr = completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8")
    assert completed.returncode == 1, stderr
    assert error_lines(stderr) == [f"error: {missing}: no such file"]
    [record] = jsonl_records(stdout)
    assert record["text"] == HARBOR_STORY.read_bytes().decode("utf-8")
    assert record["quotes"]
    assert_offsets_exact(record)
