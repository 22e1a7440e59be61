"""Gender coverage and correctness on the hand-marked person sources of the seed and the BBC dev gold
(``tests/data/gender_gold.json``: names, genders and the evidence seen; the texts stay in ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontherecord.config import EngineConfig
from ontherecord.evaluation import load_gold, load_seed, predictions_from_engine, shared_dir
from ontherecord.evaluation.gender import load_gender_gold, score_genders

GOLD = load_gender_gold(Path(__file__).parent / "data" / "gender_gold.json")
SHARED = shared_dir()
SEED, BBC_DEV = SHARED / "seed" / "gold.json", SHARED / "data" / "bbc-gold" / "dev.json"

pytestmark = pytest.mark.skipif(not (SEED.exists() and BBC_DEV.exists()), reason=f"gold not found in {SHARED}")


@pytest.fixture(scope="module", params=[False, True], ids=["text", "text+names"])
def predicted(request):
    articles = load_seed(SEED).articles + load_gold(BBC_DEV).articles
    config = EngineConfig(gender_names=request.param)
    return request.param, {gold.id: article for gold, article, _ in predictions_from_engine(articles, config)}


def test_every_marked_source_is_in_the_gold_articles(predicted):
    _, articles = predicted
    assert {source["article"] for source in GOLD} <= set(articles)


def test_a_gender_given_is_right_and_coverage_holds(predicted):
    names, articles = predicted
    figures = score_genders(articles, GOLD).figures()
    assert figures["accuracy_when_given"] >= 0.97
    assert figures["coverage"] >= (0.75 if names else 0.42)
    assert abs(figures["predicted_women_share"] - figures["gold_women_share"]) <= (0.04 if names else 0.06)


def test_sources_with_evidence_in_the_text_mostly_get_it(predicted):
    _, articles = predicted
    figures = score_genders(articles, GOLD, basis="text").figures()
    assert figures["coverage"] >= 0.75 and figures["male_f1"] >= 0.85
