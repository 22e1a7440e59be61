"""Corpus queries, statistics, export and the query commands, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Corpus, Store
from ontherecord.corpus.entities import link_entities
from ontherecord.corpus.queries import PageRequest, QuoteFilters

from .conftest import build_article

GAZETTE_URL = "https://gazette.example.com/pentagon"
TRIBUNE_URL = "https://tribune.example.com/pentagon"
FOOTBALL_URL = "https://gazette.example.com/football"


def fill(store: Store) -> None:
    """Two stories quoting the Pentagon's Sean Parnell, one quoting a footballer of the same name."""
    store.save_article(build_article(url=GAZETTE_URL, outlet="Gazette", published="2025-09-01"))
    store.save_article(build_article(" Talks resume.", url=TRIBUNE_URL, outlet="Tribune",
                                     published="Thu, 02 Oct 2025 09:00:00 GMT", role="spokesman"))
    store.save_article(build_article(" The match ended 2-1.", url=FOOTBALL_URL, outlet="Gazette",
                                     published="2009-01-01", role="striker", organization="Rangers Football Club",
                                     title="Cup win"))
    link_entities(store)


@pytest.fixture
def corpus(store) -> Corpus:
    fill(store)
    return Corpus(store)


def test_quotes_filter_by_speaker_kind_outlet_since_and_search(corpus):
    assert len(corpus.quotes()) == 9
    assert len(corpus.quotes(speaker="parnell")) == 6
    assert {q["speaker_kind"] for q in corpus.quotes(kind="anonymous")} == {"anonymous"}
    assert len(corpus.quotes(kind="anonymous")) == 3
    assert {q["article_identity"] for q in corpus.quotes(outlet="GAZETTE")} == {GAZETTE_URL, FOOTBALL_URL}
    recent = corpus.quotes(since="2025-01-01")
    assert {q["article_identity"] for q in recent} == {GAZETTE_URL, TRIBUNE_URL}
    assert recent[0]["article_identity"] == TRIBUNE_URL  # newest first (RFC 822 date stored as ISO)
    found = corpus.quotes(search="ready to ACT")
    assert [q["quote_id"] for q in found] == ["q1", "q1", "q1"]
    assert len(corpus.quotes(search='nobody "told) -')) == 3  # user text is never FTS/tsquery syntax
    assert corpus.quotes(search="resigned") == []
    combined = corpus.quotes(speaker="parnell", outlet="gazette", since="2020-01-01")
    assert [(q["quote_id"], q["speaker_role"]) for q in combined] == [("q1", "spokesperson"), ("q2", "spokesperson")]
    with pytest.raises(ValueError, match="unknown speaker kind"):
        corpus.quotes(kind="martian")


def test_quotes_carry_their_entity(corpus):
    pentagon = {q["entity_id"] for q in corpus.quotes(speaker="parnell", since="2025-01-01")}
    football = {q["entity_id"] for q in corpus.quotes(speaker="parnell", outlet="gazette", since="2000-01-01")
                if q["article_identity"] == FOOTBALL_URL}
    assert len(pentagon) == 1 and len(football) == 1 and pentagon != football
    assert {q["entity_id"] for q in corpus.quotes(kind="anonymous")} == {None}


def test_speakers_ranks_entities_not_anonymous_sources(corpus):
    ranked = corpus.speakers()
    assert [(s["name"], s["articles"], s["quotes"]) for s in ranked] == [
        ("Sean Parnell", 2, 4), ("Sean Parnell", 1, 2)]
    assert ranked[0]["organization"] == "Pentagon"
    assert len(corpus.speakers(top=1)) == 1


def test_stats_per_outlet(corpus):
    stats = {row["outlet"]: row for row in corpus.stats()}
    gazette = stats["Gazette"]
    assert (gazette["articles"], gazette["quotes"], gazette["quotes_per_article"]) == (2, 6, 3.0)
    assert (gazette["named_share"], gazette["anonymous_share"], gazette["document_share"]) == (0.667, 0.333, 0.0)
    assert gazette["top_speakers"] == ["Sean Parnell"]
    assert sorted(gazette["top_organizations"]) == ["Pentagon", "Rangers Football Club"]
    assert stats["Tribune"]["articles"] == 1


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_every_quote(corpus, tmp_path, fmt):
    path = tmp_path / f"quotes.{fmt}"
    assert corpus.export(fmt, path) == 9
    if fmt == "csv":
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(path).to_pylist()
    assert len(rows) == 9
    assert sorted(r["content"] for r in rows) == sorted(q["content"] for q in corpus.quotes())
    assert corpus.export(fmt, tmp_path / f"none.{fmt}", speaker="nobody at all") == 0


def test_query_commands_print_jsonl_csv_and_tables(sqlite_location, tmp_path):
    with Store.open(sqlite_location) as store:
        fill(store)
    runner = CliRunner()

    result = runner.invoke(cli, ["quotes", "--db", sqlite_location, "--speaker", "parnell", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 6

    result = runner.invoke(cli, ["quotes", "--db", sqlite_location, "--kind", "anonymous", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3 and {r["speaker_name"] for r in rows} == {"one official"}

    result = runner.invoke(cli, ["quotes", "--db", sqlite_location, "--search", "lawful", "--format", "table"])
    assert "lawful" in result.stdout and "Quotes" in result.stdout

    result = runner.invoke(cli, ["speakers", "--db", sqlite_location, "--top", "1", "--format", "jsonl"])
    assert json.loads(result.stdout)["name"] == "Sean Parnell"

    result = runner.invoke(cli, ["stats", "--db", sqlite_location, "--format", "csv"])
    assert {r["outlet"] for r in csv.DictReader(io.StringIO(result.stdout))} == {"Gazette", "Tribune"}

    target = tmp_path / "out.parquet"
    result = runner.invoke(cli, ["export", "--db", sqlite_location, "--format", "parquet", "-o", str(target)])
    assert result.exit_code == 0 and "9 quote(s)" in result.stderr and target.stat().st_size > 0


def test_query_commands_on_a_missing_store_fail_clearly(tmp_path):
    result = CliRunner().invoke(cli, ["quotes", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no corpus at" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_speaker_and_entity_filters_take_percent_and_underscore_literally(store):
    store.save_article(build_article(url=GAZETTE_URL, speaker_name="Sean Parnell"))
    store.save_article(build_article(" Talks resume.", url=TRIBUNE_URL, speaker_name="Jean_Luc Okafor"))
    link_entities(store)
    corpus = Corpus(store)

    def speakers_found(text: str) -> set[str]:
        found = {q["speaker_name"] for q in corpus.quotes(speaker=text)}
        page = corpus.search_quotes(QuoteFilters(speaker=text), PageRequest(per_page=100), facets=False)
        assert {q["speaker_name"] for q in page["items"]} == found  # the explorer's filter says the same
        return found

    assert speakers_found("%") == set()
    assert speakers_found("_") == {"Jean_Luc Okafor"}
    assert speakers_found("n_l") == {"Jean_Luc Okafor"}  # not "sean parNELl"
    assert speakers_found("\\") == set()
    assert speakers_found("parnell") == {"Sean Parnell"}
    assert [row["name"] for row in corpus.entities(name="%")] == []
    assert [row["name"] for row in corpus.entities(name="n_l")] == ["Jean_Luc Okafor"]
    assert [row["name"] for row in corpus.find_entities("_", PageRequest())["items"]] == ["Jean_Luc Okafor"]
