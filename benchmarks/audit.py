"""The sourcing audit's figures: gender coverage and correctness on the hand-marked person sources of
the seed and the BBC dev gold (``tests/data/gender_gold.json``), with and without ``--gender-names``,
and the audit's cost per article against the parse and engine in the same run.

    python benchmarks/audit.py [--json]
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

from ontherecord.audit import audited
from ontherecord.config import EngineConfig
from ontherecord.evaluation import load_gold, load_seed, predictions_from_engine, shared_dir
from ontherecord.evaluation.gender import load_gender_gold, score_genders

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "data" / "gender_gold.json"
COST_REPEATS = 20  # the audit is fast: repeated so its time is measurable


def gold_articles():
    shared = shared_dir()
    return {"seed": load_seed(shared / "seed" / "gold.json").articles,
            "bbc-dev": load_gold(shared / "data" / "bbc-gold" / "dev.json").articles}


def run(articles, config):
    started = time.perf_counter()
    predicted = {gold.id: article for gold, article, _ in predictions_from_engine(articles, config) if article}
    return predicted, time.perf_counter() - started


def audit_seconds(articles) -> float:
    started = time.perf_counter()
    for _ in range(COST_REPEATS):
        for article in articles:
            audited(copy.deepcopy(article))
    copying = time.perf_counter()
    for _ in range(COST_REPEATS):
        for article in articles:
            copy.deepcopy(article)
    return ((copying - started) - (time.perf_counter() - copying)) / COST_REPEATS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    gold = load_gender_gold(GOLD)
    figures = {}
    for name, articles in gold_articles().items():
        for label, config in (("text", EngineConfig()), ("text+names", EngineConfig(gender_names=True))):
            predicted, engine_seconds = run(articles, config)
            figures[f"{name} {label}"] = score_genders(predicted, gold).figures()
            if label == "text":
                figures[f"{name} text, sources with evidence in the text"] = score_genders(
                    predicted, gold, basis="text").figures()
                cost = audit_seconds(list(predicted.values()))
                figures[f"{name} cost"] = {"articles": len(predicted), "engine_seconds": round(engine_seconds, 3),
                                           "audit_seconds": round(cost, 4),
                                           "audit_share_of_engine": round(cost / engine_seconds, 4)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    for row, values in figures.items():
        print(f"{row}: " + ", ".join(f"{k}={v}" for k, v in values.items()))


if __name__ == "__main__":
    main()
