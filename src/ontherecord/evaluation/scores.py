"""Precision/recall counts: one pair (:class:`PRCounts`), a set of named pairs (:class:`Scores`),
and the per-article and corpus results of :func:`~ontherecord.evaluation.scoring.score_corpus`.

Every figure of the project is one of these: the evaluation's quote / attributed / exact
metrics (overall and per quote type) and the tagger's training figures (exact span match per
role, content and attributed characters) are :class:`Scores` with different metric names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

METRICS = ("quote", "attributed", "exact")


@dataclass
class PRCounts:
    """Numerators and denominators of one precision/recall pair."""

    pred_correct: int = 0
    pred_total: int = 0
    gold_found: int = 0
    gold_total: int = 0

    def add(self, other: "PRCounts") -> None:
        self.pred_correct += other.pred_correct
        self.pred_total += other.pred_total
        self.gold_found += other.gold_found
        self.gold_total += other.gold_total

    @property
    def precision(self) -> float:
        if self.pred_total == 0:
            return 1.0 if self.gold_total == 0 else 0.0
        return self.pred_correct / self.pred_total

    @property
    def recall(self) -> float:
        if self.gold_total == 0:
            return 1.0 if self.pred_total == 0 else 0.0
        return self.gold_found / self.gold_total

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "pred_correct": self.pred_correct,
            "pred_total": self.pred_total,
            "gold_found": self.gold_found,
            "gold_total": self.gold_total,
        }


def _counts(names: Iterable[str]) -> dict[str, PRCounts]:
    return {name: PRCounts() for name in names}


@dataclass
class Scores:
    """Named precision/recall pairs (by default quote / attributed / exact), overall and per quote type."""

    metrics: dict[str, PRCounts] = field(default_factory=lambda: _counts(METRICS))
    by_type: dict[str, dict[str, PRCounts]] = field(default_factory=dict)

    @classmethod
    def of(cls, names: Iterable[str]) -> "Scores":
        """Empty scores for the metrics ``names``."""
        return cls(metrics=_counts(names))

    def type_counts(self, quote_type: str) -> dict[str, PRCounts]:
        return self.by_type.setdefault(quote_type, _counts(self.metrics))

    def add(self, other: "Scores") -> None:
        for metric, counts in other.metrics.items():
            self.metrics[metric].add(counts)
        for quote_type, metrics in other.by_type.items():
            mine = self.type_counts(quote_type)
            for metric, counts in metrics.items():
                mine[metric].add(counts)

    def to_dict(self) -> dict:
        return {
            **{metric: counts.to_dict() for metric, counts in self.metrics.items()},
            "by_type": {
                t: {metric: counts.to_dict() for metric, counts in metrics.items()}
                for t, metrics in sorted(self.by_type.items())
            },
        }


@dataclass
class ArticleScore:
    id: str
    scores: Scores
    gold_quotes: int
    predicted_quotes: int
    error: str | None = None


@dataclass
class CorpusScore:
    kind: str
    articles: list[ArticleScore]
    total: Scores

    def to_dict(self, per_article: bool = True) -> dict:
        document = {
            "gold_kind": self.kind,
            "articles": len(self.articles),
            "gold_quotes": sum(a.gold_quotes for a in self.articles),
            "predicted_quotes": sum(a.predicted_quotes for a in self.articles),
            "headline_attributed_f1": round(self.total.metrics["attributed"].f1, 4),
            "overall": self.total.to_dict(),
            "errors": [{"id": a.id, "error": a.error} for a in self.articles if a.error],
        }
        if per_article:
            document["per_article"] = [
                {"id": a.id, "gold_quotes": a.gold_quotes, "predicted_quotes": a.predicted_quotes,
                 "error": a.error, **a.scores.to_dict()}
                for a in self.articles
            ]
        return document
