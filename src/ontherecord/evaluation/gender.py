"""Scoring the sources' genders against a hand-marked list (``tests/data/gender_gold.json``):
per (article, person source), coverage, accuracy, female and male F1 and the share of women.

A gold source is matched to the article's first speaker with that name (the "same person" rule
of :mod:`ontherecord.names`) or, for an unnamed one, with that description as name or mention.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Article, Speaker
from ..names import fold, names_match

GENDERS = ("female", "male")


@dataclass
class GenderScore:
    counts: Counter = field(default_factory=Counter)

    def add(self, gold: str, predicted: str | None) -> None:
        self.counts["sources"] += 1
        if predicted is None:
            self.counts["not_found"] += 1
            predicted = "unknown"
        self.counts[f"gold_{gold}"] += 1
        self.counts[f"predicted_{predicted}"] += 1
        if predicted != "unknown":
            self.counts["covered"] += 1
            self.counts["correct"] += predicted == gold
        for value in GENDERS:
            self.counts[f"{value}_tp"] += predicted == value and gold == value
            self.counts[f"{value}_fp"] += predicted == value and gold != value
            self.counts[f"{value}_fn"] += gold == value and predicted != value

    def figures(self) -> dict[str, float | int | None]:
        c = self.counts
        known = c["gold_female"] + c["gold_male"]
        predicted_known = c["predicted_female"] + c["predicted_male"]
        result: dict[str, float | int | None] = {
            "sources": c["sources"],
            "not_found": c["not_found"],
            "coverage": _ratio(c["covered"], c["sources"]),
            "coverage_of_known": _ratio(c["covered"], known),
            "accuracy_when_given": _ratio(c["correct"], c["covered"]),
            "gold_women_share": _ratio(c["gold_female"], known),
            "predicted_women_share": _ratio(c["predicted_female"], predicted_known),
        }
        for value in GENDERS:
            tp, fp, fn = c[f"{value}_tp"], c[f"{value}_fp"], c[f"{value}_fn"]
            precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
            result[f"{value}_precision"], result[f"{value}_recall"] = precision, recall
            result[f"{value}_f1"] = (round(2 * precision * recall / (precision + recall), 3)
                                     if precision and recall else 0.0)
        return result


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def load_gender_gold(path: str | os.PathLike[str]) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["sources"]


def matching_speaker(article: Article, name: str, kind: str) -> Speaker | None:
    for speaker in article.speakers:
        if kind == "person" and speaker.kind == "person" and names_match(speaker.name or "", name):
            return speaker
        descriptions = [speaker.name or "", *(m.text for m in speaker.mentions)]
        if kind != "person" and any(fold(d) == fold(name) for d in descriptions):
            return speaker
    return None


def score_genders(articles: dict[str, Article], gold: list[dict], *, basis: str | None = None) -> GenderScore:
    """The score of the articles (by id) on the gold sources of those articles (``basis``: only
    the sources marked so: "text", "name" or "none")."""
    score = GenderScore()
    for source in gold:
        article = articles.get(source["article"])
        if article is None or (basis and source["basis"] != basis):
            continue
        speaker = matching_speaker(article, source["speaker"], source["kind"])
        predicted = None if speaker is None else (speaker.gender.value if speaker.gender else "unknown")
        score.add(source["gender"], predicted)
    return score
