"""Cross-article entities in the store: reads the person speakers, links them with
:mod:`.clustering` and writes ``entities``, ``entity_links`` and ``entity_anchors``; records
the manual ``merge`` / ``split`` overrides.

:func:`link_entities` rebuilds all entities from the current speakers; an entity keeps the id
most of its speakers had before. Every link stores its score and the evidence as JSON.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from .clustering import (
    Anchor,
    Cluster,
    SpeakerFacts,
    article_context,
    assign_ids,
    describe,
    link,
    normalize_name,
    speaker_facts,
)
from .identity import now
from .store import Store


def link_entities(store: Store) -> int:
    """Rebuild ``entities`` and ``entity_links`` from the stored person speakers; returns the entity count."""
    splits, merges = _overrides(store)
    clusters = link(_person_speakers(store), _article_context(store), splits, merges)
    with store.db.transaction():
        entity_ids = _stable_ids(store, clusters)
        store.db.execute("DELETE FROM entity_links")
        store.db.execute("DELETE FROM entities")
        store.db.execute("DELETE FROM entity_anchors")
        for cluster, entity_id in zip(clusters, entity_ids):
            _insert_entity(store, cluster, entity_id)
        store.db.executemany(
            "INSERT INTO entity_anchors (article_identity, speaker_name, entity_id) VALUES (?, ?, ?) "
            "ON CONFLICT (article_identity, speaker_name) DO NOTHING",
            [(*member.anchor, entity_id) for cluster, entity_id in zip(clusters, entity_ids)
             for member in cluster.members],
        )
    return len(clusters)


@contextmanager
def keep_links(store: Store, article_identity: str) -> Iterator[None]:
    """Around saving an article again (inside the caller's transaction): its person speakers keep
    the entity they were linked to, by normalised name, so no link is missing between the save and
    the next :func:`link_entities` (which recomputes them all)."""
    before = store.db.rows(
        "SELECT s.name, l.entity_id, l.score, l.evidence, l.method FROM entity_links l "
        "JOIN speakers s ON s.id = l.speaker_id JOIN articles a ON a.id = s.article_id WHERE a.identity = ?",
        (article_identity,),
    )
    yield
    if not before:
        return
    links = {normalize_name(row["name"]): row for row in before}
    speakers = store.db.rows(
        "SELECT s.id, s.name FROM speakers s JOIN articles a ON a.id = s.article_id "
        "WHERE a.identity = ? AND s.kind = 'person' AND s.name IS NOT NULL",
        (article_identity,),
    )
    store.db.executemany(
        "INSERT INTO entity_links (speaker_id, entity_id, score, evidence, method) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (speaker_id) DO NOTHING",
        [(speaker["id"], link["entity_id"], link["score"], link["evidence"], link["method"])
         for speaker in speakers if (link := links.get(normalize_name(speaker["name"])))],
    )


def _stable_ids(store: Store, clusters: list[Cluster]) -> list[int]:
    previous = {
        (row["article_identity"], row["speaker_name"]): row["entity_id"]
        for row in store.db.rows("SELECT article_identity, speaker_name, entity_id FROM entity_anchors")
    }
    known = store.db.scalar("SELECT MAX(entity_id) AS top FROM entity_anchors") or 0
    next_id = max(int(known), int(store.db.scalar("SELECT COALESCE(MAX(id), 0) AS top FROM entities") or 0)) + 1
    return assign_ids(clusters, previous, next_id)


def _insert_entity(store: Store, cluster: Cluster, entity_id: int) -> None:
    entity = describe(cluster)
    store.db.execute(
        "INSERT INTO entities (id, name, normalized_name, kind, role, organization, article_count, quote_count) "
        "VALUES (?, ?, ?, 'person', ?, ?, ?, ?)",
        (entity_id, entity["name"], entity["normalized_name"], entity["role"], entity["organization"],
         entity["article_count"], entity["quote_count"]),
    )
    store.db.executemany(
        "INSERT INTO entity_links (speaker_id, entity_id, score, evidence, method) VALUES (?, ?, ?, ?, ?)",
        [
            (m.speaker_id, entity_id, cluster.links[m.speaker_id][0], json.dumps(cluster.links[m.speaker_id][1]),
             cluster.links[m.speaker_id][2])
            for m in cluster.members
        ],
    )


def _person_speakers(store: Store) -> list[SpeakerFacts]:
    rows = store.db.rows(
        "SELECT s.id, s.name, s.role, s.organization, s.quote_count, a.identity, a.outlet, a.published "
        "FROM speakers s JOIN articles a ON a.id = s.article_id "
        "WHERE s.kind = 'person' AND s.name IS NOT NULL ORDER BY s.id"
    )
    facts = [
        speaker_facts(row["id"], row["name"], row["identity"], row["outlet"], row["published"], row["role"],
                      row["organization"], row["quote_count"] or 0)
        for row in rows
    ]
    return [fact for fact in facts if fact.normalized]


def _article_context(store: Store) -> dict[str, frozenset[str]]:
    """Per article identity: the normalised names of its named, non-anonymous speakers."""
    return article_context(
        (row["identity"], row["name"])
        for row in store.db.rows(
            "SELECT a.identity, s.name FROM speakers s JOIN articles a ON a.id = s.article_id "
            "WHERE s.name IS NOT NULL AND s.kind IN ('person', 'organization')"
        )
    )


# --- overrides ------------------------------------------------------------------------------


def _overrides(store: Store) -> tuple[set[Anchor], dict[str, set[Anchor]]]:
    splits: set[Anchor] = set()
    merges: dict[str, set[Anchor]] = defaultdict(set)
    for row in store.db.rows("SELECT action, group_key, article_identity, speaker_name FROM entity_overrides"):
        anchor = (row["article_identity"], row["speaker_name"])
        if row["action"] == "split":
            splits.add(anchor)
        else:
            merges[row["group_key"]].add(anchor)
    return splits, merges


def entity_anchors(store: Store, entity_id: int) -> list[Anchor]:
    """(article identity, normalised name) of every speaker linked to an entity."""
    rows = store.db.rows(
        "SELECT a.identity, s.name FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE l.entity_id = ?",
        (entity_id,),
    )
    return [(row["identity"], normalize_name(row["name"])) for row in rows]


def merge_entities(store: Store, entity_ids: list[int], note: str | None = None) -> int:
    """Record that these entities are one person, relink, and return the merged entity's id."""
    anchors = [anchor for entity_id in entity_ids for anchor in entity_anchors(store, entity_id)]
    missing = [entity_id for entity_id in entity_ids if not entity_anchors(store, entity_id)]
    if missing:
        raise ValueError(f"no such entity: {', '.join(map(str, missing))}")
    group_key = uuid.uuid4().hex[:12]
    with store.db.transaction():
        for identity, name in anchors:
            store.db.execute(
                "DELETE FROM entity_overrides WHERE action = 'split' AND article_identity = ? AND speaker_name = ?",
                (identity, name),
            )
        store.db.executemany(
            "INSERT INTO entity_overrides (action, group_key, article_identity, speaker_name, note, created_at) "
            "VALUES ('merge', ?, ?, ?, ?, ?)",
            [(group_key, identity, name, note, now()) for identity, name in sorted(set(anchors))],
        )
    link_entities(store)
    return entity_of(store, anchors[0])


def split_speaker(store: Store, article_identity: str, speaker_name: str, note: str | None = None) -> int:
    """Record that this article's speaker is a person of their own, relink, return its entity id."""
    anchor = (article_identity, normalize_name(speaker_name))
    if entity_of(store, anchor) is None:
        raise ValueError(f"no linked speaker {speaker_name!r} in article {article_identity}")
    with store.db.transaction():
        store.db.execute(
            "DELETE FROM entity_overrides WHERE article_identity = ? AND speaker_name = ?", anchor
        )
        # its last entity must not vote for the id it had: the rest of the entity keeps that id
        store.db.execute("DELETE FROM entity_anchors WHERE article_identity = ? AND speaker_name = ?", anchor)
        store.db.execute(
            "INSERT INTO entity_overrides (action, group_key, article_identity, speaker_name, note, created_at) "
            "VALUES ('split', ?, ?, ?, ?, ?)",
            (uuid.uuid4().hex[:12], *anchor, note, now()),
        )
    link_entities(store)
    return entity_of(store, anchor)


def entity_of(store: Store, anchor: Anchor) -> int | None:
    """The entity id of the speaker (article identity, normalised name), if linked."""
    identity, name = anchor
    rows = store.db.rows(
        "SELECT l.entity_id, s.name FROM entity_links l JOIN speakers s ON s.id = l.speaker_id "
        "JOIN articles a ON a.id = s.article_id WHERE a.identity = ?",
        (identity,),
    )
    return next((row["entity_id"] for row in rows if normalize_name(row["name"]) == name), None)
