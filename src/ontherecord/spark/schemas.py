"""Spark schemas of the job's output tables (the rows of :mod:`.rows`).

``articles``, ``quotes`` and ``speakers`` are partitioned by ``outlet`` and ``month``
(``YYYY-MM``, or ``unknown``); ``errors`` is not partitioned.
"""

from __future__ import annotations

from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from .rows import PARTITION_COLUMNS


def _strings(*names: str) -> list[StructField]:
    return [StructField(name, StringType()) for name in names]


def _longs(*names: str) -> list[StructField]:
    return [StructField(name, LongType()) for name in names]


SPAN = StructType([*_strings("text"), *_longs("start", "end")])
FIGURE = StructType([*_strings("text"), *_longs("start", "end"), *_strings("kind")])
_ARTICLE_KEYS = _strings("article_identity", "text_hash", "article_id")
_PARTITIONS = _strings(*PARTITION_COLUMNS)

ARTICLES = StructType([
    *_ARTICLE_KEYS,
    *_strings("title", "url", "author", "published", "text", "source", "language", "model"),
    StructField("quote_count", IntegerType()),
    StructField("speaker_count", IntegerType()),
    *_strings("audit"),  # JSON {flags, counts}
    *_strings("citations"),  # JSON [media citations], as the record has them
    *_PARTITIONS,
])

QUOTES = StructType([
    *_ARTICLE_KEYS,
    StructField("position", IntegerType()),
    *_strings("quote_id", "type", "text", "content"),
    *_longs("start", "end"),
    StructField("pieces", ArrayType(ArrayType(LongType()))),
    *_strings("cue_text"),
    *_longs("cue_start", "cue_end"),
    *_strings("speaker_id", "speaker_name", "speaker_kind", "speaker_title", "speaker_role", "speaker_organization"),
    *_strings("mention_text"),
    *_longs("mention_start", "mention_end"),
    *_strings("channel"),
    StructField("figures", ArrayType(FIGURE)),
    StructField("confidence", DoubleType()),
    *_PARTITIONS,
])

SPEAKERS = StructType([
    *_ARTICLE_KEYS,
    StructField("position", IntegerType()),
    *_strings("speaker_id", "name", "kind", "title", "role", "organization"),
    StructField("mentions", ArrayType(SPAN)),
    StructField("non_answers", ArrayType(SPAN)),
    StructField("quote_ids", ArrayType(StringType())),
    StructField("quote_count", IntegerType()),
    *_strings("gender", "gender_value"),  # JSON {value, evidence, method, probability}; female | male | unknown
    *_strings("entity"),  # JSON {entity_mentions, people, organization_id, author}: the entity stage's fields
    *_PARTITIONS,
])

ERRORS = StructType(_strings("source", "kind", "message"))

SCHEMAS: dict[str, StructType] = {"articles": ARTICLES, "quotes": QUOTES, "speakers": SPEAKERS, "errors": ERRORS}
