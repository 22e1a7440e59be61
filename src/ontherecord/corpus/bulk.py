"""Many new articles at once: what ``load`` writes, in one transaction per batch.

The rows are those :meth:`Store.save_article` writes (:mod:`.records`), with ids reserved ahead
(:meth:`~.dialect.Database.reserve_ids`) so each table takes one bulk insert per batch
(``executemany`` on SQLite, ``COPY`` on PostgreSQL) instead of one statement per row. Only
articles whose identity is not stored yet come here; an article stored before is saved again
through the one-article path, which replaces its rows and keeps its links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Article
from .citations import CITATION_COLUMNS, citation_rows
from .name_keys import linkable_key, mark_pending
from .records import (
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SPEAKER_COLUMNS,
    article_values,
    mention_values,
    quote_values,
    speaker_values,
)
from .store import Store, refuse_nul
from .summaries import add_articles


@dataclass
class NewSpeaker:
    local_id: str
    columns: tuple[Any, ...]  # SPEAKER_COLUMNS after article_id
    mentions: list[tuple[str, int, int]]  # (text, start, end)
    name_key: str  # "" when not linkable


@dataclass
class NewArticle:
    """An article's rows before their ids are known."""

    identity: str
    values: dict[str, Any]  # the articles columns (records.article_values)
    speakers: list[NewSpeaker] = field(default_factory=list)
    quotes: list[tuple[str | None, tuple[Any, ...]]] = field(default_factory=list)  # (speaker local id, QUOTE_COLUMNS)
    citations: list[tuple[Any, ...]] = field(default_factory=list)  # CITATION_COLUMNS, article_id left None

    def __post_init__(self) -> None:
        refuse_nul(self.values)

    @classmethod
    def of(cls, article: Article, identity: str, source: str | None = None, language: str | None = None,
           model: str | None = None, run_id: int | None = None) -> "NewArticle":
        speakers = [NewSpeaker(s.id, speaker_values(0, s)[1:], [row[2:] for row in mention_values(0, 0, s)],
                               linkable_key(s.name, s.kind)) for s in article.speakers]
        quotes = [(q.speaker.id if q.speaker else None, quote_values(0, article, q, {})) for q in article.quotes]
        citations = citation_rows(None, article.outlet, article.citations)
        return cls(identity, article_values(article, source, language, model, run_id), speakers, quotes, citations)


QUOTE_ARTICLE = QUOTE_COLUMNS.index("article_id")
QUOTE_SPEAKER = QUOTE_COLUMNS.index("speaker_id")


def save_new_articles(store: Store, items: list[NewArticle], *, counted: bool = True) -> None:
    """Insert articles not stored yet, with their speakers, mentions and quotes, atomically (not
    ``counted``: the kept counts are left for a recount, :mod:`.deferred_indexes`)."""
    if not items:
        return
    with store.db.transaction():
        article_ids = list(store.db.reserve_ids("articles", len(items)))
        speaker_ids = iter(store.db.reserve_ids("speakers", sum(len(item.speakers) for item in items)))
        articles, speakers, mentions, quotes, keys, citations = [], [], [], [], [], []
        columns = tuple(items[0].values)
        for item, article_id in zip(items, article_ids):
            articles.append((article_id, item.identity, *(item.values[c] for c in columns), item.values["ingested_at"]))
            local_ids: dict[str, int] = {}
            for speaker in item.speakers:
                speaker_id = local_ids[speaker.local_id] = next(speaker_ids)
                speakers.append((speaker_id, article_id, *speaker.columns))
                mentions += [(speaker_id, article_id, text, start, end) for text, start, end in speaker.mentions]
                if speaker.name_key:
                    keys.append((speaker_id, speaker.name_key))
            for local_id, quote in item.quotes:
                row = list(quote)
                row[QUOTE_ARTICLE], row[QUOTE_SPEAKER] = article_id, local_ids.get(local_id)
                quotes.append(tuple(row))
            citations.extend((article_id, *citation[1:]) for citation in item.citations)
        store.db.bulk_insert("articles", ("id", "identity", *columns, "first_ingested_at"), articles)
        store.db.bulk_insert("speakers", ("id", *SPEAKER_COLUMNS), speakers)
        store.db.bulk_insert("mentions", MENTION_COLUMNS, mentions)
        store.db.bulk_insert("quotes", QUOTE_COLUMNS, quotes)
        store.db.bulk_insert("speaker_keys", ("speaker_id", "name_key"), keys)
        store.db.bulk_insert("media_citations", CITATION_COLUMNS, citations)
        mark_pending(store.db, {key for _, key in keys})
        if counted:
            add_articles(store.db, article_ids)
