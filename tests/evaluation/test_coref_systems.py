"""The baseline coreference systems on a real spaCy parse of invented wording."""

from __future__ import annotations

import pytest

from ontherecord.evaluation.coref_systems import ner_same_name, ner_same_person
from ontherecord.pipeline import load_pipeline

TEXT = (
    "Maria Lopez runs Widget Holdings. On Monday, Maria Lopez met Tom Lopez in Boston. "
    "Later, Lopez told reporters that Widget Holdings would grow."
)


@pytest.fixture(scope="module")
def doc():
    return load_pipeline()(TEXT)


def as_text(clusters):
    return sorted(sorted(TEXT[s:e] + f"@{s}" for s, e in cluster) for cluster in clusters)


def at(fragment: str, occurrence: int = 0) -> str:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(fragment, start + 1)
    return f"{fragment}@{start}"


def test_same_name_clusters_named_entities_with_the_same_string(doc):
    assert as_text(ner_same_name(doc)) == sorted(
        [
            sorted([at("Maria Lopez"), at("Maria Lopez", 1)]),
            [at("Tom Lopez")],
            [at("Lopez", 3)],
            sorted([at("Widget Holdings"), at("Widget Holdings", 1)]),
        ]
    )


def test_same_person_joins_a_surname_to_the_first_compatible_person(doc):
    assert as_text(ner_same_person(doc)) == sorted(
        [
            sorted([at("Maria Lopez"), at("Maria Lopez", 1), at("Lopez", 3)]),
            [at("Tom Lopez")],
            sorted([at("Widget Holdings"), at("Widget Holdings", 1)]),
        ]
    )
