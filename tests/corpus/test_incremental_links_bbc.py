"""Incremental linking on a real corpus: BBC stories and the seed, saved in batches, with a
corrected re-save and manual overrides, link exactly as a full relink does after every batch, and
as one full linking of the final corpus does."""

from __future__ import annotations

import copy
import json

import pytest

from ontherecord.corpus import Store
from ontherecord.corpus.entities import link_entities, link_new
from ontherecord.corpus.overrides import merge_entities, split_speaker
from ontherecord.evaluation import shared_dir

from .test_incremental_links import linking_state

BBC = shared_dir() / "data" / "bbc" / "articles.jsonl"
SEED = shared_dir() / "seed" / "articles.jsonl"
EVERY_NTH_BBC = 14  # ~160 stories over all five sections
BATCHES = 4


@pytest.fixture(scope="module")
def articles() -> list:
    if not BBC.exists() or not SEED.exists():
        pytest.skip(f"BBC or seed corpus not found under {shared_dir()} (set ONTHERECORD_SHARED)")
    from ontherecord import extract_many

    records = [json.loads(line) for line in SEED.open(encoding="utf-8")]
    with BBC.open(encoding="utf-8") as lines:
        records += [json.loads(line) for number, line in enumerate(lines) if number % EVERY_NTH_BBC == 0]
    return list(extract_many([{key: r.get(key) for key in ("id", "title", "outlet", "url", "text")}
                              for r in records]))


def surname_only(article):
    """The same story with its first named person reduced to a surname (a changed extraction)."""
    changed = copy.deepcopy(article)
    person = next((s for s in changed.speakers if s.kind == "person" and s.name and " " in s.name), None)
    if person is not None:
        person.name = person.name.split()[-1]
    return changed


def test_incremental_linking_equals_full_relink_on_bbc_and_seed(articles, tmp_path):
    size = -(-len(articles) // BATCHES)
    batches = [articles[start:start + size] for start in range(0, len(articles), size)]
    resaved = [surname_only(article) for article in articles[:40:4]]
    with Store.open(tmp_path / "incremental.db") as incremental, Store.open(tmp_path / "full.db") as full:
        for number, batch in enumerate([*batches, resaved]):
            for store in (incremental, full):
                for article in batch:
                    store.save_article(article)
            link_new(incremental)
            link_entities(full)
            assert linking_state(incremental) == linking_state(full), f"after batch {number}"
            if number == 1:
                correct_by_hand(incremental)
                correct_by_hand(full)
                assert linking_state(incremental) == linking_state(full), "after the overrides"
        state = linking_state(incremental)
        overrides = incremental.db.rows("SELECT action, group_key, article_identity, speaker_name, created_at "
                                        "FROM entity_overrides ORDER BY id")
        assert {row["action"] for row in overrides} == {"merge", "split"}
        assert len(state["entities"]) > 100 and any(
            len(members) > 2 for _, members in state["entities"].values())
        link_entities(incremental)
        assert linking_state(incremental) == state

    with Store.open(tmp_path / "once.db") as once:
        for batch in [*batches, resaved]:
            for article in batch:
                once.save_article(article)
        once.db.executemany("INSERT INTO entity_overrides (action, group_key, article_identity, speaker_name, "
                            "created_at) VALUES (?, ?, ?, ?, ?)", [tuple(row.values()) for row in overrides])
        link_entities(once)
        assert partition(once) == partition_of(state)


def correct_by_hand(store: Store) -> None:
    """Merge the two largest entities and split a member out of the third."""
    rows = store.db.rows("SELECT id, normalized_name FROM entities ORDER BY article_count DESC, id")
    first, second = rows[0], rows[1]
    merge_entities(store, [first["id"], second["id"]])
    member = store.db.row(
        "SELECT a.identity, s.name FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE l.entity_id = ? ORDER BY a.identity, s.name",
        (rows[2]["id"],))
    if member is not None:
        split_speaker(store, member["identity"], member["name"])


def partition(store: Store) -> list:
    return partition_of(linking_state(store))


def partition_of(state: dict) -> list:
    """The entities without their ids: columns, and members with their links."""
    return sorted(((columns, members) for columns, members in state["entities"].values()), key=str)
