"""Text from articles cannot drive the terminal: escape sequences and control characters are
dropped from what is shown (extract's table, the quotes table), never from the data (JSON, CSV).

The real CLI, the real spaCy pipeline, a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli

CLEAR_SCREEN = "\x1b[2J\x1b[H"
SET_TITLE = "\x1b]0;owned\x07"
HYPERLINK = "\x1b]8;;https://evil.example/\x1b\\"
C1_CSI = "\x9b31m"
STORY = (
    f"\u201cWe will reopen the {CLEAR_SCREEN}harbour on {SET_TITLE}Monday,\u201d said Maria Lopez{HYPERLINK}, "
    f"the port director. \u201cThe strike is {C1_CSI}over,\u201d she added.\n"
)
RECORD = {"id": "harbour\x1b[31m-1", "title": f"Port {SET_TITLE}reopens", "outlet": "[blink]Harbour Herald[/blink]",
          "text": STORY}


@pytest.fixture
def story_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "story.jsonl"
    path.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def assert_nothing_for_the_terminal(shown: str) -> None:
    assert not any(ch in shown for ch in "\x1b\x07\x9b\x9d"), repr(shown)


def test_extract_table_shows_quotes_without_escape_sequences(story_jsonl):
    code, shown = run("extract", str(story_jsonl), "--format", "table")
    assert code == 0
    assert_nothing_for_the_terminal(shown)
    assert "We will reopen the harbour on Monday" in shown
    assert "Port reopens" in shown
    assert "[blink]Harbour Herald[/blink]" in shown  # shown as text, not read as rich markup


def test_extract_json_keeps_every_character(story_jsonl):
    code, output = run("extract", str(story_jsonl), "--format", "jsonl")
    record = json.loads(output)
    assert code == 0 and record["text"] == STORY and record["title"] == RECORD["title"]
    assert any(CLEAR_SCREEN in quote["text"] for quote in record["quotes"])


def test_the_quotes_table_drops_escape_sequences_and_csv_keeps_them(story_jsonl, tmp_path):
    db = str(tmp_path / "corpus.db")
    assert run("ingest", str(story_jsonl), "--db", db, "--no-link")[0] == 0
    code, shown = run("quotes", "--db", db, "--format", "table")
    assert code == 0
    assert_nothing_for_the_terminal(shown)
    assert "Monday" in shown and "over" in shown
    code, written = run("quotes", "--db", db, "--format", "csv")
    contents = [row["content"] for row in csv.DictReader(io.StringIO(written))]
    assert code == 0 and any(CLEAR_SCREEN in content and SET_TITLE in content for content in contents)
