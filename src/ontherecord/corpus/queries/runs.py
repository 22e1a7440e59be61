"""Ingest runs: the ``runs`` table as it stands, a killed run shown as ``interrupted``."""

from __future__ import annotations

from typing import Any

from ..run_status import run_status
from .source import StoreSource

RUN_COLUMNS = ("id", "started_at", "finished_at", "status", "host", "pid", "model", "articles_added",
               "articles_updated", "articles_unchanged", "skipped", "errors")


class RunQueries(StoreSource):
    def runs(self, *, top: int | None = None) -> list[dict[str, Any]]:
        """Runs (:data:`RUN_COLUMNS`), newest first; ``status`` is ``interrupted`` for a run left
        ``running`` by a process of this host that is gone."""
        sql = f"SELECT {', '.join(RUN_COLUMNS)} FROM runs ORDER BY id DESC"
        params: list[Any] = []
        if top:
            sql += " LIMIT ?"
            params.append(int(top))
        rows = self.store.db.rows(sql, params)
        for row in rows:
            row["status"] = run_status(row)
        return rows
