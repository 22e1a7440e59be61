"""Quote clusters: the same statement in many stories, who had it first, and how its wording varies.

Every stored quote is a member of one cluster (``quote_cluster_members``; the cluster's row in
``quote_clusters`` holds its earliest appearance and counts). :func:`assign_quotes` runs after an
ingest and handles only the quotes that have no cluster yet: a quote joins the cluster of the
best stored quote it matches, else starts a cluster of its own, so a new article never
re-clusters the corpus.

Two quotes match (settings in ``data/clusters.tsv``) when their speakers agree — the same
cross-article entity, names that are the same person, or one of them unknown or anonymous — and

* their normalised words (:func:`.shingles.words`) are equal, or
* both have ``quote_min_words`` words and the Jaccard similarity of their word shingles is at
  least ``quote_similarity``, or the shorter one's shingles are ``quote_containment`` inside the
  longer one's (a trimmed quote).

Candidates come from a MinHash LSH index of every stored quote's signature and of the signatures
of its longer clauses (so a trimmed quote finds the longer one it was cut from). The index lives
in memory for one pass and is built again from ``quote_cluster_members.signatures``; nothing
needs the texts again. A cluster's earliest appearance is the member whose article was published
first (then ingested first); each member's ``relation`` to that first wording is ``first``,
``same`` (equal but for punctuation and case), ``part`` (contained in it), ``longer`` (contains it)
or ``variant``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..names import fold, names_match
from .shingles import containment, from_hex, jaccard, lsh_index, normalized, setting, shingles, signature, text_key
from .shingles import to_hex as signature_hex
from .store import Store

UNKNOWN_KINDS = frozenset({"unknown", "anonymous"})
CLAUSE_BREAK = re.compile(r"[,;:.!?\u2013\u2014]+")
CHUNK = 500  # new quotes per transaction: a killed pass keeps what it assigned


@dataclass
class Member:
    """A quote as the pass compares it."""

    quote_id: int
    cluster_id: int
    words: list[str]
    key: str
    entity_id: int | None
    speaker_name: str | None
    speaker_kind: str | None
    _shingles: set[str] | None = field(default=None, repr=False)

    @property
    def shingle_set(self) -> set[str]:
        if self._shingles is None:
            self._shingles = shingles(self.words, int(setting("quote_shingle_words")))
        return self._shingles


def speakers_agree(a: Member, b: Member) -> bool:
    """The same entity, or one speaker unknown, or names that are the same person (or organization).

    Two entities are not two people for sure: the linker keeps a lone first name ("Jill") of each
    article apart, so names that match still agree."""
    if a.entity_id is not None and a.entity_id == b.entity_id:
        return True
    if not a.speaker_name or not b.speaker_name or a.speaker_kind in UNKNOWN_KINDS or b.speaker_kind in UNKNOWN_KINDS:
        return True
    if fold(a.speaker_name) == fold(b.speaker_name):
        return True
    return a.speaker_kind == b.speaker_kind == "person" and names_match(a.speaker_name, b.speaker_name)


def match_score(new: Member, old: Member) -> float:
    """How strongly ``new`` is the statement ``old`` is (0: not the same)."""
    if new.key == old.key:
        return 1.0
    if min(len(new.words), len(old.words)) < setting("quote_min_words"):
        return 0.0
    a, b = new.shingle_set, old.shingle_set
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    similar, inside = jaccard(a, b), containment(shorter, longer)
    if similar >= setting("quote_similarity") or inside >= setting("quote_containment"):
        return max(similar, inside)
    return 0.0


def clause_words(content: str) -> list[list[str]]:
    """The clauses of a quote long enough to be indexed on their own (not the whole quote again)."""
    whole = normalized(content).split()
    parts = [normalized(piece).split() for piece in CLAUSE_BREAK.split(content)]
    return [part for part in parts if len(part) >= setting("quote_part_min_words") and part != whole]


class ClusterIndex:
    """The stored members, by exact wording and in a MinHash LSH index of their signatures."""

    def __init__(self) -> None:
        self.permutations = int(setting("quote_permutations"))
        self.lsh = lsh_index(setting("quote_lsh_threshold"), self.permutations)
        self.members: dict[int, Member] = {}
        self.by_key: dict[str, list[int]] = {}

    def add(self, member: Member, signatures: list) -> None:
        self.members[member.quote_id] = member
        self.by_key.setdefault(member.key, []).append(member.quote_id)
        for part, minhash in enumerate(signatures):
            self.lsh.insert((member.quote_id, part), minhash)

    def candidates(self, member: Member, signatures: list) -> list[Member]:
        found = dict.fromkeys(self.by_key.get(member.key, []))
        for minhash in signatures:
            found.update(dict.fromkeys(quote_id for quote_id, _ in self.lsh.query(minhash)))
        return [self.members[quote_id] for quote_id in found]

    def best_match(self, member: Member, signatures: list) -> tuple[int, float] | None:
        """(cluster id, score) of the best stored quote ``member`` matches."""
        best: tuple[int, float] | None = None
        tried: set[int] = set()
        for candidate in self.candidates(member, signatures)[: int(setting("quote_max_candidates"))]:
            if candidate.cluster_id in tried:
                continue
            if not speakers_agree(member, candidate):
                continue
            score = match_score(member, candidate)
            if score > 0:
                tried.add(candidate.cluster_id)
                if best is None or score > best[1]:
                    best = (candidate.cluster_id, score)
        return best

    def signatures_of(self, words: list[str], content: str) -> list:
        if not words:
            return []
        size = int(setting("quote_shingle_words"))
        whole = signature(shingles(words, size), self.permutations)
        return [whole, *(signature(shingles(part, size), self.permutations) for part in clause_words(content))]


STORED_SQL = """
SELECT m.quote_id, m.cluster_id, m.normalized, m.text_key, m.signatures, q.speaker_name, q.speaker_kind, l.entity_id
FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id
"""
NEW_SQL = """
SELECT q.id AS quote_id, q.article_id, q.content, q.speaker_name, q.speaker_kind, l.entity_id,
       a.published, a.first_ingested_at, q.start_char
