"""Linking that grows with what is new: ``link_new`` (ingest, load, corrections) relinks only the
name keys saved since the last linking and gives exactly what a full relink gives."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import CliRunner

from ontherecord.cli import cli
from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities, link_new
from ontherecord.corpus.overrides import merge_entities, split_speaker

from .test_entities import entity_by_article, save


def linking_state(store: Store) -> dict:
    """Everything linking writes, by article identity and speaker (not row ids): entities with their
    columns and members' links, and the anchors that keep ids stable."""
    entities = {row["id"]: row for row in store.db.rows(
        "SELECT id, name, normalized_name, role, organization, article_count, quote_count FROM entities")}
    members: dict[int, list] = {entity_id: [] for entity_id in entities}
    for row in store.db.rows(
        "SELECT l.entity_id, a.identity, s.local_id, l.score, l.evidence, l.method FROM entity_links l "
        "JOIN speakers s ON s.id = l.speaker_id JOIN articles a ON a.id = s.article_id"
    ):
        evidence = json.loads(row["evidence"])
        evidence.pop("merge_group", None)  # a random key, different in each store
        members[row["entity_id"]].append((row["identity"], row["local_id"], round(row["score"], 3), evidence,
                                          row["method"]))
    return {
        "entities": {entity_id: (tuple(row.values())[1:], sorted(members[entity_id], key=str))
                     for entity_id, row in entities.items()},
        "anchors": sorted(tuple(row.values()) for row in store.db.rows(
            "SELECT article_identity, speaker_name, entity_id, name_key FROM entity_anchors")),
        "pending": store.count("entity_pending"),
    }


Step = Callable[[Store], object]


def replay(steps: list[Step], incremental: Store, full: Store) -> None:
    """Run each step on both stores, link one incrementally and the other whole, compare after each."""
    for number, step in enumerate(steps):
        step(incremental)
        step(full)
        link_new(incremental)
        link_entities(full)
        assert linking_state(incremental) == linking_state(full), f"after step {number}"
    before = linking_state(incremental)
    link_entities(incremental)
    assert linking_state(incremental) == before  # a full relink on top changes nothing, ids included


def test_a_bare_surname_before_and_after_the_full_name(store, tmp_path):
    steps: list[Step] = [
        lambda s: save(s, "bare1", speaker_name="Parnell", organization=None),
        lambda s: save(s, "full1", speaker_name="Sean Parnell", organization="Pentagon"),
        lambda s: save(s, "bare2", speaker_name="Mr Parnell", organization=None),
        lambda s: (save(s, "full2", speaker_name="Tom Parnell", organization="Rangers Football Club"),
                   save(s, "full3", speaker_name="Sean Parnell", organization="Pentagon")),
        lambda s: (save(s, "full4", speaker_name="Sean Parnell", organization="Pentagon"),
                   save(s, "full5", speaker_name="Sean Parnell", organization="Pentagon")),
        lambda s: save(s, "bare3", speaker_name="Parnell", organization=None, published="2026-01-01"),
        lambda s: save(s, "other", speaker_name="Ingrid Halvorsen", organization="Port Authority"),
    ]
    with Store.open(tmp_path / "full.db") as full:
        replay(steps, store, full)
    entities = entity_by_article(store)
    assert entities["https://bare3.example.com/story"] == entities["https://full1.example.com/story"]
    assert entities["https://full2.example.com/story"] != entities["https://full1.example.com/story"]


def test_overrides_and_forced_reingest_changing_a_speaker(store, tmp_path):
    def merge_pentagon_and_dod(s: Store) -> None:
        entities = entity_by_article(s)
        merge_entities(s, [entities["https://a.example.com/story"], entities["https://c.example.com/story"]])

    steps: list[Step] = [
        lambda s: (save(s, "a", organization="Pentagon"), save(s, "b", organization="Pentagon"),
                   save(s, "c", speaker_name="Sean Parnel", organization="Department of Defense")),
        merge_pentagon_and_dod,
        lambda s: split_speaker(s, "https://b.example.com/story", "Sean Parnell"),
        lambda s: save(s, "d", organization="Pentagon"),
        # the same story saved again with its speaker changed (what ingest --force does)
        lambda s: save(s, "a", " Story a, corrected.", speaker_name="John Kirby", organization="Pentagon"),
        lambda s: save(s, "c", " Story c, corrected.", speaker_name="Sean Parnell", organization="Pentagon",
                       also_quoted=None),
        lambda s: save(s, "e", speaker_name="Kirby", organization="Pentagon"),
    ]
    with Store.open(tmp_path / "full.db") as full:
        replay(steps, store, full)
    entities = entity_by_article(store)
    assert entities["https://b.example.com/story"] != entities["https://d.example.com/story"]
    assert entities["https://e.example.com/story"] == entities["https://a.example.com/story"]


def test_link_new_reads_only_the_candidates_through_the_name_key_index(sqlite_location):
    with Store.open(sqlite_location) as store:
        for number in range(30):
            save(store, f"old{number}", speaker_name=f"Person{number} Example{number}", also_quoted=None)
        link_entities(store)
        save(store, "new", speaker_name="Sean Parnell")
        assert {row["name_key"] for row in store.db.rows("SELECT name_key FROM entity_pending")} == {"parnell",
                                                                                                    "austin"}
        assert link_new(store) == 2  # Sean Parnell and Lloyd Austin, not the 30 others
        assert store.count("entity_pending") == 0 and store.count("entities") == 32
        plan = " ".join(row["detail"] for row in store.db.rows(
            "EXPLAIN QUERY PLAN SELECT s.id FROM speakers s JOIN speaker_keys k ON k.speaker_id = s.id "
            "WHERE k.name_key IN ('parnell')"))
        assert "speaker_keys_name_key" in plan


def test_a_store_from_before_name_keys_is_relinked_whole_once(sqlite_location):
    with Store.open(sqlite_location) as store:
        save(store, "a")
        save(store, "b")
        link_entities(store)
        expected = linking_state(store)
        # as the migration leaves a store that had speakers: no keys yet, everything pending
        store.db.execute("DELETE FROM speaker_keys")
        store.db.execute("UPDATE entity_anchors SET name_key = NULL")
        store.db.execute("INSERT INTO entity_pending (name_key) VALUES ('*')")
        link_new(store)
        assert linking_state(store) == expected
        assert store.count("speaker_keys") == 4


def test_ingest_links_only_what_is_new_and_relink_rebuilds(sqlite_location):
    with Store.open(sqlite_location) as store:
        save(store, "a")
        assert store.count("entity_pending") == 2 and store.count("entities") == 0
    result = CliRunner().invoke(cli, ["entities", "relink", "--db", sqlite_location])
    assert result.exit_code == 0, result.output
    assert "2 entities" in result.stderr
    with Store.open(sqlite_location) as store:
        assert store.count("entity_pending") == 0
