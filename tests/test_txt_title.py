"""A .txt article's first line is its title when it reads as a headline (readers.headline_of);
the text, and so every offset, is unchanged; JSONL records keep the title they give (or none)."""

from __future__ import annotations

import json

import pytest

from ontherecord.readers import headline_of, iter_records


@pytest.mark.parametrize(("text", "title"), [
    ("Dockworkers walk out at Calder Bay\n\nCALDER BAY — More than 1,400 dockworkers walked out.", "Dockworkers walk out at Calder Bay"),
    ("Port talks stall\nThe union said on Monday that talks had stalled.", "Port talks stall"),
    ("\n\n  Port   talks stall  \n\nBody text follows here.", "Port talks stall"),
    ("# Port talks stall\n\nBody text follows here.", "Port talks stall"),
    ("The union said on Monday that talks had stalled.\n\nMore text.", None),  # a sentence
    ("\u201cWe are ready to act\u201d\n\nsaid the mayor.", None),  # a quote
    ("Is the strike over?\n\nBody.", None),  # ends with punctuation
    ("Port talks stall", None),  # nothing after it
    ("A " * 40 + "headline\n\nBody.", None),  # too long for a headline
])
def test_headline_rule(text, title):
    assert headline_of(text) == title


def test_a_txt_files_headline_is_its_title_and_the_text_is_exact(tmp_path):
    data = "Port talks stall\r\n\r\n\u201cWe are ready,\u201d said Maria Lopez.\r\n"
    path = tmp_path / "story.txt"
    path.write_bytes(data.encode("utf-8"))
    [record] = list(iter_records([str(path)]))
    assert record.title == "Port talks stall"
    assert record.text == data


def test_jsonl_records_keep_their_own_title(tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Port talks stall\n\nThe union said talks stalled."}) + "\n"
                    + json.dumps({"id": "b", "title": "Given", "text": "Port talks stall\n\nBody."}) + "\n",
                    encoding="utf-8")
    assert [record.title for record in iter_records([str(path)])] == [None, "Given"]


def test_extract_shows_the_headline_instead_of_untitled(tmp_path):
    from click.testing import CliRunner

    from ontherecord.cli import cli

    path = tmp_path / "story.txt"
    path.write_text("Port talks stall\n\n\u201cWe are ready,\u201d said Maria Lopez, the mayor.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path), "--format", "jsonl"], catch_exceptions=False)
    assert json.loads(result.stdout)["title"] == "Port talks stall"
