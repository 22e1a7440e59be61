"""`ontherecord audit` end to end: invented articles as files, as extract's records and as a store
(SQLite and PostgreSQL) give the same numbers."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from ontherecord.audit.summary import COLUMNS
from ontherecord.cli import cli
from ontherecord.corpus import Corpus

ARTICLES = [
    {"id": "harbor-1", "outlet": "Harbor Gazette", "author": "Lee Wong", "section": "city",
     "published": "2026-03-02", "title": "Fees rise",
     "text": 'Fees rise\n\nMs Harper said the harbour fees would rise in April.\n\n"It is the only way," she said.\n\n'
             'A source said the board had voted in secret.'},
    {"id": "harbor-2", "outlet": "Harbor Gazette", "author": "Lee Wong", "section": "business",
     "published": "2026-04-10", "title": "Mill reopens",
     "text": "Mill reopens\n\nMr Okafor said the mill would reopen next week. The company said 40 jobs would return."},
    {"id": "valley-1", "outlet": "Valley Post", "author": "Ida Berg", "section": "city", "published": "2026-04-11",
     "title": "Road works",
     "text": 'Road works\n\n"This plan is a disgrace," a council official said. A spokeswoman for the council '
             "said the road would reopen on Monday."},
]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def articles_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("audit") / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_per_outlet_counts_sources_women_men_and_flags(articles_file):
    by_outlet = {row["key"]: row for row in rows(invoke("audit", str(articles_file), "--quiet", "--format", "jsonl"))}
    harbor = by_outlet["Harbor Gazette"]
    assert (harbor["articles"], harbor["women"], harbor["men"]) == (2, 1, 1)
    assert harbor["anonymous_sources"] == 1 and harbor["flag_bare_source"] == 1
    valley = by_outlet["Valley Post"]
    assert valley["women"] == 1 and valley["flag_anonymous_opinion"] == 1
    assert valley["women_share"] == 1.0


def test_sections_months_and_authors_group_the_articles(articles_file):
    sections = {r["key"]: r["articles"] for r in rows(invoke("audit", str(articles_file), "--quiet", "--by", "section"))}
    assert sections == {"city": 2, "business": 1}
    months = {r["key"]: r["articles"] for r in rows(invoke("audit", str(articles_file), "--quiet", "--by", "month"))}
    assert months == {"2026-03": 1, "2026-04": 2}
    authors = {r["key"] for r in rows(invoke("audit", str(articles_file), "--quiet", "--by", "author"))}
    assert authors == {"Lee Wong", "Ida Berg"}


def test_csv_and_json_carry_every_column(articles_file):
    table = list(csv.DictReader(io.StringIO(invoke("audit", str(articles_file), "--quiet", "--by", "article",
                                                   "--format", "csv"))))
    assert list(table[0]) == list(COLUMNS) and [r["key"] for r in table] == ["harbor-1", "harbor-2", "valley-1"]
    listed = json.loads(invoke("audit", str(articles_file), "--quiet", "--by", "article", "--format", "json"))
    assert [r["key"] for r in listed] == ["harbor-1", "harbor-2", "valley-1"]


def test_records_and_a_store_give_the_numbers_the_files_give(articles_file, tmp_path, store_location):
    from_files = invoke("audit", str(articles_file), "--quiet", "--by", "outlet", "--format", "jsonl")
    records = tmp_path / "records.jsonl"
    records.write_text(invoke("extract", str(articles_file), "--format", "jsonl", "--quiet"), encoding="utf-8")
    assert invoke("audit", str(records), "--records", "--by", "outlet", "--format", "jsonl") == from_files
    invoke("ingest", str(articles_file), "--db", store_location, "--quiet")
    assert invoke("audit", "--db", store_location, "--by", "outlet", "--format", "jsonl") == from_files
    with Corpus(store_location) as corpus:
        assert corpus.audit("outlet") == rows(from_files)
        audit = {row["key"]: row for row in rows(from_files)}
        for outlet in corpus.stats():
            same = ("women", "men", "gender_unknown", "women_share", "flags")
            assert {k: outlet[k] for k in same} == {k: audit[outlet["outlet"]][k] for k in same}
        stored = corpus.store.load_article(1).article
    assert stored.audit is not None and any(s.gender is not None for s in stored.speakers)


def test_rules_are_listed_with_their_reasons():
    listed = rows(invoke("audit", "--rules", "--format", "jsonl"))
    assert {r["rule"] for r in listed} >= {"bare_source", "no_position"} and all(r["reason"] for r in listed)


def test_a_record_that_is_not_an_article_is_an_error_and_the_rest_go_on(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text('{"no": "text"}\n' + json.dumps({"text": "x", "quotes": [], "speakers": []}) + "\n")
    result = CliRunner().invoke(cli, ["audit", str(records), "--records", "--format", "jsonl"])
    assert result.exit_code == 1 and "not an article record" in result.output
    assert rows(result.stdout)[0]["articles"] == 1



def test_an_entity_gathers_the_evidence_of_its_articles(tmp_path):
    location = str(tmp_path / "people.db")
    stories = tmp_path / "stories.jsonl"
    stories.write_text("".join(json.dumps(a) + "\n" for a in [
        {"id": "one", "outlet": "Harbor Gazette", "text": "Fees rise\n\nMs Dana Harper said the harbour fees "
                                                           "would rise in April."},
        {"id": "two", "outlet": "Valley Post", "text": 'Fees row\n\nDana Harper, the harbour master, said the '
                                                        'fees were fair.\n\n"We had no choice," she said.'},
    ]), encoding="utf-8")
    invoke("ingest", str(stories), "--db", location, "--quiet")
    with Corpus(location) as corpus:
        [entity] = [e for e in corpus.entities() if "Harper" in e["name"]]
        gender = corpus.entity(entity["id"])["gender"]
    assert (gender["value"], gender["method"]) == ("female", "text")
    assert sorted(e["kind"] for e in gender["evidence"]) == ["honorific", "pronoun"]
    assert len({e["article_identity"] for e in gender["evidence"]}) == 2
