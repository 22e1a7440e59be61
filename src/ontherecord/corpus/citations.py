"""An article's media citations (:class:`~ontherecord.model.MediaCitation`) as rows of
``media_citations``, and back: the one-article save, the batched load and Spark's rows all write
:func:`citation_rows`, so the three give the same table.

The corpus's own outlets count as outlets a story can cite: ``ingest`` passes the store's outlet
names to the engine (:attr:`~ontherecord.config.EngineConfig.outlets`), which keeps a cited proper
name that one of them names (:func:`~ontherecord.engine.media.confirm_citations`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..model import Article, MediaCitation
from .dialect import Database, Row

CITATION_COLUMNS = (
    "article_id",
    "local_id",
    "citing_outlet",
    "cited",
    "cited_outlet",
    "cited_journalist",
    "text",
    "start_char",
    "end_char",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "evidence",
    "quote_id",
    "speaker_id",
)  # citation_rows, in order

MIGRATION_SQL = """
-- Media citations (engine/media.py): another outlet or a journalist as the source, one row each.
-- cited is who is cited: the outlet, else the journalist (the citation graph's target).
CREATE TABLE media_citations (
    id {pk},
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    local_id TEXT NOT NULL,           -- c1, c2... in the article record
    citing_outlet TEXT,               -- the citing article's outlet, copied for browsing
    cited TEXT NOT NULL,
    cited_outlet TEXT,
    cited_journalist TEXT,
    text TEXT NOT NULL,               -- from the cue to the name, or the name to the cue
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    mention TEXT NOT NULL,            -- the name as the text gives it
    mention_start INTEGER NOT NULL,
    mention_end INTEGER NOT NULL,
    cue TEXT,                         -- "reported", "according to", "report"
    cue_start INTEGER,
    cue_end INTEGER,
    evidence TEXT NOT NULL,           -- outlet list | masthead | corpus outlet | journalist role | journalism
    quote_id TEXT,                    -- the quote (local id) the outlet or journalist is the source of
    speaker_id TEXT                   -- its speaker (local id)
);
CREATE INDEX media_citations_article ON media_citations(article_id);
CREATE INDEX media_citations_cited ON media_citations(cited);
"""


def citation_rows(article_id: int | None, outlet: str | None, citations: Iterable[MediaCitation]) -> list[tuple]:
    """The rows (:data:`CITATION_COLUMNS`) of one article's citations."""
    rows = []
    for c in citations:
        cue = c.cue
        rows.append(
            (
                article_id,
                c.id,
                outlet,
                c.outlet or c.journalist or c.mention.text,
                c.outlet,
                c.journalist,
                c.text,
                c.start,
                c.end,
                c.mention.text,
                c.mention.start,
                c.mention.end,
                cue.text if cue else None,
                cue.start if cue else None,
                cue.end if cue else None,
                c.evidence,
                c.quote_id,
                c.speaker_id,
            )
        )
    return rows


def citations_from_json(value: str | None) -> list[MediaCitation]:
    return [MediaCitation.from_dict(c) for c in json.loads(value or "[]")]


def insert_citations(db: Database, article_id: int, article: Article) -> None:
    db.executemany(
        f"INSERT INTO media_citations ({', '.join(CITATION_COLUMNS)}) VALUES ({', '.join('?' for _ in CITATION_COLUMNS)})",
        citation_rows(article_id, article.outlet, article.citations),
    )


def citation_records(rows: list[Row]) -> list[dict[str, Any]]:
    """The record's ``citations`` from an article's rows."""
    return [
        {
            "id": r["local_id"],
            "text": r["text"],
            "start": r["start_char"],
            "end": r["end_char"],
            "mention": {"text": r["mention"], "start": r["mention_start"], "end": r["mention_end"]},
            "cue": {"text": r["cue"], "start": r["cue_start"], "end": r["cue_end"]} if r["cue"] is not None else None,
            "outlet": r["cited_outlet"],
            "journalist": r["cited_journalist"],
            "evidence": r["evidence"],
            "quote_id": r["quote_id"],
            "speaker_id": r["speaker_id"],
        }
        for r in rows
    ]
