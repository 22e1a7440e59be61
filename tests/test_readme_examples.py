"""Every command of the README's tour runs as written and prints what the README shows.

Each ``$ ontherecord ...`` line of the tour is run in order from the repository root (the real CLI,
the real engine, a real SQLite store built from the bundled examples by the tour's own ingest line,
the evaluate line on ../shared/seed/gold.json); the lines
shown under it must appear in its output: each shown line's pieces between "..." in order in one
output line (trailing spaces ignored). A query must print at least one row."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.evaluation import shared_dir

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
SEED = shared_dir() / "seed" / "articles.jsonl"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed not found at {SEED}")


def tour_examples() -> list[tuple[str, list[str]]]:
    """(command line, lines shown under it) for every ``$ ontherecord`` line of the tour's code blocks."""
    text = README.read_text(encoding="utf-8")
    tour = text[text.index("## A tour"):text.index("## Python and spaCy")]
    examples: list[tuple[str, list[str]]] = []
    in_block = False
    shown: list[str] | None = None  # the output lines of the block's current command
    for line in tour.splitlines():
        if line.startswith("```"):
            in_block, shown = not in_block, None
            continue
        if not in_block:
            continue
        if line.startswith("$ ontherecord "):
            shown = []
            examples.append((line[2:], shown))
        elif shown is not None and line.strip():
            shown.append(line.rstrip())
    return examples


def shown_in(shown: str, output_lines: list[str]) -> bool:
    pieces = [piece.strip() for piece in shown.split("...") if piece.strip()]
    for line in output_lines:
        position = 0
        for piece in pieces:
            found = line.find(piece, position)
            if found < 0:
                break
            position = found + len(piece)
        else:
            return True
    return False


def test_the_tour_has_examples_of_each_command():
    commands = {shlex.split(command)[1] for command, _ in tour_examples()}
    assert {"extract", "evaluate", "ingest", "quotes", "speakers", "export"} <= commands


def test_every_tour_example_runs_and_shows_what_the_readme_says(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    database = str(tmp_path / "corpus.db")
    runner = CliRunner()
    for command, shown in tour_examples():
        argv = [database if arg == "corpus.db" else arg.replace("../shared", str(shared_dir()))
                for arg in shlex.split(command)[1:]]
        result = runner.invoke(cli, argv, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
        output_lines = [line.rstrip() for line in result.stdout.splitlines()]
        if argv[0] in ("quotes", "speakers", "export", "extract", "evaluate"):
            assert [line for line in output_lines if line.strip()], command
            assert "no matches" not in result.stdout, command
        if argv[0] in ("quotes", "export") and "--format" in argv and argv[argv.index("--format") + 1] == "csv":
            assert len(output_lines) >= 2, command  # a header and rows
        for line in shown:
            assert shown_in(line, output_lines), (command, line)
