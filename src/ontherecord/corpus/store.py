"""The corpus store: articles with their quotes, speakers and mentions, in SQLite or PostgreSQL.

>>> store = Store.open("ontherecord.db")          # or "postgresql://user@host/db"
>>> store.save_article(article, identity=article_identity(article.url, article.text))
'added'
>>> store.load_article(1).article                  # the record again (dates as ISO 8601)

An article's identity (:mod:`.identity`) is its canonical URL, else ``sha256:`` + the hash of
its text, so saving the same story again replaces its quotes and speakers instead of
duplicating them. Every article is written in one transaction. The rows an article becomes,
and the record rebuilt from them, are :mod:`.records`; the queries are :class:`~.query.Corpus`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..model import Article, Speaker
from .citations import insert_citations
from .deferred_indexes import restore_if_abandoned
from .dialect import DEFAULT_DB, NUL, Database, StoreError, open_database
from .identity import article_identity, canonical_url, normalize_date, now, text_hash
from .migrations import migrate, schema_version
from .name_keys import article_keys, index_speakers, mark_pending, marks, select_in
from .records import (
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SPEAKER_COLUMNS,
    StoredArticle,
    article_values,
    build_article,
    mention_values,
    quote_values,
    speaker_values,
)
from .run_status import THIS_HOST, mark_interrupted
from .schema import CURRENT_VERSION
from .summaries import add_article, remove_article

SaveOutcome = Literal["added", "updated"]
__all__ = ["Store", "StoredArticle", "StoredState", "article_identity", "canonical_url", "normalize_date", "text_hash"]


@dataclass
class StoredState:
    id: int
    text_hash: str


class Store:
    """Reads and writes one corpus database; use :meth:`open`."""

    def __init__(self, db: Database, location: str) -> None:
        self.db = db
        self.location = location

    @classmethod
    def open(cls, location: str | Path = DEFAULT_DB, *, upgrade: bool = True) -> "Store":
        """Open (creating if needed) and upgrade the store at a path or ``postgresql://`` URL."""
        db = open_database(location)
        try:
            if upgrade:
                migrate(db)
            elif schema_version(db) < CURRENT_VERSION:
                raise StoreError(f"store {location} needs an upgrade (schema {schema_version(db)})")
            restore_if_abandoned(db)  # indexes a killed load left unbuilt
        except BaseException:
            db.close()
            raise
        return cls(db, str(location))

    @property
    def dialect(self) -> str:
        return self.db.name

    @property
    def version(self) -> int:
        return schema_version(self.db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ---------------------------------------------------------------------------

    def stored_state(self, identity: str) -> StoredState | None:
        found = self.db.row("SELECT id, text_hash FROM articles WHERE identity = ?", (identity,))
        return StoredState(found["id"], found["text_hash"]) if found else None

    def stored_identities(self, identities: set[str]) -> set[str]:
        """Those of ``identities`` that are stored."""
        rows = select_in(self.db, "SELECT identity FROM articles WHERE identity IN ({})", identities)
        return {row["identity"] for row in rows}

    def is_unchanged(self, identity: str, text: str) -> bool:
        """True when this identity is stored with exactly this text (resuming skips it)."""
        state = self.stored_state(identity)
        return state is not None and state.text_hash == text_hash(text)

    def save_article(
        self,
        article: Article,
        *,
        identity: str | None = None,
        source: str | None = None,
        language: str | None = None,
        model: str | None = None,
        run_id: int | None = None,
    ) -> SaveOutcome:
        """Insert or replace one article with its speakers, mentions and quotes, atomically."""
        identity = identity or article_identity(article.url, article.text)
        values = article_values(article, source, language, model, run_id)
        refuse_nul(values)
        with self.db.transaction():
            state = self.stored_state(identity)
            old_keys: set[str] = set()
            if state is None:
                article_id = self.db.insert(
                    f"INSERT INTO articles (identity, {', '.join(values)}, first_ingested_at) "
                    f"VALUES (?, {', '.join('?' for _ in values)}, ?) RETURNING id",
                    (identity, *values.values(), values["ingested_at"]),
                )
            else:
                article_id = state.id
                old_keys = article_keys(self.db, article_id)
                remove_article(self.db, article_id)
                self._delete_children(article_id)
                assignments = ", ".join(f"{column} = ?" for column in values)
                self.db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))
            speaker_ids = self._insert_speakers(article_id, article.speakers)
            self._insert_quotes(article_id, article, speaker_ids)
            insert_citations(self.db, article_id, article)
            index_speakers(self.db, article.speakers, speaker_ids, old_keys)  # for linking what is new
            add_article(self.db, article_id)
        return "added" if state is None else "updated"

    def delete_article(self, identity: str) -> bool:
        """Remove the article stored under this identity with its quotes, speakers and links;
        False when there is none."""
        with self.db.transaction():
            state = self.stored_state(identity)
            if state is None:
                return False
            mark_pending(self.db, article_keys(self.db, state.id))  # its people are linked again without it
            remove_article(self.db, state.id)
            self.db.execute("DELETE FROM articles WHERE id = ?", (state.id,))
        return True

    def _delete_children(self, article_id: int) -> None:
        self.db.execute("DELETE FROM media_citations WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM speakers WHERE article_id = ?", (article_id,))

    def _insert_speakers(self, article_id: int, speakers: Iterable[Speaker]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for speaker in speakers:
            speaker_id = self.db.insert(
                f"INSERT INTO speakers ({', '.join(SPEAKER_COLUMNS)}) VALUES ({marks(SPEAKER_COLUMNS)}) RETURNING id",
                speaker_values(article_id, speaker),
            )
            ids[speaker.id] = speaker_id
            self.db.executemany(
                f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) VALUES ({marks(MENTION_COLUMNS)})",
                mention_values(article_id, speaker_id, speaker),
            )
        return ids

    def _insert_quotes(self, article_id: int, article: Article, speaker_ids: dict[str, int]) -> None:
        self.db.executemany(
            f"INSERT INTO quotes ({', '.join(QUOTE_COLUMNS)}) VALUES ({marks(QUOTE_COLUMNS)})",
            [quote_values(article_id, article, quote, speaker_ids) for quote in article.quotes],
        )

    def load_article(self, article_id: int) -> StoredArticle | None:
        """The article stored under this row id, rebuilt with its speakers, mentions, quotes and entities."""
        row = self.db.row("SELECT * FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return None
        speaker_rows = self.db.rows("SELECT * FROM speakers WHERE article_id = ? ORDER BY id", (article_id,))
        mention_rows = self.db.rows("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char, id",
                                    (article_id,))
        quote_rows = self.db.rows("SELECT * FROM quotes WHERE article_id = ? ORDER BY id", (article_id,))
        citation_rows = self.db.rows("SELECT * FROM media_citations WHERE article_id = ? ORDER BY id", (article_id,))
        links = self.db.rows(
            "SELECT s.local_id, l.entity_id FROM speakers s JOIN entity_links l ON l.speaker_id = s.id "
            "WHERE s.article_id = ?",
            (article_id,),
        )
        return StoredArticle(
            row_id=row["id"],
            identity=row["identity"],
            source=row.get("source"),
            ingested_at=row.get("ingested_at"),
            article=build_article(row, speaker_rows, mention_rows, quote_rows, citation_rows),
            entity_ids={link["local_id"]: link["entity_id"] for link in links},
        )

    # --- runs and errors --------------------------------------------------------------------

    def start_run(self, sources: Iterable[str], model: str | None = None) -> int:
        """A new row in ``runs`` for this process; runs of this host whose process is gone become
        ``interrupted`` first."""
        with self.db.transaction():
            mark_interrupted(self.db)
            return self.db.insert(
                "INSERT INTO runs (started_at, sources, model, host, pid) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (now(), json.dumps(list(sources)), model, THIS_HOST, os.getpid()),
            )

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "finished") -> None:
        columns = ("articles_added", "articles_updated", "articles_unchanged", "skipped", "errors")
        assignments = ", ".join(f"{column} = ?" for column in columns)
        with self.db.transaction():
            self.db.execute(
                f"UPDATE runs SET finished_at = ?, status = ?, {assignments} WHERE id = ?",
                (now(), status, *(counts.get(column, 0) for column in columns), run_id),
            )

    def record_error(self, source: str, message: str, *, kind: str = "error", run_id: int | None = None) -> None:
        """An item that failed (``kind='error'``) or was ``'skipped'`` with a reason."""
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO errors (run_id, source, kind, message, created_at) VALUES (?, ?, ?, ?, ?)",
                (run_id, source, kind, message, now()),
            )

    def known_errors(self) -> set[tuple[str, str, str]]:
        """(source, kind, message) of every row of the errors table."""
        return {(row["source"], row["kind"], row["message"])
                for row in self.db.stream("SELECT source, kind, message FROM errors")}

    def count(self, table: str) -> int:
        if table not in KNOWN_TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self.db.scalar(f"SELECT COUNT(*) AS n FROM {table}"))


class NulCharacter(ValueError):
    """Text with a NUL character (U+0000): refused by the store on SQLite and PostgreSQL alike."""


NUL_MESSAGE = "contains a NUL character (U+0000), which the store does not keep; remove it and try again"


def refuse_nul(values: dict[str, object]) -> None:
    """:class:`NulCharacter` naming the first text field that holds a NUL (text, title, outlet...)."""
    for name, value in values.items():
        if isinstance(value, str) and NUL in value:
            raise NulCharacter(f"{'the text' if name == 'text' else name} {NUL_MESSAGE}")


KNOWN_TABLES = frozenset(
    {"articles", "quotes", "speakers", "mentions", "entities", "entity_links", "entity_anchors", "entity_overrides",
     "errors", "runs", "speaker_keys", "entity_pending", "quote_clusters", "quote_cluster_members",
     "article_fingerprints", "article_copies", "summary_counts", "media_citations", "deferred_indexes"}
)
