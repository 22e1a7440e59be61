"""The progress bar of extract and ingest: on a terminal only, never with --quiet; count, total when
known, rate and time left."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from rich.console import Console

from ontherecord.cli import cli
from ontherecord.commands.progress import ProgressBar, known_total

REPO = Path(__file__).resolve().parents[1]
HARBOR_STORY = REPO / "examples" / "harbor-strike.txt"
EXAMPLE_JSONL = REPO / "examples" / "articles.jsonl"


def drawn(console_file: io.StringIO, **options) -> str:
    console = Console(file=console_file, width=100, **options)
    with ProgressBar(console, total=4) as bar:
        for _ in range(4):
            bar.advance()
        bar.progress.refresh()
    return console_file.getvalue()


def test_the_bar_is_drawn_on_a_terminal_with_count_total_rate_and_eta():
    output = drawn(io.StringIO(), force_terminal=True)
    assert "4/4" in output
    assert "/s" in output
    assert "0:00:00" in output or "-:--:--" in output


def test_the_bar_is_off_when_not_a_terminal_and_with_quiet():
    assert drawn(io.StringIO()) == ""
    console = Console(file=io.StringIO(), force_terminal=True)
    with ProgressBar(console, total=2, quiet=True) as bar:
        bar.advance(2)
    assert console.file.getvalue() == ""


def test_known_total_counts_files_and_jsonl_lines():
    assert known_total([str(HARBOR_STORY)]) == 1
    lines = sum(1 for line in EXAMPLE_JSONL.read_text(encoding="utf-8").splitlines() if line.strip())
    assert known_total([str(HARBOR_STORY), str(EXAMPLE_JSONL)]) == 1 + lines
    assert known_total(["https://example.com/feed.xml"]) is None


def test_extract_on_a_pipe_prints_no_bar():
    result = CliRunner().invoke(cli, ["extract", str(HARBOR_STORY), "--format", "jsonl"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stderr == ""


def run_in_pty(*args: str) -> str:
    """Run the CLI with stderr on a pseudo-terminal (stdout to a pipe); what the terminal showed."""
    primary, secondary = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm", "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen([sys.executable, "-m", "ontherecord", *args], stdout=subprocess.DEVNULL,
                               stderr=secondary, env=env)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=300)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_extract_on_a_terminal_shows_the_bar_and_quiet_hides_it():
    shown = run_in_pty("extract", str(HARBOR_STORY), str(EXAMPLE_JSONL), "--format", "jsonl")
    lines = sum(1 for line in EXAMPLE_JSONL.read_text(encoding="utf-8").splitlines() if line.strip())
    assert f"/{1 + lines}" in shown and "articles" in shown
    assert "article(s)" in shown  # the closing summary
    quiet = run_in_pty("extract", str(HARBOR_STORY), "--format", "jsonl", "--quiet")
    assert quiet.strip() == ""


def test_ingest_on_a_terminal_shows_the_bar_with_its_total(tmp_path):
    database = str(tmp_path / "corpus.db")
    shown = run_in_pty("ingest", str(HARBOR_STORY), "--db", database, "--no-link")
    assert "/1" in shown and "items" in shown
    assert "run 1 into" in shown  # the closing summary
    quiet = run_in_pty("ingest", str(HARBOR_STORY), "--db", database, "--no-link", "--quiet", "--force")
    assert quiet.strip() == ""


def test_on_a_narrow_terminal_the_counts_are_cut_first_never_the_count_or_rate():
    for width in (80, 60):
        console = Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None)
        with ProgressBar(console, total=2225, label="items") as bar:
            bar.set_completed(290, "290 added · 3 skipped · 12 errors")
            bar.progress.refresh()
        last = console.file.getvalue().replace("\r", "\n").splitlines()
        line = next(text for text in reversed(last) if "items" in text)
        assert "290/2225 items" in line
        assert "/s" in line
        if width == 80:
            assert "290 added · 3 skipped · 12 errors" in line
