"""Cross-article entities in the store: reads the person speakers, links them with
:mod:`.clustering` and writes ``entities``, ``entity_links`` and ``entity_anchors``.

:func:`link_new` (after ingest, load and every correction) relinks only the name keys saved
since the last linking (:mod:`.name_keys`), with every stored speaker of those keys, and gives
the same entities as :func:`link_entities`, which rebuilds them all (``entities relink``). An
entity keeps the id most of its speakers had before. Every link stores its score and the
evidence as JSON. The manual ``merge`` / ``split`` corrections are :mod:`.overrides`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
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
from .name_keys import EVERYTHING, chunks, clear_pending, key_closure, marks, name_key, pending_keys, select_in
from .store import Store

SPEAKER_COLUMNS = ("SELECT s.id, s.article_id, s.name, s.role, s.organization, s.quote_count, a.identity, a.outlet, "
                   "a.published FROM speakers s JOIN articles a ON a.id = s.article_id ")
CONTEXT_COLUMNS = ("SELECT a.identity, s.name FROM speakers s JOIN articles a ON a.id = s.article_id "
                   "WHERE s.name IS NOT NULL AND s.kind IN ('person', 'organization')")


def link_entities(store: Store) -> int:
    """Rebuild ``entities`` and ``entity_links`` from all stored person speakers; returns the entity count."""
    pending = pending_keys(store.db)
    splits, merges = read_overrides(store)
    speakers = _person_speakers(store.db.rows(SPEAKER_COLUMNS + "WHERE s.kind = 'person' AND s.name IS NOT NULL"))
    clusters = link(speakers, article_context((r["identity"], r["name"]) for r in store.db.rows(CONTEXT_COLUMNS)),
                    splits, merges)
    with store.db.transaction():
        previous = _anchors(store.db.rows("SELECT article_identity, speaker_name, entity_id FROM entity_anchors"))
        entity_ids = assign_ids(clusters, previous, _next_id(store))
        for table in ("entity_links", "entities", "entity_anchors", "speaker_keys"):
            store.db.execute(f"DELETE FROM {table}")
        store.db.executemany("INSERT INTO speaker_keys (speaker_id, name_key) VALUES (?, ?)",
                             [(s.speaker_id, name_key(s.normalized)) for s in speakers])
        _write(store, clusters, entity_ids)
        clear_pending(store.db, pending)
    return len(clusters)


def link_new(store: Store) -> int:
    """Relink the speakers of the name keys saved since the last linking; returns how many
    entities were rewritten (a store made before name keys is relinked whole)."""
    with store.db.transaction():
        pending = pending_keys(store.db)
        if EVERYTHING in pending:
            return link_entities(store)
        if not pending:
            return 0
        splits, merges = read_overrides(store)
        keys = key_closure(store.db, pending, merges)
        rows = select_in(
            store.db, SPEAKER_COLUMNS + "JOIN speaker_keys k ON k.speaker_id = s.id WHERE k.name_key IN ({})", keys)
        speakers = _person_speakers(rows)
        context = article_context((row["identity"], row["name"]) for row in select_in(
            store.db, CONTEXT_COLUMNS + " AND s.article_id IN ({})", {row["article_id"] for row in rows}))
        tied = {group: anchors for group, anchors in merges.items()
                if any(name_key(name) in keys for _, name in anchors)}
        clusters = link(speakers, context, splits, tied)
        previous = _anchors(select_in(
            store.db, "SELECT article_identity, speaker_name, entity_id FROM entity_anchors WHERE name_key IN ({})",
            keys))
        entity_ids = assign_ids(clusters, previous, _next_id(store))
        speaker_ids = [s.speaker_id for s in speakers]
        linked = {row["entity_id"] for row in select_in(
            store.db, "SELECT DISTINCT entity_id FROM entity_links WHERE speaker_id IN ({})", speaker_ids)}
        _forget(store, set(previous.values()) | linked, speaker_ids, keys)
        _write(store, clusters, entity_ids)
        clear_pending(store.db, pending)
    return len(clusters)


def _forget(store: Store, entity_ids: set[int], speaker_ids: list[int], keys: Collection[str]) -> None:
    """Remove the entities, links and anchors that relinking ``keys`` rewrites."""
    for sql, values in (("DELETE FROM entity_links WHERE entity_id IN ({})", entity_ids),
                        ("DELETE FROM entity_links WHERE speaker_id IN ({})", speaker_ids),
                        ("DELETE FROM entities WHERE id IN ({})", entity_ids),
                        ("DELETE FROM entity_anchors WHERE name_key IN ({})", keys)):
        for chunk in chunks(sorted(values)):
            store.db.execute(sql.format(marks(chunk)), chunk)


def _write(store: Store, clusters: list[Cluster], entity_ids: list[int]) -> None:
    for cluster, entity_id in zip(clusters, entity_ids):
        _insert_entity(store, cluster, entity_id)
    store.db.executemany(
        "INSERT INTO entity_anchors (article_identity, speaker_name, entity_id, name_key) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (article_identity, speaker_name) DO NOTHING",
        [(*member.anchor, entity_id, name_key(member.normalized))
         for cluster, entity_id in zip(clusters, entity_ids) for member in cluster.members],
    )


@contextmanager
def keep_links(store: Store, article_identity: str) -> Iterator[None]:
    """Around saving an article again (inside the caller's transaction): its person speakers keep
    the entity they were linked to, by normalised name, so no link is missing between the save and
    the next linking (which recomputes their name keys)."""
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


def _anchors(rows: list[dict]) -> dict[Anchor, int]:
    return {(row["article_identity"], row["speaker_name"]): row["entity_id"] for row in rows}


def _next_id(store: Store) -> int:
    known = store.db.scalar("SELECT MAX(entity_id) AS top FROM entity_anchors") or 0
    return max(int(known), int(store.db.scalar("SELECT COALESCE(MAX(id), 0) AS top FROM entities") or 0)) + 1


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


def _person_speakers(rows: list[dict]) -> list[SpeakerFacts]:
    """The linkable speakers of ``rows`` (:data:`SPEAKER_COLUMNS`), in speaker id order."""
    facts = [
        speaker_facts(row["id"], row["name"], row["identity"], row["outlet"], row["published"], row["role"],
                      row["organization"], row["quote_count"] or 0)
        for row in sorted(rows, key=lambda row: row["id"])
    ]
    return [fact for fact in facts if fact.normalized]


def read_overrides(store: Store) -> tuple[set[Anchor], dict[str, set[Anchor]]]:
    """The split speakers and the merge groups, in the order they were recorded."""
    splits: set[Anchor] = set()
    merges: dict[str, set[Anchor]] = defaultdict(set)
    for row in store.db.rows(
        "SELECT action, group_key, article_identity, speaker_name FROM entity_overrides ORDER BY id"
    ):
        anchor = (row["article_identity"], row["speaker_name"])
        if row["action"] == "split":
            splits.add(anchor)
        else:
            merges[row["group_key"]].add(anchor)
    return splits, merges
