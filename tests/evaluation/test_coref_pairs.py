"""The mention-pair scorer: candidates of a real parse, training examples, the shipped model (invented wording)."""

from __future__ import annotations

import numpy as np
import pytest

from ontherecord.evaluation.coref_mentions import NAME, NOMINAL, PRONOUN, candidates
from ontherecord.evaluation.coref_pairs import MODEL_DIR, CorefModel, learned_pairs, pair_probability
from ontherecord.evaluation.coref_training import examples, fit
from ontherecord.evaluation.gum import GumDocument, GumMention
from ontherecord.pipeline import load_pipeline

TEXT = (
    "Maria Lopez runs Widget Holdings, a maker of garden tools. "
    "She told reporters on Monday that the company would hire forty workers. "
    "Lopez said her brother had opened the first shop."
)


def at(fragment: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return start, start + len(fragment)


@pytest.fixture(scope="module")
def doc():
    return load_pipeline()(TEXT)


def test_candidates_are_names_pronouns_and_noun_phrases_ending_at_their_head(doc):
    found = {(TEXT[c.start : c.end], c.kind) for c in candidates(doc)}
    assert {("Maria Lopez", NAME), ("She", PRONOUN), ("the company", NOMINAL), ("her", PRONOUN)} <= found
    assert ("her brother", NOMINAL) in found
    assert all(TEXT[c.start : c.end] == doc[c.head].text or c.end == doc[c.head].idx + len(doc[c.head]) for c in candidates(doc))


GOLD = GumDocument(
    "GUM_news_invented",
    "news",
    TEXT,
    (
        GumMention(*at("Maria Lopez"), "person", "person-1"),
        GumMention(*at("Widget Holdings, a maker of garden tools"), "organization", "organization-2"),
        GumMention(*at("She"), "person", "person-1"),
        GumMention(*at("the company"), "organization", "organization-2"),
        GumMention(*at("Lopez", 1), "person", "person-1"),
        GumMention(*at("her"), "person", "person-1"),
        GumMention(*at("her brother"), "person", "person-3"),
    ),
)


def test_training_examples_label_pairs_of_one_gold_entity_positive(doc):
    typing_rows, typing_labels, pair_rows, pair_labels = examples(GOLD, doc)
    assert len(typing_rows) == len(candidates(doc)) and sum(typing_labels) >= 6
    # Lopez: Maria Lopez, She, Lopez, her give six links; Widget Holdings and the company one
    assert sum(pair_labels) == 7
    assert len(pair_rows) > sum(pair_labels)


def test_training_is_deterministic():
    rows, labels = [["bias", "a"], ["bias", "b"], ["bias", "a", "c"]], [1.0, 0.0, 1.0]
    assert np.array_equal(fit(rows, labels, 3).weights, fit(rows, labels, 3).weights)
    assert fit(rows, labels, 3).probability(["bias", "a"]) > 0.5 > fit(rows, labels, 3).probability(["bias", "b"])


needs_model = pytest.mark.skipif(not (MODEL_DIR / "coref.json").is_file(), reason="the coref model is not built")


@needs_model
def test_the_shipped_model_links_a_pronoun_to_the_person_not_the_company(doc):
    assert pair_probability(doc, at("Maria Lopez"), at("She")) > pair_probability(doc, at("Widget Holdings"), at("She"))
    clusters = learned_pairs(doc)
    she = next(c for c in clusters if at("She") in c)
    assert at("her") in she and at("Widget Holdings") not in she


@needs_model
def test_the_shipped_model_round_trips_through_save(tmp_path, doc):
    model = CorefModel.load()
    model.save(tmp_path / "copy")
    assert CorefModel.load(tmp_path / "copy").cluster(doc) == model.cluster(doc)
