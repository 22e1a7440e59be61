"""Rebuild the article record (:class:`~ontherecord.model.Article`) from the store's rows."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..corpus.dialect import Database, Row
from ..model import Article, Figure, Quote, Span, Speaker, SpeakerRef


@dataclass
class StoredArticle:
    """An article as stored: the record plus what only the store knows."""

    row_id: int
    identity: str
    source: str | None
    ingested_at: str | None
    article: Article
    entity_ids: dict[str, int]  # local speaker id → cross-article entity id


def load_article(db: Database, article_id: int) -> StoredArticle | None:
    row = db.row("SELECT * FROM articles WHERE id = ?", (article_id,))
    if row is None:
        return None
    speaker_rows = db.rows("SELECT * FROM speakers WHERE article_id = ? ORDER BY id", (article_id,))
    mention_rows = db.rows("SELECT * FROM mentions WHERE article_id = ? ORDER BY start_char, id", (article_id,))
    quote_rows = db.rows("SELECT * FROM quotes WHERE article_id = ? ORDER BY id", (article_id,))
    links = db.rows(
        "SELECT s.local_id, l.entity_id FROM speakers s JOIN entity_links l ON l.speaker_id = s.id "
        "WHERE s.article_id = ?",
        (article_id,),
    )
    article = build_article(row, speaker_rows, mention_rows, quote_rows)
    return StoredArticle(
        row_id=row["id"],
        identity=row["identity"],
        source=row.get("source"),
        ingested_at=row.get("ingested_at"),
        article=article,
        entity_ids={link["local_id"]: link["entity_id"] for link in links},
    )


def build_article(row: Row, speaker_rows: list[Row], mention_rows: list[Row], quote_rows: list[Row]) -> Article:
    mentions: dict[int, list[Span]] = defaultdict(list)
    for mention in mention_rows:
        mentions[mention["speaker_id"]].append(Span(mention["text"], mention["start_char"], mention["end_char"]))
    quotes_of: dict[int, list[str]] = defaultdict(list)
    for quote in quote_rows:
        if quote["speaker_id"] is not None:
            quotes_of[quote["speaker_id"]].append(quote["local_id"])
    speakers = {
        s["id"]: Speaker(s["local_id"], s["name"], s["kind"], s["title"], s["role"], s["organization"],
                         mentions[s["id"]], quotes_of[s["id"]])
        for s in speaker_rows
    }
    quotes = [_quote(q, speakers.get(q["speaker_id"])) for q in quote_rows]
    return Article(
        text=row["text"], id=row["record_id"], title=row["title"], url=row["url"], outlet=row["outlet"],
        author=row["author"], published=row["published"], quotes=quotes, speakers=list(speakers.values()),
    )


def _quote(row: Row, speaker: Speaker | None) -> Quote:
    cue = Span(row["cue"], row["cue_start"], row["cue_end"]) if row["cue"] is not None else None
    ref = None
    if speaker is not None:
        mention = _stored_mention(speaker, row["speaker_mention"], cue.start if cue else row["start_char"])
        ref = SpeakerRef(speaker.id, speaker.name, speaker.kind, mention, speaker.title, speaker.role,
                         speaker.organization)
    return Quote(
        id=row["local_id"],
        type=row["type"],
        text=row["text"],
        start=row["start_char"],
        end=row["end_char"],
        pieces=[tuple(piece) for piece in json.loads(row["pieces"])],
        cue=cue,
        speaker=ref,
        channel=row["channel"],
        figures=[Figure(**figure) for figure in json.loads(row["figures"] or "[]")],
        confidence=float(row["confidence"]),
    )


def _stored_mention(speaker: Speaker, text: str | None, near: int) -> Span | None:
    """The quote's speaker mention. The store keeps its text; its offsets are those of the
    speaker's mention with that text nearest the cue (every quote mention is also one of
    the speaker's mentions)."""
    if text is None:
        return None
    candidates = [m for m in speaker.mentions if m.text == text]
    return min(candidates, key=lambda m: abs(m.start - near), default=None)


def article_summary(row: dict[str, Any]) -> dict[str, Any]:
    """The metadata columns shown in article lists."""
    return {key: row.get(key) for key in ARTICLE_LIST_COLUMNS}


ARTICLE_LIST_COLUMNS = ("id", "identity", "title", "outlet", "author", "published", "url", "quote_count",
                        "speaker_count")
