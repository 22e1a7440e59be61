"""A small database layer so SQLite and PostgreSQL run the same store code.

Store code writes SQL with ``?`` placeholders and the portable subset both engines share
(``INSERT ... RETURNING``, ``ON CONFLICT``); a :class:`Database` translates placeholders,
fills the schema's ``{pk}``/``{real}`` words, returns rows as dicts and runs transactions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DEFAULT_DB = "ontherecord.db"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
MAX_ROW_ID = 2**63 - 1  # ids are 64-bit signed integers on both backends
NUL = "\x00"  # PostgreSQL text cannot hold it; both backends refuse it (see docs/security.md)

Row = dict[str, Any]


class StoreError(RuntimeError):
    """The store cannot be opened or used (bad URL, missing driver, newer schema...)."""


class Database:
    """One connection plus the dialect's spelling of the few things that differ."""

    name: str = ""
    type_words: dict[str, str] = {}

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self._depth = 0

    # --- queries ----------------------------------------------------------------------------

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self.translate(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = [tuple(row) for row in rows]
        if rows:
            self._executemany(self.translate(sql), rows)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(row) for row in self.execute(sql, params).fetchall()]

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows one at a time, without holding the whole result in memory."""
        cursor = self.execute(sql, params)
        while batch := cursor.fetchmany(1000):
            for found in batch:
                yield dict(found)

    def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        found = self.execute(sql, params).fetchone()
        return dict(found) if found is not None else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = self.execute(sql, params).fetchone()
        if found is None:
            return None
        return next(iter(dict(found).values()))

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an ``INSERT ... RETURNING id`` and return the new id."""
        return int(self.scalar(sql, params))

    def translate(self, sql: str) -> str:
        return sql

    def reserve_ids(self, table: str, count: int) -> list[int]:
        """``count`` new ids of ``table``'s auto-numbered ``id``, for rows inserted with them (inside a
        transaction)."""
        raise NotImplementedError

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert many rows at once (PostgreSQL: ``COPY``)."""
        if rows:
            self._executemany(self.translate(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"), rows)

    def schema_sql(self, sql: str) -> str:
        for word, spelling in self.type_words.items():
            sql = sql.replace("{" + word + "}", spelling)
        return sql

    def run_script(self, script: str) -> None:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def table_exists(self, table: str) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        self.connection.close()


class SQLiteDatabase(Database):
    name = "sqlite"
    type_words = {"pk": "INTEGER PRIMARY KEY AUTOINCREMENT", "real": "REAL"}

    @classmethod
    def open(cls, path: str | Path) -> "SQLiteDatabase":
        connection = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=60)
        connection.row_factory = sqlite3.Row
        # WAL: readers (queries, Datasette) keep reading while an ingest writes.
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA busy_timeout = 60000")
        return cls(connection)

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        self.connection.executemany(sql, rows)

    def reserve_ids(self, table: str, count: int) -> list[int]:
        # inside BEGIN IMMEDIATE no other writer runs; AUTOINCREMENT never reuses a number it gave
        top = self.scalar(
            f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0)) AS top", (table,))
        return list(range(int(top) + 1, int(top) + 1 + count))

    def run_script(self, script: str) -> None:
        # Not sqlite3.executescript: it commits first, and a migration must stay one transaction.
        for statement in split_sqlite_statements(script):
            self.connection.execute(statement)

    def _begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self.connection.execute("COMMIT")

    def _rollback(self) -> None:
        self.connection.execute("ROLLBACK")

    def table_exists(self, table: str) -> bool:
        return self.row("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)) is not None


def split_sqlite_statements(script: str) -> Iterator[str]:
    """Complete statements of ``script`` (trigger bodies with inner semicolons stay whole)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        yield buffer.strip()


class PostgresDatabase(Database):
    name = "postgresql"
    type_words = {"pk": "BIGSERIAL PRIMARY KEY", "real": "DOUBLE PRECISION"}

    @classmethod
    def open(cls, url: str) -> "PostgresDatabase":
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise StoreError("PostgreSQL needs psycopg: pip install 'ontherecord[postgres]'") from exc
        try:
            connection = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.OperationalError as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {exc}".strip()) from exc
        return cls(connection)

    def translate(self, sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def reserve_ids(self, table: str, count: int) -> list[int]:
        rows = self.rows(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id FROM generate_series(1, ?)",
                         (count,))
        return [row["id"] for row in rows]

    def bulk_insert(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def run_script(self, script: str) -> None:
        self.connection.execute(script)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def table_exists(self, table: str) -> bool:
        return self.scalar("SELECT to_regclass(?) IS NOT NULL AS found", (table,)) is True

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        # A server-side cursor: a client-side one would fetch the whole result first.
        with self.connection.transaction():
            with self.connection.cursor(name="ontherecord_stream") as cursor:
                cursor.itersize = 1000
                cursor.execute(self.translate(sql), tuple(params))
                yield from cursor


def open_database(location: str | Path = DEFAULT_DB) -> Database:
    """A SQLite file path (default ``ontherecord.db``) or a ``postgresql://`` URL."""
    text = str(location)
    if text.startswith(POSTGRES_PREFIXES):
        return PostgresDatabase.open(text)
    if "://" in text:
        raise StoreError(f"unsupported database URL {text!r}: use a file path or postgresql://...")
    try:
        return SQLiteDatabase.open(text)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open SQLite database {text!r}: {exc}") from exc
