"""The job's rows (:mod:`.rows`) straight into the store's columns, for ``load``'s batches.

The same columns :mod:`ontherecord.corpus.records` makes of an :class:`~ontherecord.model.Article`
(``article_from_rows`` then ``NewArticle.of`` gives the same, a test holds them equal), without
building the record in between: at thousands of articles a second, that is most of the work.
"""

from __future__ import annotations

import json
from typing import Any

from ..corpus.bulk import NewArticle, NewSpeaker
from ..corpus.citations import citation_rows, citations_from_json
from ..corpus.identity import normalize_date, now, text_hash
from ..corpus.name_keys import linkable_key
from ..corpus.records import NO_ENTITY
from .rows import UNKNOWN, Row


def new_article(row: Row, quotes: list[Row], speakers: list[Row], run_id: int | None) -> NewArticle:
    """The store's rows of one article of the job's output (quote and speaker rows in any order)."""
    speakers = sorted(speakers, key=lambda s: s["position"])
    quotes = sorted(quotes, key=lambda q: q["position"])
    values = {
        "url": row["url"],
        "record_id": row["article_id"],
        "source": row["source"] or row["article_identity"],
        "title": row["title"],
        "outlet": None if row["outlet"] == UNKNOWN else row["outlet"],
        "author": row["author"],
        "published": normalize_date(row["published"]),
        "language": row["language"],
        "text": row["text"],
        "text_hash": text_hash(row["text"]),
        "model": row["model"],
        "quote_count": len(quotes),
        "speaker_count": len(speakers),
        "ingested_at": now(),
        "run_id": run_id,
        "audit": row.get("audit"),
    }
    citations = citation_rows(None, values["outlet"], citations_from_json(row.get("citations")))
    return NewArticle(row["article_identity"], values, [_speaker(s) for s in speakers],
                      [(q["speaker_id"], _quote(q)) for q in quotes], citations)


def _speaker(row: Row) -> NewSpeaker:
    non_answers = [{"text": span["text"], "start": span["start"], "end": span["end"]}
                   for span in row.get("non_answers") or []]
    columns = (row["speaker_id"], row["name"], row["kind"], row["title"], row["role"], row["organization"],
               len(row["quote_ids"]), json.dumps(non_answers) if non_answers else "[]", row.get("gender"), row.get("gender_value"),
               row.get("entity") or json.dumps(NO_ENTITY))  # output of a job before the entity stage: none
    mentions = [(m["text"], m["start"], m["end"]) for m in row["mentions"]]
    return NewSpeaker(row["speaker_id"], columns, mentions, linkable_key(row["name"], row["kind"]))


def _quote(row: Row) -> tuple[Any, ...]:
    """QUOTE_COLUMNS, with article_id and speaker_id left for the batch to fill."""
    has_cue = row["cue_text"] is not None
    has_speaker = row["speaker_id"] is not None
    return (
        None,
        row["quote_id"],
        row["type"],
        row["text"],
        row["content"],
        row["start"],
        row["end"],
        _pieces_json(row["pieces"]),
        row["cue_text"],
        row["cue_start"] if has_cue else None,
        row["cue_end"] if has_cue else None,
        None,
        row["speaker_name"] if has_speaker else None,
        row["speaker_kind"] if has_speaker else None,
        row["mention_text"] if has_speaker else None,
        row["channel"],
        json.dumps([{"text": f["text"], "start": f["start"], "end": f["end"], "kind": f["kind"]}
                    for f in row["figures"]]) if row["figures"] else "[]",
        float(row["confidence"]),
    )


def _pieces_json(pieces: list[list[int]]) -> str:
    """``json.dumps`` of the [start, end] pairs, spelled out: a load writes millions of them."""
    return "[" + ", ".join(f"[{start}, {end}]" for start, end in pieces) + "]"
