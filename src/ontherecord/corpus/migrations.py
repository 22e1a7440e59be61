"""Apply the schema migrations in order; each one is a single transaction."""

from __future__ import annotations

from datetime import datetime, timezone

from .dialect import Database, StoreError
from .schema import CURRENT_VERSION, MIGRATIONS, SEARCH_SQL

VERSION_TABLE_SQL = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"


def schema_version(db: Database) -> int:
    """The highest migration applied (0 for an empty database)."""
    if not db.table_exists("schema_version"):
        return 0
    return int(db.scalar("SELECT COALESCE(MAX(version), 0) AS version FROM schema_version") or 0)


def migrate(db: Database, target: int = CURRENT_VERSION) -> list[int]:
    """Bring ``db`` up to ``target``; returns the versions applied."""
    current = schema_version(db)
    if current > CURRENT_VERSION:
        raise StoreError(
            f"this store has schema version {current}, newer than this ontherecord "
            f"(version {CURRENT_VERSION}); upgrade ontherecord to open it"
        )
    applied = []
    for version, sql in MIGRATIONS:
        if current < version <= target:
            _apply(db, version, sql)
            applied.append(version)
    return applied


def _apply(db: Database, version: int, sql: str) -> None:
    with db.transaction():
        db.run_script(VERSION_TABLE_SQL)
        if schema_version(db) >= version:  # another process got there first
            return
        db.run_script(db.schema_sql(sql))
        search_sql = SEARCH_SQL.get(db.name, {}).get(version)
        if search_sql:
            db.run_script(search_sql)
        db.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            (version, datetime.now(timezone.utc).isoformat(timespec="seconds")),
        )
