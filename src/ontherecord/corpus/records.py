"""The article record (:class:`~ontherecord.model.Article`) as the store's rows, and back.

:func:`article_values` and :func:`quote_values` are the columns :meth:`Store.save_article`
writes; :func:`build_article` is the record :meth:`Store.load_article` rebuilds from them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from ..model import Article, Quote, Speaker
from .citations import citation_records
from .dialect import Row
from .identity import normalize_date, now, text_hash


@dataclass
class StoredArticle:
    """An article as stored: the record plus what only the store knows."""

    row_id: int
    identity: str
    source: str | None
    ingested_at: str | None
    article: Article
    entity_ids: dict[str, int]  # local speaker id → cross-article entity id


# --- record → rows ------------------------------------------------------------------------------

SPEAKER_COLUMNS = ("article_id", "local_id", "name", "kind", "title", "role", "organization", "quote_count",
                   "non_answers", "gender", "gender_value", "entity")  # speaker_values, in order
MENTION_COLUMNS = ("speaker_id", "article_id", "text", "start_char", "end_char")
QUOTE_COLUMNS = ("article_id", "local_id", "type", "text", "content", "start_char", "end_char", "pieces", "cue",
                 "cue_start", "cue_end", "speaker_id", "speaker_name", "speaker_kind", "speaker_mention", "channel",
                 "figures", "confidence")  # quote_values, in order


def article_values(
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
        "audit": json.dumps(asdict(article.audit)) if article.audit is not None else None,
    }


def speaker_values(article_id: int, speaker: Speaker) -> tuple[Any, ...]:
    non_answers = [{"text": span.text, "start": span.start, "end": span.end} for span in speaker.non_answers]
    gender = speaker.gender
    return (article_id, speaker.id, speaker.name, speaker.kind, speaker.title, speaker.role, speaker.organization,
            len(speaker.quotes), json.dumps(non_answers), json.dumps(asdict(gender)) if gender else None,
            gender.value if gender else None, json.dumps(entity_fields(speaker)))


ENTITY_FIELDS = ("entity_mentions", "people", "organization_id", "author")  # kept in one JSON column


def entity_fields(speaker: Speaker) -> dict[str, Any]:
    """What the entity stage adds to a speaker (:data:`ENTITY_FIELDS`), as the record's JSON has it."""
    return {"entity_mentions": [asdict(m) for m in speaker.entity_mentions], "people": list(speaker.people),
            "organization_id": speaker.organization_id, "author": speaker.author}


NO_ENTITY = entity_fields(Speaker("", None, ""))  # a speaker the entity stage gave nothing


def mention_values(article_id: int, speaker_id: int, speaker: Speaker) -> list[tuple[Any, ...]]:
    return [(speaker_id, article_id, m.text, m.start, m.end) for m in speaker.mentions]


def quote_values(article_id: int, article: Article, quote: Quote, speaker_ids: dict[str, int]) -> tuple[Any, ...]:
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


# --- rows → record ------------------------------------------------------------------------------


def build_article(row: Row, speaker_rows: list[Row], mention_rows: list[Row], quote_rows: list[Row],
                  citation_rows: list[Row] = ()) -> Article:
    """The record of one article from its rows (each list in saving order), via :meth:`Article.from_dict`."""
    mentions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for mention in mention_rows:
        mentions[mention["speaker_id"]].append(_span(mention["text"], mention["start_char"], mention["end_char"]))
    quotes_of: dict[int, list[str]] = defaultdict(list)
    for quote in quote_rows:
        if quote["speaker_id"] is not None:
            quotes_of[quote["speaker_id"]].append(quote["local_id"])
    speakers = {
        s["id"]: {"id": s["local_id"], "name": s["name"], "kind": s["kind"], "title": s["title"], "role": s["role"],
                  "organization": s["organization"], "mentions": mentions[s["id"]], "quotes": quotes_of[s["id"]],
                  "non_answers": json.loads(s.get("non_answers") or "[]"), "gender": json.loads(s.get("gender") or "null"),
                  **json.loads(s.get("entity") or "{}")}
        for s in speaker_rows
    }
    record = {key: row[column] for key, column in ARTICLE_COLUMNS.items()}
    record["audit"] = json.loads(row.get("audit") or "null")
    record["quotes"] = [_quote(q, speakers.get(q["speaker_id"])) for q in quote_rows]
    record["speakers"] = list(speakers.values())
    record["citations"] = citation_records(list(citation_rows))
    return Article.from_dict(record)


ARTICLE_COLUMNS = {"text": "text", "id": "record_id", "title": "title", "url": "url", "outlet": "outlet",
                   "author": "author", "published": "published"}  # record key → articles column


def _quote(row: Row, speaker: dict[str, Any] | None) -> dict[str, Any]:
    cue = _span(row["cue"], row["cue_start"], row["cue_end"]) if row["cue"] is not None else None
    ref = None
    if speaker is not None:
        anchor = cue or _span(row["text"], row["start_char"], row["end_char"])
        ref = {key: speaker[key] for key in ("id", "name", "kind", "title", "role", "organization")}
        ref["mention"] = _stored_mention(speaker["mentions"], row["speaker_mention"], anchor)
    return {
        "id": row["local_id"],
        "type": row["type"],
        "text": row["text"],
        "start": row["start_char"],
        "end": row["end_char"],
        "pieces": json.loads(row["pieces"]),
        "cue": cue,
        "speaker": ref,
        "channel": row["channel"],
        "figures": json.loads(row["figures"] or "[]"),
        "confidence": float(row["confidence"]),
    }


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text, "start": start, "end": end}


def _stored_mention(mentions: list[dict[str, Any]], text: str | None, anchor: dict[str, Any]) -> dict[str, Any] | None:
    """The quote's speaker mention. The store keeps its text; its offsets are those of the
    speaker's mention with that text closest to the cue (else the quote): the fewest characters
    between the two spans, the earlier mention on a tie. Every quote mention is also one of the
    speaker's mentions."""
    if text is None:
        return None
    candidates = [m for m in mentions if m["text"] == text]
    return min(candidates, key=lambda m: (max(anchor["start"] - m["end"], m["start"] - anchor["end"], 0), m["start"]),
               default=None)
