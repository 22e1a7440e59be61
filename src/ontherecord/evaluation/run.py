"""Pair gold articles with predictions (from the engine or a JSONL file) and score them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..config import EngineConfig
from ..model import Article, ItemError
from .gold import GoldArticle

Pair = tuple[GoldArticle, Article | None, str | None]


def predictions_from_engine(
    articles: list[GoldArticle], config: EngineConfig | None = None, *, processes: int = 1, **options: str | None
) -> Iterator[Pair]:
    """Run ``extract_many`` over the gold texts (engine ``config``, or the engine ``options`` as
    ``extract_many`` takes them); results come back in input order."""
    from ..pipeline import extract_many  # imported lazily: loading spaCy is slow

    results = extract_many((a.record() for a in articles), config=config, processes=processes, **options)
    for gold, result in zip(articles, results):
        if isinstance(result, ItemError):
            yield gold, None, f"extraction failed: {result.message}"
        else:
            yield gold, result, None


def read_prediction_file(path: str | os.PathLike[str]) -> tuple[dict[str, Article], list[str]]:
    """Article records by id from a JSONL file, plus a message for every unreadable line."""
    predictions: dict[str, Article] = {}
    problems: list[str] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                article = Article.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                problems.append(f"{path}:{number}: not an Article record ({exc.__class__.__name__}: {exc})")
                continue
            if article.id is None:
                problems.append(f"{path}:{number}: record has no id")
                continue
            predictions[str(article.id)] = article
    return predictions, problems


def pair_with_predictions(articles: Iterable[GoldArticle], predictions: dict[str, Article]) -> Iterator[Pair]:
    """Match by id; a missing record or one whose text differs from the gold text is an error."""
    for gold in articles:
        prediction = predictions.get(gold.id)
        if prediction is None:
            yield gold, None, "no prediction with this id"
        elif prediction.text != gold.text:
            yield gold, None, "predicted record's text differs from the gold text (offsets would not line up)"
        else:
            yield gold, prediction, None
