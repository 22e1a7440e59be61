"""The corpus commands as a desk editor meets them: entity splits, export to stdout and its columns,
empty results. The real CLI over a real SQLite store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities
from ontherecord.model import Figure

from .conftest import build_article
from .test_entities import entity_by_article


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def two_articles_one_person(location: str) -> tuple[str, str, int]:
    """Two stored articles quoting Sean Parnell of the Pentagon, linked as one entity."""
    with Store.open(location) as store:
        urls = []
        for key in ("a", "b"):
            article = build_article(f" Story {key}.", url=f"https://{key}.example.com/story")
            article.id = f"desk-{key}"
            store.save_article(article)
            urls.append(article.url)
        link_entities(store)
        entities = entity_by_article(store)
    assert entities[urls[0]] == entities[urls[1]]
    return urls[0], urls[1], entities[urls[0]]


def test_split_moves_the_named_article_to_a_new_entity(sqlite_location):
    first, second, entity = two_articles_one_person(sqlite_location)
    result = invoke("entities", "split", str(entity), "--article", second, "--db", sqlite_location)
    assert result.exit_code == 0, result.output
    with Store.open(sqlite_location) as store:
        after = entity_by_article(store)
    assert after[first] == entity
    assert after[second] != entity
    assert f"to new entity {after[second]}" in result.stderr
    assert f"from entity {entity}" in result.stderr


def test_split_accepts_the_users_own_record_id(sqlite_location):
    first, second, entity = two_articles_one_person(sqlite_location)
    result = invoke("entities", "split", str(entity), "--article", "desk-a", "--db", sqlite_location)
    assert result.exit_code == 0, result.output
    with Store.open(sqlite_location) as store:
        after = entity_by_article(store)
    assert after[second] == entity and after[first] != entity
    result = invoke("entities", "split", str(entity), "--article", "no-such-record", "--db", sqlite_location)
    assert result.exit_code == 1 and "no article no-such-record" in result.stderr


def store_with_figures(location: str) -> None:
    with Store.open(location) as store:
        article = build_article(" It costs 9 percent more.", url="https://a.example.com/story")
        article.id = "desk-7"
        article.speakers[0].title = "Mr."
        quote = article.quotes[0]
        start = article.text.index("9 percent")
        quote.figures = [Figure("9 percent", start, start + len("9 percent"), "percent")]
        store.save_article(article)
        link_entities(store)


def test_export_to_stdout_with_record_id_speaker_title_and_figures(sqlite_location, tmp_path, monkeypatch):
    store_with_figures(sqlite_location)
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--format", "csv", "-o", "-", "--db", sqlite_location)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    first = next(row for row in rows if row["quote_id"] == "q1")
    assert first["record_id"] == "desk-7"
    assert first["speaker_title"] == "Mr."
    assert first["figures"] == "9 percent"
    result = invoke("export", "--format", "jsonl", "-o", "-", "--db", sqlite_location)
    assert {json.loads(line)["record_id"] for line in result.stdout.splitlines()} == {"desk-7"}


def test_quotes_command_has_the_same_columns(sqlite_location):
    store_with_figures(sqlite_location)
    result = invoke("quotes", "--format", "csv", "--db", sqlite_location)
    header = next(csv.reader(io.StringIO(result.stdout)))
    assert {"record_id", "speaker_title", "figures"} <= set(header)


def test_an_empty_result_says_no_matches_and_csv_keeps_its_header(sqlite_location):
    store_with_figures(sqlite_location)
    result = invoke("quotes", "--speaker", "Nobody Atall", "--format", "table", "--db", sqlite_location)
    assert result.exit_code == 0
    assert "no matches" in result.stdout
    assert "speaker_name" not in result.stdout
    result = invoke("quotes", "--speaker", "Nobody Atall", "--format", "csv", "--db", sqlite_location)
    assert result.stdout.splitlines()[0].startswith("article_identity,record_id")
    assert len(result.stdout.splitlines()) == 1
    result = invoke("entities", "list", "--name", "zzz", "--format", "table", "--db", sqlite_location)
    assert "no matches" in result.stdout


@pytest.mark.parametrize("args, said", [
    (["quotes", "--search", " ".join(f"word{n}" for n in range(25))], "terms"),
    (["quotes", "--speaker", "Par\x00nell"], "NUL"),
    (["export", "--format", "csv", "-o", "-", "--speaker", "Par\x00nell"], "NUL"),
])
def test_an_invalid_filter_is_a_clear_error_with_exit_2(sqlite_location, args, said):
    store_with_figures(sqlite_location)
    result = CliRunner().invoke(cli, [*args, "--db", sqlite_location])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "error:" in result.stderr and said in result.stderr
