"""Article records as plain table rows (articles, quotes, speakers, errors) and back.

Rows are dicts of str/int/float/None, lists and dicts only: they pickle cheaply, fit a
Parquet schema (:mod:`.schemas`) and never carry spaCy objects. Every row of an article
carries its ``article_identity`` (the store's identity: canonical URL, else the text hash),
``text_hash`` and the partition columns ``outlet`` and ``month``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..corpus.identity import article_identity, normalize_date, text_hash
from ..corpus.records import ENTITY_FIELDS, NO_ENTITY
from ..model import Article

Row = dict[str, Any]
TableRow = tuple[str, Row]  # (table name, row)
TABLES = ("articles", "quotes", "speakers", "errors")
PARTITION_COLUMNS = ("outlet", "month")  # of every table but errors
UNKNOWN = "unknown"  # partition value when an article has no outlet or no usable date
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def partition_outlet(outlet: str | None) -> str:
    return outlet if outlet and outlet.strip() else UNKNOWN


def month_of(published: str | None) -> str:
    """``YYYY-MM`` of a publication date in ISO or RFC 822 form, else ``unknown``."""
    match = _YEAR_MONTH.match(normalize_date(published) or "")
    return f"{match.group(1)}-{match.group(2)}" if match else UNKNOWN


def error_row(source: str, kind: str, message: str) -> TableRow:
    """An item that failed (``kind='error'``) or was ``'skipped'`` with a reason."""
    return "errors", {"source": source, "kind": kind, "message": message}


def article_rows(article: Article, *, source: str | None, language: str | None, model: str) -> Iterator[TableRow]:
    """The article row, then one row per quote and per speaker."""
    record = article.to_dict()
    keys = {
        "article_identity": article_identity(article.url, article.text),
        "text_hash": text_hash(article.text),  # with the identity, names this version of the article
        "article_id": article.id,
        "outlet": partition_outlet(article.outlet),
        "month": month_of(article.published),
    }
    yield "articles", {
        **keys,
        **{name: record[name] for name in ("title", "url", "author", "published", "text")},
        "source": source,
        "language": language,
        "model": model,
        "quote_count": len(article.quotes),
        "speaker_count": len(article.speakers),
        "audit": _json(record.get("audit")),
        "citations": _json(record.get("citations") or []),
    }
    for position, quote in enumerate(record["quotes"]):
        yield "quotes", {**keys, "position": position, **_quote_columns(quote, article)}
    for position, speaker in enumerate(record["speakers"]):
        yield "speakers", {**keys, "position": position, **_speaker_columns(speaker)}


def _quote_columns(quote: dict[str, Any], article: Article) -> Row:
    cue = quote["cue"] or {}
    speaker = quote["speaker"] or {}
    mention = speaker.get("mention") or {}
    return {
        "quote_id": quote["id"],
        "type": quote["type"],
        "text": quote["text"],
        "content": " ".join(article.text[start:end] for start, end in quote["pieces"]),
        "start": quote["start"],
        "end": quote["end"],
        "pieces": quote["pieces"],
        "cue_text": cue.get("text"),
        "cue_start": cue.get("start"),
        "cue_end": cue.get("end"),
        "speaker_id": speaker.get("id"),
        "speaker_name": speaker.get("name"),
        "speaker_kind": speaker.get("kind"),
        "speaker_title": speaker.get("title"),
        "speaker_role": speaker.get("role"),
        "speaker_organization": speaker.get("organization"),
        "mention_text": mention.get("text"),
        "mention_start": mention.get("start"),
        "mention_end": mention.get("end"),
        "channel": quote["channel"],
        "figures": quote["figures"],
        "confidence": float(quote["confidence"]),
    }


def _speaker_columns(speaker: dict[str, Any]) -> Row:
    return {
        "speaker_id": speaker["id"],
        **{name: speaker[name] for name in ("name", "kind", "title", "role", "organization", "mentions")},
        "non_answers": speaker.get("non_answers", []),
        "quote_ids": speaker["quotes"],
        "quote_count": len(speaker["quotes"]),
        "gender": _json(speaker.get("gender")),
        "gender_value": (speaker.get("gender") or {}).get("value"),
        "entity": _json({name: speaker.get(name, NO_ENTITY[name]) for name in ENTITY_FIELDS}),
    }


def _json(value: Any) -> str | None:
    """A nested record field (a speaker's gender, the article's audit) as one JSON string column, encoded
    as the store encodes it (:mod:`ontherecord.corpus.records`), so ``load`` copies it as it is."""
    return None if value is None else json.dumps(value)


def article_from_rows(article: Row, quotes: Iterable[Row], speakers: Iterable[Row]) -> Article:
    """The :class:`Article` that :func:`article_rows` turned into these rows."""
    return Article.from_dict({
        "id": article["article_id"],
        "outlet": None if article["outlet"] == UNKNOWN else article["outlet"],
        **{name: article[name] for name in ("title", "url", "author", "published", "text")},
        "quotes": [_quote_record(q) for q in sorted(quotes, key=lambda row: row["position"])],
        "speakers": [_speaker_record(s) for s in sorted(speakers, key=lambda row: row["position"])],
        "audit": json.loads(article.get("audit") or "null"),
        "citations": json.loads(article.get("citations") or "[]"),
    })


def _quote_record(row: Row) -> dict[str, Any]:
    mention = _span(row, "mention_text", "mention_start", "mention_end")
    speaker = None
    if row["speaker_id"] is not None:
        speaker = {
            "id": row["speaker_id"],
            "name": row["speaker_name"],
            "kind": row["speaker_kind"],
            "mention": mention,
            "title": row["speaker_title"],
            "role": row["speaker_role"],
            "organization": row["speaker_organization"],
        }
    return {
        "id": row["quote_id"],
        "type": row["type"],
        "text": row["text"],
        "start": row["start"],
        "end": row["end"],
        "pieces": [list(piece) for piece in row["pieces"]],
        "cue": _span(row, "cue_text", "cue_start", "cue_end"),
        "speaker": speaker,
        "channel": row["channel"],
        "figures": [dict(figure) for figure in row["figures"]],
        "confidence": row["confidence"],
    }


def _speaker_record(row: Row) -> dict[str, Any]:
    return {
        "id": row["speaker_id"],
        **{name: row[name] for name in ("name", "kind", "title", "role", "organization")},
        "mentions": [dict(mention) for mention in row["mentions"]],
        "non_answers": [dict(span) for span in row.get("non_answers") or []],
        "quotes": list(row["quote_ids"]),
        "gender": json.loads(row.get("gender") or "null"),
        **json.loads(row.get("entity") or "{}"),
    }


def _span(row: Row, text: str, start: str, end: str) -> dict[str, Any] | None:
    if row[text] is None:
        return None
    return {"text": row[text], "start": row[start], "end": row[end]}