FROM quotes q JOIN articles a ON a.id = q.article_id
LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id
LEFT JOIN quote_cluster_members m ON m.quote_id = q.id
WHERE m.quote_id IS NULL
"""


def appearance_order(row: dict) -> tuple:
    """Earliest first: publication date (undated last), first ingest, article id, place in the article."""
    return (row["published"] is None, row["published"] or "", row["first_ingested_at"] or "", row["article_id"],
            row.get("start_char") or 0)


def load_index(store: Store) -> ClusterIndex:
    """The index of every stored member, built from the stored signatures."""
    index = ClusterIndex()
    for row in store.db.stream(STORED_SQL):
        words = row["normalized"].split()
        member = Member(row["quote_id"], row["cluster_id"], words, row["text_key"], row["entity_id"],
                        row["speaker_name"], row["speaker_kind"])
        index.add(member, [from_hex(text, index.permutations) for text in (row["signatures"] or "").split()])
    return index


def assign_quotes(store: Store) -> int:
    """Put every quote without a cluster into one; returns how many were assigned."""
    with store.db.transaction():
        _refresh(store, _stale_clusters(store))
    new_rows = store.db.rows(NEW_SQL)
    if not new_rows:
        return 0
    new_rows.sort(key=appearance_order)
    index = load_index(store)
    for start in range(0, len(new_rows), CHUNK):
        with store.db.transaction():
            touched = {_assign(store, index, row) for row in new_rows[start:start + CHUNK]}
            _refresh(store, touched)
    return len(new_rows)


def _assign(store: Store, index: ClusterIndex, row: dict) -> int:
    normal = normalized(row["content"] or "")
    member = Member(row["quote_id"], 0, normal.split(), text_key(normal), row["entity_id"], row["speaker_name"],
                    row["speaker_kind"])
    signatures = index.signatures_of(member.words, row["content"] or "")
    found = index.best_match(member, signatures)
    if found is None:
        member.cluster_id = store.db.insert(
            "INSERT INTO quote_clusters (text, first_quote_id) VALUES (?, ?) RETURNING id",
            (row["content"] or "", row["quote_id"]))
        similarity = 1.0
    else:
        member.cluster_id, similarity = found[0], round(found[1], 3)
    store.db.execute(
        "INSERT INTO quote_cluster_members (quote_id, cluster_id, article_id, normalized, text_key, relation, "
        "similarity, signatures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (member.quote_id, member.cluster_id, row["article_id"], normal, member.key, "first", similarity,
         " ".join(signature_hex(minhash) for minhash in signatures)),
    )
    index.add(member, signatures)
    return member.cluster_id


def _stale_clusters(store: Store) -> set[int]:
    """Clusters that lost members since their counts were written (an article re-ingested or deleted)."""
    return {row["id"] for row in store.db.rows(
        "SELECT c.id FROM quote_clusters c LEFT JOIN (SELECT cluster_id, COUNT(*) AS n FROM quote_cluster_members "
        "GROUP BY cluster_id) m ON m.cluster_id = c.id WHERE COALESCE(m.n, 0) <> c.quote_count "
        "OR c.first_quote_id IS NULL")}


MEMBERS_SQL = """
SELECT m.quote_id, m.normalized, q.content, q.speaker_name, q.speaker_kind, q.start_char,
       a.id AS article_id, a.outlet, a.published, a.first_ingested_at
FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = m.article_id
WHERE m.cluster_id = ?
"""


def relation_to(first: str, normal: str) -> str:
    if normal == first:
        return "same"
    if f" {first} " in f" {normal} ":
        return "longer"
    if f" {normal} " in f" {first} ":
        return "part"
    return "variant"


def _refresh(store: Store, cluster_ids: set[int]) -> None:
    """Write each cluster's earliest appearance, counts and its members' relations again."""
    for cluster_id in sorted(cluster_ids):
        rows = sorted(store.db.rows(MEMBERS_SQL, (cluster_id,)), key=appearance_order)
        if not rows:
            store.db.execute("DELETE FROM quote_clusters WHERE id = ?", (cluster_id,))
            continue
        first = rows[0]
        relations = [(relation_to(first["normalized"], row["normalized"]), row["quote_id"]) for row in rows[1:]]
        store.db.executemany("UPDATE quote_cluster_members SET relation = ? WHERE quote_id = ?",
                             [("first", first["quote_id"]), *relations])
        named = next((row["speaker_name"] for row in rows
                      if row["speaker_name"] and row["speaker_kind"] not in UNKNOWN_KINDS), None)
        store.db.execute(
            "UPDATE quote_clusters SET text = ?, speaker_name = ?, first_quote_id = ?, first_article_id = ?, "
            "first_outlet = ?, first_published = ?, quote_count = ?, article_count = ?, outlet_count = ?, "
            "variant_count = ? WHERE id = ?",
            (first["content"], named, first["quote_id"], first["article_id"], first["outlet"], first["published"],
             len(rows), len({row["article_id"] for row in rows}),
             len({fold(row["outlet"]) for row in rows if row["outlet"]}),
             len({row["normalized"] for row in rows}) - 1, cluster_id),
        )


def near_clusters(store: Store, text: str) -> list[int]:
    """The clusters of the stored quotes that ``text`` matches (any speaker), best match first."""
    normal = normalized(text)
    index = load_index(store)
    probe = Member(0, 0, normal.split(), text_key(normal), None, None, None)
    scores: dict[int, float] = {}
    for candidate in index.candidates(probe, index.signatures_of(probe.words, text)):
        score = match_score(probe, candidate)
        if score > scores.get(candidate.cluster_id, 0.0):
            scores[candidate.cluster_id] = score
    return sorted(scores, key=lambda cluster_id: -scores[cluster_id])
