"""Media citations (engine/media.py) with the real engine: another outlet or a journalist as the
source becomes a citation and speaker kind ``media``; "told <outlet>" stays a channel."""

from __future__ import annotations

import json

import pytest

from ontherecord import extract
from ontherecord.evaluation import shared_dir
from ontherecord.model import Article

SEED_ARTICLES = shared_dir() / "seed" / "articles.jsonl"


def cited(article: Article) -> list[tuple[str | None, str | None, str]]:
    return [(c.outlet, c.journalist, c.text) for c in article.citations]


def quote_with(article: Article, words: str):
    return next(q for q in article.quotes if words in q.text)


@pytest.mark.skipif(not SEED_ARTICLES.exists(), reason=f"seed not found at {SEED_ARTICLES}")
def test_seed_story_cites_ken_klippenstein_twice():
    records = [json.loads(line) for line in SEED_ARTICLES.read_text(encoding="utf-8").splitlines()]
    record = next(
        r
        for r in records
        if "first revealed by independent journalist Ken Klippenstein" in r["text"].replace("\u00a0", " ")
    )
    article = extract(record["text"], outlet=record.get("outlet"), author=record.get("author"))
    found = [(c.journalist, c.cue.text if c.cue else None, c.mention.text) for c in article.citations]
    assert ("Ken Klippenstein", "revealed", "Ken Klippenstein") in found
    assert ("Ken Klippenstein", "report", "Klippenstein") in found
    for citation in article.citations:
        assert article.text[citation.start : citation.end] == citation.text
        assert article.text[citation.mention.start : citation.mention.end] == citation.mention.text


def test_an_outlet_that_reports_is_cited_and_the_speaker_is_media():
    article = extract("The Daily Meridian reported that the city would close two bridges in June.", outlet="Coast Wire")
    assert cited(article) == [("Daily Meridian", None, "Daily Meridian reported")]
    quote = quote_with(article, "two bridges")
    assert (quote.speaker.name, quote.speaker.kind) == ("Daily Meridian", "media")
    assert article.speakers[0].kind == "media"
    assert article.citations[0].quote_id == quote.id and article.citations[0].cue.text == "reported"


def test_according_to_an_outlets_report():
    article = extract("The ferry contract was cancelled, according to a Harbor Post report published on Monday.")
    [citation] = article.citations
    assert (citation.outlet, citation.mention.text, citation.cue.text) == ("Harbor Post", "Harbor Post", "report")
    assert quote_with(article, "ferry contract").speaker.kind == "media"


def test_a_listed_outlet_after_according_to():
    article = extract("According to Reuters, the refinery will stay shut for a week.")
    assert [(c.outlet, c.evidence, c.cue.text) for c in article.citations] == [
        ("Reuters", "outlet list", "According to")
    ]


def test_a_journalist_by_apposition_with_the_outlet_they_work_for():
    article = extract(
        "Tomas Reyhan, a correspondent for the Lakeside Courier, wrote that the mine had flooded twice. "
        "Reyhan’s account was confirmed by the owners."
    )
    [citation] = article.citations
    assert (citation.journalist, citation.outlet, citation.evidence) == (
        "Tomas Reyhan",
        "Lakeside Courier",
        "journalist role",
    )
    assert quote_with(article, "mine had flooded").speaker.kind == "media"


def test_journalism_of_their_own_makes_a_journalist():
    article = extract("The leak followed Ilse Varga’s scoop on the tender. Officials said the tender was fair.")
    assert [(c.journalist, c.cue.text) for c in article.citations] == [("Ilse Varga", "scoop")]


def test_told_an_outlet_stays_a_channel():
    article = extract(
        "The mayor told the Harbor Post that she would not resign. Parks director Ana Ruiz told CNN "
        "the budget was safe."
    )
    assert article.citations == []
    for quote in article.quotes:
        assert quote.speaker.kind != "media"
    assert {q.channel for q in article.quotes} == {"the Harbor Post", "CNN"}


def test_a_name_the_corpus_knows_as_an_outlet_is_cited_only_with_it():
    text = "According to Veranda, the festival will move to the riverside next year."
    assert extract(text).citations == []
    from ontherecord.config import EngineConfig
    from ontherecord.pipeline import extract_many

    [article] = extract_many([{"text": text}], config=EngineConfig(outlets=("Veranda",)))
    assert [(c.outlet, c.evidence) for c in article.citations] == [("Veranda", "corpus outlet")]
    assert article.quotes[0].speaker.kind == "media"


def test_an_outlet_citing_itself_is_no_citation():
    text = "The Harbor Post reported that the pier would close."
    assert extract(text, outlet="Harbor Post").citations == []
    assert len(extract(text, outlet="Lakeside Courier").citations) == 1


def test_the_record_keeps_its_citations_and_an_older_record_reads_as_none():
    article = extract("The Daily Meridian reported that the city would close two bridges in June.")
    record = article.to_dict()
    assert Article.from_dict(json.loads(json.dumps(record))).citations == article.citations
    del record["citations"]
    assert Article.from_dict(record).citations == []


def test_an_outlets_own_reporter_is_no_citation_of_another():
    text = "Mara Voss, BBC Delhi reporter, said the talks had failed."
    assert extract(text, outlet="BBC News").citations == []
    [citation] = extract(text, outlet="Coast Wire").citations
    assert (citation.journalist, citation.outlet) == ("Mara Voss", "BBC")


def test_a_media_speaker_matches_gold_by_name():
    from ontherecord.evaluation.gold import GoldQuote
    from ontherecord.evaluation.speaker_match import seed_speaker_matches

    article = extract("The Daily Meridian reported that the city would close two bridges in June.")
    quote = quote_with(article, "two bridges")
    assert quote.speaker.kind == "media"
    assert seed_speaker_matches(GoldQuote([], speaker="The Daily Meridian", speaker_kind="organization"), quote)
    assert not seed_speaker_matches(GoldQuote([], speaker="Harbor Post", speaker_kind="organization"), quote)
    journalist = quote_with(
        extract("Tomas Reyhan, a correspondent for the Lakeside Courier, wrote that the mine had flooded twice."),
        "flooded",
    )
    assert journalist.speaker.kind == "media"
    assert seed_speaker_matches(GoldQuote([], speaker="Tomas Reyhan", speaker_kind="person"), journalist)
