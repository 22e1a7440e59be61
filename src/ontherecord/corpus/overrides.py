"""Manual corrections of the cross-article entities: ``merge`` several entities into one person,
``split`` one article's speaker out of its entity.

Each is recorded in ``entity_overrides`` by (article identity, normalised name), so it survives
re-ingest and relinking; then the name keys involved are relinked (:func:`.entities.link_new`).
"""

from __future__ import annotations

import uuid

from .clustering import Anchor, normalize_name
from .entities import link_new
from .identity import now
from .name_keys import mark_pending, name_key
from .store import Store


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
        mark_pending(store.db, {name_key(name) for _, name in anchors})
    link_new(store)
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
        mark_pending(store.db, {name_key(anchor[1])})
    link_new(store)
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
