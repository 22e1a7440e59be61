"""The Python API over a corpus store: quotes, speakers, per-outlet statistics, export.

>>> from ontherecord.corpus import Corpus
>>> with Corpus("ontherecord.db") as corpus:
...     corpus.quotes(speaker="Parnell", search="cartels", since="2025-01-01")
...     corpus.speakers(top=10)
...     corpus.stats()
...     corpus.export("parquet", "quotes.parquet")
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import SPEAKER_KINDS
from .dialect import DEFAULT_DB
from .store import Store

EXPORT_FORMATS = ("csv", "jsonl", "parquet")
NAMED_KINDS = ("person", "organization")
TOP_PER_OUTLET = 3
EXPORT_BATCH = 2000

QUOTE_COLUMNS = (
    "article_identity", "article_title", "outlet", "published", "url", "quote_id", "type", "content",
    "text", "start_char", "end_char", "speaker_name", "speaker_kind", "speaker_role", "speaker_organization",
    "entity_id", "entity_name", "cue", "channel", "confidence",
)
QUOTE_SELECT = """
SELECT a.identity AS article_identity, a.title AS article_title, a.outlet, a.published, a.url,
       q.local_id AS quote_id, q.type, q.content, q.text, q.start_char, q.end_char,
       q.speaker_name, q.speaker_kind, s.role AS speaker_role, s.organization AS speaker_organization,
       e.id AS entity_id, e.name AS entity_name, q.cue, q.channel, q.confidence
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id
LEFT JOIN entities e ON e.id = l.entity_id
"""


class Corpus:
    """Read access to a corpus store (a SQLite path or a ``postgresql://`` URL)."""

    def __init__(self, db: str | Path | Store = DEFAULT_DB) -> None:
        self._owns_store = not isinstance(db, Store)
        self.store = Store.open(db) if self._owns_store else db

    def close(self) -> None:
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- quotes -----------------------------------------------------------------------------

    def quotes(
        self,
        *,
        speaker: str | None = None,
        search: str | None = None,
        outlet: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Quotes, newest articles first, filtered by speaker name (substring, also matches the
        linked entity's name), full-text ``search`` over quote text and speaker, ``outlet``
        (exact, case-insensitive), speaker ``kind`` (person, anonymous, ...) and ``since``
        (articles published on or after an ISO date)."""
        return list(self.iter_quotes(speaker=speaker, search=search, outlet=outlet, kind=kind, since=since,
                                     limit=limit))

    def iter_quotes(self, **filters: Any) -> Iterator[dict[str, Any]]:
        sql, params = self._quote_query(**filters)
        yield from self.store.db.stream(sql, params)

    def _quote_query(
        self,
        *,
        speaker: str | None = None,
        search: str | None = None,
        outlet: str | None = None,
        kind: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if speaker:
            pattern = f"%{speaker.lower()}%"
            conditions.append("(LOWER(q.speaker_name) LIKE ? OR LOWER(e.name) LIKE ?)")
            params += [pattern, pattern]
        if search:
            conditions.append(self._search_condition())
            params.append(search_parameter(self.store.dialect, search))
        if outlet:
            conditions.append("LOWER(a.outlet) = ?")
            params.append(outlet.lower())
        if kind:
            if kind not in SPEAKER_KINDS:
                raise ValueError(f"unknown speaker kind {kind!r}; one of {', '.join(SPEAKER_KINDS)}")
            conditions.append("q.speaker_kind = ?")
            params.append(kind)
        if since:
            conditions.append("a.published >= ?")
            params.append(since)
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"{QUOTE_SELECT} {where} ORDER BY a.published DESC NULLS LAST, a.id, q.start_char"
        if limit:
            sql += " LIMIT ?"
            params.append(int(limit))
        return sql, params

    def _search_condition(self) -> str:
        return search_condition(self.store.dialect)

    # --- speakers ---------------------------------------------------------------------------

    def speakers(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """Speakers across the corpus, most quoted first: people as cross-article entities,
        organizations and documents by name. Anonymous sources and groups ("analysts") are not
        ranked: the same words name different sources in different stories."""
        people = self.store.db.rows(
            "SELECT e.id AS entity_id, e.name, 'person' AS kind, e.role, e.organization, "
            "e.article_count AS articles, e.quote_count AS quotes FROM entities e"
        )
        others = self.store.db.rows(
            "SELECT NULL AS entity_id, MIN(s.name) AS name, s.kind, NULL AS role, NULL AS organization, "
            "COUNT(DISTINCT s.article_id) AS articles, SUM(s.quote_count) AS quotes FROM speakers s "
            "WHERE s.kind IN ('organization', 'document') AND s.name IS NOT NULL "
            "GROUP BY LOWER(s.name), s.kind"
        )
        ranked = sorted(people + others, key=lambda r: (-(r["quotes"] or 0), -(r["articles"] or 0), r["name"]))
        return ranked[:top] if top else ranked

    def top_organizations(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """Organizations across the corpus by the quotes they account for: quotes of the
        organization itself plus quotes of people speaking for it."""
        sql = (
            "SELECT CASE WHEN s.kind = 'organization' THEN s.name ELSE s.organization END AS name, "
            "SUM(s.quote_count) AS quotes, COUNT(DISTINCT s.article_id) AS articles FROM speakers s "
            "WHERE (s.kind = 'organization' AND s.name IS NOT NULL) OR s.organization IS NOT NULL "
            "GROUP BY CASE WHEN s.kind = 'organization' THEN s.name ELSE s.organization END "
            "ORDER BY quotes DESC, articles DESC, name"
        )
        params: list[Any] = []
        if top:
            sql += " LIMIT ?"
            params.append(int(top))
        return self.store.db.rows(sql, params)

    # --- statistics -------------------------------------------------------------------------

    def stats(self) -> list[dict[str, Any]]:
        """Per outlet: articles, quotes, quotes per article, the share of quotes from named
        (person, organization), anonymous and document sources, top speakers and organizations."""
        articles = {
            row["outlet"]: row["n"]
            for row in self.store.db.rows("SELECT outlet, COUNT(*) AS n FROM articles GROUP BY outlet")
        }
        by_kind: dict[Any, Counter[str]] = defaultdict(Counter)
        for row in self.store.db.rows(
            "SELECT a.outlet, q.speaker_kind AS kind, COUNT(*) AS n FROM quotes q "
            "JOIN articles a ON a.id = q.article_id GROUP BY a.outlet, q.speaker_kind"
        ):
            by_kind[row["outlet"]][row["kind"] or "none"] += row["n"]
        top_speakers = self._top_per_outlet(
            "SELECT a.outlet, COALESCE(e.name, q.speaker_name) AS name, COUNT(*) AS n FROM quotes q "
            "JOIN articles a ON a.id = q.article_id LEFT JOIN entity_links l ON l.speaker_id = q.speaker_id "
            "LEFT JOIN entities e ON e.id = l.entity_id WHERE q.speaker_kind = 'person' "
            "GROUP BY a.outlet, COALESCE(e.name, q.speaker_name)"
        )
        top_organizations = self._top_per_outlet(
            "SELECT a.outlet, CASE WHEN s.kind = 'organization' THEN s.name ELSE s.organization END AS name, "
            "SUM(s.quote_count) AS n FROM speakers s JOIN articles a ON a.id = s.article_id "
            "WHERE (s.kind = 'organization' AND s.name IS NOT NULL) OR s.organization IS NOT NULL "
            "GROUP BY a.outlet, CASE WHEN s.kind = 'organization' THEN s.name ELSE s.organization END"
        )
        return [
            _outlet_stats(outlet, count, by_kind[outlet], top_speakers.get(outlet, []),
                          top_organizations.get(outlet, []))
            for outlet, count in sorted(articles.items(), key=lambda item: (-item[1], item[0] or ""))
        ]

    def _top_per_outlet(self, sql: str) -> dict[Any, list[str]]:
        ranked: dict[Any, list[tuple[int, str]]] = defaultdict(list)
        for row in self.store.db.rows(sql):
            ranked[row["outlet"]].append((row["n"] or 0, row["name"]))
        return {
            outlet: [name for _, name in sorted(rows, key=lambda r: (-r[0], r[1]))[:TOP_PER_OUTLET]]
            for outlet, rows in ranked.items()
        }

    # --- export -----------------------------------------------------------------------------

    def export(self, fmt: str, path: str | Path, **filters: Any) -> int:
        """Write the (filtered) quotes with their article and speaker as csv, jsonl or parquet."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
        rows = self.iter_quotes(**filters)
        writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
        return writer(rows, Path(path))


SEARCH_CONDITIONS = {
    "quotes": {
        "sqlite": "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
        "postgresql": "q.search @@ websearch_to_tsquery('english', ?)",
    },
    "articles": {
        "sqlite": "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
        "postgresql": "a.search @@ websearch_to_tsquery('english', ?)",
    },
}


def search_condition(dialect: str, table: str = "quotes") -> str:
    """The full-text condition on ``quotes q`` or ``articles a``; its parameter is :func:`search_parameter`."""
    return SEARCH_CONDITIONS[table][dialect]


def search_parameter(dialect: str, text: str) -> str:
    return fts_query(text) if dialect == "sqlite" else text


def fts_query(text: str) -> str:
    """User words as an FTS5 query: every word must appear (quoted, so no syntax errors)."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{word}"' for word in words) or '""'


def _outlet_stats(
    outlet: str | None, articles: int, kinds: Counter[str], top_speakers: list[str], top_organizations: list[str]
) -> dict[str, Any]:
    quotes = sum(kinds.values())

    def share(*names: str) -> float:
        return round(sum(kinds[name] for name in names) / quotes, 3) if quotes else 0.0

    return {
        "outlet": outlet,
        "articles": articles,
        "quotes": quotes,
        "quotes_per_article": round(quotes / articles, 2) if articles else 0.0,
        "named_share": share(*NAMED_KINDS),
        "anonymous_share": share("anonymous"),
        "document_share": share("document"),
        "top_speakers": top_speakers,
        "top_organizations": top_organizations,
    }


def _write_csv(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=QUOTE_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_jsonl(rows: Iterator[dict[str, Any]], path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _write_parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    numeric = {"start_char": pa.int64(), "end_char": pa.int64(), "entity_id": pa.int64(), "confidence": pa.float64()}
    schema = pa.schema([(column, numeric.get(column, pa.string())) for column in QUOTE_COLUMNS])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= EXPORT_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
