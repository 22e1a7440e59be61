"""Quote clusters and article copies: the same statement across stories (earliest first, outlets,
variants with their word-level diffs), ``trace`` of a quote's text, and copied articles."""

from __future__ import annotations

from typing import Any

from ..shingles import normalized, text_key
from ..wording import diff_text, word_diff
from .filters import check_text, contains, search_condition, where_clause
from .source import StoreSource

CLUSTER_COLUMNS = ("cluster_id", "text", "speaker_name", "first_outlet", "first_published", "first_article_id",
                   "article_count", "outlet_count", "quote_count", "variant_count")
APPEARANCE_COLUMNS = ("cluster_id", "published", "outlet", "article_id", "article_title", "url", "quote_id",
                      "speaker_name", "content", "relation", "similarity", "changes")
VARIANT_COLUMNS = ("cluster_id", "content", "relation", "quotes", "articles", "outlets", "first_published", "changes")
COPY_COLUMNS = ("article_id", "title", "outlet", "published", "original_id", "original_title", "original_outlet",
                "original_published", "shared", "wire_service")
CLUSTER_SELECT = (
    "SELECT c.id AS cluster_id, c.text, c.speaker_name, c.first_outlet, c.first_published, c.first_article_id, "
    "c.article_count, c.outlet_count, c.quote_count, c.variant_count FROM quote_clusters c"
)
APPEARANCES_SQL = """
SELECT m.cluster_id, a.published, a.outlet, a.id AS article_id, a.title AS article_title, a.url,
       q.local_id AS quote_id, q.speaker_name, q.content, m.relation, m.similarity, m.normalized
FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id JOIN articles a ON a.id = m.article_id
WHERE m.cluster_id = ?
ORDER BY a.published ASC NULLS LAST, a.first_ingested_at, a.id, q.start_char
"""
COPIES_SQL = """
SELECT a.id AS article_id, a.title, a.outlet, a.published, o.id AS original_id, o.title AS original_title,
       o.outlet AS original_outlet, o.published AS original_published, c.shared, f.wire_service
FROM article_copies c JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.original_id
LEFT JOIN article_fingerprints f ON f.article_id = c.article_id
"""
TRACE_CLUSTERS = 20


