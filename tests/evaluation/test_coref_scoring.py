"""Coreference scores on hand-computed examples, and the alignment of predicted spans to GUM mentions."""

from __future__ import annotations

import pytest

from ontherecord.evaluation.coref_scoring import (
    CONTAINMENT,
    EXACT,
    align,
    b_cubed,
    muc,
    pairwise,
    restrict,
    score_documents,
)
from ontherecord.evaluation.gum import GumDocument, GumMention

KEY = [["a", "b", "c"], ["d", "e"]]
RESPONSE = [["a", "b"], ["c", "d", "e"]]


def test_pairwise_counts_links_within_clusters():
    # gold links ab ac bc de; predicted ab cd ce de; correct ab de
    ratio = pairwise(KEY, RESPONSE)
    assert (ratio.precision, ratio.recall) == (0.5, 0.5)


def test_muc_counts_the_links_needed_to_rebuild_each_cluster():
    ratio = muc(KEY, RESPONSE)
    assert ratio.recall == pytest.approx(2 / 3) and ratio.precision == pytest.approx(2 / 3)
    split_in_two = muc([["A", "B", "C", "D"]], [["A", "B"], ["C", "D"]])
    assert split_in_two.recall == pytest.approx(2 / 3) and split_in_two.precision == 1.0


def test_b_cubed_weighs_each_mention_by_its_clusters_overlap():
    ratio = b_cubed(KEY, RESPONSE)
    assert ratio.recall == pytest.approx(11 / 15) and ratio.precision == pytest.approx(11 / 15)


def test_an_over_merged_response_loses_precision_only():
    key, response = [["a", "b"], ["c"]], [["a", "b", "c"]]
    assert (pairwise(key, response).precision, pairwise(key, response).recall) == (pytest.approx(1 / 3), 1.0)
    assert (muc(key, response).precision, muc(key, response).recall) == (0.5, 1.0)
    assert (b_cubed(key, response).precision, b_cubed(key, response).recall) == (pytest.approx(5 / 9), 1.0)


def test_mentions_missing_from_either_side_count_against_it():
    key, response = [["a", "b"]], [["a", "x"]]
    assert pairwise(key, response).f1 == 0.0
    assert (muc(key, response).precision, muc(key, response).recall) == (0.0, 0.0)
    assert (b_cubed(key, response).precision, b_cubed(key, response).recall) == (0.25, 0.25)


def test_a_mention_repeated_in_the_response_counts_once():
    assert b_cubed([["a", "b"]], [["a", "b"], ["a"]]).precision == 1.0


# "Acme hired Jo Smith. The firm said she left Paris." (invented)
TEXT = "Acme hired Jo Smith. The firm said she left Paris."


def span(fragment: str) -> tuple[int, int]:
    start = TEXT.index(fragment)
    return start, start + len(fragment)


DOCUMENT = GumDocument(
    "GUM_news_invented",
    "news",
    TEXT,
    (
        GumMention(*span("Acme"), "organization", "organization-1"),
        GumMention(*span("Jo Smith"), "person", "person-2"),
        GumMention(*span("The firm"), "organization", "organization-1"),
        GumMention(*span("she"), "person", "person-2"),
        GumMention(*span("Paris"), "place", "place-3"),
    ),
)
PERSONS, ORGANIZATIONS = frozenset({"person"}), frozenset({"organization"})


def test_exact_alignment_needs_the_same_span_and_containment_takes_the_smallest_gold_mention():
    assert align([span("Smith")], DOCUMENT.mentions, EXACT) == {}
    assert align([span("Smith"), span("Jo Smith")], DOCUMENT.mentions, EXACT) == {span("Jo Smith"): 1}
    assert align([span("Smith")], DOCUMENT.mentions, CONTAINMENT) == {span("Smith"): 1}
    # One predicted span per gold mention: the exact one wins, then the longest.
    assert align([span("Smith"), span("Jo Smith")], DOCUMENT.mentions, CONTAINMENT) == {span("Jo Smith"): 1}
    assert align([span("Smith"), span("o Smith")], DOCUMENT.mentions, CONTAINMENT) == {span("o Smith"): 1}
    with pytest.raises(ValueError):
        align([], DOCUMENT.mentions, "fuzzy")


def test_a_predicted_cluster_is_scored_for_a_type_only_with_a_gold_mention_of_that_type():
    predicted = [[span("Acme"), span("The firm")], [span("Jo Smith"), span("she"), span("Paris")]]
    key, response = restrict(DOCUMENT, predicted, PERSONS, EXACT)
    assert key == [[1, 3]] and response == [[1, 3, 4]]
    persons = score_documents([(DOCUMENT, predicted)], PERSONS, EXACT).ratios["pairwise"]
    assert (persons.precision, persons.recall) == (pytest.approx(1 / 3), 1.0)
    organizations = score_documents([(DOCUMENT, predicted)], ORGANIZATIONS, EXACT).ratios["pairwise"]
    assert (organizations.precision, organizations.recall) == (1.0, 1.0)


def test_a_span_aligned_to_no_gold_mention_is_a_wrong_link():
    predicted = [[span("Jo Smith"), span("hired")]]
    key, response = restrict(DOCUMENT, predicted, PERSONS, CONTAINMENT)
    assert response == [[1, ("predicted", span("hired"))]]
    scores = score_documents([(DOCUMENT, predicted)], PERSONS, CONTAINMENT).ratios
    assert scores["pairwise"].precision == 0.0 and scores["pairwise"].recall == 0.0
    # B³: Jo Smith shares half its cluster on each side, she and "hired" nothing
    assert scores["b3"].precision == 0.25 and scores["b3"].recall == 0.25


def test_scores_add_up_over_documents():
    good = [[span("Jo Smith"), span("she")]]
    bad = [[span("Jo Smith")], [span("she")]]
    ratio = score_documents([(DOCUMENT, good), (DOCUMENT, bad)], PERSONS, EXACT).ratios["pairwise"]
    assert (ratio.precision, ratio.recall) == (1.0, 0.5)
