"""A big load writes its tables bare, then builds their indexes once.

Keeping a search index, a text index or the kept counts up to date row by row costs more than
building them at the end. :func:`indexes_deferred` (around a load that at least doubles the store)
drops the secondary indexes of the tables a load writes, and on SQLite the full-text triggers,
then creates them again from their own definitions, rebuilds the full-text tables and recounts
``summary_counts`` (:func:`.summaries.rebuild`). Indexes a foreign key needs, and those behind a
key or ``UNIQUE``, stay: saving an article again still finds its rows through them.

The definitions wait in ``deferred_indexes`` meanwhile, so a load killed halfway leaves them to
:func:`restore_deferred`, which :meth:`Store.open` runs once the load's run is no longer running.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .dialect import Database
from .run_status import run_status
from .summaries import rebuild

LOADED_TABLES = ("articles", "speakers", "mentions", "quotes", "speaker_keys", "summary_counts")
FULL_TEXT_TABLES = ("quotes_fts", "articles_fts")  # SQLite; PostgreSQL's are generated columns
# While loading: no wait for the disk at each commit (a crash loses the last batches, not the store),
# and room for the index builds.
SQLITE_LOAD_SETTINGS = {"synchronous": "OFF", "cache_size": "-262144"}  # PRAGMA → value (KiB when negative)
POSTGRES_LOAD_SETTINGS = {"synchronous_commit": "off", "maintenance_work_mem": "'256MB'"}  # never lowered


@contextmanager
def indexes_deferred(db: Database, run_id: int) -> Iterator[None]:
    """Drop the loaded tables' secondary indexes (and SQLite's full-text triggers) for the block,
    then build them again; the kept counts are recounted at the end."""
    before = _load_settings(db)
    try:
        set_aside(db, run_id)
        yield
    finally:
        try:
            restore_deferred(db)
        finally:
            _restore_settings(db, before)


def set_aside(db: Database, run_id: int) -> None:
    """Drop what :func:`deferrable` finds, its definitions kept in ``deferred_indexes``."""
    with db.transaction():
        definitions = deferrable(db)
        db.executemany(
            "INSERT INTO deferred_indexes (name, definition, run_id) VALUES (?, ?, ?)",
            [(name, sql, run_id) for name, sql in definitions],
        )
        for name, sql in definitions:
            db.execute(f"DROP {_kind(sql)} {name}")


def restore_deferred(db: Database) -> None:
    """Create what a load set aside, rebuild the full-text tables and recount the kept counts."""
    with db.transaction():
        rows = db.rows("SELECT name, definition FROM deferred_indexes ORDER BY name")
        if not rows:
            return
        for row in rows:
            db.execute(_if_not_exists(row["definition"]))
        if db.name == "sqlite":
            for table in FULL_TEXT_TABLES:
                db.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        rebuild(db)
        db.execute("DELETE FROM deferred_indexes")
    if db.name == "postgresql":  # the planner's statistics of tables that grew this much are stale
        db.execute(f"ANALYZE {', '.join(LOADED_TABLES)}")


def restore_if_abandoned(db: Database) -> None:
    """:func:`restore_deferred` when the load that set indexes aside is no longer running."""
    rows = db.rows(
        "SELECT DISTINCT r.status, r.host, r.pid FROM deferred_indexes d LEFT JOIN runs r ON r.id = d.run_id"
    )
    if rows and all(row["status"] is None or run_status(row) != "running" for row in rows):
        restore_deferred(db)


def deferrable(db: Database) -> list[tuple[str, str]]:
    """(name, definition) of each index and trigger a big load can set aside."""
    found = _sqlite_deferrable(db) if db.name == "sqlite" else _postgres_deferrable(db)
    foreign = _foreign_key_columns(db)
    return [(name, sql) for name, table, first_column, sql in found if (table, first_column) not in foreign]


def _sqlite_deferrable(db: Database) -> list[tuple[str, str, str, str]]:
    marks = ", ".join("?" for _ in LOADED_TABLES)
    rows = db.rows(
        f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name",
        LOADED_TABLES,
    )
    rows = [row for row in rows if not row["sql"].upper().startswith("CREATE UNIQUE")]
    found = []
    for row in rows:
        first = ""
        if row["type"] == "index":
            columns = db.rows(f"PRAGMA index_info({row['name']})")
            first = columns[0]["name"] or "" if columns else ""
        found.append((row["name"], row["tbl_name"], first, row["sql"]))
    return found


def _postgres_deferrable(db: Database) -> list[tuple[str, str, str, str]]:
    rows = db.rows(
        "SELECT c.relname AS name, t.relname AS tbl, COALESCE(a.attname, '') AS first_column, "
        "pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
        "LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] "
        "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(?) "
        "AND NOT i.indisprimary AND NOT i.indisunique ORDER BY c.relname",
        (list(LOADED_TABLES),),
    )
    return [(row["name"], row["tbl"], row["first_column"], row["definition"]) for row in rows]


def _foreign_key_columns(db: Database) -> set[tuple[str, str]]:
    """(table, column) of every foreign key of the loaded tables."""
    if db.name == "sqlite":
        return {(table, key["from"]) for table in LOADED_TABLES for key in db.rows(f"PRAGMA foreign_key_list({table})")}
    rows = db.rows(
        "SELECT t.relname AS tbl, a.attname AS col FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(k.conkey) "
        "WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(?)",
        (list(LOADED_TABLES),),
    )
    return {(row["tbl"], row["col"]) for row in rows}


def _kind(definition: str) -> str:
    return "TRIGGER" if definition.lstrip().upper().startswith("CREATE TRIGGER") else "INDEX"


def _if_not_exists(definition: str) -> str:
    kind = _kind(definition)
    head = f"CREATE {kind} "
    text = definition.lstrip()
    at = text.upper().index(head) + len(head)
    return text[:at] + "IF NOT EXISTS " + text[at:]


def _load_settings(db: Database) -> dict[str, str]:
    """Apply the load's settings; returns the SQLite values they replaced."""
    if db.name != "sqlite":
        for setting, value in POSTGRES_LOAD_SETTINGS.items():
            if setting == "maintenance_work_mem" and db.scalar(
                f"SELECT pg_size_bytes(current_setting('{setting}')) >= pg_size_bytes({value}) AS enough"
            ):
                continue
            db.execute(f"SET {setting} = {value}")
        return {}
    before = {pragma: str(db.scalar(f"PRAGMA {pragma}")) for pragma in SQLITE_LOAD_SETTINGS}
    for pragma, value in SQLITE_LOAD_SETTINGS.items():
        db.execute(f"PRAGMA {pragma} = {value}")
    return before


def _restore_settings(db: Database, before: dict[str, str]) -> None:
    if db.name != "sqlite":
        for setting in POSTGRES_LOAD_SETTINGS:
            db.execute(f"RESET {setting}")
        return
    for pragma, value in before.items():
        db.execute(f"PRAGMA {pragma} = {value}")
