"""What an input source turns into: article records, item errors, or items skipped with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import ArticleInput, ItemError

Record = dict[str, Any]  # an article as feeds and archives give it: ``text`` (or ``html``) plus metadata


@dataclass
class Skipped:
    """An item deliberately not ingested (not HTML, not English...), recorded with the reason."""

    source: str
    reason: str


SourceItem = ArticleInput | Record | ItemError | Skipped


def as_article_input(record: ArticleInput | Record) -> ArticleInput:
    return record if isinstance(record, ArticleInput) else ArticleInput.from_mapping(record)
