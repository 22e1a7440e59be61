"""Entity clustering in memory, without a store: overrides, stable ids, what an entity is called."""

from __future__ import annotations

from ontherecord.corpus.clustering import article_context, assign_ids, describe, link, speaker_facts


def pentagon_speakers():
    return [
        speaker_facts(1, "Sean Parnell", "a", "Gazette", "2025-09-01", "spokesman", "Pentagon", 2),
        speaker_facts(2, "Mr. Sean Parnell", "b", "Tribune", "2025-10-02", "chief spokesman", "the Pentagon", 3),
        speaker_facts(3, "Sean Parnell", "c", "Gazette", "2009-01-01", "striker", "Rangers Football Club", 1),
    ]


def test_same_name_and_organization_make_one_entity_and_a_conflict_keeps_another_apart():
    clusters = link(pentagon_speakers(), {})
    assert sorted(sorted(m.speaker_id for m in c.members) for c in clusters) == [[1, 2], [3]]
    pentagon = next(c for c in clusters if len(c.members) == 2)
    assert describe(pentagon) == {"name": "Mr. Sean Parnell", "normalized_name": "sean parnell",
                                  "role": "spokesman", "organization": "Pentagon", "article_count": 2,
                                  "quote_count": 5}


def test_split_and_merge_overrides():
    split = link(pentagon_speakers(), {}, splits={("b", "sean parnell")})
    assert sorted(len(c.members) for c in split) == [1, 1, 1]
    assert next(c for c in split if c.members[0].speaker_id == 2).links[2][2] == "override"
    merged = link(pentagon_speakers(), {}, merges={"g1": {("a", "sean parnell"), ("c", "sean parnell")}})
    assert [sorted(m.speaker_id for m in c.members) for c in merged] == [[1, 2, 3]]


def test_entities_keep_the_id_most_of_their_speakers_had():
    clusters = link(pentagon_speakers(), {})
    pentagon = next(index for index, c in enumerate(clusters) if len(c.members) == 2)
    previous = {("a", "sean parnell"): 7, ("b", "sean parnell"): 7, ("c", "sean parnell"): 7}
    ids = assign_ids(clusters, previous, next_id=20)
    assert ids[pentagon] == 7 and ids[1 - pentagon] == 20  # the larger entity wins the contested id


def test_article_context_is_the_normalised_names_per_article():
    assert article_context([("a", "Dr. Cecilia Farfán-Méndez"), ("a", "Pentagon"), ("b", "")]) == {
        "a": frozenset({"cecilia farfan mendez", "pentagon"})}
