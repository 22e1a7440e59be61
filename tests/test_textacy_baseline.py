"""The textacy anchor benchmark runs through the same harness as the engine (on the seed gold)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import spacy

from ontherecord.evaluation.gold import load_gold, shared_dir
from ontherecord.evaluation.scoring import score_corpus
from ontherecord.pipeline import DEFAULT_MODEL

SEED_GOLD = shared_dir() / "seed" / "gold.json"
SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "textacy_baseline.py"

pytestmark = pytest.mark.skipif(not SEED_GOLD.is_file(), reason=f"seed gold not found at {SEED_GOLD}")


def load_script():
    pytest.importorskip("textacy")
    spec = importlib.util.spec_from_file_location("textacy_baseline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_textacy_quotes_are_offset_exact_and_scored_by_the_same_harness():
    baseline = load_script()
    corpus = load_gold(SEED_GOLD)
    run = baseline.textacy_articles(spacy.load(DEFAULT_MODEL), corpus.articles)

    assert run.paragraphs > 0 and len(run.articles) == len(corpus.articles)
    quotes = [q for article in run.articles for q in article.quotes]
    assert quotes, "textacy found no direct quotation in the seed"
    for article in run.articles:
        for quote in article.quotes:
            assert quote.type == "direct"
            assert article.text[quote.start : quote.end] == quote.text
            if quote.speaker and quote.speaker.mention:
                mention = quote.speaker.mention
                assert article.text[mention.start : mention.end] == mention.text

    score = score_corpus(corpus.kind, baseline._pairs(corpus.articles, run.articles)).to_dict(per_article=False)
    attributed = score["headline_attributed_f1"]
    # textacy finds only direct quotes with their speaker in the paragraph: a fraction of the seed
    assert 0.2 < attributed < 0.9
