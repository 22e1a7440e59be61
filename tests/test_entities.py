"""The entity stage (engine/entities) on invented articles, parsed for real, and the seed stories."""

from __future__ import annotations

import json

import pytest

import ontherecord
from ontherecord.engine.entities import article_entities
from ontherecord.engine.entities.names import name_words, short_form_of
from ontherecord.evaluation import shared_dir
from ontherecord.pipeline import load_pipeline

SEED_ARTICLES = shared_dir() / "seed" / "articles.jsonl"

INVENTED = [
    "The Northern Waterways Safety Coordination Board (NWSCB) launched a warning service on Monday. "
    "The NWSCB said the service was free.",
    'His manager Robert Collins said: "We have had many offers." Collins added that he was pleased.',
    '"We built it for everyone," said Northwind Software spokeswoman, Sarah Mitchell. The company said it would grow.',
    "The Progressive Unionists published a plan. The Prog Unionists say the party will win.",
    "The Oakfield Children's Fund published its report on Monday. The report said rivers were rising. "
    "The charity's director, Helen Carter, said it was grim.",
    "Transport Minister Karen Holt said no. She added that the plan was costly.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def entity_with(entities, text):
    return next(e for e in entities if any(m.text == text for m in e.mentions))


def test_every_mention_slices_the_text_exactly(nlp):
    texts = list(INVENTED)
    if SEED_ARTICLES.exists():
        texts += [json.loads(line)["text"] for line in SEED_ARTICLES.read_text(encoding="utf-8").splitlines() if line]
    for text in texts:
        doc = nlp(text)
        for entity in article_entities(doc):
            assert entity.mentions
            for mention in entity.mentions:
                assert doc.text[mention.start : mention.end] == mention.text
                assert mention.form in ("name", "surname", "acronym", "description", "pronoun")


def test_acronym_after_its_expansion_is_the_organization(nlp):
    entities = article_entities(nlp(INVENTED[0]))
    board = entity_with(entities, "NWSCB")
    assert board.canonical == "Northern Waterways Safety Coordination Board"
    assert board.kind == "organization"
    assert "acronym" in {m.evidence for m in board.mentions}


def test_description_named_by_apposition_and_surname_and_pronoun(nlp):
    entities = article_entities(nlp(INVENTED[1]))
    agent = entity_with(entities, "His manager")
    assert agent.canonical == "Robert Collins" and agent.kind == "person"
    evidence = {m.text: m.evidence for m in agent.mentions}
    assert evidence["His manager"] == "apposition"
    assert evidence["Collins"] == "surname"
    assert evidence["he"].startswith("pronoun")


def test_spokeswoman_of_an_organization_and_the_company_referred_to_again(nlp):
    entities = article_entities(nlp(INVENTED[2]))
    person = entity_with(entities, "Sarah Mitchell")
    company = entity_with(entities, "The company")
    assert company.canonical == "Northwind Software" and company.kind == "organization"
    assert person.organization == company.id and person.id in company.people


def test_short_form_of_a_name():
    assert short_form_of(name_words("Lib Progs"), name_words("Liberal Progressives"))
    assert not short_form_of(name_words("Liberal Party"), name_words("Liberal Progressives"))


def test_report_of_an_organization_has_its_author(nlp):
    entities = article_entities(nlp(INVENTED[4]))
    report = entity_with(entities, "The report")
    charity = entity_with(entities, "Oakfield Children's Fund")
    assert report.kind == "document" and report.author == charity.id
    director = entity_with(entities, "Helen Carter")
    assert director.organization == charity.id


def test_unnamed_source_stays_anonymous(nlp):
    entities = article_entities(nlp("A ministry official said the talks had failed. Sarah Mitchell disagreed."))
    official = entity_with(entities, "A ministry official")
    assert official.kind == "anonymous"
    assert all(m.form == "description" for m in official.mentions)


def test_works_on_a_doc_without_quotes_or_names(nlp):
    assert article_entities(nlp("")) == []
    assert all(e.mentions for e in article_entities(nlp("It rained. They left early.")))


def test_speaker_named_in_apposition_is_that_person_in_the_record():
    article = ontherecord.extract(
        'Northwind Software makes games. "We built it for everyone," said Northwind Software spokeswoman, Sarah Mitchell. '
        'The company said sales would rise next year.'
    )
    by_content = {q.text: q for q in article.quotes}
    quote = next(q for text, q in by_content.items() if "everyone" in text)
    assert quote.speaker.name == "Sarah Mitchell"
    company_quote = next(q for text, q in by_content.items() if "sales" in text)
    assert company_quote.speaker.name == "Northwind Software"
    assert company_quote.speaker.mention.text == "The company"  # the local words
    company = article.speaker(company_quote.speaker.id)
    person = article.speaker(quote.speaker.id)
    assert person.id in company.people and person.organization_id == company.id
    assert {m.text for m in company.entity_mentions} >= {"Northwind Software", "The company"}
    for mention in company.entity_mentions:
        assert article.text[mention.start : mention.end] == mention.text
    assert type(article).from_dict(article.to_dict()).to_dict() == article.to_dict()


def test_quote_from_an_authored_statement_is_the_authors():
    article = ontherecord.extract(
        "The Oakfield Children's Fund issued a statement on Tuesday. Its statement said the rivers were rising fast."
    )
    quote = next(q for q in article.quotes if "rivers" in q.text)
    assert quote.speaker.name == "Oakfield Children's Fund"
    assert quote.channel is not None and "statement" in quote.channel
