"""extract's table: the byline names each part once; at 80 columns the content wraps and the cue
and the speaker's name are never cut or wrapped. The real engine on the bundled example."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

import ontherecord
from ontherecord.render import render_article

REPO = Path(__file__).resolve().parents[1]
HARBOR_STORY = REPO / "examples" / "harbor-strike.txt"


def rendered(article, width: int = 80) -> str:
    console = Console(file=io.StringIO(), width=width, highlight=False)
    render_article(article, console)
    return console.file.getvalue()


@pytest.fixture(scope="module")
def harbor():
    return ontherecord.extract(HARBOR_STORY.read_text(encoding="utf-8"), title="Dockworkers walk out")


def test_the_byline_names_an_author_who_is_also_the_outlet_once():
    article = ontherecord.extract('"We are ready," said Maria Lopez, the mayor.', title="Ready",
                                  outlet="Ken Klippenstein", author="Ken Klippenstein")
    output = rendered(article)
    assert output.count("Ken Klippenstein") == 1, output


def test_at_80_columns_cues_and_speaker_names_are_whole_and_content_wraps(harbor):
    output = rendered(harbor, 80)
    lines = output.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    table = output.split("Speakers")[0].splitlines()
    header = next(line for line in table if "content" in line and "cue" in line)
    for quote in harbor.quotes:
        if quote.cue is not None:
            assert any(quote.cue.text in line for line in table), quote.cue.text
        if quote.speaker is not None and quote.speaker.name and len(quote.speaker.name) <= 20:
            assert any(quote.speaker.name in line for line in table), quote.speaker.name
    # the content column, its lines joined: every content is there in full, wrapped, never cut
    start = header.index("content")
    column = " ".join(" ".join(line[start:] for line in table[table.index(header) + 2:]).split())
    assert start < 60  # the content gets a fair share of the 80 columns
    for quote in harbor.quotes:
        content = " ".join(quote.content(harbor.text).split())
        if len(content) < 200:
            assert content in column, content