class ClusterQueries(StoreSource):
    def quote_clusters(self, *, min_articles: int = 2, speaker: str | None = None, search: str | None = None,
                       limit: int | None = None) -> list[dict[str, Any]]:
        """Clusters (:data:`CLUSTER_COLUMNS`) carried by at least ``min_articles`` articles, the most
        widely carried first; ``speaker`` (substring of the cluster's speaker), ``search`` (full-text over
        its quotes, the search syntax of :meth:`iter_quotes`)."""
        check_text("speaker", speaker)
        check_text("search", search)
        conditions, params = ["c.article_count >= ?"], [int(min_articles)]
        if speaker:
            condition, pattern = contains("c.speaker_name", speaker)
            conditions.append(condition)
            params.append(pattern)
        found = search_condition(self.store.dialect, "quotes", search) if search else None
        if found:
            conditions.append("c.id IN (SELECT m.cluster_id FROM quote_cluster_members m JOIN quotes q "
                              f"ON q.id = m.quote_id WHERE {found[0]})")
            params += found[1]
        sql = (f"{CLUSTER_SELECT} {where_clause(conditions)} "
               "ORDER BY c.article_count DESC, c.first_published ASC NULLS LAST, c.id")
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.store.db.rows(sql, params)

    def quote_cluster(self, cluster_id: int) -> dict[str, Any] | None:
        """One cluster with its ``appearances`` (earliest first, each diffed against the first wording),
        ``outlets`` (articles per outlet, first date) and ``variants`` (each other wording once)."""
        cluster = self.store.db.row(f"{CLUSTER_SELECT} WHERE c.id = ?", (cluster_id,))
        if cluster is None:
            return None
        appearances = self.cluster_appearances(cluster_id)
        return {**cluster, "appearances": appearances, "outlets": _outlets(appearances),
                "variants": _variants(appearances)}

    def cluster_appearances(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every quote of the cluster (:data:`APPEARANCE_COLUMNS`) in time order; ``diff`` holds the
        word-level pieces from the first wording, ``changes`` the same as one line."""
        rows = self.store.db.rows(APPEARANCES_SQL, (cluster_id,))
        if not rows:
            return []
        first = rows[0]["content"]
        for row in rows:
            row["diff"] = word_diff(first, row["content"])
            row["changes"] = diff_text(row["diff"]) if row["relation"] not in ("first", "same") else ""
            del row["normalized"]
        return rows

    def trace(self, text: str) -> list[dict[str, Any]]:
        """Every appearance of the statement ``text`` (its exact words, a part of it, or a near wording),
        earliest first, across the clusters that hold it."""
        check_text("text", text)
        rows = [row for cluster_id in self.clusters_of_text(text) for row in self.cluster_appearances(cluster_id)]
        return sorted(rows, key=lambda row: (row["published"] is None, row["published"] or ""))

    def clusters_of_text(self, text: str) -> list[int]:
        """The clusters holding ``text``: its exact wording, else quotes with it as a phrase, else
        quotes of a near wording (the index of :mod:`..quote_clusters`)."""
        normal = normalized(text)
        if not normal:
            return []
        exact = self.store.db.rows("SELECT DISTINCT cluster_id FROM quote_cluster_members WHERE text_key = ?",
                                   (text_key(normal),))
        if exact:
            return [row["cluster_id"] for row in exact]
        found = search_condition(self.store.dialect, "quotes", f'"{normal}"')
        if found:
            rows = self.store.db.rows(
                f"SELECT m.cluster_id, COUNT(*) AS n FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id "
                f"WHERE {found[0]} GROUP BY m.cluster_id ORDER BY n DESC LIMIT {TRACE_CLUSTERS}", found[1])
            if rows:
                return [row["cluster_id"] for row in rows]
        from ..quote_clusters import near_clusters

        return near_clusters(self.store, text)[:TRACE_CLUSTERS]

    def article_clusters(self, article_id: int) -> dict[str, dict[str, Any]]:
        """For each quote of the article (by its local id): its cluster, how many other articles carry
        it, and where and when it appeared first."""
        rows = self.store.db.rows(
            "SELECT q.local_id, c.id AS cluster_id, c.article_count, c.first_outlet, c.first_published, "
            "c.first_article_id FROM quote_cluster_members m JOIN quotes q ON q.id = m.quote_id "
            "JOIN quote_clusters c ON c.id = m.cluster_id WHERE m.article_id = ?", (article_id,))
        return {row.pop("local_id"): {**row, "other_articles": row["article_count"] - 1} for row in rows}

    def article_copies(self, *, outlet: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Articles that copy an earlier one (:data:`COPY_COLUMNS`), newest first."""
        check_text("outlet", outlet)
        sql, params = COPIES_SQL, []
        if outlet:
            sql += " WHERE LOWER(a.outlet) = ?"
            params.append(outlet.lower())
        sql += " ORDER BY a.published DESC NULLS LAST, a.id"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self.store.db.rows(sql, params)

    def copy_of(self, article_id: int) -> dict[str, Any] | None:
        """The original this article copies (and the share of shared text), or None."""
        return self.store.db.row(f"{COPIES_SQL} WHERE c.article_id = ?", (article_id,))

    def copies_count(self) -> int:
        return int(self.store.db.scalar("SELECT COUNT(*) AS n FROM article_copies") or 0)


def _outlets(appearances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_outlet: dict[Any, dict[str, Any]] = {}
    for row in appearances:
        entry = by_outlet.setdefault(row["outlet"], {"outlet": row["outlet"], "articles": set(),
                                                     "first_published": row["published"]})
        entry["articles"].add(row["article_id"])
    return [{**entry, "articles": len(entry["articles"])} for entry in by_outlet.values()]


def _variants(appearances: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each wording other than the first, once (its earliest appearance), with how widely it ran."""
    if not appearances:
        return []
    first = normalized(appearances[0]["content"])
    seen: dict[str, dict[str, Any]] = {}
    for row in appearances:
        key = normalized(row["content"])
        if key == first:
            continue
        entry = seen.setdefault(key, {"cluster_id": row["cluster_id"], "content": row["content"],
                                      "relation": row["relation"], "quotes": 0, "articles": set(),
                                      "outlets": set(), "first_published": row["published"],
                                      "diff": row["diff"], "changes": row["changes"]})
        entry["quotes"] += 1
        entry["articles"].add(row["article_id"])
        entry["outlets"].add(row["outlet"])
    return [{**entry, "articles": len(entry["articles"]), "outlets": len(entry["outlets"])}
            for entry in seen.values()]
