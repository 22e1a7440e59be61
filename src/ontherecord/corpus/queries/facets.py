"""The total and facet counts of a quote search, at a cost that does not grow with the corpus.

The whole corpus (no filter) reads the kept counts (:mod:`..summaries`). A filtered search reads
at most :data:`SCAN_LIMIT` + 1 matching rows: up to that many the total and the facets are exact;
beyond it the total is given as "at least :data:`SCAN_LIMIT`" and the facets count those rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..dialect import Database

SCAN_LIMIT = 5000
FACET_LIMIT = 12
FACETS = {  # facet → SQL expression over QUOTE_FROM
    "outlet": "a.outlet",
    "kind": "q.speaker_kind",
    "type": "q.type",
    "speaker": "COALESCE(e.name, q.speaker_name)",
}


@dataclass
class Counted:
    total: int
    exact: bool = True
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def counted_matches(db: Database, source: str, where: str, params: list[Any], facets: bool) -> Counted:
    """The total (exact up to :data:`SCAN_LIMIT`) and, with ``facets``, the counts per facet of
    the rows ``source`` (``FROM ...`` with its joins) ``where`` finds."""
    columns = ", ".join(f"{sql} AS {name}" for name, sql in FACETS.items()) if facets else "1 AS found"
    rows = db.rows(f"SELECT {columns} {source} {where} LIMIT {SCAN_LIMIT + 1}", params)
    exact = len(rows) <= SCAN_LIMIT
    rows = rows[:SCAN_LIMIT]
    counts = {name: _top(Counter(row[name] for row in rows)) for name in FACETS} if facets else {}
    return Counted(len(rows), exact, counts)


def corpus_counts(db: Database, speakers: list[dict[str, Any]], facets: bool) -> Counted:
    """The whole corpus's total and facets, from the kept counts; ``speakers`` the most quoted."""
    kept = db.rows("SELECT subject, scope, item, label, quotes FROM summary_counts "
                   "WHERE subject IN ('outlet', 'kind', 'type') AND quotes > 0")
    total = sum(row["quotes"] for row in kept if row["subject"] == "outlet" and row["scope"] == "*")
    if not facets:
        return Counted(total)
    per_outlet = Counter({row["label"]: row["quotes"] for row in kept
                          if row["subject"] == "outlet" and row["scope"] != "*"})
    counts = {"outlet": _top(per_outlet)}
    for subject in ("kind", "type"):
        counts[subject] = _top(Counter({None if row["item"] == "none" else row["item"]: row["quotes"]
                                        for row in kept if row["subject"] == subject and row["scope"] == "*"}))
    counts["speaker"] = [{"value": row["name"], "count": row["quotes"]} for row in speakers[:FACET_LIMIT]]
    return Counted(total, True, counts)


def _top(counter: Counter) -> list[dict[str, Any]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    return [{"value": value, "count": count} for value, count in ranked[:FACET_LIMIT]]
