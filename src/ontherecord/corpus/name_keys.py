"""Name keys: which stored speakers a linking decision can involve, found through an index.

Every decision of :mod:`.clustering` stays within one *name key*, the last word of a speaker's
normalised name: a name block ("cecilia farfan mendez") has the key of its surname, and a
single-word name ("howard") only joins full-name entities with that surname. So relinking the
keys of new and changed speakers, with every speaker of those keys, gives the same entities as
relinking the whole corpus. Manual merges and the entities as last linked tie keys together;
:func:`key_closure` follows both.

``speaker_keys`` holds the key of every linkable (named ``person``) speaker; saving an article
records the keys of its old and new speakers in ``entity_pending`` (:func:`index_speakers`),
in the save's own transaction, so a run killed before it links leaves them waiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from ..model import Speaker
from .clustering import Anchor, normalize_name
from .dialect import Database

EVERYTHING = "*"  # a pending key meaning: relink the whole corpus (a store made before the keys)
CHUNK = 500  # values per IN (...) list
# The entities of the last linking that hold speakers of some keys (by their anchors or links), and back.
ENTITIES_OF_KEYS = (
    "SELECT DISTINCT entity_id FROM entity_anchors WHERE name_key IN ({})",
    "SELECT DISTINCT l.entity_id FROM entity_links l JOIN speaker_keys k ON k.speaker_id = l.speaker_id "
    "WHERE k.name_key IN ({})",
)
KEYS_OF_ENTITIES = (
    "SELECT DISTINCT name_key FROM entity_anchors WHERE entity_id IN ({})",
    "SELECT DISTINCT k.name_key FROM entity_links l JOIN speaker_keys k ON k.speaker_id = l.speaker_id "
    "WHERE l.entity_id IN ({})",
)


def name_key(normalized: str) -> str:
    """``"cecilia farfan mendez"`` → ``"mendez"``; ``""`` for a name that cannot be linked."""
    words = normalized.split()
    return words[-1] if words else ""


@lru_cache(maxsize=65536)  # a corpus repeats its names: a load asks for each one many times
def linkable_key(name: str | None, kind: str) -> str:
    return name_key(normalize_name(name)) if kind == "person" and name else ""


def article_keys(db: Database, article_id: int) -> set[str]:
    """The name keys of an article's stored speakers (before it is saved again)."""
    rows = db.rows(
        "SELECT k.name_key FROM speaker_keys k JOIN speakers s ON s.id = k.speaker_id WHERE s.article_id = ?",
        (article_id,),
    )
    return {row["name_key"] for row in rows}


def index_speakers(db: Database, speakers: Iterable[Speaker], speaker_ids: dict[str, int], old_keys: set[str]) -> None:
    """Key the article's new speakers and queue their keys and the old ones for linking."""
    keyed = [(speaker_ids[s.id], key) for s in speakers if s.id in speaker_ids and (key := linkable_key(s.name, s.kind))]
    db.executemany("INSERT INTO speaker_keys (speaker_id, name_key) VALUES (?, ?)", keyed)
    mark_pending(db, old_keys | {key for _, key in keyed})


def mark_pending(db: Database, keys: Iterable[str]) -> None:
    db.executemany("INSERT INTO entity_pending (name_key) VALUES (?) ON CONFLICT (name_key) DO NOTHING",
                   [(key,) for key in sorted(set(keys)) if key])


def pending_keys(db: Database) -> set[str]:
    return {row["name_key"] for row in db.rows("SELECT name_key FROM entity_pending")}


def clear_pending(db: Database, keys: Iterable[str]) -> None:
    for chunk in chunks(sorted(keys)):
        db.execute(f"DELETE FROM entity_pending WHERE name_key IN ({marks(chunk)})", chunk)


def key_closure(db: Database, keys: set[str], merges: dict[str, set[Anchor]]) -> set[str]:
    """``keys`` plus every key tied to them by a merge group or by an entity of the last linking."""
    merge_keys = [{name_key(name) for _, name in anchors} for anchors in merges.values()]
    closed: set[str] = set()
    frontier = set(keys)
    while frontier:
        closed |= frontier
        found = {key for group in merge_keys if group & frontier for key in group}
        entity_ids = {row["entity_id"] for sql in ENTITIES_OF_KEYS for row in select_in(db, sql, frontier)}
        found |= {row["name_key"] for sql in KEYS_OF_ENTITIES for row in select_in(db, sql, entity_ids)
                  if row["name_key"]}
        frontier = found - closed
    return closed


def select_in(db: Database, sql: str, values: Iterable[Any], params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Rows of ``sql`` whose ``{}`` is an IN list of ``values`` (any number, asked in chunks)."""
    rows: list[dict[str, Any]] = []
    for chunk in chunks(sorted(values)):
        rows.extend(db.rows(sql.format(marks(chunk)), (*params, *chunk)))
    return rows


def chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)
