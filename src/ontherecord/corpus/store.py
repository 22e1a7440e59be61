"""The corpus store: articles with their quotes, speakers and mentions, in SQLite or PostgreSQL.

>>> store = Store.open("ontherecord.db")          # or "postgresql://user@host/db"
>>> store.save_article(article, identity=article_identity(article.url, article.text))
'added'

An article's identity is its canonical URL, else ``sha256:`` + the hash of its text, so
saving the same story again replaces its quotes and speakers instead of duplicating them.
Every article is written in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..model import Article, Quote, Speaker
from .dialect import DEFAULT_DB, Database, StoreError, open_database
from .migrations import migrate, schema_version
from .schema import CURRENT_VERSION

SaveOutcome = Literal["added", "updated"]
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "cmpid", "ocid")


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """``url`` without fragment, tracking parameters, default port or case differences in the host."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith(TRACKING_PARAMETERS)
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def normalize_date(value: str | None) -> str | None:
    """ISO 8601 for dates in ISO or RFC 822 form ("Mon, 03 Mar 2025 10:00:00 GMT"), so that
    dates sort and compare as text; anything else is kept as given."""
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return text
    if len(text) <= 10 and parsed.hour == parsed.minute == 0:
        return parsed.date().isoformat()
    return parsed.isoformat()


def article_identity(url: str | None, text: str) -> str:
    """The canonical URL when there is an http(s) URL, else ``sha256:`` + the text hash."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return canonical_url(url)
    return "sha256:" + text_hash(text)


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
        with self.db.transaction():
            state = self.stored_state(identity)
            values = _article_values(article, source, language, model, run_id)
            if state is None:
                article_id = self.db.insert(
                    f"INSERT INTO articles (identity, {', '.join(values)}, first_ingested_at) "
                    f"VALUES (?, {', '.join('?' for _ in values)}, ?) RETURNING id",
                    (identity, *values.values(), values["ingested_at"]),
                )
            else:
                article_id = state.id
                self._delete_children(article_id)
                assignments = ", ".join(f"{column} = ?" for column in values)
                self.db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))
            speaker_ids = self._insert_speakers(article_id, article.speakers)
            self._insert_quotes(article_id, article, speaker_ids)
        return "added" if state is None else "updated"

    def _delete_children(self, article_id: int) -> None:
        self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM speakers WHERE article_id = ?", (article_id,))

    def _insert_speakers(self, article_id: int, speakers: Iterable[Speaker]) -> dict[str, int]:
        ids: dict[str, int] = {}
        for speaker in speakers:
            speaker_id = self.db.insert(
                "INSERT INTO speakers (article_id, local_id, name, kind, title, role, organization, quote_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    article_id,
                    speaker.id,
                    speaker.name,
                    speaker.kind,
                    speaker.title,
                    speaker.role,
                    speaker.organization,
                    len(speaker.quotes),
                ),
            )
            ids[speaker.id] = speaker_id
            self.db.executemany(
                "INSERT INTO mentions (speaker_id, article_id, text, start_char, end_char) VALUES (?, ?, ?, ?, ?)",
                [(speaker_id, article_id, m.text, m.start, m.end) for m in speaker.mentions],
            )
        return ids

    def _insert_quotes(self, article_id: int, article: Article, speaker_ids: dict[str, int]) -> None:
        self.db.executemany(
            "INSERT INTO quotes (article_id, local_id, type, text, content, start_char, end_char, pieces, "
            "cue, cue_start, cue_end, speaker_id, speaker_name, speaker_kind, speaker_mention, channel, "
            "figures, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_quote_values(article_id, article, quote, speaker_ids) for quote in article.quotes],
        )

    # --- runs and errors --------------------------------------------------------------------

    def start_run(self, sources: Iterable[str], model: str | None = None) -> int:
        with self.db.transaction():
            return self.db.insert(
                "INSERT INTO runs (started_at, sources, model) VALUES (?, ?, ?) RETURNING id",
                (now(), json.dumps(list(sources)), model),
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

    def count(self, table: str) -> int:
        if table not in KNOWN_TABLES:
            raise ValueError(f"unknown table {table!r}")
        return int(self.db.scalar(f"SELECT COUNT(*) AS n FROM {table}"))


KNOWN_TABLES = frozenset(
    {"articles", "quotes", "speakers", "mentions", "entities", "entity_links", "entity_anchors", "entity_overrides", "errors", "runs"}
)


def _article_values(
    article: Article, source: str | None, language: str | None, model: str | None, run_id: int | None
) -> dict[str, Any]:
    return {
        "url": article.url,
        "record_id": article.id,
        "source": source,
        "title": article.title,
        "outlet": article.outlet,
        "author": article.author,
        "published": normalize_date(article.published),
        "language": language,
        "text": article.text,
        "text_hash": text_hash(article.text),
        "model": model,
        "quote_count": len(article.quotes),
        "speaker_count": len(article.speakers),
        "ingested_at": now(),
        "run_id": run_id,
    }


def _quote_values(article_id: int, article: Article, quote: Quote, speaker_ids: dict[str, int]) -> tuple[Any, ...]:
    speaker = quote.speaker
    cue = quote.cue
    return (
        article_id,
        quote.id,
        quote.type,
        quote.text,
        quote.content(article.text),
        quote.start,
        quote.end,
        json.dumps([list(piece) for piece in quote.pieces]),
        cue.text if cue else None,
        cue.start if cue else None,
        cue.end if cue else None,
        speaker_ids.get(speaker.id) if speaker else None,
        speaker.name if speaker else None,
        speaker.kind if speaker else None,
        speaker.mention.text if speaker and speaker.mention else None,
        quote.channel,
        json.dumps([{"text": f.text, "start": f.start, "end": f.end, "kind": f.kind} for f in quote.figures]),
        float(quote.confidence),
    )
