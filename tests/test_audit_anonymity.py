"""The anonymous-sourcing rules, each on an invented article through the real spaCy parse, and the
seed's unnamed sources (read from ../shared through the seed fixtures, never copied)."""

from __future__ import annotations

import pytest

from ontherecord import extract
from ontherecord.audit import RULES
from ontherecord.evaluation import load_seed, predictions_from_engine, shared_dir

SEED_GOLD = shared_dir() / "seed" / "gold.json"


def _rules(text: str) -> dict[str, int]:
    return extract(text).audit.counts


def test_every_rule_has_a_reason():
    assert set(RULES) == {"bare_source", "no_reason", "boilerplate_reason", "anonymous_opinion",
                          "single_anonymous_source", "no_position"}
    assert all(len(reason) > 20 for reason in RULES.values())


def test_a_bare_source_without_a_reason():
    counts = _rules("Mayor to quit\n\nA source said the mayor would resign on Friday.")
    assert counts == {"bare_source": 1, "no_reason": 1, "single_anonymous_source": 1}


def test_a_described_source_without_a_reason():
    counts = _rules("Cuts ahead\n\nA city hall official said the budget would be cut by a tenth. "
                    "Mayor Ana Ruiz said the cuts were needed.")
    assert counts == {"no_reason": 1}


def test_the_boilerplate_reason_is_flagged_as_such():
    counts = _rules("Plant news\n\nAn official who was not authorized to speak publicly said the plant would "
                    "close. Mayor Ana Ruiz said she was sorry.")
    assert counts == {"boilerplate_reason": 1}


def test_a_substantive_reason_clears_the_source():
    counts = _rules("Plant news\n\nA worker at the plant, who asked not to be named for fear of losing her "
                    "job, said the plant would close. Mayor Ana Ruiz said she was sorry.")
    assert counts == {}


def test_a_direct_quote_of_opinion_from_an_unnamed_source():
    article = extract('Council row\n\n"This plan is a disgrace," a council official said.\n\n'
                      '"The vote is on Monday," the official said.\n\nMayor Ana Ruiz said the vote would go ahead.')
    opinion = [f for f in article.audit.flags if f.rule == "anonymous_opinion"]
    assert len(opinion) == 1 and "disgrace" in opinion[0].text
    flagged = next(q for q in article.quotes if q.id == opinion[0].quote_id)
    assert article.text[opinion[0].start:opinion[0].end] == flagged.text


def test_an_article_resting_on_one_unnamed_source():
    article = extract("Secret talks\n\nThe talks began in March, a person familiar with the negotiations said. "
                      "The person said the two sides were close to a deal. The person said a signing could "
                      "come in June. The ministry said it had nothing to add.")
    single = [f for f in article.audit.flags if f.rule == "single_anonymous_source"]
    assert len(single) == 1 and single[0].quote_id is None
    assert "no_position" not in article.audit.counts  # "familiar with" is a position to know


def test_a_source_without_any_position_to_know():
    counts = _rules("Mayor plan\n\nA longtime critic of the mayor said the plan would fail. "
                    "Mayor Ana Ruiz said it would not.")
    assert counts == {"no_position": 1, "no_reason": 1}


def test_spokespeople_and_sources_named_after_their_description_are_not_unnamed():
    assert _rules("Road works\n\nA council spokesperson said the road would reopen.") == {}
    assert _rules("Aid report\n\nThe charity's director, Barbara Smith, said aid would double.") == {}


@pytest.fixture(scope="module")
def seed_predictions():
    if not SEED_GOLD.exists():
        pytest.skip(f"seed gold not found at {SEED_GOLD}")
    corpus = load_seed(SEED_GOLD)
    return {gold.id: prediction for gold, prediction, _ in predictions_from_engine(corpus.articles)}


def _flags_of(article, description):
    speaker = next(s for s in article.speakers if s.name == description)
    mentions = {(m.start, m.end) for m in speaker.mentions}
    quotes = set(speaker.quotes)
    return sorted({f.rule for f in article.audit.flags if (f.start, f.end) in mentions or f.quote_id in quotes})


def test_the_seed_guard_source_gives_no_reason_and_opinion(seed_predictions):
    article = seed_predictions["klippenstein-dc-order"]
    assert _flags_of(article, "a DC National Guard source") == ["anonymous_opinion", "no_reason"]
    opinion = [f for f in article.audit.flags if f.rule == "anonymous_opinion"]
    assert any("waste of time" in f.text for f in opinion)


def test_the_seed_critic_is_a_bare_source_without_a_reason(seed_predictions):
    article = seed_predictions["newsweek-cartels"]
    assert _flags_of(article, "one critic") == ["bare_source", "no_reason"]


def test_collectives_and_office_holders_are_not_confidential_sources():
    assert _rules("Court news\n\nProsecutors said the trial would last a month. Judge Ann Lee agreed.") == {}
    article = extract("Budget row\n\nThe home secretary said the plan would go ahead. Ms Ruiz said it would not.")
    assert article.audit.counts == {}
