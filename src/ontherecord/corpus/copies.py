"""Copies of whole articles: wire copy, syndication, a story republished under another outlet.

After an ingest, :func:`mark_copies` fingerprints every article not fingerprinted yet (a MinHash
of its word shingles, in ``article_fingerprints``, with the wire service its text names) and
looks it up in an LSH index built from the stored fingerprints. A candidate whose word shingles
hold at least ``article_copy_share`` (``data/clusters.tsv``) of the later article's is the same
text: the later one becomes a copy of the earliest (by publication date, then first ingest, then
id) in ``article_copies``, with the share of its text found in the original. A new article older
than the original it matches becomes the original of the whole group.

An article whose text changed is fingerprinted again, and the copies that pointed to it are
looked at again. The index is never stored: each pass builds it from ``article_fingerprints``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..wordlists import data_lines
from .shingles import containment, from_hex, lsh_index, setting, shingles, signature, to_hex, words
from .store import Store

WIRE_WINDOW = 400  # a dateline opens a story and a credit line closes it; the middle mentions sources


@cache
def wire_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """``data/wire_services.tsv``: (service, pattern), in the file's order."""
    pairs = (line.split("\t", 1) for line in data_lines("wire_services.tsv"))
    return [(name.strip(), re.compile(pattern.strip(), re.MULTILINE)) for name, pattern in pairs]


def wire_service(text: str) -> str | None:
    """The wire service a dateline or credit line of ``text`` names ("LONDON (Reuters) -")."""
    ends = text[:WIRE_WINDOW] + "\n" + text[-WIRE_WINDOW:]
    for name, pattern in wire_patterns():
        if pattern.search(ends):
            return name
    return None


@dataclass
class Fingerprinted:
    article_id: int
    order: tuple


def _order(row: dict) -> tuple:
    return (row["published"] is None, row["published"] or "", row["first_ingested_at"] or "", row["article_id"])


def article_shingles(text: str) -> set[str]:
    return shingles(words(text), int(setting("article_shingle_words")))


def mark_copies(store: Store) -> int:
    """Fingerprint the new and changed articles and mark those that copy another; returns how many
    articles were fingerprinted."""
    db = store.db
    with db.transaction():
        _forget_changed(store)
    new_rows = db.rows(
        "SELECT a.id AS article_id, a.text, a.text_hash, a.published, a.first_ingested_at FROM articles a "
        "LEFT JOIN article_fingerprints f ON f.article_id = a.id WHERE f.article_id IS NULL"
    )
    if not new_rows:
        return 0
    new_rows.sort(key=_order)
    permutations = int(setting("article_permutations"))
    index = lsh_index(setting("article_lsh_threshold"), permutations)
    orders: dict[int, tuple] = {}
    for row in db.stream("SELECT f.article_id, f.signature, a.published, a.first_ingested_at FROM article_fingerprints f "
                         "JOIN articles a ON a.id = f.article_id WHERE f.signature IS NOT NULL"):
        index.insert(row["article_id"], from_hex(row["signature"], permutations))
        orders[row["article_id"]] = _order(row)
    for row in new_rows:
        with db.transaction():
            _fingerprint(store, row, index, orders, permutations)
    return len(new_rows)


def _forget_changed(store: Store) -> None:
    """Fingerprints of articles whose text changed since, and the copy marks that rest on them."""
    changed = [row["article_id"] for row in store.db.rows(
        "SELECT f.article_id FROM article_fingerprints f JOIN articles a ON a.id = f.article_id "
        "WHERE f.text_hash <> a.text_hash")]
    for article_id in changed:
        copies = [row["article_id"] for row in store.db.rows(
            "SELECT article_id FROM article_copies WHERE original_id = ?", (article_id,))]
        for stale in (article_id, *copies):
            store.db.execute("DELETE FROM article_copies WHERE article_id = ? OR original_id = ?", (stale, stale))
            store.db.execute("DELETE FROM article_fingerprints WHERE article_id = ?", (stale,))


def _fingerprint(store: Store, row: dict, index, orders: dict[int, tuple], permutations: int) -> None:
    text = row["text"]
    tokens = words(text)
    own = shingles(tokens, int(setting("article_shingle_words")))
    sig = signature(own, permutations) if len(tokens) >= setting("article_min_words") else None
    store.db.execute(
        "INSERT INTO article_fingerprints (article_id, text_hash, wire_service, signature) VALUES (?, ?, ?, ?)",
        (row["article_id"], row["text_hash"], wire_service(text), to_hex(sig) if sig is not None else None),
    )
    if sig is None:
        return
    orders[row["article_id"]] = _order(row)
    match = _best_match(store, row["article_id"], own, index.query(sig), orders)
    index.insert(row["article_id"], sig)
    if match is not None:
        _join_group(store, row["article_id"], own, match, orders)


def _best_match(store: Store, article_id: int, own: set[str], candidates: list[int],
                orders: dict[int, tuple]) -> int | None:
    """The candidate that shares the most text with the article: the later one's share found in the
    earlier (a story that grew from a shorter one is no copy of it)."""
    best, best_share = None, setting("article_copy_share")
    for candidate in candidates:
        other = _text_shingles(store, candidate)
        later_first = orders[article_id] > orders[candidate]
        share = containment(own, other) if later_first else containment(other, own)
        if share >= best_share:
            best, best_share = candidate, share
    return best


def _text_shingles(store: Store, article_id: int) -> set[str]:
    return article_shingles(store.db.scalar("SELECT text FROM articles WHERE id = ?", (article_id,)) or "")


def _join_group(store: Store, article_id: int, own: set[str], match: int, orders: dict[int, tuple]) -> None:
    """Put the new article in the group of ``match``: a copy of its original, or the group's new original."""
    db = store.db
    root = db.scalar("SELECT original_id FROM article_copies WHERE article_id = ?", (match,)) or match
    root_shingles = _text_shingles(store, root)
    if orders[article_id] < orders[root]:
        db.execute("UPDATE article_copies SET original_id = ? WHERE original_id = ?", (article_id, root))
        db.execute("INSERT INTO article_copies (article_id, original_id, shared) VALUES (?, ?, ?)",
                   (root, article_id, round(containment(root_shingles, own), 3)))
    else:
        db.execute("INSERT INTO article_copies (article_id, original_id, shared) VALUES (?, ?, ?)",
                   (article_id, root, round(containment(own, root_shingles), 3)))
