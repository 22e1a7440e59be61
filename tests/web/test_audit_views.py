"""The explorer's sourcing-audit views over invented stories ingested by the real engine: the /audit
page and its downloads, the article page's genders and flags, and the gender and flag filters of
search and /api/quotes (SQLite and PostgreSQL), each held to what the stored records say."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import httpx
import pytest
from click.testing import CliRunner

from ontherecord.audit import RULES
from ontherecord.audit.summary import summarize
from ontherecord.cli import cli
from ontherecord.corpus import Corpus
from ontherecord.corpus.queries import GENDER_COLUMNS, PEOPLE_GENDER_COLUMNS

from .conftest import ingest_stories, live_server


@pytest.fixture
def http(audit_server):
    with httpx.Client(base_url=audit_server, timeout=60) as client:
        yield client


def stored_articles(location: str) -> list:
    with Corpus(location) as corpus:
        return [article for article, _ in corpus.audit_articles()]


def expected_quotes(location: str, wanted) -> set[tuple[str, str]]:
    """(article title, quote id) of every stored quote for which ``wanted(article, quote)`` holds."""
    return {
        (article.title, quote.id)
        for article in stored_articles(location)
        for quote in article.quotes
        if wanted(article, quote)
    }


def speaker_gender(article, quote) -> str | None:
    speaker = next((s for s in article.speakers if quote.speaker and s.id == quote.speaker.id), None)
    return speaker.gender.value if speaker is not None and speaker.gender is not None else None


def flagged(rule: str | None):
    def wanted(article, quote) -> bool:
        return any((flag.quote_id in (None, quote.id)) and rule in (None, flag.rule) for flag in article.audit.flags)

    return wanted


def found_quotes(client: httpx.Client, **params) -> set[tuple[str, str]]:
    page = client.get("/api/quotes", params={**params, "per_page": 100})
    assert page.status_code == 200, page.text
    return {(row["article_title"], row["quote_id"]) for row in page.json()["items"]}


def test_outlet_and_month_counts_are_the_audits(http, audit_db):
    articles = stored_articles(audit_db)
    by_outlet = {row["key"]: row for row in summarize(((a, None) for a in articles), "outlet")}
    served = http.get("/api/audit/genders").json()
    assert {row["outlet"] for row in served} == {"Harbour Herald", "Valley Courier"}
    for row in served:
        audit = by_outlet[row["outlet"]]
        assert (row["women"], row["men"], row["gender_unknown"]) == (
            audit["women"],
            audit["men"],
            audit["gender_unknown"],
        )
        assert (row["women_share"], row["gender_unknown_share"]) == (
            audit["women_share"],
            audit["gender_unknown_share"],
        )
    assert sum(row["women"] for row in served) >= 3 and sum(row["men"] for row in served) >= 4
    months = http.get("/api/audit/genders/months").json()
    by_month = {row["key"]: row for row in summarize(((a, None) for a in articles), "month")}
    assert {row["month"] for row in months} == set(by_month) == {"2025-03", "2025-04", "2025-05"}
    for month, audit in by_month.items():
        rows = [row for row in months if row["month"] == month]
        assert sum(row["women"] for row in rows) == audit["women"]
        assert sum(row["gender_unknown"] for row in rows) == audit["gender_unknown"]


def test_every_view_downloads_as_csv(http):
    for path, params, columns in (
        ("/api/audit/genders/months", {}, GENDER_COLUMNS),
        ("/api/audit/people", {"gender": "female"}, PEOPLE_GENDER_COLUMNS),
    ):
        response = http.get(path, params={**params, "format": "csv"})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert tuple(rows[0]) == columns and len(rows) == len(http.get(path, params=params).json())
    rules = list(csv.DictReader(io.StringIO(http.get("/api/audit/rules", params={"format": "csv"}).text)))
    assert [row["rule"] for row in rules] == list(RULES)
    assert http.get("/api/audit/genders", params={"format": "jsonl"}).text.count("\n") == 2


def test_top_women_and_men_are_people_whose_articles_say_so(http, audit_db):
    women = http.get("/api/audit/people", params={"gender": "female"}).json()
    men = http.get("/api/audit/people", params={"gender": "male"}).json()
    assert {"Ingrid Halvorsen", "Alison Carrow"} <= {row["name"] for row in women}
    assert {"Tobias Lindqvist", "Victor Stanek", "Colin Avery"} <= {row["name"] for row in men}
    assert not {row["name"] for row in women} & {row["name"] for row in men}
    assert [row["quotes"] for row in women] == sorted((row["quotes"] for row in women), reverse=True)
    with Corpus(audit_db) as corpus:
        assert all(corpus.entity(row["entity_id"])["gender"]["value"] == "male" for row in men)
    assert http.get("/api/audit/people", params={"gender": "unknown"}).status_code == 422


def test_the_audit_page_shows_both_charts_the_unknown_share_and_the_rules(http):
    page = http.get("/audit", headers={"accept": "text/html"})
    assert page.status_code == 200
    html = page.text
    for outlet in http.get("/api/audit/genders").json():
        assert (
            f'data-outlet="{outlet["outlet"]}" data-women-share="{outlet["women_share"]}" '
            f'data-unknown-share="{outlet["gender_unknown_share"]}"' in html
        )
    assert html.count('<g class="series') == 4  # women's share and unknown share, a line per outlet each
    assert "Ingrid Halvorsen" in html and "Victor Stanek" in html and "unknown</span>" in html
    for rule in RULES:
        assert f'href="/search?flag={rule}"' in html
    assert 'href="/audit"' in html  # in the nav


def test_gender_filter_finds_the_quotes_of_sources_with_that_gender(http, audit_db):
    for gender in ("female", "male"):
        expected = expected_quotes(audit_db, lambda a, q, g=gender: speaker_gender(a, q) == g)
        assert found_quotes(http, gender=gender) == expected and expected
    unknown = expected_quotes(audit_db, lambda a, q: speaker_gender(a, q) == "unknown")
    assert found_quotes(http, gender="unknown") == unknown and unknown
    assert found_quotes(http, gender="female", outlet="Valley Courier") == {
        quote
        for quote in expected_quotes(audit_db, lambda a, q: speaker_gender(a, q) == "female")
        if quote[0] == "School roof repairs approved"
    }
    assert {row["speaker_gender"] for row in http.get("/api/quotes", params={"gender": "male"}).json()["items"]} == {
        "male"
    }
    assert http.get("/api/quotes", params={"gender": "other"}).status_code == 400


def test_flag_filter_finds_the_quotes_a_flag_concerns(http, audit_db):
    for rule in ("no_reason", "anonymous_opinion", "bare_source", "single_anonymous_source"):
        expected = expected_quotes(audit_db, flagged(rule))
        assert found_quotes(http, flag=rule) == expected and expected, rule
    assert found_quotes(http, flag="any") == expected_quotes(audit_db, flagged(None))
    assert found_quotes(http, flag="boilerplate_reason") == set()
    whole_article = found_quotes(http, flag="single_anonymous_source")  # a flag on the article: all its quotes
    assert {title for title, _ in whole_article} == {"Cannery may close"} and len(whole_article) == 4
    assert http.get("/api/quotes", params={"flag": "nonsense"}).status_code == 400
    download = http.get("/api/quotes", params={"flag": "no_reason", "format": "csv"})
    assert len(list(csv.DictReader(io.StringIO(download.text)))) == len(expected_quotes(audit_db, flagged("no_reason")))


def test_search_page_filters_by_gender_and_flag(http):
    page = http.get("/search", params={"flag": "anonymous_opinion"}, headers={"accept": "text/html"}).text
    assert '<option value="anonymous_opinion" title="' in page and "selected>anonymous_opinion" in page
    assert page.count('class="quote-row"') == 1 and "disgrace" in page
    women = http.get("/search", params={"gender": "female"}, headers={"accept": "text/html"}).text
    assert "Halvorsen" in women and "Stanek" not in women and 'value="female" selected' in women


def test_filters_hold_on_postgresql(postgres_location):
    ingest_stories(postgres_location)
    with live_server(postgres_location) as url, httpx.Client(base_url=url, timeout=60) as client:
        for params in ({"flag": "no_reason"}, {"flag": "any"}, {"gender": "female"}, {"gender": "unknown"}):
            rule = params.get("flag")
            wanted = (
                flagged(None if rule == "any" else rule)
                if rule
                else (lambda a, q, g=params["gender"]: speaker_gender(a, q) == g)
            )
            assert found_quotes(client, **params) == expected_quotes(postgres_location, wanted), params
        assert client.get("/audit", headers={"accept": "text/html"}).status_code == 200


def test_the_article_page_shows_genders_with_evidence_and_flags_at_their_quotes(http, audit_db):
    articles = http.get("/api/articles", params={"per_page": 10}).json()["items"]
    article_id = next(row["id"] for row in articles if row["title"] == "Ferry fares to rise in spring")
    html = http.get(f"/articles/{article_id}", headers={"accept": "text/html"}).text
    record = http.get(f"/api/articles/{article_id}").json()
    velloso = next(s for s in record["speakers"] if s["name"] == "Marta Velloso")
    assert velloso["gender"]["value"] == "female"
    evidence = velloso["gender"]["evidence"][0]
    assert (
        f'data-gender="female" data-method="text" title="female, from the article&#39;s words: '
        f"“{evidence['text']}” ({evidence['kind']}, female, {evidence['start']}-{evidence['end']})" in html
    )
    for flag in record["audit"]["flags"]:
        assert f'data-rule="{flag["rule"]}"' in html
        assert f'<a class="flag-mark" href="#flag-{flag["quote_id"]}"' in html
    quote_data = json.loads(html.split('id="quote-data">')[1].split("</script>")[0])
    flagged_quotes = Counter(flag["quote_id"] for flag in record["audit"]["flags"])
    assert {qid for qid, data in quote_data.items() if data["flags"]} == set(flagged_quotes)
    assert quote_data[velloso["quotes"][0]]["gender"].startswith("female, from the article")


def test_the_python_api_and_the_quotes_command_take_the_same_filters(audit_db):
    with Corpus(audit_db) as corpus:
        women = {(row["article_title"], row["quote_id"]) for row in corpus.quotes(gender="female")}
        opinion = corpus.quotes(flag="anonymous_opinion")
    assert women == expected_quotes(audit_db, lambda a, q: speaker_gender(a, q) == "female")
    assert [row["quote_id"] for row in opinion] == [
        quote_id for _, quote_id in expected_quotes(audit_db, flagged("anonymous_opinion"))
    ]
    result = CliRunner().invoke(cli, ["quotes", "--db", audit_db, "--flag", "no_reason", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert {(row["article_title"], row["quote_id"]) for row in rows} == expected_quotes(audit_db, flagged("no_reason"))
    assert CliRunner().invoke(cli, ["quotes", "--db", audit_db, "--gender", "other"]).exit_code == 2
